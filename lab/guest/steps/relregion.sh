# SPDX-License-Identifier: GPL-2.0
# Step: ranged release through /sys/kernel/fadump/release_region.
#
#   lab.relregion=probe  before the release: the file's mode and list, every
#                   refused write (kv relregion_err_CASE=ok|ERRNO) with the
#                   list unchanged after them, then one memory block inside
#                   a held range given back: read and mmap() of it through
#                   /proc/vmcore, how much of it the PT_LOADs still cover,
#                   the list, debugfs, makedumpfile -d 31 on what is left;
#                   then release_mem as usual
#   lab.relregion=save   instead of release_mem: labtool saveregion copies
#                   /proc/vmcore to the dump disk (run.sh --dump-fs) and
#                   gives each chunk back once it is on disk; the copy is
#                   checked like /proc/vmcore once all memory is back
#                   (kv saved_fidelity_*)
#   lab.relregion=race   release_region written in a loop (the first listed
#                   range, whole) while release_mem is written
#   lab.save=1      the same copy as relregion=save, but nothing is given
#                   back until release_mem, written after it (the flow of
#                   the incumbent, for the benchmark; kv save_rc)
#
# kv: relregion_* and saveregion_* (labtool), release_rc as release.sh;
# for both savers, from MemTotal sampled every 0.5 s from RELEASE start
# until all memory is online: save_half_s (seconds until half of what
# came back was back) and save_held_gibs (the memory still missing,
# integrated over that time, GiB x s).

rr_list() { cat "$(fd release_region)" 2>/dev/null; }
rr_block() { printf '%d' "0x$(cat /sys/devices/system/memory/block_size_bytes)"; }
rr_bytes() { t=0; while read -r s n; do t=$(( t + n )); done; echo $t; }
rr_err() { kv "relregion_err_$1" "$(labtool relwrite "$2" | sed 's/^relwrite=//')"; }

relregion_probe() {
	[ "$(param relregion 0)" = probe ] || return 0
	f=$(fd release_region)
	kv relregion_mode "$(stat -c %a "$f")"
	rr_list > $R/relregion.before
	kv relregion_lines "$(wc -l < $R/relregion.before)"
	b=$(rr_block)
	# the largest held range
	hs=0 he=0
	while read -r s n; do
		[ $(( n )) -gt $(( he - hs )) ] && hs=$(( s )) he=$(( s + n ))
	done < $R/relregion.before
	# a block inside it, not at its start
	x=$(( (hs + b - 1) / b * b ))
	[ "$x" = "$hs" ] && x=$(( x + b ))
	kv relregion_block "$b"
	kv relregion_range_ok "$([ $(( x + b )) -le "$he" ] && echo 1 || echo 0)"
	rr_err garbage "zero x"
	rr_err one_number "$x"
	rr_err size_zero "$x 0"
	rr_err wraps "$x 0xfffffffffff00000"
	rr_err boot_memory "0 $b"
	rr_err outside_ram "0x7f0000000000 $b"
	rr_err unaligned "$(( x + 65536 )) $b"
	rr_list > $R/relregion.after-errors
	kv relregion_unchanged "$(cmp -s $R/relregion.before $R/relregion.after-errors && echo 1 || echo 0)"
	off=$(labtool offset $x | sed 's/^offset=//')
	labtool probe "$off" | sed 's/^/relregion_before_/' >> $R/kv
	m0=$(memtotal)
	kv relregion_give "$(labtool relwrite "$x $b" | sed 's/^relwrite=//')"
	# the block comes online in the background
	hotadd_wait
	kv relregion_memtotal_delta_kb $(( $(memtotal) - m0 ))
	labtool probe "$off" | sed 's/^/relregion_after_/' >> $R/kv
	kv relregion_covered "$(labtool covers $x $(( x + b )) | sed -n 's/^covers_bytes=//p')"
	rr_err again "$x $b"
	rr_err overlap "$(( x - 65536 )) 131072"
	rr_list > $R/relregion.after
	kv relregion_listed_bytes_delta $(( $(rr_bytes < $R/relregion.before) - $(rr_bytes < $R/relregion.after) ))
	c=0
	while read -r s n; do
		[ $(( s )) -lt $(( x + b )) ] && [ "$x" -lt $(( s + n )) ] && c=$(( c + 1 ))
	done < $R/relregion.after
	kv relregion_hole_listed $c
	kv relregion_debugfs "$(grep '^Given back:' /sys/kernel/debug/powerpc/fadump_region)"
	kv relregion_vmcore_still "$([ -e /proc/vmcore ] && echo present || echo gone)"
	# makedumpfile on what is left (the block it cannot read is not in
	# any PT_LOAD any more)
	makedumpfile -F -d 31 /proc/vmcore > /dev/null 2> $R/relregion-makedumpfile.log
	kv relregion_makedumpfile_rc $?
}

# The whole dump saved and given back a chunk at a time
relregion_save() {
	mkdir -p /mnt
	mount -t ext2 /dev/vdb /mnt 2> $R/relregion.mount
	kv relregion_mount_rc $?
	labtool saveregion /mnt/vmcore 256 > $R/saveregion 2>&1
	rc=$?
	cat $R/saveregion >> $R/kv
	kv saveregion_rc $rc
	# checked once all memory is back (relregion_saved_verify): a saver
	# would not read its copy back, and the benchmark's row 8 times this
	[ -f /results/fill.map ] && cp /results/fill.map /results/fill.region /tmp/
	umount /mnt
	# release_mem stays until the background hot-add has ended
	hotadd_wait
	kv relregion_file_after "$([ -e /sys/kernel/fadump/release_region ] && echo present || echo gone)"
	kv release_mem_after "$([ -e /sys/kernel/fadump/release_mem ] && echo present || echo gone)"
	[ $rc = 0 ] && [ ! -e /sys/kernel/fadump/release_mem ]
	kv release_rc $?
}

# relregion_saved_verify: after RELEASE online, the copy relregion_save
# wrote is checked like /proc/vmcore (kv saved_verify_rc, saved_fidelity_*)
relregion_saved_verify() {
	[ "$(param relregion 0)" = save ] && [ -f /tmp/fill.map ] || return 0
	mount -t ext2 /dev/vdb /mnt 2>> $R/relregion.mount
	labtool verify /tmp/fill.map /mnt/vmcore --area /tmp/fill.region \
		> $R/saved-fidelity 2>&1
	kv saved_verify_rc $?
	sed -n 's/^fidelity_/saved_fidelity_/p' $R/saved-fidelity >> $R/kv
	umount /mnt
}

# memtrace_start / memtrace_end: MemTotal over the save (the two savers)
memtrace_start() {
	[ "$(param relregion 0)" = save ] || [ "$(param save 0)" = 1 ] || return 0
	rm -f /tmp/memtrace /tmp/memtrace.stop
	(
		while [ ! -e /tmp/memtrace.stop ]; do
			read -r up _ < /proc/uptime
			echo "$up $(memtotal)"
			sleep 0.5
		done > /tmp/memtrace
	) &
	memtrace_pid=$!
}

memtrace_end() {
	[ -n "$memtrace_pid" ] || return 0
	touch /tmp/memtrace.stop
	wait $memtrace_pid
	memtrace_pid=
	read -r up _ < /proc/uptime
	echo "$up $(memtotal)" >> /tmp/memtrace
	awk 'NR == 1 { t0 = $1; m0 = $2 } { t[NR] = $1; m[NR] = $2 }
	     END { f = m[NR]; h = m0 + (f - m0) / 2; half = -1; held = 0
		   for (i = 1; i <= NR; i++) {
			if (half < 0 && m[i] >= h) half = t[i] - t0
			if (i < NR) held += (f - m[i]) * (t[i + 1] - t[i])
		   }
		   printf "save_half_s=%.2f\nsave_held_gibs=%.1f\n", half, held / 1048576 }' \
		/tmp/memtrace >> $R/kv
}

relregion_keepsave() {
	[ "$(param save 0)" = 1 ] || return 0
	mkdir -p /mnt
	if ! mount -t ext2 /dev/vdb /mnt 2> $R/save.mount; then
		kv save_rc mount
		return 0
	fi
	labtool saveregion /mnt/vmcore 256 keep > $R/saveregion 2>&1
	kv save_rc $?
	umount /mnt
}

relregion_race_start() {
	[ "$(param relregion 0)" = race ] || return 0
	f=$(fd release_region)
	(
		n=0
		while [ -e "$f" ]; do
			set -- $(head -1 "$f" 2>/dev/null)
			[ $# = 2 ] || break
			labtool relwrite "$1 $2" > /dev/null
			n=$(( n + 1 ))
			touch /tmp/race.go
		done
		echo $n > /tmp/race.writes
	) &
	racepid=$!
	# release_mem goes in once the loop is under way
	i=0
	while [ ! -e /tmp/race.go ] && [ $i -lt 100 ]; do sleep 0.1; i=$(( i + 1 )); done
}

relregion_race_end() {
	[ "$(param relregion 0)" = race ] || return 0
	wait $racepid
	kv relregion_race_writes "$(cat /tmp/race.writes)"
	hotadd_wait
	kv relregion_file_after "$([ -e /sys/kernel/fadump/release_region ] && echo present || echo gone)"
	kv release_mem_after "$([ -e /sys/kernel/fadump/release_mem ] && echo present || echo gone)"
}
