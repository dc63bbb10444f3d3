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
# Patch order and why each one builds on its own (the patches follow the
# files: each adds whole files, and a Makefile line names an object only
# from the patch that adds its source on):
#  1 remove the incumbent: deletes its code and docs, drops FA_DUMP,
#    PRESERVE_FA_DUMP and OPAL_CORE from Kconfig. asm/fadump.h stays:
#    with FA_DUMP gone its stubs serve the callers (prom.c, traps.c, ...).
#  2 backend interface (asm/fadump-internal.h), the RTAS ABI structures
#    (rtas-fadump.h) and the capture-time parser (rtas-fadump-parse.c).
#  3 the backend's probe, RTAS calls and registration structure
#    (rtas-fadump.c, rtas-fadump-build.c).
# 3a the PowerNV (OPAL MPIPL) backend (opal-fadump-mpipl.[ch],
#    opal-fadump-parse.c): like 2 and 3 not built before 7, where the
#    core's early scan links opal_fadump_ops on PowerNV.
#  4 the core's pure layout and ELF helpers (fadump-layout.c,
#    fadump-elf.c).
#  5 the core's first-kernel part: state, registration, crash path,
#    reservation, bootargs area (fadump.c, fadump-core.h,
#    fadump-reserve.c, fadump-bootargs.c, asm/fadump.h, and traps.c's
#    die_will_crash(), which the crash path asks).
#  6 the capture kernel and the release (fadump-hold.c,
#    fadump-capture.c, fadump-release.c, crash_dump.c's hook).
# 6a pseries: a capture boot shrinks the HPT before clearing it (lpar.c);
#    uses only is_fadump_active() and the HPT resize hcalls, builds with
#    and without FA_DUMP.
#  7 the control files (fadump-sysfs.c, fadump-debugfs.c) and
#    Kconfig.fadump (without the KUnit symbol) with its "source" line:
#    FA_DUMP becomes selectable and everything so far is compiled and
#    linked for the first time. Patches 2-6 are not built before (FA_DUMP
#    does not exist), so they cannot break the build; the core needs all
#    its parts and the backend's rtas_fadump_ops to link.
#  8 documentation, ABI, MAINTAINERS.
#  9 KUnit tests: the KUnit Kconfig symbol and Makefile lines.
# 10 kselftests.
# The removal cannot be folded into "add" patches without mixing the old
# and the new code in one diff.
set -e
. "$(dirname "$0")/../lab/lib.sh"

out=$LAB_OUT/series
while [ $# -gt 0 ]; do
	case "$1" in
	-o) out=$2; shift 2;;
	-h|--help) sed -n '3,40p' "$0"; exit 0;;
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

# wire FILE: the final version of a wiring file (patches/0001) as far as
# the series has got: without the Kconfig.fadump "source" line until the
# patch that makes FA_DUMP selectable (wire_source=1), without the KUnit
# lines until the KUnit patch (wire_kunit=1), and with each Makefile line
# the series adds naming only the objects whose source is in the scratch
# tree already (a line naming none is left out). Lines of the base stay.
wire_source=0 wire_kunit=0
wire() {
	local rel=${1#"$T/final/"}
	python3 - "$1" "$LAB_BASE/$rel" "$W" "$(dirname "$rel")" \
		"$wire_source" "$wire_kunit" <<'PY'
import os, re, sys
final, base, tree, d, source, kunit = sys.argv[1:]
base_lines = set(open(base).read().split("\n")) if os.path.exists(base) else set()
out, skip_blank = [], False
for l in open(final).read().split("\n"):
    if source == "0" and re.match(r'^source "arch/(powerpc|\$\(SRCARCH\))/Kconfig\.fadump"$', l):
        skip_blank = True
        continue
    if skip_blank and l == "":
        skip_blank = False
        continue
    skip_blank = False
    if kunit == "0" and "FA_DUMP_KUNIT_TEST" in l:
        continue
    m = re.match(r'^(obj-\$\(CONFIG_(?:PRESERVE_)?FA_DUMP\w*\)\s*\+=\s*)(\S.*)$', l)
    if m and l not in base_lines:
        objs = [o for o in m.group(2).split()
                if os.path.exists(os.path.join(tree, d, o[:-2] + ".c"))]
        if not objs:
            continue
        l = m.group(1) + " ".join(objs)
    out.append(l)
sys.stdout.write("\n".join(out))
PY
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
abi="" backend="" powernv="" helpers="" first="" capture="" control="" docs="" kunit="" selftests=""
K=arch/powerpc/kernel
for f in $ours; do
	case "$f" in
	*kunit*)				kunit="$kunit $f";;
	arch/powerpc/Kconfig.fadump)		;;	# split between 7 and KUnit
	arch/powerpc/include/asm/fadump-internal.h|\
	arch/powerpc/platforms/pseries/rtas-fadump.h|\
	arch/powerpc/platforms/pseries/rtas-fadump-parse*)
						abi="$abi $f";;
	arch/powerpc/platforms/pseries/rtas-fadump*)
						backend="$backend $f";;
	arch/powerpc/platforms/powernv/opal-fadump*)
						powernv="$powernv $f";;
	$K/fadump-layout*|$K/fadump-elf*)	helpers="$helpers $f";;
	$K/fadump-hold*|$K/fadump-capture*|$K/fadump-release*)
						capture="$capture $f";;
	$K/fadump-sysfs*|$K/fadump-debugfs*)	control="$control $f";;
	arch/*|include/*)			first="$first $f";;
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
# patched files by area (patched_arch: the wiring of patches/0001 apart)
patched_arch="" patched_doc="" patched_tools="" patched_fs=""
for f in $patched; do
	case "$f" in
	Documentation/*|MAINTAINERS)	patched_doc="$patched_doc $f";;
	tools/*)			patched_tools="$patched_tools $f";;
	fs/*|include/linux/crash_dump.h)
				patched_fs="$patched_fs $f";;
	*)				patched_arch="$patched_arch $f";;
	esac
done

commit() { # commit MESSAGE-FILE (after bringing the wiring up to date)
	local msg=$SER/messages/$1.txt
	[ -f "$msg" ] || lab_die "missing commit message $msg"
	put_filtered wire $patched_wiring
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
# The build wiring (patches/0001) goes with the patches whose files it
# names, see wire(); changes that use the new core's hooks (e.g.
# crash_dump.c) come with the part that provides the hook.
wiring=$(sed -n 's#^+++ b/\([^[:space:]]*\).*#\1#p' "$S"/patches/0001-*.patch 2>/dev/null | sort -u)
patched_wiring=$(for f in $patched_arch; do echo "$wiring" | grep -qx "$f" && echo "$f"; done || true)
patched_hooks=$(for f in $patched_arch; do echo "$wiring" | grep -qx "$f" || echo "$f"; done)
# only FILE LIST... / except FILE LIST...: the LIST entries equal to FILE,
# or all others (one a line)
only() { local want=$1 f; shift; for f; do [ "$f" != "$want" ] || echo "$f"; done; }
except() { local drop=$1 f; shift; for f; do [ "$f" = "$drop" ] || echo "$f"; done; }
# die_will_crash() (traps.c) goes with the crash path that relies on it (5)
patched_first=$(only arch/powerpc/kernel/traps.c $patched_hooks)
patched_hooks=$(except arch/powerpc/kernel/traps.c $patched_hooks)
# the capture boot's HPT shrink (pseries lpar.c) is a patch of its own (6a)
patched_hpt=$(only arch/powerpc/platforms/pseries/lpar.c $patched_hooks)
patched_hooks=$(except arch/powerpc/platforms/pseries/lpar.c $patched_hooks)
commit 01-remove-incumbent

# 1a: /proc/vmcore unmaps user mappings when the dump goes (generic)
put_filtered cat $patched_fs
commit 01a-vmcore-unmap

# 2: backend interface, RTAS ABI structures, capture-time parser
put_ours $abi
commit 02-pseries-abi

# 3: the backend's probe, RTAS calls and registration structure
put_ours $backend
commit 03-pseries-backend

# 3a: the PowerNV (OPAL MPIPL) backend
put_ours $powernv
commit 03a-powernv-backend

# 4: the core's pure helpers
put_ours $helpers
commit 04-core-helpers

# 5: the core's first-kernel part
put_ours $first
put_filtered cat $patched_first
commit 05-first-kernel

# 6: capture kernel and release, with the crash_dump.c hook
put_ours $capture
put_filtered cat $patched_hooks
commit 06-capture

# 6a: pseries: a capture boot shrinks the HPT before clearing it
put_filtered cat $patched_hpt
commit 06a-pseries-hpt-shrink

# 7: control files; FA_DUMP becomes selectable (Kconfig without KUnit)
put_ours $control
if [ -f "$S/arch/powerpc/Kconfig.fadump" ]; then
	kconfig_no_kunit "$S/arch/powerpc/Kconfig.fadump" > "$T/Kconfig.fadump"
	put arch/powerpc/Kconfig.fadump "$T/Kconfig.fadump"
fi
wire_source=1
commit 07-control

# 8: documentation, ABI, MAINTAINERS
put "$idx" "$LAB_BASE/$idx"
put_ours $docs
put_filtered cat $patched_doc
commit 08-docs

# 9: KUnit
put_ours $kunit
[ -f "$S/arch/powerpc/Kconfig.fadump" ] && put_ours arch/powerpc/Kconfig.fadump
wire_kunit=1
commit 09-kunit

# 10: kselftests
put_ours $selftests
put_filtered cat $patched_tools
commit 10-selftests

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
