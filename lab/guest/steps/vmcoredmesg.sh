# SPDX-License-Identifier: GPL-2.0
# Step: kexec-tools' vmcore-dmesg on /proc/vmcore (the kdump-tools guest
# has it).
#
#   lab.vmcoredmesg=1
#     production (vmcore_dmesg_mark, called by crash just before the
#       crash): the kernel logs "lab: crash mark ID" (ID random, kv
#       crash_mark, kept in /results/crash.mark)
#     capture (vmcore_dmesg): vmcore-dmesg /proc/vmcore > $R/vmcore-dmesg
#
# kv: crash_mark; vmcore_dmesg_rc, vmcore_dmesg_lines, vmcore_dmesg_mark
# (lines with this crash's mark), vmcore_dmesg_sysrq (lines with the
# sysrq crash message).

vmcore_dmesg_mark() {
	[ "$(param vmcoredmesg 0)" = 1 ] || return 0
	id=$(cat /proc/sys/kernel/random/uuid)
	echo "$id" > /results/crash.mark
	kv crash_mark "$id"
	echo "lab: crash mark $id" > /dev/kmsg
}

vmcore_dmesg() {
	[ "$(param vmcoredmesg 0)" = 1 ] || return 0
	vmcore-dmesg /proc/vmcore > $R/vmcore-dmesg 2> $R/vmcore-dmesg.err
	kv vmcore_dmesg_rc $?
	kv vmcore_dmesg_lines "$(wc -l < $R/vmcore-dmesg)"
	kv vmcore_dmesg_mark "$(grep -c "lab: crash mark $(cat /results/crash.mark 2>/dev/null)\$" $R/vmcore-dmesg)"
	kv vmcore_dmesg_sysrq "$(grep -c 'sysrq: Trigger a crash$' $R/vmcore-dmesg)"
}
