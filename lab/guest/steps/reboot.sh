# SPDX-License-Identifier: GPL-2.0
# Step: what dump services do after saving the dump. Debian's kdump-tools
# and Fedora's kdump-utils save /proc/vmcore and reboot; they never write
# release_mem.
#
#   lab.release=reboot   the first capture kernel reboots (reboot -f)
#                        after saving instead of releasing; a later one
#                        (fadump_keep=1 presents the dump again) releases
#
# kv (in the boot after the reboot): reboot_next_phase (production or
# capture), and the armed state of a production boot (state armed).

saved_reboot() {
	[ "$(param release 1)" = reboot ] && [ "$captures" = 1 ] || return 0
	say "REBOOT without release"
	dmesg > $R/dmesg
	sync
	umount /results
	reboot -f
}

# In the boot after it: a production kernel records that it is armed.
after_saved_reboot() {
	[ "$(param release 1)" = reboot ] || return 0
	kv reboot_next_phase "$([ -e /proc/vmcore ] && echo capture || echo production)"
	[ -e /proc/vmcore ] && return 0
	wait_registered
	state armed
}
