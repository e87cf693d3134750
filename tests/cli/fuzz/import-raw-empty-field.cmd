# fuzz_import: an empty field first in a --raw row added 0 to the still
# NULL output buffer (undefined; clang's UBSan stops there).  The input
# is replayed under clang by make check-fuzz (fuzz/regress/import/).
printf 'a,b\n,x\n' | rm-import --raw
