#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest initramfs: busybox-static and makedumpfile (with its
# libraries) from Debian ppc64el packages, the lab's init, labtool and the
# fadump kselftests, all statically cross-compiled.
# Output: build/initramfs.cpio.gz
#
#   lab/initramfs.sh [--kdump-tools]
#
# --kdump-tools builds a second guest, build/initramfs-kdump-tools.cpio.gz:
# the same plus Debian's kdump-tools, run unmodified, and the files its
# scripts (/etc/init.d/kdump-tools, /usr/sbin/kdump-config) use on the
# fadump paths (load, unload, try-reload, status, show, savecore):
# /lib/lsb/init-functions and /lib/init/vars.sh (sysvinit-utils),
# run-parts (debianutils, init-functions runs it), sysctl (procps,
# kdump-config sets panic_on_oops with it), flock (util-linux, try-reload
# takes a lock with it; Debian's busybox has no flock applet), kexec and
# vmcore-dmesg (kexec-tools, a dependency of kdump-tools), makedumpfile.
# Everything else they call (cat, grep, sed, date, mkdir, mv, cp, sync,
# logger, reboot) is busybox, as in a minimal Debian install with busybox.
# Debian's busybox ash runs its own applets before searching PATH, so the
# scripts get busybox's sysctl, and kdump-config's check for a sysctl
# binary (command -v prints the bare applet name) fails: it warns and
# leaves panic_on_oops alone. Under dash, Debian's /bin/sh, it would not. The
# only configuration is lab/guest/kdump-tools.conf as /etc/default/kdump-tools.
. "$(dirname "$0")/lib.sh"

variant=
case "${1:-}" in
--kdump-tools) variant=kdump-tools;;
"") ;;
*) lab_die "usage: lab/initramfs.sh [--kdump-tools]";;
esac

"$LAB_REPO/lab/toolbox.sh" || exit 2
GR=$LAB_CACHE/guest-root
# Guest packages, all from one suite: the first of GSUITES whose ppc64el
# builds the archive really serves (an index can list a point release
# whose ppc64el files the pool this machine reaches lacks). Versions come
# from the toolbox's apt index, which lab/toolbox.sh --refresh updates, so
# the guest moves with the archive as the base does.
GPKGS="busybox-static makedumpfile libc6 libbz2-1.0 libdw1t64 libelf1t64 liblzo2-2 libzstd1 zlib1g liblzma5 libgcc-s1"
# The kdump-tools guest: PKG:PATH of every file it takes from them (a
# directory is taken whole). A path the package no longer ships stops the
# build, so a move in Debian is noticed, not papered over.
KDT_PKGS="kdump-tools sysvinit-utils debianutils procps util-linux kexec-tools"
KDT_FILES="kdump-tools:etc/init.d/kdump-tools kdump-tools:usr/sbin/kdump-config
kdump-tools:usr/share/kdump-tools kdump-tools:etc/kdump
kdump-tools:usr/lib/udev/rules.d/50-kdump-tools.rules
sysvinit-utils:usr/lib/lsb sysvinit-utils:usr/lib/init/vars.sh
debianutils:usr/bin/run-parts procps:usr/sbin/sysctl util-linux:usr/bin/flock
kexec-tools:usr/sbin/kexec kexec-tools:usr/sbin/vmcore-dmesg"
if [ "$variant" = kdump-tools ]; then
	GPKGS="$GPKGS $KDT_PKGS"
	GR=$LAB_CACHE/guest-root-kdump-tools
fi
GSUITES=${LAB_GUEST_SUITES:-trixie sid}

# guest_versions SUITE: "pkg=version" lines as SUITE's index lists them
guest_versions() {
	local p v
	for p in $GPKGS; do
		v=$(chroot "$LAB_TOOLBOX" apt-cache madison "$p:ppc64el" |
			awk -F' *[|] *' -v s=" $1/main " 'index($3 " ", s) { print $2; exit }')
		[ -n "$v" ] || { echo "$p is not in $1's ppc64el index" >&2; return 1; }
		echo "$p=$v"
	done
}
# guest_fetch SUITE VERSIONS: download and unpack into $GR.tmp
guest_fetch() {
	local dl=$LAB_CACHE/guest-debs d
	rm -rf "$dl" "$GR.tmp"; mkdir -p "$dl" "$GR.tmp"
	# shellcheck disable=SC2086
	tb sh -c 'cd "$0" && exec apt-get download -q "$@"' "$dl" \
		$(echo "$2" | sed 's/=/:ppc64el=/') > "$LAB_CACHE/guest-download.log" 2>&1 || return 1
	for d in "$dl"/*.deb; do
		tb dpkg-deb -x "$d" "$GR.tmp" || return 1
	done
	rm -rf "$dl"
}
exec 8>"$LAB_CACHE/.guest.lock"
flock 8
# The index needs ppc64el: a toolbox that was never refreshed has none.
chroot "$LAB_TOOLBOX" apt-cache madison busybox-static:ppc64el 2>/dev/null | grep -q . ||
	bash "$LAB_REPO/lab/toolbox.sh" --refresh >&2 || exit 2
have=$(cat "$GR/.lab-pkgs" 2>/dev/null)
got= why=
for suite in $GSUITES; do
	want=$(guest_versions "$suite" 2>&1) || { why="$why; $want"; continue; }
	want="suite=$suite $(echo "$want" | tr '\n' ' ')"
	[ "$want" = "$have" ] && { got=$suite; break; }
	if grep -qxF "$want" "$LAB_CACHE/guest-unservable" 2>/dev/null; then
		why="$why; $suite's ppc64el packages are not served (found before)"
		continue
	fi
	lab_say "guest packages: fetching Debian $suite's ppc64el builds"
	if ! guest_fetch "$suite" "$(echo "${want#suite=* }" | tr ' ' '\n' | grep .)"; then
		miss=$(grep -o 'Failed to fetch [^ ]*/[^/ ]*' "$LAB_CACHE/guest-download.log" | sed 's#.*/##; s/%2b/+/g' | head -3 | tr '\n' ' ')
		why="$why; $suite's ppc64el pool lacks ${miss:-some files (see $LAB_CACHE/guest-download.log)}"
		echo "$want" >> "$LAB_CACHE/guest-unservable"
		continue
	fi
	echo "$want" > "$GR.tmp/.lab-pkgs"
	rm -rf "$GR"; mv "$GR.tmp" "$GR"
	got=$suite
	break
done
[ -n "$got" ] || lab_die "no suite of '$GSUITES' serves the guest packages${why}"
first=${GSUITES%% *}
lab_say "guest packages: Debian $got ($(sed 's/.*makedumpfile=\([^ ]*\).*/makedumpfile \1/' "$GR/.lab-pkgs"))${why:+, not $first:${why#;}}"

stage=$LAB_OUT/initramfs${variant:+-$variant}.d
out=$LAB_OUT/initramfs${variant:+-$variant}.cpio.gz
rm -rf "$stage"
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,lib64,proc,sys,dev,tmp,results,selftests}
mkdir -p "$stage/usr/lib/powerpc64le-linux-gnu"
cp "$GR/usr/bin/busybox" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
cp "$GR/usr/bin/makedumpfile" "$stage/usr/bin/"
elfs="$GR/usr/bin/makedumpfile"
if [ "$variant" = kdump-tools ]; then
	for pf in $KDT_FILES; do
		f=${pf#*:}
		[ -e "$GR/$f" ] || lab_die "$f is not in Debian's ${pf%%:*} any more (KDT_FILES)"
		mkdir -p "$stage/$(dirname "$f")"
		cp -a "$GR/$f" "$stage/$(dirname "$f")/"
		[ -f "$GR/$f" ] && head -c 4 "$GR/$f" | grep -q ELF && elfs="$elfs $GR/$f"
	done
	# Debian's layout: /sbin is /usr/sbin (kdump-config calls /sbin/kexec)
	rmdir "$stage/sbin"; ln -s usr/sbin "$stage/sbin"
	mkdir -p "$stage/etc/default" "$stage/var/crash" "$stage/var/lib/kdump" "$stage/run"
	cp "$LAB_REPO/lab/guest/kdump-tools.conf" "$stage/etc/default/kdump-tools"
	# The versions, for the guest's kv and the run facts
	sed 's/^suite=//; s/ /\n/g' "$GR/.lab-pkgs" > "$stage/etc/lab-packages"
fi
cp -L "$GR/lib64/ld64.so.2" "$stage/lib64/" 2>/dev/null ||
	cp -L "$GR/usr/lib64/ld64.so.2" "$stage/lib64/"
# The libraries the dynamic binaries need, and theirs, from the guest root.
needed() { tb ${LAB_CROSS}readelf -d "$@" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u; }
# shellcheck disable=SC2086
libs=$(needed $elfs) seen=
while [ -n "$libs" ]; do
	new=
	for l in $libs; do
		case " $seen " in *" $l "*) continue;; esac
		seen="$seen $l"
		[ "$l" = ld64.so.2 ] && continue
		f=$GR/usr/lib/powerpc64le-linux-gnu/$l
		[ -e "$f" ] || lab_die "guest library $l (needed by $(basename -a $elfs | tr '\n' ' ')) is not in the guest packages: add its package to GPKGS"
		cp -L "$f" "$stage/usr/lib/powerpc64le-linux-gnu/"
		new="$new $(needed "$f")"
	done
	libs=$new
done
# No ELF header names libgcc_s.so.1: glibc dlopens it in pthread_exit()
# (makedumpfile --num-threads ends its workers with it).
cp -L "$GR/usr/lib/powerpc64le-linux-gnu/libgcc_s.so.1" "$stage/usr/lib/powerpc64le-linux-gnu/"
ln -s usr/lib "$stage/lib"
# init: install the busybox applets, then run the lab init. A program a
# Debian package put in /usr/bin or /usr/sbin wins over the busybox applet
# of the same name (the scripts' PATH has /bin first).
cat > "$stage/init" <<'EOT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
for f in /usr/bin/* /usr/sbin/*; do
	[ -L "/bin/${f##*/}" ] && /bin/busybox rm "/bin/${f##*/}"
done
exec /bin/sh /lab-init
EOT
chmod +x "$stage/init"
cp "$LAB_REPO/lab/guest/init" "$stage/lab-init"
mkdir -p "$stage/lab/steps"
cp "$LAB_REPO/lab/guest/lib.sh" "$stage/lab/"
cp "$LAB_REPO"/lab/guest/steps/*.sh "$stage/lab/steps/"
tb ${LAB_CROSS}gcc -static -O2 -Wall -Werror -o "$stage/bin/labtool" \
	"$LAB_REPO/lab/guest/labtool.c" || lab_die "labtool does not build"
# The host runs it too (under qemu-ppc64le) on dumps saved by the guest.
cp "$stage/bin/labtool" "$LAB_OUT/labtool"
if [ -x "$LAB_REPO/lab/build-selftests.sh" ] || [ -f "$LAB_REPO/lab/build-selftests.sh" ]; then
	# A selftest that does not build is reported by the selftests test
	# (its binary is missing from the guest), not by the set-up.
	rm -rf "$LAB_OUT/selftests"
	if bash "$LAB_REPO/lab/build-selftests.sh" > "$LAB_OUT/selftests-build.log" 2>&1; then
		cp "$LAB_OUT"/selftests/* "$stage/selftests/" 2>/dev/null
	else
		lab_say "warning: selftests do not build, see $LAB_OUT/selftests-build.log"
	fi
fi
# Written aside and renamed, so a guest booting meanwhile reads a whole file.
(cd "$stage" && find . | tb cpio -o -H newc --quiet) | gzip -1 > "$out.new" ||
	lab_die "cpio failed"
mv "$out.new" "$out"
if [ "$variant" = kdump-tools ]; then
	pv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" "$GR/.lab-pkgs"; }
	lab_say "kdump-tools guest: Debian $got kdump-tools $(pv kdump-tools), kexec-tools $(pv kexec-tools), makedumpfile $(pv makedumpfile), sysvinit-utils $(pv sysvinit-utils), procps $(pv procps), util-linux $(pv util-linux), busybox $(pv busybox-static)"
fi
lab_say "initramfs: $out ($(du -h "$out" | cut -f1))"
