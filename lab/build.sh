#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build a lab kernel.
#   lab/build.sh reference|project|reference-pnv|project-pnv|preserve-pnv [--check] [make args...]
# reference = Debian's linux-source-6.12 as shipped (incumbent fadump)
# project   = the same base with this repository's series files overlaid,
#             the tree-wide wiring patches applied, incumbent removed.
# *-pnv     = the same for PowerNV (QEMU powernv9, OPAL MPIPL):
#             lab/config/guest.config without its pseries lines, plus
#             lab/config/powernv.config (the reference also gets OPAL_CORE).
# preserve-pnv = the project tree as a PowerNV bootloader kernel (petitboot's
#             role): FA_DUMP off, PRESERVE_FA_DUMP on, loads the next kernel
#             with kexec.
# Output: build/<kernel>/vmlinux (with DWARF), log build/<kernel>/build.log.
# --check compiles the series' objects with W=1 and sparse (C=2) in
# build/<kernel>-check (the log says what they reported).
# Builds are incremental and serialised per kernel with flock.
. "$(dirname "$0")/lib.sh"

kernel=$1; shift || true
case "$kernel" in
reference|project|reference-pnv|project-pnv|preserve-pnv) ;;
*) lab_die "usage: lab/build.sh reference|project|reference-pnv|project-pnv|preserve-pnv [--check] [make args]";;
esac
check=0
[ "${1:-}" = --check ] && { check=1; shift; }

"$LAB_REPO/lab/toolbox.sh" 2>/dev/null || "$LAB_REPO/lab/toolbox.sh" || exit 2

out=$LAB_OUT/$kernel
mkdir -p "$out"
exec 9>"$out/.lock"
flock 9
# Objects built from another base are thrown away: the unpacked sources
# keep the package's time stamps, so make alone would not notice.
base_id=$(cat "$LAB_CACHE/base/debian-version")
if [ "$(cat "$out/.lab-base" 2>/dev/null)" != "$base_id" ]; then
	[ -f "$out/.lab-base" ] && lab_say "the base changed ($(cat "$out/.lab-base") -> $base_id): building $kernel from scratch"
	find "$out" -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} +
	rm -rf "$LAB_OUT/$kernel-check"
	echo "$base_id" > "$out/.lab-base"
fi

# Files of the series that we own, relative to the tree root.
series_files() {
	(cd "$LAB_REPO" && find arch Documentation tools include -type f 2>/dev/null | sort)
}

# Patches to files the series does not own (Kconfig wiring, Makefiles,
# MAINTAINERS), applied in this order.
series_patches() {
	ls "$LAB_REPO"/patches/*.patch 2>/dev/null
	[ -f "$LAB_REPO/MAINTAINERS.patch" ] && echo "$LAB_REPO/MAINTAINERS.patch"
}

prepare_project() {
	local src=$LAB_SRC stamp f p
	# A tree made from an older base is made again.
	if [ -f "$src/Makefile" ] && [ "$(cat "$src/.lab-base" 2>/dev/null)" != "$base_id" ]; then
		lab_say "the base changed: making the project tree again"
		rm -rf "$src"
	fi
	if [ ! -f "$src/Makefile" ]; then
		lab_say "creating the project tree $src (hard links to the base)"
		rm -rf "$src"; mkdir -p "$(dirname "$src")"
		cp -al "$LAB_BASE" "$src"
		echo "$base_id" > "$src/.lab-base"
	fi
	# Incumbent implementation files that the series deletes.
	for f in arch/powerpc/platforms/powernv/opal-fadump.c \
		 arch/powerpc/platforms/powernv/opal-fadump.h \
		 arch/powerpc/platforms/powernv/opal-core.c; do
		rm -f "$src/$f"
	done
	# Overlay: only files whose contents changed are replaced, so the build
	# stays incremental; --remove-destination breaks the hard link to the
	# base, which stays pristine.
	for f in $(series_files); do
		cmp -s "$LAB_REPO/$f" "$src/$f" && continue
		mkdir -p "$(dirname "$src/$f")"
		cp --remove-destination "$LAB_REPO/$f" "$src/$f"
	done
	stamp=$(series_patches | xargs -r cat | sha1sum | cut -c1-40)
	if [ "$stamp" != "$(cat "$src/.lab-patches" 2>/dev/null)" ]; then
		for f in $(cat "$src/.lab-patched-files" 2>/dev/null); do
			cp --remove-destination "$LAB_BASE/$f" "$src/$f"
		done
		: > "$src/.lab-patched-files"
		for p in $(series_patches); do
			sed -n 's#^+++ b/\([^[:space:]]*\).*#\1#p' "$p" >> "$src/.lab-patched-files"
		done
		for f in $(cat "$src/.lab-patched-files"); do
			[ -f "$src/$f" ] && cp --remove-destination "$LAB_BASE/$f" "$src/$f"
		done
		for p in $(series_patches); do
			(cd "$src" && patch -s -p1 --no-backup-if-mismatch < "$p") ||
				lab_die "patch $p does not apply to the base"
		done
		echo "$stamp" > "$src/.lab-patches"
	fi
	echo "$src"
}

if [ "${kernel%-pnv}" = reference ]; then
	src=$LAB_BASE
else
	src=$(prepare_project) || exit 2
fi

mk() {
	tb make -C "$src" O="$out" ARCH=powerpc CROSS_COMPILE=$LAB_CROSS \
		-j"$(nproc)" "$@"
}

frag=$out/lab.config
case "$kernel" in
*-pnv)	grep -v -E '^CONFIG_(PPC_PSERIES|PPC_OF_BOOT_TRAMPOLINE|HVC_CONSOLE)=' \
		"$LAB_REPO/lab/config/guest.config" > "$frag.new"
	cat "$LAB_REPO/lab/config/powernv.config" >> "$frag.new"
	[ "$kernel" = reference-pnv ] && echo CONFIG_OPAL_CORE=y >> "$frag.new"
	if [ "$kernel" = preserve-pnv ]; then
		grep -v -E '^CONFIG_FA_DUMP(_KUNIT_TEST)?=' "$frag.new" > "$frag.tmp"
		printf "CONFIG_PRESERVE_FA_DUMP=y\nCONFIG_KEXEC_FILE=y\n" >> "$frag.tmp"
		mv "$frag.tmp" "$frag.new"
	fi;;
*)	cat "$LAB_REPO/lab/config/guest.config" > "$frag.new";;
esac
[ "${kernel%-pnv}" = project ] && cat "$LAB_REPO/lab/config/project.config" >> "$frag.new"
if ! cmp -s "$frag.new" "$frag" || [ ! -f "$out/.config" ]; then
	lab_say "configuring $kernel (allnoconfig + lab/config fragment)"
	mv "$frag.new" "$frag"
	mk KCONFIG_ALLCONFIG="$frag" allnoconfig > "$out/config.log" 2>&1 ||
		lab_die "configuration failed, see $out/config.log"
	bad=0
	while IFS= read -r line; do
		case "$line" in CONFIG_*=*) ;; *) continue;; esac
		grep -qx "$line" "$out/.config" && continue
		lab_say "config: wanted $line, got: $(grep "^${line%%=*}=\|# ${line%%=*} " "$out/.config" || echo missing)"
		bad=1
	done < "$frag"
	[ $bad = 0 ] || { rm -f "$frag"; lab_die "config fragment not satisfied"; }
else
	rm -f "$frag.new"
fi

log=$out/build.log
{
	echo "# lab build of $kernel: Linux $(lab_kernel_version), $(date -u)"
	echo "# compiler: $(tb ${LAB_CROSS}gcc --version | head -1)"
} > "$log"
lab_say "building $kernel kernel (Linux $(lab_kernel_version)), log $log"
start=$(date +%s)
if [ $check = 1 ]; then
	# W=1 and sparse for the series' objects only, in a separate output
	# directory so the normal build stays incremental (W=1 changes the
	# flags of every object). C=2 checks the named objects unconditionally.
	cout=$LAB_OUT/$kernel-check
	mkdir -p "$cout"
	cp "$out/.config" "$cout/.config" 2>/dev/null || {
		mk vmlinux >> "$log" 2>&1 && cp "$out/.config" "$cout/.config"; }
	objs=$(cd "$LAB_REPO" && ls arch/powerpc/kernel/fadump*.c \
		arch/powerpc/platforms/pseries/rtas-fadump*.c \
		arch/powerpc/platforms/powernv/opal-fadump*.c 2>/dev/null |
		case "$kernel" in
		*-pnv) grep -v /pseries/;;
		*) grep -v /powernv/;;
		esac | sed 's/\.c$/.o/')
	tb make -C "$src" O="$cout" ARCH=powerpc CROSS_COMPILE=$LAB_CROSS \
		-j"$(nproc)" olddefconfig >> "$log" 2>&1 &&
	tb make -C "$src" O="$cout" ARCH=powerpc CROSS_COMPILE=$LAB_CROSS \
		-j"$(nproc)" W=1 C=2 $objs "$@" >> "$log" 2>&1
else
	mk vmlinux "$@" >> "$log" 2>&1
fi
rc=$?
if [ $rc != 0 ]; then
	grep -E 'error|Error' "$log" | head -20 >&2
	lab_die "build of $kernel failed, see $log"
fi
lab_say "built $out/vmlinux in $(( $(date +%s) - start )) s"
