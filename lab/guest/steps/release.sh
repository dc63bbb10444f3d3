# SPDX-License-Identifier: GPL-2.0
# Step: release the dump, and what comes after it.
#
#   lab.release=0   do not release the dump (power off holding it)
#   lab.rereg=1     write 1 to registered after the release (kv rereg_rc)
#   lab.cycles=N    crash -> capture -> release cycles in one guest run
#                   (default 1): after the release the capture kernel,
#                   re-armed, runs the production steps and crashes again
#
# kv: release_rc, memtotal_before_release_kb, memtotal_after_release_kb
# (once all released memory is back online: release_online, after the
# kernel is armed again), vmcore_after_release (present|gone),
# hpt_order_before_release and hpt_order_after_online (the hashed page
# table's log2 size, debugfs powerpc/hpt_order; none without one).

release() {
	case "$(param release 1)" in 1|reboot) ;; *) finish no-release;; esac
	relfail
	relregion_probe
	before=$(memtotal)
	kv hpt_order_before_release "$(hpt_order)"
	say "RELEASE start"
	memtrace_start
	relcrash_arm
	if [ "$(param relregion 0)" = save ]; then
		relregion_save
	else
		relregion_keepsave
		relregion_race_start
		echo 1 > "$(fd release_mem)"
		kv release_rc $?
		relregion_race_end
	fi
	say "RELEASE done"
	# Kept until now: a dump still there after a crash in the release is
	# checked against it.
	fill_forget
	kv memtotal_before_release_kb "$before"
	kv vmcore_after_release "$([ -e /proc/vmcore ] && echo present || echo gone)"
}

# release_online: the released memory is all online (marker RELEASE online)
release_online() {
	case "$(param release 1)" in 1|reboot) ;; *) return 0;; esac
	hotadd_wait
	say "RELEASE online"
	memtrace_end
	kv memtotal_after_release_kb "$(memtotal)"
	kv hpt_order_after_online "$(hpt_order)"
}

hpt_order() { cat /sys/kernel/debug/powerpc/hpt_order 2>/dev/null || echo none; }

rereg() {
	if [ "$(param rereg 0)" = 1 ]; then
		echo 1 > "$(fd registered)"; kv rereg_rc $?
	fi
	return 0
}

# more_cycles: true while this run wants another crash
more_cycles() { [ "$captures" -lt "$(param cycles 1)" ]; }
