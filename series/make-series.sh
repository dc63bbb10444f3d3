#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Turn this repository into the patch series that kernel maintainers get.
#   series/make-series.sh [-o OUTDIR]
# Builds a git repository in a scratch directory from the pristine base
# tree (one "base" commit, cached between runs), commits the series as
# logical patches (messages in series/messages/, cover letter text in
# series/cover-letter.txt), checks that the last commit equals the lab's
# project tree (base + our files + patches, incumbent removed), and runs
# git format-patch --cover-letter into build/series/ (or OUTDIR).
#
# Patch order and why each one builds on its own:
#  1 remove the incumbent: deletes its code and docs, drops FA_DUMP,
#    PRESERVE_FA_DUMP and OPAL_CORE from Kconfig. asm/fadump.h stays:
#    with FA_DUMP gone its stubs serve the callers (prom.c, traps.c, ...).
#  2 backend interface + pseries RTAS backend. Not built yet (FA_DUMP does
#    not exist), so it cannot break the build.
#  3 core + asm/fadump.h + Kconfig.fadump (without the KUnit symbol) +
#    the "source" line: FA_DUMP becomes selectable and the core and the
#    backend are compiled and linked together for the first time.
#  4 documentation, ABI, MAINTAINERS.
#  5 KUnit tests: the KUnit Kconfig symbol and Makefile lines.
#  6 kselftests.
# The removal cannot be folded into "add" patches without mixing the old
# and the new code in one diff; the core cannot come before the backend
# because the core links against rtas_fadump_ops.
set -e
. "$(dirname "$0")/../lab/lib.sh"

out=$LAB_OUT/series
while [ $# -gt 0 ]; do
	case "$1" in
	-o) out=$2; shift 2;;
	-h|--help) sed -n '3,24p' "$0"; exit 0;;
	*) lab_die "usage: series/make-series.sh [-o OUTDIR]";;
	esac
done
case "$out" in /*) ;; *) out=$PWD/$out;; esac

SER=$LAB_REPO/series
W=${SERIES_WORK:-$LAB_SERIES/work}
NAME=${SERIES_NAME:-Fadump Lab}
EMAIL=${SERIES_EMAIL:-fadump-lab@example.org}
export GIT_AUTHOR_NAME=$NAME GIT_AUTHOR_EMAIL=$EMAIL
export GIT_COMMITTER_NAME=$NAME GIT_COMMITTER_EMAIL=$EMAIL
g() { git -C "$W" -c core.autocrlf=false -c advice.detachedHead=false "$@"; }

[ -f "$LAB_BASE/Makefile" ] || lab_die "no base tree at $LAB_BASE"

# The incumbent's files that the series deletes.
INCUMBENT="arch/powerpc/kernel/fadump.c
arch/powerpc/platforms/pseries/rtas-fadump.c
arch/powerpc/platforms/pseries/rtas-fadump.h
arch/powerpc/platforms/powernv/opal-fadump.c
arch/powerpc/platforms/powernv/opal-fadump.h
arch/powerpc/platforms/powernv/opal-core.c
arch/powerpc/include/asm/fadump-internal.h
Documentation/arch/powerpc/firmware-assisted-dump.rst"

# --- 1. the scratch repository with the base commit -----------------------
base_id="$(cat "$LAB_CACHE/base/debian-version" 2>/dev/null) $(stat -c %Y "$LAB_BASE/Makefile")"
if [ "$(cat "$W/.series-base" 2>/dev/null)" = "$base_id" ] &&
   g rev-parse -q --verify refs/tags/base >/dev/null; then
	lab_say "reusing the base commit in $W"
	g checkout -q -f --detach base
	g clean -fdq
else
	lab_say "creating the scratch repository $W (hard links to the base)"
	rm -rf "$W"
	mkdir -p "$(dirname "$W")"
	# Hard links are safe: git and cp --remove-destination replace a file
	# (unlink + create) instead of writing into it.
	cp -al "$LAB_BASE" "$W"
	git init -q "$W"
	# a throw-away tree of a whole kernel: no automatic gc (minutes of CPU)
	git -C "$W" config gc.auto 0
	g config user.name "$NAME"
	g config user.email "$EMAIL"
	lab_say "committing the base tree (takes a minute)"
	g add -A -f
	g commit -q -m "Linux $(lab_kernel_version)" \
		-m "Pristine Debian linux-source-6.12 tree, the base of the series."
	g tag base
	echo "$base_id" > "$W/.series-base"
	# keep the stamp out of git status
	echo ".series-base" >> "$W/.git/info/exclude"
fi
g checkout -q -B fadump-series base

# --- 2. the final versions of the files that patches change ---------------
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# Work from a snapshot, so that files edited meanwhile cannot mix versions.
S=$T/snap
mkdir -p "$S"
(cd "$LAB_REPO" && { find arch include Documentation tools patches MAINTAINERS.patch \
	-type f 2>/dev/null || true; } | tar -cf - -T - | tar -xf - -C "$S") ||
	lab_die "cannot snapshot $LAB_REPO"
patches=$(ls "$S"/patches/*.patch 2>/dev/null || true)
[ -f "$S/MAINTAINERS.patch" ] && patches="$patches $S/MAINTAINERS.patch"
patched=$(for p in $patches; do sed -n 's#^+++ b/\([^[:space:]]*\).*#\1#p' "$p"; done | sort -u)
for f in $patched; do
	mkdir -p "$T/final/$(dirname "$f")"
	cp "$LAB_BASE/$f" "$T/final/$f"
done
for p in $patches; do
	(cd "$T/final" && patch -s -p1 --no-backup-if-mismatch < "$p") ||
		lab_die "$p does not apply to the base"
done

# Without the KUnit wiring (for patches before the KUnit one).
no_kunit() { grep -v 'FA_DUMP_KUNIT_TEST' "$1" || true; }
# Without the KUnit wiring and the Kconfig.fadump "source" line (patch 1).
no_new() {
	awk '/^source "arch\/(powerpc|\$\(SRCARCH\))\/Kconfig\.fadump"$/ { blank = 1; next }
	     blank && /^$/ { blank = 0; next }
	     { blank = 0 }
	     /FA_DUMP_KUNIT_TEST/ { next }
	     { print }' "$1"
}
# Kconfig.fadump without the KUnit symbol's block (and trailing blanks).
kconfig_no_kunit() {
	awk '/^config FA_DUMP_KUNIT_TEST/ { skip = 1; next }
	     skip && /^(config|menuconfig|menu|endmenu|if|endif|source|choice|comment)([[:space:]]|$)/ { skip = 0 }
	     !skip { print }' "$1" |
	awk '{ l[NR] = $0 } END { n = NR; while (n > 0 && l[n] == "") n--; for (i = 1; i <= n; i++) print l[i] }'
}

# --- 3. classify our files -------------------------------------------------
ours=$(cd "$S" && { find arch include Documentation tools -type f 2>/dev/null || true; } | sort)
[ -n "$ours" ] || lab_die "no series files in $LAB_REPO"
backend="" core="" docs="" kunit="" selftests=""
for f in $ours; do
	case "$f" in
	*kunit*)				kunit="$kunit $f";;
	arch/powerpc/Kconfig.fadump)		;;	# split between core and KUnit
	arch/powerpc/platforms/pseries/rtas-fadump*|\
	arch/powerpc/include/asm/fadump-internal.h)
						backend="$backend $f";;
	arch/*|include/*)			core="$core $f";;
	Documentation/*)			docs="$docs $f";;
	tools/testing/selftests/*)		selftests="$selftests $f";;
	*) lab_die "do not know which patch $f belongs to; extend the case in $0";;
	esac
done

put() { # put PATH SOURCE: the file PATH of the tree gets SOURCE's content
	mkdir -p "$W/$(dirname "$1")"
	cp --remove-destination "$2" "$W/$1"
	g add -f -- "$1"
}
put_ours() { local f; for f in "$@"; do put "$f" "$S/$f"; done; }
put_filtered() { # put_filtered FILTER PATH...
	local fn=$1 f; shift
	for f in "$@"; do
		mkdir -p "$T/tmp/$(dirname "$f")"
		$fn "$T/final/$f" > "$T/tmp/$f"
		put "$f" "$T/tmp/$f"
	done
}
# patched files by area
patched_arch="" patched_doc="" patched_tools=""
for f in $patched; do
	case "$f" in
	Documentation/*|MAINTAINERS)	patched_doc="$patched_doc $f";;
	tools/*)			patched_tools="$patched_tools $f";;
	*)				patched_arch="$patched_arch $f";;
	esac
done

commit() { # commit MESSAGE-FILE
	local msg=$SER/messages/$1.txt
	[ -f "$msg" ] || lab_die "missing commit message $msg"
	if g diff --cached --quiet; then
		lab_say "patch $1 is empty, skipped"
		return
	fi
	{ cat "$msg"; echo; echo "Signed-off-by: $NAME <$EMAIL>"; } > "$T/msg"
	g commit -q -F "$T/msg"
	lab_say "committed $(g log -1 --format=%s)"
}

# --- 4. the patches --------------------------------------------------------
# 1: remove the incumbent
for f in $INCUMBENT; do
	[ -e "$W/$f" ] && g rm -q -- "$f"
done
idx=Documentation/arch/powerpc/index.rst
grep -v '^[[:space:]]*firmware-assisted-dump$' "$LAB_BASE/$idx" > "$T/index.rst"
put "$idx" "$T/index.rst"
# Only the build wiring (patches/0001) goes with the removal; changes that
# use the new core's hooks (e.g. crash_dump.c) come with the core.
wiring=$(sed -n 's#^+++ b/\([^[:space:]]*\).*#\1#p' "$S"/patches/0001-*.patch 2>/dev/null | sort -u)
patched_wiring=$(for f in $patched_arch; do echo "$wiring" | grep -qx "$f" && echo "$f"; done)
put_filtered no_new $patched_wiring
commit 01-remove-incumbent

# 2: backend interface + pseries backend
put_ours $backend
commit 02-pseries-backend

# 3: core, Kconfig without KUnit
put_ours $core
if [ -f "$S/arch/powerpc/Kconfig.fadump" ]; then
	kconfig_no_kunit "$S/arch/powerpc/Kconfig.fadump" > "$T/Kconfig.fadump"
	put arch/powerpc/Kconfig.fadump "$T/Kconfig.fadump"
fi
put_filtered no_kunit $patched_arch
commit 03-core

# 4: documentation, ABI, MAINTAINERS
put "$idx" "$LAB_BASE/$idx"
put_ours $docs
put_filtered cat $patched_doc
commit 04-docs

# 5: KUnit
put_ours $kunit
[ -f "$S/arch/powerpc/Kconfig.fadump" ] && put_ours arch/powerpc/Kconfig.fadump
put_filtered cat $patched_arch
commit 05-kunit

# 6: kselftests
put_ours $selftests
put_filtered cat $patched_tools
commit 06-selftests

# --- 5. checks ---------------------------------------------------------------
bad=0
for f in $ours; do
	cmp -s "$W/$f" "$S/$f" || { lab_say "final tree: $f differs from the repository"; bad=1; }
	cmp -s "$S/$f" "$LAB_REPO/$f" ||
		lab_say "warning: $f changed while the series was made; run again"
done
for f in $patched; do
	cmp -s "$W/$f" "$T/final/$f" || { lab_say "final tree: $f differs from base + patches"; bad=1; }
done
for f in $INCUMBENT; do
	echo "$ours" | grep -qx "$f" && continue
	[ -e "$W/$f" ] && { lab_say "final tree: incumbent $f still present"; bad=1; }
done
[ -z "$(g status --porcelain)" ] || { g status --short | head; lab_say "uncommitted changes left"; bad=1; }
# The base must still be pristine (everything above replaced files).
for f in $(g diff --name-only base HEAD) $idx; do
	if g cat-file -e "base:$f" 2>/dev/null; then
		g cat-file blob "base:$f" | cmp -s - "$LAB_BASE/$f" ||
			{ lab_say "BASE TREE MODIFIED: $f"; bad=1; }
	fi
done
[ $bad = 0 ] || lab_die "the series does not reproduce the project tree"

# --- 6. format-patch ---------------------------------------------------------
rm -rf "$out"
mkdir -p "$out"
g format-patch -q --cover-letter --thread=shallow -o "$out" base..HEAD >/dev/null
cover=$(ls "$out"/0000-cover-letter.patch)
subject=$(sed -n '1p' "$SER/cover-letter.txt")
# @BASE@: the base the series was made on, read from the cache, never typed
sed -n '3,$p' "$SER/cover-letter.txt" |
	sed "s|@BASE@|Linux $(lab_kernel_version | sed 's/ (\(.*\))$/ (Debian linux-source-6.12 \1)/')|" > "$T/blurb"
python3 - "$cover" "$subject" "$T/blurb" <<'PY'
import sys
path, subject, blurb = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().rstrip("\n")
text = open(path).read()
text = text.replace("*** SUBJECT HERE ***", subject, 1)
text = text.replace("*** BLURB HERE ***", blurb, 1)
open(path, "w").write(text)
PY
grep -q '\*\*\* .* HERE \*\*\*\|@BASE@' "$cover" && lab_die "cover letter placeholders left in $cover"
lab_say "series of $(ls "$out"/*.patch | grep -vc 0000-cover) patches:"
ls "$out"/*.patch
echo "series: $out"
echo "git tree: $W (branch fadump-series, base tag 'base')"
