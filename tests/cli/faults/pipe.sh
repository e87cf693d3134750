#!/bin/sh
# 'rm-x ... | head -1': every program, with more output than the pipe and
# stdio buffers hold (about 1 MB), ends quietly: killed by SIGPIPE (status
# 141, the default action DESIGN.md asks for), nothing on stderr, no hang
# (timeout 120 s), and head got the program's header line.
. ./faults.inc
cd "$TMP" || exit 1
fails=0

# A shell that started with SIGPIPE ignored passes that on and cannot undo
# it (POSIX): the programs would then see EPIPE instead of the signal.
ign=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/self/status 2>/dev/null)
if [ -n "$ign" ] && [ $((0x$ign & 4096)) -ne 0 ]; then
	echo "skipped: SIGPIPE is ignored in this environment"
	exit 0
fi
command -v timeout >/dev/null || { echo "skipped: no timeout(1)"; exit 0; }

gen=$BUILD/gen-crm
$gen events --accounts 20000 --events 30000 >ev.tsv || exit 1
$gen mrr --accounts 20000 --events 30000 >mrr.tsv || exit 1
$gen accounts --rows 20000 >acc.tsv || exit 1
head -n 201 acc.tsv >acc200.tsv

# check NAME HEADER COMMAND...: COMMAND | head -1 ends quietly.
check() {
	name=$1 want=$2
	shift 2
	timeout 120 sh -c '{ "$@" 2>err; echo $? >st; } | head -n 1 >first' \
		sh "$@"
	st=$?
	[ $st -eq 0 ] || { echo "FAIL: $name | head -1: exit $st (124: hung)"; fails=1; }
	[ "$(cat st)" = 141 ] ||
		{ echo "FAIL: $name: exit $(cat st), want 141 (SIGPIPE)"; fails=1; }
	[ -s err ] && { echo "FAIL: $name wrote to stderr:"; head -3 err; fails=1; }
	printf '%s\n' "$want" | cmp -s - first ||
		{ echo "FAIL: $name: first line '$(cat first)'"; fails=1; }
}

tab=$(printf '\t')
check rm-import "account${tab}date${tab}type${tab}value${tab}ref${tab}kind" \
	rm-import -q -T type ev.tsv
check rm-health "account${tab}health${tab}band${tab}trend${tab}driver${tab}coverage${tab}usage${tab}support${tab}payments${tab}sentiment${tab}engagement" \
	rm-health -q ev.tsv
check rm-churn "account${tab}churn_status${tab}first_active${tab}last_active${tab}tenure${tab}mrr${tab}lifetime_revenue" \
	rm-churn -q --accounts-out mrr.tsv
check rm-segment "$(head -n 1 acc.tsv)${tab}abc" \
	rm-segment -q --tiers arr -N abc acc.tsv
check rm-report "group${tab}period${tab}kpi${tab}value" \
	rm-report -q -a acc200.tsv -b account ev.tsv
exit $fails
