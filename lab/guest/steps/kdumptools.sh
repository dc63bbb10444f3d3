# SPDX-License-Identifier: GPL-2.0
# Step: Debian's kdump-tools, as Debian ships it, driving the dump
# (needs the kdump-tools guest: lab/initramfs.sh --kdump-tools, lab/run.sh
# --initramfs kdump-tools --dump-fs). The lab does what the boot does on
# Debian: it mounts the dump disk on /var/crash (fstab) and runs the
# service (/etc/init.d/kdump-tools start, as kdump-tools.service does);
# everything else is kdump-tools' own code.
#
#   lab.kdumptools=1
#     boot 1 (kdumptools_production, before the fill and the crash):
#       kdt stop (the service's stop: kdump-config unload), status, start
#       (load), status, show, and what udev runs for a CPU coming online
#       (the PROGRAM of kdump-tools' udev rule: kdump-config try-reload)
#     capture (kdumptools_capture): the service's start, which saves the
#       dmesg and the dump into KDUMP_COREDIR and reboots (reboot -f); it
#       does not return
#     the boot after it (kdumptools_after_reboot): the service's start,
#       status; the dump directory's listing
#
# Where fadump cannot work (fadump_enabled reads 0) kdump-tools falls back
# to kdump: the same commands load and unload a kdump kernel with kexec -p
# (the run gives one: lab/run.sh --kdump-kernel, kdump_install in
# kexec.sh), and the capture kernel is that kdump kernel.
#
# kv per command NAME: kdt_NAME_rc (exit status), kdt_NAME_registered
# (registered after it), kdt_NAME_loaded (/sys/kernel/kexec_crash_loaded
# after it), kdt_NAME_log (the kernel's fadump registration
# messages it caused, in order: "unregistered", "registered"); output in
# $R/kdt.NAME. Also kdt_boot_registered (before any kdump-tools command),
# kdt_status*_state, kdt_show_mode, kdt_show_state, kdt_show_coredir,
# kdt_hotplug_program, kdt_phase, kdt_dumpdisk_mount_rc, kdt_packages.

kdt_on() { [ "$(param kdumptools 0)" = 1 ]; }

kdt_mount() {
	mount -t ext2 /dev/vdb /var/crash 2> $R/kdt.mount
	kv kdt_dumpdisk_mount_rc $?
	kdump_install
}

# the kernel's registration messages in dmesg after line $1, in order
kdt_reglog() {
	dmesg | awk -v n="$1" 'NR > n' |
		sed -n 's/.*fadump: unregistered from the firmware.*/unregistered/p;
			s/.*fadump: registered with the firmware.*/registered/p' |
		tr '\n' ' ' | sed 's/ $//'
}

# kdt NAME COMMAND...: run a kdump-tools command and record what it did
kdt() {
	n=$1; shift
	l0=$(dmesg | wc -l)
	say "KDUMP-TOOLS $n: $*"
	"$@" > $R/kdt.$n 2>&1
	kv "kdt_${n}_rc" $?
	kv "kdt_${n}_registered" "$(cat "$(fd registered)")"
	kv "kdt_${n}_loaded" "$(cat /sys/kernel/kexec_crash_loaded)"
	kv "kdt_${n}_log" "$(kdt_reglog "$l0")"
	sed "s/^/LAB[$boot]: kdt.$n| /" $R/kdt.$n
}

# kdt_state NAME: the "current state" line of kdt.NAME
kdt_state() { sed -n 's/^current state *: *//p' $R/kdt.$1 | head -1; }

kdumptools_production() {
	kdt_on && [ "$boot" = 1 ] || return 0
	kv kdt_packages "$(tr '\n' ' ' < /etc/lab-packages)"
	kv kdt_boot_registered "$(cat "$(fd registered)")"
	kdt_mount
	kdt stop /etc/init.d/kdump-tools stop
	kdt status0 kdump-config status
	kv kdt_status0_state "$(kdt_state status0)"
	kdt start /etc/init.d/kdump-tools start
	kdt status kdump-config status
	kv kdt_status_state "$(kdt_state status)"
	kdt show kdump-config show
	kv kdt_show_mode "$(sed -n 's/^DUMP_MODE:[[:space:]]*//p' $R/kdt.show)"
	kv kdt_show_coredir "$(sed -n 's/^KDUMP_COREDIR:[[:space:]]*//p' $R/kdt.show)"
	kv kdt_show_state "$(kdt_state show)"
	# What udev runs when a CPU comes online (kdump-tools' rule)
	prog=$(sed -n 's/^SUBSYSTEM=="cpu", ACTION=="online", PROGRAM="\([^"]*\)".*/\1/p' \
		/usr/lib/udev/rules.d/50-kdump-tools.rules)
	kv kdt_hotplug_program "$prog"
	# shellcheck disable=SC2086
	[ -n "$prog" ] && kdt hotplug $prog
	sync
}

kdumptools_capture() {
	kdt_on || return 0
	kdt_mount
	dmesg > $R/dmesg
	sync
	say "KDUMP-TOOLS capture: /etc/init.d/kdump-tools start"
	/etc/init.d/kdump-tools start 2>&1 | tee $R/kdt.capture
	# not reached: the service reboots the machine
	kv kdt_capture_returned 1
	finish kdt-returned
}

kdumptools_after_reboot() {
	kdt_on || return 0
	kv kdt_phase "$([ -e /proc/vmcore ] && echo capture || echo production)"
	[ -e /proc/vmcore ] && return 0
	wait_registered
	kv kdt_boot_registered "$(cat "$(fd registered)")"
	kdt_mount
	kdt start /etc/init.d/kdump-tools start
	kdt status kdump-config status
	kv kdt_status_state "$(kdt_state status)"
	state armed
	ls -lR /var/crash > $R/kdt.coredir 2>&1
	umount /var/crash
}
