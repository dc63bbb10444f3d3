# SPDX-License-Identifier: GPL-2.0
# Step: a bootloader kernel, in the role petitboot has on OpenPOWER
# machines. The firmware boots a kernel built with CONFIG_PRESERVE_FA_DUMP
# (the lab's preserve-pnv) after every IPL, MPIPL included; it loads the
# production kernel with Debian's kexec-tools as petitboot does (kexec -l,
# then kexec -e; kexec-tools 2.0.32 takes kexec_file_load() where the
# kernel has it, and this one has), from the dump disk (/dev/vdb: next/vmlinux,
# next/initrd.img, put there by lab/run.sh --next-kernel), with its own
# command line. Its boots are not the scenario's boots: results in
# /results/bootpN (N = 1, 2, ...), console markers LAB[pN].
#
#   lab.petitboot=1   in a kernel without fadump's control files, first
#                     thing (petitboot; does not return)
#
# kv: pb_mpipl (1 if /ibm,opal/dump has mpipl-boot), pb_memtotal_kb,
# pb_kept (the kernel's "keeping START-END" range, or none),
# pb_iomem_top (the end of the highest System RAM in /proc/iomem),
# pb_mount_rc, pb_kexec_rc (kexec -l's exit status), pb_kexec_msg (its
# first line of output that is not debug output), pb_kexec_syscall (file:
# kexec used kexec_file_load(), load: kexec_load()),
# pb_kexec_segments (how many segments -d listed), pb_kexec_top (the end
# of the highest, decimal).

petitboot() {
	[ "$(param petitboot 0)" = 1 ] || return 0
	{ [ -e /sys/kernel/fadump/registered ] || [ -e /sys/kernel/fadump_registered ]; } && return 0
	local n rc
	n=$(( $(cat /results/pboots 2>/dev/null || echo 0) + 1 ))
	echo $n > /results/pboots
	boot=p$n R=/results/bootp$n
	mkdir -p $R
	[ $n -gt 8 ] && finish petitboot-loop
	say "PETITBOOT $(uname -r)"
	dmesg > $R/dmesg
	kv pb_mpipl "$([ -e /proc/device-tree/ibm,opal/dump/mpipl-boot ] && echo 1 || echo 0)"
	kv pb_memtotal_kb "$(memtotal)"
	kv pb_kept "$(sed -n 's/.*fadump: preserve: keeping \(0x[0-9a-f]*-0x[0-9a-f]*\) .*/\1/p' $R/dmesg | head -1)"
	kv pb_iomem_top "$(awk -F'[- :]+' '/System RAM/ { e = $2 } END { print e }' /proc/iomem)"
	mkdir -p /mnt/next
	mount -t ext2 -o ro /dev/vdb /mnt/next 2> $R/mount.err
	kv pb_mount_rc $?
	kexec -d -l /mnt/next/next/vmlinux --initrd=/mnt/next/next/initrd.img \
		--command-line="$(cat /proc/cmdline)" > $R/kexec.out 2>&1
	rc=$?
	kv pb_kexec_rc $rc
	kv pb_kexec_msg "$(grep -v '^[a-z_]*:\|^segment\|^ ' $R/kexec.out | grep . | head -1)"
	# The segments: kexec_file_load() lists them in the kernel log with
	# -d (KEXEC_FILE_DEBUG), "segment[N]: buf=.. bufsz=.. mem=A memsz=S";
	# kexec_load() in kexec's own output, "segment[N].mem = A" and
	# "segment[N].memsz = S"
	dmesg > $R/dmesg.kexec
	{ sed -n 's/.*segment\[[0-9]*\]: buf=.* mem=\(0x[0-9a-f]*\) memsz=\(0x[0-9a-f]*\).*/\1 \2/p' $R/dmesg.kexec
	  awk '$1 ~ /^segment\[[0-9]+\]\.mem$/ { a = $3 }
	       $1 ~ /^segment\[[0-9]+\]\.memsz$/ { print a, $3 }' $R/kexec.out
	} > $R/kexec.segments
	kv pb_kexec_syscall "$(grep -q 'kexec_file' $R/dmesg.kexec && echo file || echo load)"
	kv pb_kexec_segments "$(grep -c . $R/kexec.segments)"
	kv pb_kexec_top "$(while read a z; do printf '%d\n' $(( a + z )); done < $R/kexec.segments | sort -n | tail -1)"
	umount /mnt/next
	[ $rc = 0 ] || finish petitboot-kexec-failed
	say "KEXEC -e"
	sync
	umount /results
	kexec -e
	mount -t ext2 /dev/vda /results
	finish petitboot-kexec-returned
}
