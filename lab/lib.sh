# SPDX-License-Identifier: GPL-2.0
# Common helpers for the fadump lab. Sourced by every lab script.
#
# Everything downloaded or built lives in $FADUMP_LAB_CACHE (default
# ~/.cache/fadump-lab), never in the repository:
#   toolbox/            Debian sid rootfs: qemu-system-ppc, cross gcc, gdb-multiarch
#   base/linux-source-6.12/   pristine base tree (Debian linux-source-6.12)
#   src/project/        base + this repository's files, incumbent removed
#   guest-root/         Debian ppc64el userspace (busybox-static, makedumpfile)
# Build outputs and run logs go to $LAB_OUT (default <repo>/build, git-ignored).

set -o pipefail

LAB_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LAB_CACHE=${FADUMP_LAB_CACHE:-$HOME/.cache/fadump-lab}
LAB_OUT=${LAB_OUT:-$LAB_REPO/build}
LAB_TOOLBOX=$LAB_CACHE/toolbox
LAB_BASE=$LAB_CACHE/base/linux-source-6.12
# The project tree (base + series files) and the series' scratch trees are
# per checkout, so that two checkouts never build in each other's tree.
LAB_KEY=$(printf '%s' "$LAB_REPO" | sha1sum | cut -c1-8)
LAB_SRC=${LAB_SRC:-$LAB_CACHE/src/project-$LAB_KEY}
LAB_SERIES=${LAB_SERIES:-$LAB_CACHE/series-$LAB_KEY}
LAB_MIRROR=${LAB_MIRROR:-http://deb.debian.org/debian}
LAB_CROSS=powerpc64le-linux-gnu-

lab_say() { printf '[lab %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
lab_die() { printf '[lab] error: %s\n' "$*" >&2; exit 2; }

# Run a command inside the toolbox rootfs, with the repository, the cache
# and the output directory visible at the same paths as on the host.  A
# private mount namespace makes every mount vanish when the command ends.
tb() {
	[ -x "$LAB_TOOLBOX/usr/bin/qemu-system-ppc64" ] ||
		lab_die "toolbox missing at $LAB_TOOLBOX: run lab/toolbox.sh first"
	local d
	for d in "$LAB_REPO" "$LAB_CACHE" "$LAB_OUT"; do
		mkdir -p "$d" "$LAB_TOOLBOX$d"
	done
	unshare -m -- /bin/sh -c '
		set -e
		T=$1; shift; R=$1; shift; C=$1; shift; O=$1; shift; W=$1; shift
		mount -t proc proc "$T/proc"
		mount --rbind /dev "$T/dev"
		mount --rbind /sys "$T/sys" 2>/dev/null || true
		mount --bind /tmp "$T/tmp"
		mount --bind "$R" "$T$R"
		[ "$C" = "$R" ] || mount --bind "$C" "$T$C"
		case "$O" in "$R"/*) ;; *) mount --bind "$O" "$T$O";; esac
		cd "$T$W" 2>/dev/null && exec chroot "$T" /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$W" "$@"
		exec chroot "$T" "$@"
	' lab-tb "$LAB_TOOLBOX" "$LAB_REPO" "$LAB_CACHE" "$LAB_OUT" "$PWD" "$@"
}

# parse_size 2G|512M|1024 -> megabytes on stdout; error on anything else
parse_size_mb() {
	case "$1" in
	[0-9]*[Gg]) echo $(( ${1%[Gg]} * 1024 ));;
	[0-9]*[Mm]) echo "${1%[Mm]}";;
	[0-9]*[Tt]) echo $(( ${1%[Tt]} * 1024 * 1024 ));;
	*) return 1;;
	esac | grep -E '^[0-9]+$'
}

lab_kernel_version() {
	local v
	v=$(sed -n 's/^\(VERSION\|PATCHLEVEL\|SUBLEVEL\) = //p' "$LAB_BASE/Makefile" | paste -sd.)
	echo "$v ($(cat "$LAB_CACHE/base/debian-version" 2>/dev/null || echo unknown))"
}
