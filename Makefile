# rmkit - build, test and install.
#
#   make                 build bin/rm-* (warning-free with -Wall -Wextra -Wpedantic)
#   make check           build and run every test; ends with "N passed, N failed"
#   make check-corpus    the CSV conformance corpora in ../shared/data/csv-edge
#   make demo            run the pipeline on the bundled example data
#   make bench           the benchmark suite (BENCH_SCALE=small: a minute)
#   make install PREFIX=/usr/local DESTDIR=...
#
# A sanitizer build lives beside the normal one:
#   make check BUILD=build-san CFLAGS='-O1 -g -fsanitize=address,undefined'

CC       ?= cc
CFLAGS   ?= -O2 -g
WARNINGS  = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
CPPFLAGS += -D_GNU_SOURCE -Ilib -Icmd
LDLIBS    = -lcsv -lz -lm -lpthread
BUILD    ?= build
BINDIR   ?= $(if $(filter build,$(BUILD)),bin,$(BUILD)/bin)
PREFIX   ?= /usr/local
DESTDIR  ?=

LIB_SRC  := $(wildcard lib/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/librmkit.a
PROGS    := $(patsubst cmd/%.c,$(BINDIR)/%,$(wildcard cmd/rm-*.c))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNITS    := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOLS    := $(if $(wildcard examples/gen-crm.c),$(BUILD)/gen-crm)
MANPAGES := $(wildcard man/*.1 man/*.7)

all: $(BUILD)/deps.ok $(PROGS) $(TOOLS)

# libcsv and zlib headers: install them when root, else say how.
$(BUILD)/deps.ok:
	@mkdir -p $(BUILD)
	@sh tests/check-deps.sh
	@touch $@

$(BUILD)/%.o: %.c | $(BUILD)/deps.ok
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARNINGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

# bin/rm-x is cmd/rm-x.c plus any cmd/x-*.c (the program's sub-commands).
subcommand_objs = $(patsubst %.c,$(BUILD)/%.o,$(wildcard cmd/$(1)-*.c))
.SECONDEXPANSION:
$(BINDIR)/rm-%: $(BUILD)/cmd/rm-%.o $$(call subcommand_objs,$$*) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/gen-crm: $(BUILD)/examples/gen-crm.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

check: all $(UNITS)
	@BUILD=$(BUILD) BINDIR=$(BINDIR) sh tests/run.sh

check-corpus: all
	@BINDIR=$(BINDIR) sh tests/corpus.sh

demo: all
	@BINDIR=$(BINDIR) BUILD=$(BUILD) sh examples/demo.sh

# make bench [BENCH_SCALE=small] [BENCH_TABLE=file.md]: see BENCHMARKS.md.
bench: all
	@BINDIR=$(BINDIR) BUILD=$(BUILD) BENCH_SCALE=$(BENCH_SCALE) \
		BENCH_TABLE=$(BENCH_TABLE) sh tests/bench/run.sh

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man7
	cp $(PROGS) $(DESTDIR)$(PREFIX)/bin/
	for m in $(MANPAGES); do \
		case $$m in \
		*.1) cp $$m $(DESTDIR)$(PREFIX)/share/man/man1/ ;; \
		*.7) cp $$m $(DESTDIR)$(PREFIX)/share/man/man7/ ;; \
		esac; \
	done

clean:
	rm -rf build build-* bin tests/out

.PHONY: all check check-corpus demo bench install clean
.SECONDARY: $(LIB_OBJ) $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%.o)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# Static analysis: cppcheck and clang-tidy (checks in .clang-tidy); fails on
# any finding.  Needs the Debian packages cppcheck and clang-tidy.
lint:
	@sh tests/lint.sh

.PHONY: lint

# Fuzzing (fuzz/README): libFuzzer harnesses built with clang into
# build-fuzz/.  `make fuzz` fuzzes each harness FUZZ_TIME seconds (CI: 30)
# and fails on a crash; `make check-fuzz` replays the seeds and the saved
# regression inputs.  Needs the Debian packages clang and libclang-rt-14-dev.
FUZZ_TIME ?= 300

fuzz:
	@sh fuzz/runner.sh run $(FUZZ_TIME)

check-fuzz:
	@sh fuzz/runner.sh check

.PHONY: fuzz check-fuzz

# Valgrind memcheck (tests/valgrind.sh): an -O1 -g build in build-valgrind,
# then every command test and the faults and common scripts with each
# rm-* program run under memcheck; fails on any test failure, memory error
# or definite/indirect leak.  VALGRIND_ALL=1 adds every script test.
check-valgrind:
	@$(MAKE) -s BUILD=build-valgrind CFLAGS='-O1 -g' all
	@BUILD=build-valgrind sh tests/valgrind.sh

.PHONY: check-valgrind
