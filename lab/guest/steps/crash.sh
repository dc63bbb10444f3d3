# SPDX-License-Identifier: GPL-2.0
# Step: crash the production kernel.
#
#   lab.crash=sysrq|oops|nmi|panic-nmi|reset|none|hang   how the
#                   production kernel dies (default sysrq; oops: LKDTM
#                   EXCEPTION with panic_on_oops=1; nmi: ask the host for
#                   an NMI from the QEMU monitor; panic-nmi: a sysrq panic
#                   slowed down by printk_delay (80 ms a message) and an
#                   NMI on every CPU while it is in progress, so that all
#                   CPUs crash at once; reset: in boot 1 a machine reset
#                   from the monitor, no crash, the registration is never
#                   undone, later boots power off; none: power off without
#                   crashing; hang: never finish, for the runner's timeout)
#   lab.unreg=1     write 0 to registered before crashing (kv unreg_rc)
#   lab.trigfail=1  the request for the dump fails (debugfs
#                   powerpc/fail_fadump, once): no dump; with panic=1 the
#                   machine must reboot into a normal boot, not hang
#
# kv: crash_how, unreg_rc, trigfail_rc. Saves $R/dmesg before the crash.

crash() {
	how=$(param crash sysrq)
	[ "$how" = none ] && finish no-crash
	[ "$how" = hang ] && { say "HANG on purpose"; while :; do sleep 60; done; }
	[ "$(param unreg 0)" = 1 ] && { echo 0 > "$(fd registered)"; kv unreg_rc $?; }
	if [ "$(param trigfail 0)" = 1 ]; then
		fail_fadump_once 0 0
		kv trigfail_rc $?
	fi
	kv crash_how "$how"
	vmcore_dmesg_mark
	dmesg > $R/dmesg
	sync
	say "CRASH $how"
	case "$how" in
	sysrq)	echo c > /proc/sysrq-trigger;;
	oops)	echo 1 > /proc/sys/kernel/panic_on_oops
		echo EXCEPTION > /sys/kernel/debug/provoke-crash/DIRECT;;
	nmi)	say "READY-FOR-NMI"; sleep 600;;
	panic-nmi)
		# Each message of the panic now takes 80 ms: the NMI, sent 1 s
		# after the marker, lands while panic() prints its backtrace.
		echo 80 > /proc/sys/kernel/printk_delay
		say "READY-FOR-NMI"
		echo c > /proc/sysrq-trigger;;
	reset)	[ "$boot" -gt 1 ] && finish reset-done
		mon reset$boot system_reset; sleep 600;;
	esac
	say "FAIL still alive after crash ($how)"
	finish alive
}
