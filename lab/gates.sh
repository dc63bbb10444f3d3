#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Static quality gates for the files of the series.
#   lab/gates.sh [--no-build]
# Gates (one "PASS name" or "FAIL name: reason" line each):
#   checkpatch   scripts/checkpatch.pl --strict on every file we own (-f,
#                tree mode with --root=<base tree>, a superset of the
#                --no-tree checks, as series/check-series.sh runs it) and
#                on our patches (patches/*.patch, MAINTAINERS.patch, as
#                diffs); 0 errors, warnings and checks
#   kernel-doc   scripts/kernel-doc -Wall -none on our .c/.h files: silent
#   build-check  lab/build.sh project --check (W=1 + sparse on our objects)
#                succeeds and prints no warning located in one of our files
#   build-check-powernv   the same for project-pnv (the OPAL backend)
#   selftests    lab/build-selftests.sh builds every kselftest (-Wall -Werror)
#   doc-examples lab/check-doc-examples.sh (if present)
# lab/build.sh serialises builds and keeps the W=1 objects out of the
# normal build directory; logs of the gates go to build/gates/.
# Exit status: 0 if all gates passed, 1 otherwise.
. "$(dirname "$0")/lib.sh"

do_build=1
[ "${1:-}" = --no-build ] && do_build=0
cd "$LAB_REPO" || exit 2
failed=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; failed=1; }
logdir=$LAB_OUT/gates
mkdir -p "$logdir"

ours=$(find arch include Documentation tools -type f 2>/dev/null | sort)
[ -n "$ours" ] || { fail files "no series files found"; exit 1; }
cp=$LAB_BASE/scripts/checkpatch.pl

# --- checkpatch --------------------------------------------------------
bad=""
: > "$logdir/checkpatch.log"
for f in $ours; do
	out=$(tb perl "$cp" --strict --root="$LAB_BASE" --show-types -f "$f" 2>&1)
	echo "$out" >> "$logdir/checkpatch.log"
	echo "$out" | grep -q '^total: 0 errors, 0 warnings, 0 checks' ||
		bad="$bad $f($(echo "$out" | sed -n 's/^total: \([0-9]*\) errors, \([0-9]*\) warnings, \([0-9]*\) checks.*/\1E\/\2W\/\3C/p'))"
done
# The wiring patches are bare diffs; checkpatch parses a diff without a
# mail header differently (context lines count as added), so give each a
# minimal header. The series tooling (series/check-series.sh) checks the
# real commits with their messages.
for p in patches/*.patch MAINTAINERS.patch; do
	[ -f "$p" ] || continue
	w=$logdir/wrapped-$(basename "$p")
	{
		printf 'From: Fadump Lab <fadump-lab@example.org>\n'
		printf 'Subject: [PATCH] %s\n\n' "$(basename "$p" .patch)"
		printf 'Gate check.\n\n'
		printf 'Signed-off-by: Fadump Lab <fadump-lab@example.org>\n---\n'
		cat "$p"
	} > "$w"
	out=$(tb perl "$cp" --strict --root="$LAB_BASE" --show-types \
		--ignore FILE_PATH_CHANGES "$w" 2>&1)
	echo "$out" >> "$logdir/checkpatch.log"
	echo "$out" | grep -q '^total: 0 errors, 0 warnings, 0 checks' ||
		bad="$bad $p($(echo "$out" | sed -n 's/^total: \([0-9]*\) errors, \([0-9]*\) warnings, \([0-9]*\) checks.*/\1E\/\2W\/\3C/p'))"
done
if [ -z "$bad" ]; then
	pass checkpatch
else
	fail checkpatch "$bad (details: $logdir/checkpatch.log)"
fi

# --- kernel-doc ---------------------------------------------------------
out=""
for f in $ours; do
	case "$f" in *.c|*.h) ;; *) continue;; esac
	# (newer perls warn about kernel-doc itself: not about our file)
	o=$(tb perl "$LAB_BASE/scripts/kernel-doc" -Wall -none "$f" 2>&1 |
		grep -v 'at .*scripts/kernel-doc line [0-9]*\.$')
	[ -n "$o" ] && out="$out$o"$'\n'
done
if [ -z "$out" ]; then
	pass kernel-doc
else
	echo "$out" > "$logdir/kernel-doc.log"
	fail kernel-doc "$(echo "$out" | grep -c .) lines of output, e.g. $(echo "$out" | head -1) (all: $logdir/kernel-doc.log)"
fi

# --- selftests build -------------------------------------------------------
if [ -f lab/build-selftests.sh ]; then
	if LAB_OUT=$logdir bash lab/build-selftests.sh > "$logdir/selftests.log" 2>&1; then
		pass selftests-build
	else
		fail selftests-build "see $logdir/selftests.log"
	fi
fi

# --- doc examples -------------------------------------------------------
if [ -f lab/check-doc-examples.sh ]; then
	if bash lab/check-doc-examples.sh > "$logdir/doc-examples.log" 2>&1; then
		pass doc-examples
	else
		fail doc-examples "$(grep -m1 -i 'fail\|error' "$logdir/doc-examples.log") (all: $logdir/doc-examples.log)"
	fi
fi

# --- W=1 + sparse build ---------------------------------------------------
# the pseries kernel (core and RTAS backend) and the PowerNV one (core and
# OPAL backend)
check_build() { # KERNEL GATE
	local blog=$logdir/$2.out pat w
	if bash lab/build.sh "$1" --check > "$blog" 2>&1; then
		cat "$LAB_OUT/$1/build.log" >> "$blog"
		# diagnostics located in one of our files: "<path>:<line>:..."
		pat=$(for f in $ours; do case "$f" in *.c|*.h) printf '%s\n' "$f";; esac; done |
			sed 's/[.]/[.]/g' | paste -sd'|')
		w=$(grep -E "(^|/)($pat):[0-9]+(:[0-9]+)?: (warning|error|note|sparse)" "$blog" | sort -u)
		if [ -n "$w" ]; then
			echo "$w" > "$logdir/$2.warnings"
			fail "$2" "$(echo "$w" | wc -l) diagnostics in our files, e.g. $(echo "$w" | head -1) (all: $logdir/$2.warnings)"
		elif ! grep -q 'CHECK .*fadump' "$blog"; then
			# our objects must really have been checked by sparse
			fail "$2" "sparse did not run on our objects (see $blog)"
		else
			pass "$2"
		fi
	else
		fail "$2" "lab/build.sh $1 --check failed (see $blog and $LAB_OUT/$1/build.log)"
	fi
}
if [ $do_build = 1 ]; then
	check_build project build-check
	check_build project-pnv build-check-powernv
fi

exit $failed
