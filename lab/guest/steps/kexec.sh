# SPDX-License-Identifier: GPL-2.0
# Step: kdump beside fadump, with Debian's kexec-tools (the kdump-tools
# guest) and the kernel and initramfs that lab/run.sh --kdump-kernel put
# on the dump disk (/dev/vdb: kdump/vmlinux, kdump/initrd.img).
#
#   kdump_install (called by kdt_mount of kdumptools.sh, and here): the
#     layout a Debian system has, which kdump-tools' defaults
#     (KDUMP_KERNEL=/var/lib/kdump/vmlinuz, KDUMP_INITRD=
#     /var/lib/kdump/initrd.img, symlinks kdump-config makes) expect:
#     /boot/vmlinux-$(uname -r) (the kernel package) and
#     /var/lib/kdump/initrd.img-$(uname -r) (kdump-tools' kernel hook),
#     as symlinks into the dump disk, and the record that the hook built
#     that initrd with the current /etc/kdump/sysctl.conf
#     (/var/lib/kdump/latest_sysctls-VERSION: without it kdump-config
#     deletes the initrd to have the hook, which needs mkinitramfs, build
#     it again); kv kdump_installed, kdump_crash_size
#     (/sys/kernel/kexec_crash_size: the kdump reservation)
#   lab.kexecp=1   production, before the fill and the crash
#     (kexecp_production): kexec -p with that kernel, initramfs and this
#     boot's command line, as kdump-config would run it; output in
#     $R/kexecp.out
#
# kv: kexecp_rc (kexec's exit status), kexecp_msg (its first line of
# output), kexecp_loaded (/sys/kernel/kexec_crash_loaded after it),
# kexecp_registered (fadump's registered after it), kexecp_mount_rc.

kdump_install() {
	[ -f /var/crash/kdump/vmlinux ] || return 0
	mkdir -p /boot /var/lib/kdump
	ln -sf /var/crash/kdump/vmlinux "/boot/vmlinux-$(uname -r)"
	ln -sf /var/crash/kdump/initrd.img "/var/lib/kdump/initrd.img-$(uname -r)"
	cp /etc/kdump/sysctl.conf "/var/lib/kdump/latest_sysctls-$(uname -r)"
	kv kdump_installed 1
	kv kdump_crash_size "$(cat /sys/kernel/kexec_crash_size 2>/dev/null)"
}

kexecp_production() {
	[ "$(param kexecp 0)" = 1 ] || return 0
	if ! grep -q ' /var/crash ' /proc/mounts; then
		mount -t ext2 /dev/vdb /var/crash 2> $R/kexecp.mount
		kv kexecp_mount_rc $?
		kdump_install
	fi
	say "KEXEC -p $(uname -r)"
	kexec -p --initrd="/var/lib/kdump/initrd.img-$(uname -r)" \
		--command-line="$(sed 's/crashkernel=[^ ]*//' /proc/cmdline)" \
		"/boot/vmlinux-$(uname -r)" > $R/kexecp.out 2>&1
	kv kexecp_rc $?
	kv kexecp_msg "$(grep . $R/kexecp.out | head -1)"
	kv kexecp_loaded "$(cat /sys/kernel/kexec_crash_loaded 2>/dev/null)"
	kv kexecp_registered "$(cat "$(fd registered)" 2>/dev/null)"
	sed "s/^/LAB[$boot]: kexecp| /" $R/kexecp.out
}
