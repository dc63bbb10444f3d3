#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Check the series as a maintainer would: apply it with git am to a fresh
# copy of the base tree, build the lab kernel after every patch and run
# checkpatch.pl --strict on every patch.
#   series/check-series.sh [--no-build] [--last-only] [SERIES_DIR]
# SERIES_DIR defaults to build/series (made by series/make-series.sh).
# --no-build   only apply and checkpatch
# --last-only  build only after the last patch
# After every patch the kernel is built in each configuration of
# SERIES_CONFIGS (default "lab min distro preserve"; those also in
# SERIES_LAST_CONFIGS, default "preserve", after the last patch only),
# each in its own O= directory
# under build/series-build/, so every build after the first is incremental:
#   lab     allnoconfig + lab/config/guest.config + project.config
#   min     the lab's with CMA, MEMORY_HOTPLUG, DEBUG_FS, ... off
#           (lab/config/series-min.config)
#   distro  NUMA, radix + hash MMU, PowerNV, SPLPAR, NR_CPUS=2048
#           (lab/config/series-distro.config)
#   preserve  a PowerNV bootloader kernel: FA_DUMP off, PRESERVE_FA_DUMP on
#           (lab/config/series-preserve.config), built after the last
#           patch only: PRESERVE_FA_DUMP exists from patch 7 on, and
#           "distro" builds the PowerNV code after every patch
# Each configuration's fragment must be fully satisfied after the last
# patch; before that, symbols the series has not introduced yet are
# reported, not failed.
# checkpatch ignores FILE_PATH_CHANGES only: the MAINTAINERS entry comes
# in its own patch and covers every file the other patches add or delete.
# After the last patch: get_maintainer.pl --self-test=patterns and
# get_abi.pl validate must say nothing about fadump, and, if Sphinx is
# installed on the host, "make SPHINXDIRS=arch/powerpc htmldocs" must
# build without warnings.
# Exit status 0 if everything passed.
. "$(dirname "$0")/../lab/lib.sh"

build=1 last_only=0 dir=$LAB_OUT/series
while [ $# -gt 0 ]; do
	case "$1" in
	--no-build) build=0;;
	--last-only) last_only=1;;
	-h|--help) sed -n '3,27p' "$0"; exit 0;;
	-*) lab_die "unknown option $1";;
	*) dir=$1;;
	esac
	shift
done
case "$dir" in /*) ;; *) dir=$PWD/$dir;; esac
patches=$(ls "$dir"/[0-9][0-9][0-9][0-9]-*.patch 2>/dev/null | grep -v '/0000-cover-letter.patch$')
[ -n "$patches" ] || lab_die "no patches in $dir (run series/make-series.sh)"
"$LAB_REPO/lab/toolbox.sh" 2>/dev/null || "$LAB_REPO/lab/toolbox.sh" || exit 2

C=$LAB_SERIES/check
O=$LAB_OUT/series-build
mkdir -p "$O"
exec 9>"$O/.lock"
flock 9
export GIT_AUTHOR_NAME="Series Check" GIT_AUTHOR_EMAIL=check@example.org
export GIT_COMMITTER_NAME="Series Check" GIT_COMMITTER_EMAIL=check@example.org
g() { git -C "$C" "$@"; }

lab_say "fresh copy of the base tree in $C"
rm -rf "$C"
mkdir -p "$(dirname "$C")"
cp -al "$LAB_BASE" "$C"	# git replaces files, never writes into them
git init -q "$C"
# a throw-away tree of a whole kernel: no automatic gc (minutes of CPU)
git -C "$C" config gc.auto 0
g add -A -f
g commit -q -m base
g tag base

if grep -q '\*\*\* .* HERE \*\*\*' "$dir/0000-cover-letter.patch" 2>/dev/null; then
	echo "FAIL cover letter has unfilled placeholders"
	fail=1
fi

CONFIGS=${SERIES_CONFIGS:-lab min distro preserve}
LAST_CONFIGS=${SERIES_LAST_CONFIGS:-preserve}
# The fragment of a configuration, merged: for each symbol the last line
# that sets it wins (a variant overrides the lab's settings).
fragment() {
	local files="$LAB_REPO/lab/config/guest.config $LAB_REPO/lab/config/project.config"
	[ "$1" = lab ] || files="$files $LAB_REPO/lab/config/series-$1.config"
	# shellcheck disable=SC2086
	cat $files | awk '
		/^CONFIG_[A-Za-z0-9_]+=/ { k = $0; sub(/=.*/, "", k) }
		/^# CONFIG_[A-Za-z0-9_]+ is not set$/ { k = $2 }
		k != "" { if (!(k in v)) order[n++] = k; v[k] = $0; k = "" }
		END { for (i = 0; i < n; i++) print v[order[i]] }'
}
base_id=$(cat "$LAB_CACHE/base/debian-version")
for c in $CONFIGS; do
	[ "$c" = lab ] || [ -f "$LAB_REPO/lab/config/series-$c.config" ] ||
		lab_die "unknown configuration $c (no lab/config/series-$c.config)"
	mkdir -p "$O/$c"
	# objects of another base are not reused (see lab/build.sh)
	[ "$(cat "$O/$c/.lab-base" 2>/dev/null)" = "$base_id" ] ||
		{ find "$O/$c" -mindepth 1 -delete; echo "$base_id" > "$O/$c/.lab-base"; }
	fragment "$c" > "$O/$c/lab.config"
done
mk() { # mk CONFIG make-args...
	local c=$1; shift
	tb make -C "$C" O="$O/$c" ARCH=powerpc CROSS_COMPILE=$LAB_CROSS -j"$(nproc)" "$@"
}
# configure CONFIG; print the fragment's unsatisfied symbols, return 1 if any
configure() {
	local c=$1 line missing="" sym
	mk "$c" KCONFIG_ALLCONFIG="$O/$c/lab.config" allnoconfig > "$O/$c/config.log" 2>&1 || return 2
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*) grep -qx "$line" "$O/$c/.config" || missing="$missing ${line%%=*}";;
		"# CONFIG_"*" is not set")
			sym=${line#\# }; sym=${sym%% *}
			grep -q "^$sym=" "$O/$c/.config" && missing="$missing !$sym";;
		esac
	done < "$O/$c/lab.config"
	[ -z "$missing" ] && return 0
	echo "$missing"
	return 1
}
# build_all I N NAME: build every configuration; prints the result column
build_all() {
	local i=$1 n=$2 name=$3 c start rc missing res=""
	for c in $CONFIGS; do
		case " $LAST_CONFIGS " in
		*" $c "*) [ "$i" = "$n" ] || continue;;
		esac
		start=$(date +%s)
		missing=$(configure "$c"); rc=$?
		if [ $rc = 2 ]; then
			res="$res $c:FAIL(config)"; continue
		fi
		lab_say "building $c after patch $i/$n: $name"
		if mk "$c" vmlinux > "$O/$c/build.$i.log" 2>&1; then
			res="$res $c:ok($(( $(date +%s) - start ))s)"
		else
			res="$res $c:FAIL"
			grep -E 'error|Error' "$O/$c/build.$i.log" | head -20 >&2
		fi
		if [ $rc = 1 ]; then
			if [ "$i" = "$n" ]; then
				res="$res,config-FAIL"
				lab_say "$c: after the last patch the config still lacks:$missing"
			else
				lab_say "$c, patch $i: not yet in the tree:$missing"
			fi
		fi
	done
	echo "${res# }"
}

n=$(echo "$patches" | wc -l)
i=0 fail=${fail:-0}
summary=""
for p in $patches; do
	i=$((i + 1))
	name=$(basename "$p")
	res_apply=ok res_build=- res_cp=-
	if ! g am -q --whitespace=error "$p" > "$O/am.log" 2>&1; then
		res_apply=FAIL
		cat "$O/am.log" >&2
		summary="$summary$(printf '%-60s apply %-4s build %-24s checkpatch %s' "$name" "$res_apply" - -)\n"
		fail=1
		break
	fi
	# checkpatch from the patched tree's root, as a maintainer runs it
	cpl=$O/checkpatch.$i.log
	(cd "$C" && tb perl scripts/checkpatch.pl --strict --ignore FILE_PATH_CHANGES \
		--show-types "$p") > "$cpl" 2>&1
	res_cp=$(sed -n 's/^total: \([0-9]*\) errors, \([0-9]*\) warnings, \([0-9]*\) checks.*/\1E\/\2W\/\3C/p' "$cpl")
	[ -n "$res_cp" ] || res_cp="no-result"
	if [ "$res_cp" != 0E/0W/0C ]; then
		fail=1
		lab_say "checkpatch $name: $res_cp, see $cpl"
		grep -E '^(ERROR|WARNING|CHECK)' "$cpl" | head -20 >&2
	fi
	if [ $build = 1 ] && { [ $last_only = 0 ] || [ $i = "$n" ]; }; then
		res_build=$(build_all "$i" "$n" "$name")
		case "$res_build" in *FAIL*) fail=1;; esac
	fi
	summary="$summary$(printf '%-60s apply %-4s build %-40s checkpatch %s' "$name" "$res_apply" "$res_build" "$res_cp")\n"
done
# Tree-wide checks of the final state
if [ "$i" = "$n" ]; then
	o=$(cd "$C" && tb perl scripts/get_maintainer.pl --self-test=patterns 2>&1 | grep -i fadump)
	if [ -n "$o" ]; then
		summary="${summary}MAINTAINERS self-test: FAIL ($o)\n"; fail=1
	else
		summary="${summary}MAINTAINERS self-test (fadump patterns): ok\n"
	fi
	o=$(cd "$C" && tb perl scripts/get_abi.pl validate 2>&1 | grep -i fadump)
	if [ -n "$o" ]; then
		summary="${summary}ABI validate: FAIL ($o)\n"; fail=1
	else
		summary="${summary}ABI validate (fadump entries): ok\n"
	fi
	if command -v sphinx-build >/dev/null; then
		# the host's Sphinx, with the kernel's own conf.py and extensions
		rm -rf "$O/htmldocs"
		make -C "$C" O="$O/htmldocs" SPHINXDIRS=arch/powerpc htmldocs \
			> "$O/htmldocs.log" 2>&1
		o=$(grep -E 'WARNING|ERROR' "$O/htmldocs.log" | grep -v 'dot(1) not found')
		if [ -n "$o" ] || [ ! -f "$O/htmldocs/Documentation/output/arch/powerpc/firmware-assisted-dump.html" ]; then
			summary="${summary}htmldocs (arch/powerpc): FAIL, see $O/htmldocs.log\n"; fail=1
		else
			summary="${summary}htmldocs (arch/powerpc): ok\n"
		fi
	else
		summary="${summary}htmldocs: skipped (no sphinx-build on the host)\n"
	fi
fi
# The copy shares files with the base tree (hard links): make sure git
# replaced rather than rewrote every file the series touched.
for f in $(g diff --name-only base HEAD 2>/dev/null); do
	g cat-file -e "base:$f" 2>/dev/null || continue
	g cat-file blob "base:$f" | cmp -s - "$LAB_BASE/$f" ||
		{ summary="${summary}BASE TREE MODIFIED: $f\n"; fail=1; }
done
echo "=== series check: $dir ($n patches) ==="
printf "%b" "$summary"
if [ $fail = 0 ]; then
	echo "PASS series"
else
	echo "FAIL series (logs in $O)"
fi
exit $fail
