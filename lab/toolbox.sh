#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Create (once) the cached toolbox and base tree the lab runs on.
#   toolbox: Debian sid rootfs with qemu-system-ppc (>= 10.2, pseries fadump),
#            the powerpc64le cross compiler, gdb-multiarch, sparse, ...
#   base:    Linux 6.12 from Debian's linux-source-6.12 (trixie).
# Later runs reuse the cache; delete $FADUMP_LAB_CACHE to start over.
. "$(dirname "$0")/lib.sh"

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

make_base() {
	[ -f "$LAB_BASE/Makefile" ] && [ -f "$LAB_CACHE/base/debian-version" ] && return
	lab_say "unpacking linux-source-6.12 into $LAB_CACHE/base"
	rm -rf "$LAB_CACHE/base"
	mkdir -p "$LAB_CACHE/base"
	tar -xJf "$LAB_TOOLBOX"/usr/src/linux-source-6.12.tar.xz -C "$LAB_CACHE/base" ||
		lab_die "cannot unpack linux-source-6.12"
	chroot "$LAB_TOOLBOX" dpkg-query -W -f='${Version}' linux-source-6.12 \
		> "$LAB_CACHE/base/debian-version"
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
lab_say "toolbox: $(chroot "$LAB_TOOLBOX" qemu-system-ppc64 --version | head -1)"
lab_say "base: Linux $(lab_kernel_version)"
