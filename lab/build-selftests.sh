#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the fadump kselftests as static ppc64le binaries for the guest.
#   lab/build-selftests.sh
# Every C file of tools/testing/selftests/fadump/ that the kselftest
# Makefile lists in TEST_GEN_PROGS becomes $LAB_OUT/selftests/<name>; the
# harness header comes from the base tree. Prints the binaries' paths.
. "$(dirname "$0")/lib.sh"

src=$LAB_REPO/tools/testing/selftests/fadump
out=$LAB_OUT/selftests
[ -f "$src/Makefile" ] || lab_die "no $src/Makefile"
[ -f "$LAB_BASE/tools/testing/selftests/kselftest_harness.h" ] ||
	lab_die "base tree missing at $LAB_BASE"

# The programs the kselftest Makefile builds (TEST_GEN_PROGS lines).
progs=$(sed -n 's/^TEST_GEN_PROGS[[:space:]]*[:+]\{0,1\}=[[:space:]]*//p' "$src/Makefile" |
	tr -s ' \t' '\n' | grep -v '^$')
[ -n "$progs" ] || lab_die "no TEST_GEN_PROGS in $src/Makefile"
for c in "$src"/*.c; do
	echo "$progs" | grep -qx "$(basename "$c" .c)" ||
		lab_die "$(basename "$c") is not listed in TEST_GEN_PROGS"
done

# Only our binaries go to the guest: start from an empty directory.
rm -rf "$out"
mkdir -p "$out"
rc=0
for p in $progs; do
	if ! tb ${LAB_CROSS}gcc -static -O2 -Wall -Werror -D_GNU_SOURCE -pthread \
		-I"$LAB_BASE/tools/testing/selftests" \
		-o "$out/$p" "$src/$p.c"; then
		lab_say "selftest $p does not build"
		rc=1
		continue
	fi
	echo "$out/$p"
done
exit $rc
