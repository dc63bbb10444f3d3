# SPDX-License-Identifier: GPL-2.0
# Step: makedumpfile's multi-threaded compression on /proc/vmcore.
#
#   lab.mdthreads=N[,N...]   in the capture kernel, before the release:
#                     for each N, makedumpfile -l -d 23 --num-threads N
#                     /proc/vmcore to the dump disk (lab/run.sh --dump-fs,
#                     mounted on /mnt), as dump-tN.lzo (N=1: without
#                     --num-threads); -d 23 keeps user pages
#
# kv: mdthreads_N_rc, mdthreads_N_bytes, mdthreads_N_seconds; the log of
# each in $R/makedumpfile-tN.log.

mdthreads() {
	t=$(param mdthreads 0)
	[ "$t" != 0 ] || return 0
	mkdir -p /mnt
	mount -t ext2 /dev/vdb /mnt 2> $R/mdthreads.mount
	kv mdthreads_mount_rc $?
	for n in $(echo "$t" | tr ',' ' '); do
		say "MAKEDUMPFILE --num-threads $n"
		s0=$(date +%s)
		opt="--num-threads $n"; [ "$n" = 1 ] && opt=
		# shellcheck disable=SC2086
		makedumpfile -l -d 23 $opt /proc/vmcore /mnt/dump-t$n.lzo \
			> $R/makedumpfile-t$n.log 2>&1
		kv "mdthreads_${n}_rc" $?
		kv "mdthreads_${n}_seconds" $(( $(date +%s) - s0 ))
		kv "mdthreads_${n}_bytes" "$(stat -c %s /mnt/dump-t$n.lzo 2>/dev/null || echo 0)"
	done
	umount /mnt
	sync
}
