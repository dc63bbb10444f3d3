# SPDX-License-Identifier: GPL-2.0
# Step: makedumpfile's multi-threaded compression on /proc/vmcore.
#
#   lab.mdthreads=N[,N...]   in the capture kernel, before the release:
#                     makedumpfile -l -d 23 /proc/vmcore to the dump disk
#                     (lab/run.sh --dump-fs, mounted on /mnt) as
#                     dump-t1.lzo without --num-threads, then for each
#                     N > 1 with --num-threads N as dump-tN.lzo; -d 23
#                     keeps user pages
#   lab.mdrepeat=K    each threaded run K times (default 1); every one is
#                     compared (cmp) with dump-t1.lzo, the last is kept
#   lab.mdenv=VAR=VAL[,VAR=VAL...]  added to makedumpfile's environment
#                     (e.g. LD_DEBUG=libs, into the log; LD_PRELOAD= drops
#                     the work-around below)
#
# kv: mdthreads_mount_rc, mdthreads_1_rc, and for each N: mdthreads_N_rc
# (of the last run), mdthreads_N_runs, mdthreads_N_failed (runs that did
# not exit 0), mdthreads_N_differ (runs that exited 0 with other bytes than
# dump-t1.lzo), mdthreads_N_seconds, mdthreads_N_bytes; the log of each
# run in $R/makedumpfile-t1.log and $R/makedumpfile-tN-K.log.

# Every worker thread of makedumpfile 1.7.8 (kdump_thread_function_cyclic)
# ends with close(0): its bitmap_memory_parallel is zero-initialised and
# its fd, unused without refiltering, is closed as if it were open. The
# first such close takes stdin; then pthread_exit() in that thread has
# glibc dlopen libgcc_s.so.1, whose fd is the free 0, and when another
# worker's close(0) comes while ld.so is still reading or mapping it,
# that dlopen fails and glibc aborts: "libgcc_s.so.1 must be installed
# for pthread_exit to work" (about one threaded run in three here).
# Loaded at start (LD_PRELOAD), libgcc_s is found already loaded at
# pthread_exit and no file is opened while the workers' close(0)s run.
#
# md_run N LOG: one makedumpfile run into /mnt/dump-tN.lzo; its exit status
md_run() {
	opt="--num-threads $1"; [ "$1" = 1 ] && opt=
	rm -f /mnt/dump-t$1.lzo
	# shellcheck disable=SC2086
	env LD_PRELOAD=libgcc_s.so.1 $(param mdenv "" | tr , " ") \
		makedumpfile -l -d 23 $opt /proc/vmcore /mnt/dump-t$1.lzo > "$2" 2>&1
}

mdthreads() {
	t=$(param mdthreads 0)
	[ "$t" != 0 ] || return 0
	k=$(param mdrepeat 1)
	mkdir -p /mnt
	mount -t ext2 /dev/vdb /mnt 2> $R/mdthreads.mount
	kv mdthreads_mount_rc $?
	say "MAKEDUMPFILE single-threaded"
	md_run 1 $R/makedumpfile-t1.log
	kv mdthreads_1_rc $?
	kv mdthreads_1_bytes "$(stat -c %s /mnt/dump-t1.lzo 2>/dev/null || echo 0)"
	for n in $(echo "$t" | tr ',' ' '); do
		[ "$n" = 1 ] && continue
		i=0 failed=0 differ=0 s0=$(date +%s)
		while [ $i -lt "$k" ]; do
			i=$((i + 1))
			say "MAKEDUMPFILE --num-threads $n ($i of $k)"
			md_run "$n" $R/makedumpfile-t$n-$i.log
			rc=$?
			if [ $rc != 0 ]; then
				failed=$((failed + 1))
			elif ! cmp -s /mnt/dump-t1.lzo /mnt/dump-t$n.lzo; then
				differ=$((differ + 1))
			fi
		done
		kv "mdthreads_${n}_rc" $rc
		kv "mdthreads_${n}_runs" $i
		kv "mdthreads_${n}_failed" $failed
		kv "mdthreads_${n}_differ" $differ
		kv "mdthreads_${n}_seconds" $(( $(date +%s) - s0 ))
		kv "mdthreads_${n}_bytes" "$(stat -c %s /mnt/dump-t$n.lzo 2>/dev/null || echo 0)"
	done
	umount /mnt
	sync
}
