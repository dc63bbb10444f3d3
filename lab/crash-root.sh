#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Create (once) or refresh the cached ppc64el root the host runs Debian's
# crash utility (and kexec-tools' vmcore-dmesg) from, under user-mode
# emulation: qemu-ppc64le -L $LAB_CACHE/crash-root .../usr/bin/crash.
#
#   lab/crash-root.sh          prints one line "crash: Debian SUITE crash VERSION ..."
#
# The packages are crash and kexec-tools plus every library package they
# depend on (apt's Depends, followed recursively through lib* packages),
# all from one suite: the first of CSUITES whose ppc64el builds the
# archive really serves (sid's crash is the one that knows Linux 6.12).
# After unpacking, every ELF NEEDED entry of the root must resolve inside
# it, or the root is refused. Versions come from the toolbox's apt index
# (lab/toolbox.sh --refresh updates it); when they match the cached root
# nothing is downloaded.
. "$(dirname "$0")/lib.sh"

CR=${LAB_CRASH_ROOT:-$LAB_CACHE/crash-root}
CPKGS="crash kexec-tools"
CSUITES=${LAB_CRASH_SUITES:-sid trixie}

[ -x "$LAB_TOOLBOX/usr/bin/qemu-ppc64le" ] || bash "$LAB_REPO/lab/toolbox.sh" >&2 || exit 2
[ -x "$LAB_TOOLBOX/usr/bin/qemu-ppc64le" ] ||
	lab_die "the toolbox has no qemu-ppc64le (qemu-user in lab/toolbox.sh's EXTRA)"

acache() { chroot "$LAB_TOOLBOX" apt-cache "$@"; }
# suite_version PKG SUITE: the version of PKG:ppc64el SUITE's index lists
suite_version() {
	acache madison "$1:ppc64el" 2>/dev/null |
		awk -F' *[|] *' -v s=" $2/main " 'index($3 " ", s) { print $2; exit }'
}
# lib_deps PKG VERSION: the library packages (lib*) PKG=VERSION depends on
lib_deps() {
	acache show "$1:ppc64el=$2" 2>/dev/null |
		sed -n 's/^\(Pre-\)\?Depends: //p' | tr ',' '\n' |
		sed 's/|.*//; s/([^)]*)//g; s/:any//; s/[[:space:]]//g' | grep '^lib' || true
}
# crash_versions SUITE: sorted "pkg=version" lines, the closure over lib* deps
crash_versions() {
	local todo=$CPKGS p v seen=" "
	while [ -n "$todo" ]; do
		set -- $todo; p=$1; shift; todo="$*"
		case "$seen" in *" $p "*) continue;; esac
		seen="$seen$p "
		v=$(suite_version "$p" "$SUITE")
		[ -n "$v" ] || { echo "$p is not in $SUITE's ppc64el index" >&2; return 1; }
		echo "$p=$v"
		todo="$todo $(lib_deps "$p" "$v" | tr '\n' ' ')"
	done | sort
}
# crash_fetch VERSIONS: download and unpack into $CR.tmp
crash_fetch() {
	local dl=$LAB_CACHE/crash-debs d
	rm -rf "$dl" "$CR.tmp"; mkdir -p "$dl" "$CR.tmp"
	# shellcheck disable=SC2086
	tb sh -c 'cd "$0" && exec apt-get download -q "$@"' "$dl" \
		$(echo "$1" | sed 's/=/:ppc64el=/') > "$LAB_CACHE/crash-download.log" 2>&1 || return 1
	for d in "$dl"/*.deb; do
		tb dpkg-deb -x "$d" "$CR.tmp" || return 1
	done
	rm -rf "$dl"
	# What base-files would add: the merged-/usr links the ELF interpreter
	# (/lib64/ld64.so.2) and the loader's default paths go through.
	ln -s usr/lib "$CR.tmp/lib"; ln -s usr/lib64 "$CR.tmp/lib64"
	ln -s usr/bin "$CR.tmp/bin"; ln -s usr/sbin "$CR.tmp/sbin"
	[ -x "$CR.tmp/usr/bin/crash" ] || return 1
}
# unresolved ROOT: NEEDED entries of crash, vmcore-dmesg and the root's
# libraries that no file of the root provides (by soname)
unresolved() {
	local n
	# shellcheck disable=SC2016
	tb sh -c 'for f in "$0"/usr/bin/crash "$0"/usr/sbin/vmcore-dmesg \
		"$0"/usr/lib/powerpc64le-linux-gnu/*.so*; do
		[ -f "$f" ] && "$1"readelf -d "$f"; done' "$1" "$LAB_CROSS" 2>/dev/null |
		sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u | while read -r n; do
		[ -e "$1/usr/lib/powerpc64le-linux-gnu/$n" ] || [ -e "$1/usr/lib64/$n" ] || echo "$n"
	done
}

mkdir -p "$LAB_CACHE"
exec 7>"$LAB_CACHE/.crash-root.lock"
flock 7
# The index needs ppc64el: a toolbox that was never refreshed has none.
acache madison crash:ppc64el 2>/dev/null | grep -q . ||
	bash "$LAB_REPO/lab/toolbox.sh" --refresh >&2 || exit 2
have=$(cat "$CR/.lab-pkgs" 2>/dev/null)
got= why=
for SUITE in $CSUITES; do
	want=$(crash_versions 2>&1) || { why="$why; $want"; continue; }
	want="suite=$SUITE $(echo "$want" | tr '\n' ' ')"
	[ "$want" = "$have" ] && [ -x "$CR/usr/bin/crash" ] && { got=$SUITE; break; }
	if grep -qxF "$want" "$LAB_CACHE/crash-unservable" 2>/dev/null; then
		why="$why; $SUITE's ppc64el packages are not served (found before)"
		continue
	fi
	lab_say "crash root: fetching Debian $SUITE's ppc64el crash and its libraries"
	if ! crash_fetch "$(echo "${want#suite=* }" | tr ' ' '\n' | grep .)"; then
		miss=$(grep -o 'Failed to fetch [^ ]*/[^/ ]*' "$LAB_CACHE/crash-download.log" | sed 's#.*/##; s/%2b/+/g' | head -3 | tr '\n' ' ')
		why="$why; $SUITE's ppc64el pool lacks ${miss:-some files (see $LAB_CACHE/crash-download.log)}"
		echo "$want" >> "$LAB_CACHE/crash-unservable"
		continue
	fi
	miss=$(unresolved "$CR.tmp" | tr '\n' ' ')
	if [ -n "$miss" ]; then
		why="$why; $SUITE's crash needs libraries no dependency provides: $miss"
		rm -rf "$CR.tmp"
		continue
	fi
	echo "$want" > "$CR.tmp/.lab-pkgs"
	rm -rf "$CR"; mv "$CR.tmp" "$CR"
	got=$SUITE
	break
done
[ -n "$got" ] || lab_die "no suite of '$CSUITES' serves a usable ppc64el crash${why}"
cv=$(sed 's/.* crash=\([^ ]*\).*/\1/' "$CR/.lab-pkgs")
kv=$(sed 's/.* kexec-tools=\([^ ]*\).*/\1/' "$CR/.lab-pkgs")
qv=$(chroot "$LAB_TOOLBOX" qemu-ppc64le --version | sed -n '1s/.*version //p')
first=${CSUITES%% *}
lab_say "crash: Debian $got crash $cv (kexec-tools $kv, qemu-ppc64le $qv)${why:+, not $first:${why#;}}"
