# SPDX-License-Identifier: GPL-2.0
# Step: faults during the release of the dump.
#
#   lab.relfail=1     before the release, one release attempt with the
#                     firmware's invalidate failing (debugfs
#                     powerpc/fail_fadump, CONFIG_FAULT_INJECTION_DEBUG_FS):
#                     it must fail and change nothing
#   lab.relfail=hotadd  the first release attempt invalidates the dump, but
#                     its first background hot-add call fails (fail_fadump
#                     with space 2): the dump is gone, we are armed, and
#                     release_mem stays for the retry, which the normal
#                     release then is
#   lab.relcrash=SEC  crash this capture kernel (sysrq) SEC seconds after
#                     the release write started, first capture only (with
#                     fadump_rearm=0 and panic=1 the next boot has the
#                     first dump, whole, or none)
#
# kv: relfail_rc (exit status of the failing write), KEY_hotadd_failed
# (debugfs "Hot-add failed" lines once the hot-add ended), relfail_vmcore and
# relfail_release_mem (present|gone after it), relfail_memtotal_delta_kb,
# relfail_verify_rc (the fidelity check again, after the failed write),
# relhot_rc, relhot_vmcore, relhot_release_mem, relhot_memtotal_delta_kb,
# relhot_registered (after the failing write);
# relcrash_sec, relcrash_memtotal_before_kb and relcrash_memtotal_kb (MemTotal
# when the release started and right before the crash).

# relfail_write KEY SPACE: one release write with the SPACE-th call
# checked against fail_fadump failing; kv KEY_rc, KEY_vmcore,
# KEY_release_mem, KEY_memtotal_delta_kb. Returns 1 without fail_fadump.
relfail_write() {
	fail_fadump_once "$2" 2 ||
		{ kv $1_rc "no /sys/kernel/debug/powerpc/fail_fadump"; return 1; }
	before=$(memtotal)
	echo 1 > "$(fd release_mem)"
	kv $1_rc $?
	# What the background hot-add did, once it ended
	hotadd_wait
	kv $1_hotadd_failed "$(grep -c '^Hot-add failed' /sys/kernel/debug/powerpc/fadump_region)"
	kv $1_vmcore "$([ -e /proc/vmcore ] && echo present || echo gone)"
	kv $1_release_mem "$([ -e /sys/kernel/fadump/release_mem ] && echo present || echo gone)"
	kv $1_memtotal_delta_kb $(( $(memtotal) - before ))
}

relfail() {
	case "$(param relfail 0)" in
	1)	# the invalidation fails: nothing may change
		relfail_write relfail 0 || return 0
		[ -f /results/fill.map ] || return 0
		labtool verify /results/fill.map /proc/vmcore --area /results/fill.region \
			> $R/relfail-fidelity 2>&1
		kv relfail_verify_rc $?;;
	hotadd)	# the invalidation works, the first hot-add fails
		relfail_write relhot 2 || return 0
		kv relhot_registered "$(cat "$(fd registered)")";;
	esac
	return 0
}

# relcrash_arm: started right before the release write
relcrash_arm() {
	sec=$(param relcrash '')
	[ -n "$sec" ] && [ "$captures" = 1 ] || return 0
	kv relcrash_sec "$sec"
	kv relcrash_memtotal_before_kb "$(memtotal)"
	sync
	# MemTotal grows as the release gives memory back: noted at the crash.
	( sleep "$sec"; kv relcrash_memtotal_kb "$(memtotal)"; sync
	  echo c > /proc/sysrq-trigger ) &
}
