# SPDX-License-Identifier: GPL-2.0
# Step: the OPAL core of an MPIPL boot (PowerNV only, no parameter).
#
# Capture: whether /sys/firmware/opal/mpipl/core exists, its size and ELF
# header (class, byte order, type, machine, program headers), the
# capture kernel's OPAL core lines; then release_core.
#
# kv: opalcore_present (1|0), opalcore_size, opalcore_ident (the first 6
# bytes in hex), opalcore_type_machine_phnum (e_type e_machine e_phnum,
# big-endian, hex), opalcore_release_rc, opalcore_after_release (gone|left)

opalcore_capture() {
	local c=/sys/firmware/opal/mpipl/core
	[ -d /proc/device-tree/ibm,opal ] || return 0
	dmesg | grep 'OPAL core' > $R/opalcore.dmesg
	if [ ! -e $c ]; then
		kv opalcore_present 0
		return 0
	fi
	kv opalcore_present 1
	kv opalcore_size "$(stat -c %s $c)"
	kv opalcore_ident "$(head -c 6 $c | od -An -tx1 | tr -d ' \n')"
	kv opalcore_type_machine_phnum "$(dd if=$c bs=1 skip=16 count=4 2>/dev/null |
		od -An -tx1 | tr -d ' \n') $(dd if=$c bs=1 skip=56 count=2 2>/dev/null |
		od -An -tx1 | tr -d ' \n')"
	echo 1 > /sys/firmware/opal/mpipl/release_core
	kv opalcore_release_rc $?
	if [ -e $c ]; then kv opalcore_after_release left; else kv opalcore_after_release gone; fi
}
