# SPDX-License-Identifier: GPL-2.0
# Helpers of the lab's guest init (busybox sh), sourced by lab/guest/init
# before the steps. Results: key=value lines in $R/kv (kv), the steps taken
# in $R/steps (say), files in $R = /results/bootN. State that crosses a
# boot lives in /results (the ext2 disk /dev/vda).

# param NAME DEFAULT: the value of lab.NAME= on the kernel command line
param() {
	for w in $(cat /proc/cmdline); do
		case "$w" in lab.$1=*) echo "${w#*=}"; return;; esac
	done
	echo "$2"
}
say() { echo "LAB[$boot]: $*"; echo "$*" >> $R/steps; }
kv() { echo "$1=$2" >> $R/kv; echo "LAB[$boot]: $1=$2"; }
memtotal() { awk '/^MemTotal/ {print $2}' /proc/meminfo; }
fd() { # first readable of the new and the legacy sysfs name
	for f in /sys/kernel/fadump/$1 /sys/kernel/fadump_$1; do
		[ -e $f ] && { echo $f; return; }
	done
	# absent: a sysfs path that cannot be created, so a write fails
	echo /sys/kernel/fadump/absent-$1
}
finish() {
	say "END $1"
	dmesg > $R/dmesg
	sync
	umount /results
	poweroff -f
}

# RTAS location, as the kernel sees it in the device tree
rtas_range() {
	b=$(od -An -tx1 /proc/device-tree/rtas/linux,rtas-base 2>/dev/null | tr -d ' \n')
	z=$(od -An -tx1 /proc/device-tree/rtas/rtas-size 2>/dev/null | tr -d ' \n')
	[ -n "$b" ] && echo "0x$b 0x$z"
}

# state PHASE (armed|capture|released): the fadump files, as kv
# fadump_PHASE_* / legacy_PHASE_* / release_mem_present_PHASE, and as
# files: fadump_region.PHASE and sysfs.PHASE.NAME (for
# lab/check-doc-examples.sh --region/--sysfs)
state() {
	for f in enabled registered mem_reserved hotplug_ready bootargs_append; do
		[ -r /sys/kernel/fadump/$f ] && kv "fadump_$1_$f" "$(cat /sys/kernel/fadump/$f)"
	done
	for f in enabled registered; do
		[ -r /sys/kernel/fadump_$f ] && kv "legacy_$1_$f" "$(cat /sys/kernel/fadump_$f)"
	done
	kv "release_mem_present_$1" "$([ -e "$(fd release_mem)" ] && echo 1 || echo 0)"
	cat /sys/kernel/debug/powerpc/fadump_region > $R/fadump_region.$1 2>&1
	for f in enabled registered mem_reserved hotplug_ready bootargs_append; do
		[ -r /sys/kernel/fadump/$f ] && cat /sys/kernel/fadump/$f > $R/sysfs.$1.$f 2>&1
	done
}

# fail_fadump_once SPACE VERBOSE: the SPACE-th next call the kernel checks
# against debugfs powerpc/fail_fadump (0 or 1: the next one) fails, once.
# Returns non-zero without CONFIG_FAULT_INJECTION_DEBUG_FS.
fail_fadump_once() {
	f=/sys/kernel/debug/powerpc/fail_fadump
	[ -d $f ] || return 1
	echo 100 > $f/probability && echo 1 > $f/times && echo "$1" > $f/space &&
		echo "$2" > $f/verbose
}

# mon TAG CMD: have the host run a QEMU monitor command (lab/monwatch.py)
mon() { say "LAB-MON[$1]: $2"; }

wait_registered() {
	i=0
	while [ "$(cat "$(fd registered)" 2>/dev/null)" != 1 ] && [ $i -lt 50 ]; do
		sleep 0.2; i=$((i + 1))
	done
}
# hotadd_wait: after a release, wait (up to 10 minutes) while the debugfs
# region file says released memory is still being hot-added (our kernel
# does that in the background; the incumbent has nothing to add).
hotadd_wait() {
	i=0
	while grep -q '^Hot-adding:' /sys/kernel/debug/powerpc/fadump_region 2>/dev/null &&
		[ $i -lt 12000 ]; do
		sleep 0.05; i=$((i + 1))
	done
}
# wait_file FILE TENTHS: wait up to TENTHS/10 s for FILE to exist
wait_file() {
	i=0
	while [ ! -e "$1" ] && [ $i -lt "$2" ]; do sleep 0.1; i=$((i + 1)); done
	[ -e "$1" ]
}
