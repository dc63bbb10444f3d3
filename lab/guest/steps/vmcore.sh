# SPDX-License-Identifier: GPL-2.0
# Steps of the capture kernel on /proc/vmcore, before the release.
#
#   lab.readbw=MB   measure the /proc/vmcore read throughput over MB MiB
#                   (kv vmcore_read_mb, vmcore_read_mbps, memory_read_mbps)
#   lab.copy=1      copy /proc/vmcore to /dev/vdb, raw (the host reads it
#                   as dump.img; kv vmcore_copy_rc, vmcore_bytes)
#   lab.mdout=pipe  makedumpfile -F (flattened) into a pipe, not -l to
#                   /tmp: the dump's size is not taken from the capture
#                   kernel's memory (the benchmark's bisection)
#   lab.elf=1       also makedumpfile -E -d 31 to $R/vmcore.elf for gdb on
#                   the host (kv makedumpfile_elf_rc)
#
# Always: vmcore_inspect (labtool elfinfo and mmap: kv elfinfo_rc, phnum,
# pt_load, pt_load_bytes, nt_prstatus, vmcoreinfo, mmap_rc, mmap_checked,
# mmap_mismatch) and, in vmcore_save, makedumpfile -l -d 31 (kv
# makedumpfile_rc, makedumpfile_bytes, capture_used_kb: MemTotal - MemAvailable
# after it).

vmcore_inspect() {
	labtool elfinfo > $R/elfinfo 2>&1; kv elfinfo_rc $?
	grep -v '^load=' $R/elfinfo >> $R/kv
	labtool mmap > $R/mmap 2>&1; kv mmap_rc $?
	cat $R/mmap >> $R/kv
}

vmcore_readbw() {
	bw=$(param readbw 0)
	[ "$bw" != 0 ] && { labtool readbw "$bw" >> $R/kv 2>&1; }
	return 0
}

vmcore_copy() {
	[ "$(param copy 0)" = 1 ] || return 0
	say "COPY vmcore to /dev/vdb"
	dd if=/proc/vmcore of=/dev/vdb bs=1M 2> $R/copy.err
	kv vmcore_copy_rc $?
	kv vmcore_bytes "$(stat -c %s /proc/vmcore)"
}

vmcore_save() {
	say "MAKEDUMPFILE start"
	if [ "$(param mdout tmp)" = pipe ]; then
		# The flattened format to a pipe, as a service that sends the
		# dump over ssh: the dump takes none of the capture kernel's
		# memory (in /tmp it does: about 240 MB at 1 TiB).
		# Its exit status, not the pipe's (ash has no pipefail).
		bytes=$( { makedumpfile -F -l -d 31 /proc/vmcore 2> $R/makedumpfile.log
			echo $? > $R/makedumpfile.rc; } | wc -c)
		kv makedumpfile_rc "$(cat $R/makedumpfile.rc)"
		kv makedumpfile_bytes "$bytes"
	else
		makedumpfile -l -d 31 /proc/vmcore /tmp/dump.lzo > $R/makedumpfile.log 2>&1
		kv makedumpfile_rc $?
		kv makedumpfile_bytes "$(stat -c %s /tmp/dump.lzo 2>/dev/null || echo 0)"
		rm -f /tmp/dump.lzo
	fi
	# What the capture kernel has in use once the dump was saved
	kv capture_used_kb "$(awk '/^MemTotal/ {t = $2} /^MemAvailable/ {a = $2} END {print t - a}' /proc/meminfo)"
	if [ "$(param elf 0)" = 1 ]; then
		makedumpfile -E -d 31 /proc/vmcore $R/vmcore.elf > $R/makedumpfile-elf.log 2>&1
		kv makedumpfile_elf_rc $?
	fi
	say "SAVED"
}
