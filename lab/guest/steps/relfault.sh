# SPDX-License-Identifier: GPL-2.0
# Step: faults during the release of the dump.
#
#   lab.relfail=1     before the release, one release attempt with the
#                     firmware's invalidate failing (debugfs
#                     powerpc/fail_fadump, CONFIG_FAULT_INJECTION_DEBUG_FS):
#                     it must fail and change nothing
#   lab.relfail=hotadd  the first release attempt invalidates the dump but
#                     fails to hot-add one memory block (fail_fadump with
#                     space 2): the write fails, the dump is gone, release_mem
#                     stays for the retry, which the normal release then is
#   lab.relcrash=SEC  crash this capture kernel (sysrq) SEC seconds after
#                     the release write started, first capture only (with
#                     fadump_rearm=0 and panic=1 the next boot has the
#                     first dump, whole, or none)
#
# kv: relfail_rc (exit status of the failing write), relfail_vmcore and
# relfail_release_mem (present|gone after it), relfail_memtotal_delta_kb,
# relfail_verify_rc (the fidelity check again, after the failed write),
# relhot_rc, relhot_vmcore, relhot_release_mem, relhot_memtotal_delta_kb,
# relhot_registered (after the failing write);
# relcrash_sec, relcrash_memtotal_before_kb and relcrash_memtotal_kb (MemTotal
# when the release started and right before the crash).

relfail() {
	[ "$(param relfail 0)" = hotadd ] && { relfail_hotadd; return 0; }
	[ "$(param relfail 0)" = 1 ] || return 0
	f=/sys/kernel/debug/powerpc/fail_fadump
	[ -d $f ] || { kv relfail_rc "no $f"; return 0; }
	echo 100 > $f/probability
	echo 1 > $f/times
	before=$(memtotal)
	echo 1 > "$(fd release_mem)"
	kv relfail_rc $?
	kv relfail_vmcore "$([ -e /proc/vmcore ] && echo present || echo gone)"
	kv relfail_release_mem "$([ -e /sys/kernel/fadump/release_mem ] && echo present || echo gone)"
	kv relfail_memtotal_delta_kb $(( $(memtotal) - before ))
	[ -f /results/fill.map ] || return 0
	labtool verify /results/fill.map /proc/vmcore --area /results/fill.region \
		> $R/relfail-fidelity 2>&1
	kv relfail_verify_rc $?
}

# relfail_hotadd: the invalidation works, the first hot-add fails
relfail_hotadd() {
	f=/sys/kernel/debug/powerpc/fail_fadump
	[ -d $f ] || { kv relhot_rc "no $f"; return 0; }
	echo 100 > $f/probability
	echo 1 > $f/times
	echo 2 > $f/space
	before=$(memtotal)
	echo 1 > "$(fd release_mem)"
	kv relhot_rc $?
	kv relhot_vmcore "$([ -e /proc/vmcore ] && echo present || echo gone)"
	kv relhot_release_mem "$([ -e /sys/kernel/fadump/release_mem ] && echo present || echo gone)"
	kv relhot_memtotal_delta_kb $(( $(memtotal) - before ))
	kv relhot_registered "$(cat "$(fd registered)")"
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
