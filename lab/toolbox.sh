#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Create (once) the cached toolbox and base tree the lab runs on.
#   toolbox: Debian sid rootfs with qemu-system-ppc (>= 10.2, pseries fadump),
#            the powerpc64le cross compiler, gdb-multiarch, sparse, ...
#   base:    Linux 6.12 from Debian's linux-source-6.12 (trixie).
# Later runs reuse the cache; delete $FADUMP_LAB_CACHE to start over.
#
#   lab/toolbox.sh [--refresh]
# --refresh (lab/test.sh and lab/demo.sh pass it) also asks the archive
# what it serves now: the toolbox's apt index is updated (with ppc64el
# added, for the guest packages lab/initramfs.sh takes from it), and if
# Debian serves another linux-source-6.12 than the cached base, the base
# moves to it and one line says so: "base: OLD -> NEW". Builds made on the
# old base are then rebuilt (lab/build.sh compares its stamp).
# LAB_BASE_SUITE names the suite the base comes from (default trixie).
. "$(dirname "$0")/lib.sh"

refresh=0
[ "${1:-}" = --refresh ] && refresh=1
BASE_SUITE=${LAB_BASE_SUITE:-trixie}
mkdir -p "$LAB_CACHE"
exec 8>"$LAB_CACHE/.toolbox.lock"
flock 8

PKGS=gcc,libc6-dev,qemu-system-ppc,gcc-powerpc64le-linux-gnu,libc6-dev-ppc64el-cross,make,bc
PKGS=$PKGS,bison,flex,libssl-dev,libelf-dev,gdb-multiarch,cpio,python3,perl
PKGS=$PKGS,sparse,git,xz-utils,rsync,ca-certificates,kmod,file,zstd,e2fsprogs
PKGS=$PKGS,mmdebstrap,linux-source-6.12/trixie,gnuplot-nox,util-linux

need_host() {
	command -v mmdebstrap >/dev/null && command -v unshare >/dev/null && return
	lab_say "installing mmdebstrap on the host (apt-get)"
	apt-get update -q >/dev/null && apt-get install -y -q mmdebstrap >/dev/null ||
		lab_die "cannot install mmdebstrap with apt-get"
}

make_toolbox() {
	[ -x "$LAB_TOOLBOX/usr/bin/qemu-system-ppc64" ] && [ -f "$LAB_TOOLBOX/.lab-pkgs" ] &&
		[ "$(cat "$LAB_TOOLBOX/.lab-pkgs")" = "$PKGS" ] && return
	need_host
	lab_say "creating the Debian sid toolbox in $LAB_TOOLBOX (about a minute)"
	rm -rf "$LAB_TOOLBOX.tmp" "$LAB_TOOLBOX"
	mkdir -p "$LAB_CACHE"
	printf 'deb %s sid main\ndeb %s trixie main\n' "$LAB_MIRROR" "$LAB_MIRROR" > "$LAB_CACHE/sources.list"
	mmdebstrap --variant=apt --aptopt='Acquire::Check-Valid-Until "false"' \
		--include="$PKGS" sid "$LAB_TOOLBOX.tmp" "$LAB_CACHE/sources.list" \
		> "$LAB_CACHE/toolbox.log" 2>&1 ||
		lab_die "mmdebstrap failed, see $LAB_CACHE/toolbox.log"
	echo "$PKGS" > "$LAB_TOOLBOX.tmp/.lab-pkgs"
	mv "$LAB_TOOLBOX.tmp" "$LAB_TOOLBOX"
}

installed_source() { chroot "$LAB_TOOLBOX" dpkg-query -W -f='${Version}' linux-source-6.12; }

# Unpack the toolbox's linux-source-6.12 as the base (again, with "force").
# The new tree is unpacked aside and renamed, so a failure keeps the old.
make_base() {
	[ "${1:-}" != force ] && [ -f "$LAB_BASE/Makefile" ] &&
		[ -f "$LAB_CACHE/base/debian-version" ] && return
	lab_say "unpacking linux-source-6.12 $(installed_source) into $LAB_CACHE/base"
	rm -rf "$LAB_CACHE/base.tmp"
	mkdir -p "$LAB_CACHE/base.tmp"
	tar -xJf "$LAB_TOOLBOX"/usr/src/linux-source-6.12.tar.xz -C "$LAB_CACHE/base.tmp" ||
		lab_die "cannot unpack linux-source-6.12"
	installed_source > "$LAB_CACHE/base.tmp/debian-version"
	rm -rf "$LAB_CACHE/base"
	mv "$LAB_CACHE/base.tmp" "$LAB_CACHE/base"
}

# The version of linux-source-6.12 that $BASE_SUITE serves now, from the
# toolbox's (just updated) apt index.
served_source() {
	chroot "$LAB_TOOLBOX" apt-cache madison linux-source-6.12 |
		awk -F' *[|] *' -v s=" $BASE_SUITE/main " 'index($3 " ", s) { print $2 }' |
		chroot "$LAB_TOOLBOX" sh -c 'best=; while read -r v; do
			[ -z "$best" ] || dpkg --compare-versions "$v" gt "$best" && best=$v
		done; echo "$best"'
}

# Update the toolbox's apt index (amd64 and ppc64el); move the base to the
# linux-source-6.12 the archive serves if it is another one.
refresh_archive() {
	local cached served
	chroot "$LAB_TOOLBOX" dpkg --print-foreign-architectures | grep -qx ppc64el ||
		chroot "$LAB_TOOLBOX" dpkg --add-architecture ppc64el
	cached=$(cat "$LAB_CACHE/base/debian-version")
	if ! tb apt-get update -q > "$LAB_CACHE/apt-update.log" 2>&1; then
		lab_say "warning: the archive cannot be asked (see $LAB_CACHE/apt-update.log); base stays $cached"
		return 0
	fi
	date -u +%s > "$LAB_CACHE/apt-updated"
	served=$(served_source)
	[ -n "$served" ] || lab_die "$BASE_SUITE serves no linux-source-6.12 (see $LAB_CACHE/apt-update.log)"
	if [ "$served" = "$cached" ]; then
		lab_say "base: $cached (what $BASE_SUITE serves now)"
		return 0
	fi
	if [ "$(installed_source)" != "$served" ]; then
		tb apt-get install -y -q "linux-source-6.12=$served" > "$LAB_CACHE/base-update.log" 2>&1 ||
			lab_die "cannot install linux-source-6.12 $served, see $LAB_CACHE/base-update.log"
	fi
	make_base force
	lab_say "base: $cached -> $served"
}

# Packages added after the toolbox was first made are installed into it
# in place, so an existing toolbox is not rebuilt for them.
EXTRA=python3-sphinx,python3-ply,python3-docutils
make_extra() {
	[ "$(cat "$LAB_TOOLBOX/.lab-extra" 2>/dev/null)" = "$EXTRA" ] && return
	lab_say "installing $EXTRA into the toolbox"
	tb sh -c 'apt-get update -q && apt-get install -y -q --no-install-recommends '"${EXTRA//,/ }" \
		> "$LAB_CACHE/toolbox-extra.log" 2>&1 ||
		lab_die "cannot install $EXTRA in the toolbox, see $LAB_CACHE/toolbox-extra.log"
	echo "$EXTRA" > "$LAB_TOOLBOX/.lab-extra"
}

make_toolbox
make_extra
make_base
[ $refresh = 1 ] && refresh_archive
lab_say "toolbox: $(chroot "$LAB_TOOLBOX" qemu-system-ppc64 --version | head -1)"
lab_say "base tree: Linux $(lab_kernel_version)"
