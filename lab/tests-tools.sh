# SPDX-License-Identifier: GPL-2.0
# Tests with the dump tools operators use, run as their distributions ship
# them. Sourced by lab/test.sh after lab/tests-crash.sh (expect, kv, run,
# fidelity, crash_expect, console_panic); adds the tests to TESTS.
#
# The versions used are written to build/tools-facts.txt, which lab/test.sh
# copies into build/run-facts.txt (and lab/readme-sync.sh into the README).

# host_makedumpfile ARGS...: the kdump-tools guest's makedumpfile (Debian's
# ppc64el build with its libraries) on the host, under qemu-ppc64le
host_makedumpfile() {
	tb qemu-ppc64le -L "$LAB_OUT/initramfs.d" "$LAB_OUT/initramfs.d/usr/bin/makedumpfile" "$@"
}
# saved_fidelity RUN TAG ELF: labtool verify of ELF (a dump saved in the
# guest, on the host) into the kv of boot TAG, and the fidelity checks
saved_fidelity() {
	local dir=$LAB_OUT/runs/$1
	mkdir -p "$dir/results/boot$2"
	host_labtool verify "$dir/results/fill.map" "$3" --area "$dir/fill.region" \
		> "$dir/results/boot$2/kv" 2>&1
	local rc=$?
	expect "host: labtool verify of ${3##*/} ran" "$rc" = 0
	fidelity "$1" "$2"
}
# host_labtool ARGS...: the guest's labtool (static) on the host
host_labtool() { tb qemu-ppc64le "$LAB_OUT/labtool" "$@"; }

# Debian's kdump-tools, unmodified, configured only by its
# /etc/default/kdump-tools (lab/guest/kdump-tools.conf), on our kernel:
#   boot 1: the service's stop and start (kdump-config unload and load)
#     unregister and register, status and show report it, the udev rule's
#     try-reload (CPU online) unregisters and registers again, sysrq crash;
#   boot 2: the service's start in the capture kernel saves dmesg and the
#     dump into KDUMP_COREDIR on the dump disk and reboots (reboot -f,
#     without release_mem);
#   boot 3: a normal, armed production boot; the service starts again.
# Before the service in boot 2, kexec-tools' vmcore-dmesg (a dependency of
# kdump-tools) prints the crashed kernel's log from /proc/vmcore.
# On the host: the saved dmesg holds the crash, the saved dump (flattened,
# as kdump-config writes it, made ELF again by makedumpfile -R) passes the
# fidelity check and crash opens the file as saved.
T_project_kdump_tools() {
	local r=p-kdt
	bash "$LAB_REPO/lab/initramfs.sh" --kdump-tools > "$LAB_OUT/initramfs-kdump-tools.log" 2>&1
	expect "the kdump-tools guest builds (log $LAB_OUT/initramfs-kdump-tools.log)" "$?" = 0 || return
	grep -h '\] kdump-tools guest: ' "$LAB_OUT/initramfs-kdump-tools.log" | tail -1 |
		sed 's/^\[lab [0-9:]*\] //' >> "$LAB_OUT/tools-facts.txt"
	run $r --kernel $P --mem 2G --crashkernel 512M --dump-fs --initramfs kdump-tools -- \
		lab.crash=sysrq lab.fill=128 lab.kdumptools=1 lab.vmcoredmesg=1 || return
	kdt_guest_checks $r
	kdt_host_checks $r
}
# The same service, unmodified, on powernv9: kdump-tools knows no
# platform, and the capture boot is OPAL's MPIPL
T_project_powernv_kdump_tools() {
	local r=p-pnv-kdt
	bash "$LAB_REPO/lab/initramfs.sh" --kdump-tools > "$LAB_OUT/initramfs-kdump-tools.log" 2>&1
	expect "the kdump-tools guest builds (log $LAB_OUT/initramfs-kdump-tools.log)" "$?" = 0 || return
	run $r --kernel project-pnv --machine powernv9 --mem 4G --timeout 400 --dump-fs \
		--initramfs kdump-tools -- \
		lab.crash=sysrq lab.fill=128 lab.kdumptools=1 lab.vmcoredmesg=1 || return
	kdt_guest_checks $r
	kdt_host_checks $r --fw-stopped-ok
}
# petitboot's role on OpenPOWER machines: the firmware boots a bootloader
# kernel after every IPL, MPIPL included, and it loads the production
# kernel with kexec-tools. Our bootloader kernel (preserve-pnv,
# CONFIG_PRESERVE_FA_DUMP) runs Debian's kexec -l / kexec -e on our
# production kernel (project-pnv, from the dump disk); after the MPIPL it
# keeps everything from the end of the crashed kernel's boot memory up out
# of its memory map, so that the kernel it loads captures the dump intact.
#   pboot 1: power-on, nothing to keep, kexec; boot 1: armed, fill, crash;
#   pboot 2: the MPIPL boot keeps the dump, kexec; boot 2: capture, fidelity,
#   release, re-armed.
T_project_powernv_preserve() {
	local r=p-pnv-preserve dir=$LAB_OUT/runs/p-pnv-preserve kept top lo hi
	bash "$LAB_REPO/lab/initramfs.sh" --kdump-tools > "$LAB_OUT/initramfs-kdump-tools.log" 2>&1
	expect "the kdump-tools guest builds (log $LAB_OUT/initramfs-kdump-tools.log)" "$?" = 0 || return
	run $r --kernel preserve-pnv --next-kernel project-pnv --initramfs kdump-tools \
		--machine powernv9 --mem 4G --cpus 2 --timeout 400 -- \
		lab.petitboot=1 lab.crash=sysrq lab.fill=512 || return
	expect "bootloader: booted twice (power-on, MPIPL)" "$(cat "$dir/results/pboots" 2>/dev/null)" = 2
	expect "bootloader, power-on: no MPIPL" "$(kv $r p1 pb_mpipl)" = 0
	expect "bootloader, power-on: keeps nothing" "$(kv $r p1 pb_kept)" = ""
	expect "bootloader, power-on: kexec -l of the production kernel" "$(kv $r p1 pb_kexec_rc)" = 0
	expect "armed: the kexec'd production kernel registered" "$(kv $r 1 fadump_armed_registered)" = 1
	expect "crash: OPAL performed the MPIPL" \
		"$(grep -c 'Performing MPIPL' "$dir/console.log")" -ge 1
	expect "bootloader, MPIPL: an MPIPL boot" "$(kv $r p2 pb_mpipl)" = 1
	# the end of boot memory, from the armed kernel's last Boot memory line
	top=$(sed -n 's/^Boot memory: \[0x[0-9a-f]*-\(0x[0-9a-f]*\)\].*/\1/p' \
		"$dir/results/boot1/fadump_region.armed" 2>/dev/null | tail -1)
	expect "armed: boot memory in the region file" "$top" '~' '^0x[0-9a-f]+$' || return
	top=$(( top + 1 ))
	kept=$(kv $r p2 pb_kept)
	expect "bootloader, MPIPL: keeps a range" "$kept" '~' '^0x[0-9a-f]+-0x[0-9a-f]+$' || return
	lo=$(( ${kept%-*} )) hi=$(( ${kept#*-} + 1 ))
	expect "bootloader, MPIPL: keeps from the end of boot memory" "$lo" = "$top"
	expect "bootloader, MPIPL: keeps to the end of RAM" "$hi" = $(( 4 << 30 ))
	expect "bootloader, MPIPL: MemTotal within boot memory (kB)" "$(kv $r p2 pb_memtotal_kb)" -lt $(( top / 1024 ))
	expect "bootloader, power-on: MemTotal above boot memory (kB)" "$(kv $r p1 pb_memtotal_kb)" -gt $(( top / 1024 ))
	expect "bootloader, MPIPL: kexec -l of the production kernel" "$(kv $r p2 pb_kexec_rc)" = 0
	expect "bootloader, MPIPL: kexec -l loaded with kexec_file_load() (kexec-tools' default where the kernel has it)" "$(kv $r p2 pb_kexec_syscall)" = file
	expect "bootloader, MPIPL: kexec -d listed the segments" "$(kv $r p2 pb_kexec_segments)" -gt 0
	expect "bootloader, MPIPL: every kexec segment below the end of boot memory" \
		"$(kv $r p2 pb_kexec_top)" -le "$top"
	expect "capture: the kexec'd kernel found the dump (release_mem present)" \
		"$(kv $r 2 release_mem_present_capture)" = 1 || return
	fidelity $r 2
	expect "capture: makedumpfile -l -d 31" "$(kv $r 2 makedumpfile_rc)" = 0
	expect "release: write 1 to release_mem" "$(kv $r 2 release_rc)" = 0
	rearmed $r 2
}
# kdt_boot2_console RUN: the console lines of boot 2
kdt_boot2_console() {
	sed -n '/LAB\[2\]: INIT/,/LAB\[3\]: INIT/p' "$LAB_OUT/runs/$1/console.log"
}
# kdt_capture_saved RUN: in boot 2 kdump-tools saved dmesg and vmcore, and
# the service did not return (it reboots)
kdt_capture_saved() {
	local b
	expect "boot 2: the service did not return (it reboots)" "$(kv $1 2 kdt_capture_returned)" = ""
	b=$(kdt_boot2_console $1)
	expect "boot 2: kdump-tools saved the dmesg" "$(grep -c 'kdump-tools: saved dmesg content in /var/crash/' <<< "$b")" = 1
	expect "boot 2: kdump-tools saved the vmcore" "$(grep -c 'kdump-tools: saved vmcore in /var/crash/' <<< "$b")" = 1
}
# What the guest recorded in the three boots of RUN
kdt_guest_checks() {
	local r=$1 dir=$LAB_OUT/runs/$1 b
	# boot 1: the service and kdump-config on the armed kernel. (The init
	# script and kdump-config show exit 0 whatever happened: what counts
	# is the state they leave and the kernel's messages.)
	expect "boot 1: armed by the kernel at boot" "$(kv $r 1 kdt_boot_registered)" = 1
	expect "boot 1: dump disk mounted on /var/crash" "$(kv $r 1 kdt_dumpdisk_mount_rc)" = 0
	expect "service stop: registered reads 0" "$(kv $r 1 kdt_stop_registered)" = 0
	expect "service stop: the kernel unregistered" "$(kv $r 1 kdt_stop_log)" = unregistered
	expect "kdump-config status (stopped): exit status" "$(kv $r 1 kdt_status0_rc)" = 0
	expect "kdump-config status (stopped): state" "$(kv $r 1 kdt_status0_state)" = "Not ready to fadump"
	expect "service start: registered reads 1" "$(kv $r 1 kdt_start_registered)" = 1
	expect "service start: the kernel registered" "$(kv $r 1 kdt_start_log)" = registered
	expect "kdump-config status: exit status" "$(kv $r 1 kdt_status_rc)" = 0
	expect "kdump-config status: state" "$(kv $r 1 kdt_status_state)" = "ready to fadump"
	expect "kdump-config show: dump mode" "$(kv $r 1 kdt_show_mode)" = fadump
	expect "kdump-config show: KDUMP_COREDIR" "$(kv $r 1 kdt_show_coredir)" = /var/crash
	expect "kdump-config show: state" "$(kv $r 1 kdt_show_state)" = "ready to fadump"
	expect "udev rule (CPU online) runs try-reload" "$(kv $r 1 kdt_hotplug_program)" = "/usr/sbin/kdump-config try-reload"
	expect "try-reload: exit status" "$(kv $r 1 kdt_hotplug_rc)" = 0
	expect "try-reload: the kernel unregistered, then registered" "$(kv $r 1 kdt_hotplug_log)" = "unregistered registered"
	expect "try-reload: registered reads 1" "$(kv $r 1 kdt_hotplug_registered)" = 1
	# boot 2: kdump-tools' capture path
	expect "boot 2: a capture boot (release_mem present)" "$(kv $r 2 release_mem_present_capture)" = 1
	expect "boot 2: dump disk mounted on /var/crash" "$(kv $r 2 kdt_dumpdisk_mount_rc)" = 0
	kdt_capture_saved $r
	b=$(kdt_boot2_console $r)
	expect "boot 2: the capture kernel dropped the unreleased dump" "$(grep -c 'dropped the unreleased dump' <<< "$b")" = 1
	# kexec-tools' vmcore-dmesg: the crashed kernel's log, to its last line
	expect "vmcore-dmesg /proc/vmcore: exit status" "$(kv $r 2 vmcore_dmesg_rc)" = 0
	expect "vmcore-dmesg: the mark logged just before the crash (boot 1: $(kv $r 1 crash_mark))" \
		"$(kv $r 2 vmcore_dmesg_mark)" = 1
	expect "vmcore-dmesg: the sysrq crash message" "$(kv $r 2 vmcore_dmesg_sysrq)" = 1
	expect "vmcore-dmesg: none of the capture kernel's own messages" \
		"$(grep -c 'is in /proc/vmcore' "$dir/results/boot2/vmcore-dmesg" 2>/dev/null)" = 0
	# boot 3: a normal production boot, armed again
	expect "one capture, three boots" \
		"$(cat "$dir/results/captures" 2>/dev/null)/$(cat "$dir/results/boots" 2>/dev/null)" = 1/3
	expect "boot 3: a production boot (no /proc/vmcore)" "$(kv $r 3 kdt_phase)" = production
	expect "boot 3: armed by the kernel at boot" "$(kv $r 3 kdt_boot_registered)" = 1
	expect "boot 3: service start: registered reads 1" "$(kv $r 3 kdt_start_registered)" = 1
	expect "boot 3: kdump-config status: state" "$(kv $r 3 kdt_status_state)" = "ready to fadump"
}
# kdt_saved_dump RUN ELF: the one dump directory kdump-tools left in
# KDUMP_COREDIR of RUN, its dmesg with the crash and its flattened dump,
# turned back into the ELF file ELF (makedumpfile -R); sets kdt_dump to
# the saved dump file.
# Returns 1 if any of it is missing.
kdt_saved_dump() {
	local dir=$LAB_OUT/runs/$1 elf=$2 d s
	d=$(find "$dir/dumpfs" -mindepth 1 -maxdepth 1 -type d -name '2*' 2>/dev/null)
	expect "KDUMP_COREDIR: one dump directory" "$(grep -c . <<< "$d")" = 1 || return 1
	s=$(basename "$d")
	expect "KDUMP_COREDIR: $s/dmesg.$s has the crash" \
		"$(grep -c 'sysrq: Trigger a crash' "$d/dmesg.$s" 2>/dev/null)" = 1
	expect "KDUMP_COREDIR: $s/dump.$s saved" "$([ -s "$d/dump.$s" ] && echo saved)" = saved || return 1
	rm -f "$elf"
	host_makedumpfile -R "$elf" < "$d/dump.$s" > "$dir/makedumpfile-R.log" 2>&1
	expect "host: makedumpfile -R of the flattened dump" "$?" = 0 || return 1
	kdt_dump=$d/dump.$s
}
# The host's checks of what kdump-tools left in KDUMP_COREDIR in RUN
# (--fw-stopped-ok: crash_expect's, for PowerNV)
kdt_host_checks() {
	local r=$1 dir=$LAB_OUT/runs/$1 elf=$LAB_OUT/runs/$1/vmcore-kdt.elf
	kdt_saved_dump $r "$elf" || return
	saved_fidelity $r saved "$elf"
	crash_expect $2 $r "$dir/vmlinux" "$kdt_dump" "$(console_panic $r cpu)" sh kdt
}

# kdump, the fallback: where fadump cannot work and crashkernel= is given,
# the kernel reserves crashkernel= for kdump, and kdump-tools (the same
# guest, the same configuration: Debian's KDUMP_KERNEL and KDUMP_INITRD
# defaults) loads a kdump kernel with kexec-tools' kexec -p, the same
# kernel and initramfs (lab/run.sh --kdump-kernel). QEMU 11.1 offers
# ibm,configure-kernel-dump on every pseries machine type (pseries-5.2 to
# -11.1 alike), so fadump is made unable to work by RAM too small for its
# dump area: 512M of RAM has no room for 320M of boot memory (the
# firmware's minimum) and its copy, while crashkernel=192M fits.
#   boot 1: fadump not in use, the kdump reservation made; the service's
#     stop, status, start, status, show and try-reload unload and load
#     the kdump kernel; sysrq crash;
#   boot 2: the kdump kernel (elfcorehdr=): vmcore-dmesg, then the
#     service saves dmesg and the dump and reboots;
#   boot 3: a normal boot; the service loads the kdump kernel again.
# On the host: the saved dump passes the fidelity check, adapted to kdump
# (no dump area: every filled page is in a PT_LOAD, intact; no page lies
# in the crashkernel reservation, which no PT_LOAD shows), and crash
# opens it.
T_project_kdump_fallback() {
	local r=p-kdfb dir=$LAB_OUT/runs/p-kdfb
	kdt_guest_build || return
	run $r --kernel $P --mem 512M --crashkernel 192M --kdump-kernel --initramfs kdump-tools -- \
		panic=1 lab.maxboots=4 lab.crash=sysrq lab.fill=64 lab.kdumptools=1 \
		lab.vmcoredmesg=1 || return
	kdfb_guest_checks $r
	kdfb_host_checks $r
}
# the kdump-tools guest, built once per test run
kdt_guest_build() {
	[ "${kdt_built:-0}" = 1 ] && return 0
	bash "$LAB_REPO/lab/initramfs.sh" --kdump-tools > "$LAB_OUT/initramfs-kdump-tools.log" 2>&1
	expect "the kdump-tools guest builds (log $LAB_OUT/initramfs-kdump-tools.log)" "$?" = 0 || return
	grep -h '\] kdump-tools guest: ' "$LAB_OUT/initramfs-kdump-tools.log" | tail -1 |
		sed 's/^\[lab [0-9:]*\] //' >> "$LAB_OUT/tools-facts.txt"
	kdt_built=1
}
# the kdump reservation of boot 1 of RUN as the kernel logged it: "LO HI"
kdfb_crashk() {
	sed -n 's/.*Reserving \([0-9]*\)MB of memory at \([0-9]*\)MB for crashkernel.*/\1 \2/p' \
		"$LAB_OUT/runs/$1/results/boot1/dmesg" 2>/dev/null | head -1 |
		awk '{ printf "%#x %#x\n", $2 * 1048576, ($1 + $2) * 1048576 }'
}
kdfb_guest_checks() {
	local r=$1 dir=$LAB_OUT/runs/$1 b
	b=$(sed -n '/LAB\[1\]: INIT/,/LAB\[2\]: INIT/p' "$dir/console.log")
	# boot 1: fadump cannot work, kdump gets crashkernel=
	expect "boot 1: fadump says why it is not in use" \
		"$(grep -c 'fadump: RAM has no room for a copy of even' "$dir/results/boot1/dmesg")" = 1
	expect "boot 1: fadump says crashkernel= goes to kdump" \
		"$(grep -c 'fadump: not in use: crashkernel= reserves memory for kdump (kexec -p) instead' "$dir/results/boot1/dmesg")" = 1
	expect "boot 1: fadump_enabled reads 0" "$(kv $r 1 legacy_armed_enabled)" = 0
	expect "boot 1: the kdump reservation (crashkernel=192M at $(kdfb_crashk $r))" \
		"$(kv $r 1 kdump_crash_size)" = $((192 << 20))
	expect "boot 1: dump disk mounted, kernel and initrd in place" \
		"$(kv $r 1 kdt_dumpdisk_mount_rc)/$(kv $r 1 kdump_installed)" = 0/1
	expect "service stop: no kdump kernel loaded" "$(kv $r 1 kdt_stop_loaded)" = 0
	expect "kdump-config status (stopped): state" "$(kv $r 1 kdt_status0_state)" = "Not ready to kdump"
	expect "service start: kdump kernel loaded" "$(kv $r 1 kdt_start_loaded)" = 1
	expect "service start: kdump-config says so" "$(grep -c 'kdt.start| loaded kdump kernel' <<< "$b")" = 1
	expect "kdump-config status: state" "$(kv $r 1 kdt_status_state)" = "ready to kdump"
	expect "kdump-config show: dump mode" "$(kv $r 1 kdt_show_mode)" = kdump
	expect "kdump-config show: state" "$(kv $r 1 kdt_show_state)" = "ready to kdump"
	expect "try-reload: unloads and loads again" \
		"$(grep -c 'kdt.hotplug| \(unloaded\|loaded\) kdump kernel' <<< "$b")/$(kv $r 1 kdt_hotplug_loaded)" = 2/1
	expect "kexec -p command (KDUMP_COREDIR/kexec_cmd): Debian's kernel and initrd links" \
		"$(cat "$dir/dumpfs/kexec_cmd" 2>/dev/null)" '~' \
		'^/sbin/kexec -p .*--initrd=/var/lib/kdump/initrd.img /var/lib/kdump/vmlinuz$'
	# boot 2: the kdump kernel
	expect "boot 2: a kdump kernel (elfcorehdr= on its command line)" \
		"$(grep -c 'elfcorehdr=' "$dir/results/boot2/cmdline" 2>/dev/null)" = 1
	expect "boot 2: not a fadump capture (no release_mem)" "$(kv $r 2 release_mem_present_capture)" = 0
	expect "boot 2: NT_PRSTATUS notes = online CPUs" "$(kv $r 2 nt_prstatus)" = "$(kv $r 1 cpus_online)"
	expect "boot 2: VMCOREINFO note" "$(kv $r 2 vmcoreinfo)" = 1
	expect "vmcore-dmesg: the mark logged just before the crash" "$(kv $r 2 vmcore_dmesg_mark)" = 1
	expect "vmcore-dmesg: the sysrq crash message" "$(kv $r 2 vmcore_dmesg_sysrq)" = 1
	kdt_capture_saved $r
	b=$(kdt_boot2_console $r)
	# boot 3: a normal boot, kdump loaded again
	expect "one capture, three boots" \
		"$(cat "$dir/results/captures" 2>/dev/null)/$(cat "$dir/results/boots" 2>/dev/null)" = 1/3
	expect "boot 3: a production boot" "$(kv $r 3 kdt_phase)" = production
	expect "boot 3: service start: kdump kernel loaded" "$(kv $r 3 kdt_start_loaded)" = 1
	expect "boot 3: kdump-config status: state" "$(kv $r 3 kdt_status_state)" = "ready to kdump"
}
# kdump_fidelity RUN TAG ELF LO HI: the fidelity check of a kdump dump
# (ELF on the host), with [LO, HI) the crashkernel reservation
kdump_fidelity() {
	local r=$1 b=$2 pages ok
	mkdir -p "$LAB_OUT/runs/$1/results/boot$2"
	host_labtool verify "$LAB_OUT/runs/$1/results/fill.map" "$3" "$4" "$5" \
		> "$LAB_OUT/runs/$1/results/boot$2/kv" 2>&1
	expect "host: labtool verify of ${3##*/} ran" "$?" = 0 || return
	host_labtool covers "$4" "$5" "$3" >> "$LAB_OUT/runs/$1/results/boot$2/kv" 2>&1
	pages=$(kv $r $b fidelity_pages); ok=$(kv $r $b fidelity_ok)
	expect "fidelity: pages verified" "$ok" -gt 0
	expect "fidelity: every page found intact ($ok of $pages)" "$ok" = "${pages:-<none>}"
	expect "fidelity: corrupt pages" "$(kv $r $b fidelity_corrupt)" = 0
	expect "fidelity: missing pages" "$(kv $r $b fidelity_missing)" = 0
	expect "fidelity: pages left out of the PT_LOADs" "$(kv $r $b fidelity_in_dump_area)" = 0
	expect "fidelity: filled pages in the crashkernel reservation [$4, $5)" "$(kv $r $b fidelity_range_ok)" = 0
	expect "the dump shows no byte of the crashkernel reservation" "$(kv $r $b covers_bytes)" = 0
}
kdfb_host_checks() {
	local r=$1 dir=$LAB_OUT/runs/$1 elf=$LAB_OUT/runs/$1/vmcore-kdfb.elf ck
	kdt_saved_dump $r "$elf" || return
	ck=$(kdfb_crashk $r)
	expect "boot 1: the kernel logged the kdump reservation" "$ck" '~' '^0x[0-9a-f]+ 0x[0-9a-f]+$' || return
	# shellcheck disable=SC2086
	kdump_fidelity $r saved "$elf" $ck
	crash_expect $r "$dir/vmlinux" "$kdt_dump" "$(console_panic $r cpu)" sh kdfb
	rm -f "$elf"
}

# With fadump in use, crashkernel= sizes its boot memory and nothing is
# reserved for kdump: Debian's kexec -p with the kernel and initramfs
# (as kdump-config runs it) fails and says so, and fadump stays
# registered; the kernel said at boot that kexec -p cannot be used.
T_project_kdump_refused() {
	local r=p-kdref
	kdt_guest_build || return
	run $r --kernel $P --mem 2G --crashkernel 512M --kdump-kernel --initramfs kdump-tools -- \
		lab.crash=none lab.kexecp=1 || return
	expect "fadump armed" "$(kv $r 1 fadump_armed_registered)" = 1
	expect "the kernel says kdump is not available" \
		"$(grep -c "fadump: crashkernel= sizes fadump's boot memory: no memory is reserved for kdump, kexec -p cannot load a crash kernel while fadump is in use" \
			"$LAB_OUT/runs/$r/results/boot1/dmesg")" = 1
	expect "no kdump reservation (kexec_crash_size)" "$(kv $r 1 kdump_crash_size)" = 0
	expect "kernel and initrd in place" "$(kv $r 1 kexecp_mount_rc)/$(kv $r 1 kdump_installed)" = 0/1
	expect "kexec -p fails" "$(kv $r 1 kexecp_rc)" != 0
	expect "kexec -p says why" "$(kv $r 1 kexecp_msg)" = "Memory for crashkernel is not reserved"
	expect "no kdump kernel loaded" "$(kv $r 1 kexecp_loaded)" = 0
	expect "fadump still registered" "$(kv $r 1 kexecp_registered)" = 1
}

# makedumpfile --num-threads 2 and 4 in a capture kernel with 2 CPUs, to
# the dump disk (kdump-compressed, lzo, -d 23), beside a single-threaded
# run, each threaded run 10 times in a row: every run exits 0 with the
# bytes of the single-threaded dump, and crash opens the last of each as
# saved. (No fidelity check: labtool reads ELF, and makedumpfile turns no
# kdump-compressed dump into ELF.) The guest preloads libgcc_s.so.1 for
# makedumpfile: without it, 1.7.8's worker threads close fd 0 while glibc
# dlopens libgcc_s.so.1 on it at pthread_exit, and one threaded run in
# three aborts (lab/guest/steps/mdthreads.sh).
T_project_makedumpfile_threads() {
	local r=p-mdthreads dir n f k=10
	run $r --kernel $P --mem 2G --cpus 2 --crashkernel 1G --dump-fs -- \
		lab.crash=sysrq lab.fill=128 lab.mdthreads=2,4 lab.mdrepeat=$k || return
	dir=$LAB_OUT/runs/$r
	expect "capture kernel: 2 CPUs online" "$(kv $r 2 cpus_online)" = 2
	expect "capture kernel: dump disk mounted" "$(kv $r 2 mdthreads_mount_rc)" = 0
	expect "single-threaded makedumpfile: exit status" "$(kv $r 2 mdthreads_1_rc)" = 0
	for n in 2 4; do
		f=$dir/dumpfs/dump-t$n.lzo
		expect "--num-threads $n: runs" "$(kv $r 2 "mdthreads_${n}_runs")" = $k
		expect "--num-threads $n: runs that did not exit 0 (logs $dir/results/boot2/makedumpfile-t$n-*.log)" \
			"$(kv $r 2 "mdthreads_${n}_failed")" = 0
		expect "--num-threads $n: runs with other bytes than single-threaded" \
			"$(kv $r 2 "mdthreads_${n}_differ")" = 0
		expect "--num-threads $n: dump saved" "$([ -s "$f" ] && echo saved)" = saved || continue
		expect "--num-threads $n: the same bytes as single-threaded (on the host)" \
			"$(cmp "$dir/dumpfs/dump-t1.lzo" "$f" 2>&1)" = ""
		crash_expect $r "$dir/vmlinux" "$f" "$(console_panic $r cpu)" sh "t$n"
	done
	expect "released after the dumps" "$(kv $r 2 release_rc)" = 0
}

TESTS+=(project_kdump_tools project_kdump_fallback project_kdump_refused
	project_makedumpfile_threads project_powernv_kdump_tools
	project_powernv_preserve)
