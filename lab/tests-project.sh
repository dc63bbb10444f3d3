# SPDX-License-Identifier: GPL-2.0
# Lab tests of the project kernel (our fadump). Sourced by lab/test.sh,
# which provides run/cycle/expect/kv/backtrace/fidelity.

P=project
between() { # STEP VALUE LO HI
	expect "$1 (got $2, want $3..$4)" "$(( $2 >= $3 && $2 <= $4 ))" = 1
}
rearmed() { # RUN BOOT: our kernel re-arms by itself after release
	expect "release: re-armed without userspace (registered)" "$(kv $1 $2 fadump_released_registered)" = 1
}
kunit_check() { # RUN [PLATFORM]: every fadump KUnit suite of the sources ran all its cases and passed
	local log=$LAB_OUT/runs/$1/results/boot1/dmesg out line
	out=$(python3 "$LAB_REPO/lab/kunit_check.py" --platform "${2:-pseries}" "$LAB_REPO" "$log" 2>&1)
	echo "$out" > "$LAB_OUT/runs/$1/kunit-check.txt"
	grep -c '^PASS' <<< "$out" > "$LAB_OUT/runs/$1/kunit-suites-ok"
	expect "kunit: suites found in the sources" "$(grep -c '^PASS\|^FAIL kunit-suite' <<< "$out")" -gt 0
	while IFS= read -r line; do
		case "$line" in FAIL*) fail "kunit: ${line#FAIL }";; esac
	done <<< "$out"
	expect "kunit: no failing case anywhere" "$(grep -E 'not ok [0-9]+ ' "$log" | head -3 | tr '\n' ' ')" = ""
}

T_project_cycle_sysrq() {
	cycle p-sysrq $P 2G 2 sysrq --dump-disk --crashkernel 512M -- \
		lab.fill=512 lab.copy=1 || return
	fidelity p-sysrq 2
	rearmed p-sysrq 2
	# gdb, on the crashing CPU's thread
	backtrace p-sysrq $P "$LAB_OUT/runs/p-sysrq/dump.img" 'sysrq_handle_crash' crashing
}
T_project_kunit() {
	run p-kunit --kernel $P --mem 1G -- lab.crash=none || return
	kunit_check p-kunit
}
# PowerNV (QEMU powernv9, skiboot's MPIPL; lab/run.sh --machine powernv9):
# the core's KUnit suites and the OPAL backend's, in a powernv kernel
T_project_powernv_kunit() {
	run p-pnv-kunit --kernel project-pnv --machine powernv9 --mem 2G \
		--timeout 180 -- lab.crash=none || return
	kunit_check p-pnv-kunit powernv
	expect "kunit: the OPAL backend's suites ran" \
		"$(grep -c '^PASS kunit-suite fadump_opal_' "$LAB_OUT/runs/p-pnv-kunit/kunit-check.txt")" -ge 5
}
# The crash cycle on powernv9 through OPAL MPIPL: registered with OPAL,
# the MPIPL reboot, the capture kernel's vmcore (fidelity check, mmap,
# makedumpfile, every CPU's note), gdb unwinding the crashing CPU, the
# release and the re-arm; the CMA-backed copy area works (CmaTotal) and
# the backend is OPAL's. The emulator's MDRT copy and hangs: README.
T_project_powernv_cycle() {
	local r=p-pnv-cycle
	cycle $r project-pnv 4G 2 sysrq --machine powernv9 --timeout 240 \
		--dump-disk -- lab.fill=512 lab.copy=1 || return
	fidelity $r 2
	rearmed $r 2
	expect "armed: the OPAL backend registered" \
		"$(grep -c 'DUMP: Payload registered for MPIPL' "$LAB_OUT/runs/$r/console.log")" -ge 1
	expect "armed: the copy area is CMA (CmaTotal)" "$(kv $r 1 cma_total_kb)" -gt 0
	expect "crash: OPAL performed the MPIPL" \
		"$(grep -c 'Performing MPIPL' "$LAB_OUT/runs/$r/console.log")" -ge 1
	expect "capture: OPAL's register data for every CPU (no CPU without registers)" \
		"$(grep -c 'no registers were saved for CPU' "$LAB_OUT/runs/$r/results/boot2/dmesg")" = 0
	expect "release: re-armed with OPAL (a second registration)" \
		"$(grep -c 'DUMP: Payload registered for MPIPL' "$LAB_OUT/runs/$r/console.log")" -ge 2
	# The OPAL core: QEMU's MDRT advances each region's source and
	# destination by its size (README, known limits), so the copy lies
	# outside OPAL's ibm,firmware-dump reservation and the kernel must
	# refuse to export it, saying so. (Its headers are KUnit-tested.)
	expect "capture: no OPAL core on QEMU (its copy is outside OPAL's reservation)" \
		"$(kv $r 2 opalcore_present)" = 0
	expect "capture: the kernel says why there is no OPAL core" \
		"$(cat "$LAB_OUT/runs/$r/results/boot2/dmesg" 2>/dev/null | grep -c "OPAL core: region 0's copy .* is not in OPAL's ibm,firmware-dump reservation: no OPAL core")" = 1
	backtrace $r project-pnv "$LAB_OUT/runs/$r/dump.img" 'sysrq_handle_crash' crashing
}
# An oops with panic_on_oops=1 (LKDTM) and 4 vCPUs on powernv9: one note
# per CPU, OPAL's registers for the three others, gdb unwinding the oops
# pnv_crash_bt RUN CPUS CRASH TIMEOUT PATTERN: a 4 GB powernv9 cycle, OPAL's
# registers for every CPU, gdb's backtrace of the crashing CPU matching
# PATTERN
pnv_crash_bt() {
	local r=$1
	cycle $r project-pnv 4G $2 $3 --machine powernv9 --timeout $4 -- lab.elf=1 || return
	expect "capture: OPAL's register data for every CPU (no CPU without registers)" \
		"$(grep -c 'no registers were saved for CPU' "$LAB_OUT/runs/$r/results/boot2/dmesg")" = 0
	backtrace $r project-pnv "$LAB_OUT/runs/$r/results/boot2/vmcore.elf" "$5" crashing
}
T_project_powernv_oops_cpus_4() { pnv_crash_bt p-pnv-oops4 4 oops 300 'lkdtm|die'; }
# An NMI from the QEMU monitor (a system reset on every vCPU of powernv9):
# the interrupted context unwinds, as on pseries (project_nmi)
T_project_powernv_nmi() {
	local r=p-pnv-nmi
	cycle $r project-pnv 4G 2 nmi --machine powernv9 --timeout 240 -- lab.elf=1 || return
	expect "host: NMI injected from the monitor" "$(cat "$LAB_OUT/runs/$r/nmi.done" 2>/dev/null)" = "nmi injected"
	rearmed $r 2
	# (an idle CPU's frames on PowerNV have digits: arch300_idle_type)
	backtrace $r project-pnv "$LAB_OUT/runs/$r/results/boot2/vmcore.elf" '#3 +(0x[0-9a-f]+ in )?[a-z_0-9]+ ' crashing
}
# Three crash -> capture -> release -> re-arm cycles in one powernv9 run
T_project_powernv_three_cycles() {
	local r=p-pnv-3cycles c
	run $r --kernel project-pnv --machine powernv9 --mem 4G --timeout 400 -- \
		lab.crash=sysrq lab.fill=256 lab.cycles=3 || return
	expect "three captures in one guest run" "$(cat "$LAB_OUT/runs/$r/results/captures" 2>/dev/null)" = 3
	for c in 2 3 4; do
		expect "cycle $((c - 1)): dump active" "$(kv $r $c release_mem_present_capture)" = 1
		fidelity $r $c
		rearmed $r $c
	done
}
# One CPU on powernv9: the only CPU is the crashing one, its registers
# come from OPAL's save area all the same
T_project_powernv_cpus_1() { pnv_crash_bt p-pnv-cpu1 1 sysrq 240 sysrq_handle_crash; }
# crashkernel=5G on powernv9: skiboot keeps an MPIPL range's size in 32
# bits, so the core splits boot memory into two ranges below 4 GiB; both
# are registered, dumped whole and pass the fidelity check.
T_project_powernv_boot_5G() {
	local r=p-pnv-boot5g
	cycle $r project-pnv 16G 2 sysrq --machine powernv9 --timeout 300 \
		--crashkernel 5G -- lab.fill=512 || return
	fidelity $r 2
	expect "armed: 5 GiB of boot memory as two ranges (debugfs)" \
		"$(grep -c '^Boot memory:' "$LAB_OUT/runs/$r/results/boot1/fadump_region.armed")" = 2
	local n=0 whole=0 dumped=0 size got
	while read -r _ _ _ _ _ size _ _ got; do
		n=$((n + 1)); [ "$size" = "$got" ] && whole=$((whole + 1))
		dumped=$((dumped + got))
	done < <(grep '^Boot memory:' "$LAB_OUT/runs/$r/results/boot2/fadump_region.capture")
	expect "capture: both ranges dumped whole, 5 GiB in all (debugfs)" \
		"$n/$whole/$dumped" = "2/2/$(( 5 << 30 ))"
}
T_project_oops() {
	cycle p-oops $P 2G 2 oops --crashkernel 512M -- lab.elf=1 || return
	backtrace p-oops $P "$LAB_OUT/runs/p-oops/results/boot2/vmcore.elf" 'lkdtm|die' crashing
}
T_project_nmi() {
	cycle p-nmi $P 2G 2 nmi --crashkernel 512M -- lab.elf=1 || return
	expect "host: NMI injected from the monitor" "$(cat "$LAB_OUT/runs/p-nmi/nmi.done" 2>/dev/null)" = "nmi injected"
	# The crashing CPU's registers are the interrupted context (as kdump
	# reports an NMI): gdb must unwind it to a kernel function.
	backtrace p-nmi $P "$LAB_OUT/runs/p-nmi/results/boot2/vmcore.elf" '#3 +(0x[0-9a-f]+ in )?[a-z_]+ ' crashing
}
# crashed_log RUN: the crashed kernel's log, read from boot 2's
# vmcore.elf with makedumpfile --dump-dmesg on the host, into
# RUN/crashed-dmesg.txt; prints that path
crashed_log() {
	local log=$LAB_OUT/runs/$1/crashed-dmesg.txt
	host_makedumpfile --dump-dmesg "$LAB_OUT/runs/$1/results/boot2/vmcore.elf" "$log" \
		> /dev/null 2>&1
	echo "$log"
}
# Every CPU crashes at once: an NMI on all 4 vCPUs while a panic, slowed
# down by printk_delay, is in progress. One CPU asks the firmware for the
# dump; the dump is whole. (QEMU delivers the NMI to one vCPU after the
# other and pauses them all in ibm,os-term, so the others are caught on
# their way into the crash path: their registers do not unwind.)
T_project_nmi_in_panic() {
	local r=p-nmipanic log
	cycle $r $P 2G 4 panic-nmi --crashkernel 512M -- lab.fill=256 lab.elf=1 || return
	expect "host: NMI injected from the monitor" "$(cat "$LAB_OUT/runs/$r/nmi.done" 2>/dev/null)" = "nmi injected"
	log=$(crashed_log $r)
	expect "host: the NMI came while the panic was in progress (its message is in the dump's log)" \
		"$(grep -c 'Kernel panic - not syncing: sysrq triggered crash' "$log" 2>/dev/null)" = 1
	fidelity $r 2
	backtrace $r $P "$LAB_OUT/runs/$r/results/boot2/vmcore.elf" '#3 +(0x[0-9a-f]+ in )?[a-z_]+ ' crashing
}
# Our request for the dump fails (fault injection) while every CPU crashes
# at once (an NMI on all 4 vCPUs during a panic): no CPU waits for ever,
# the kernel goes on with its panic, and the platform's panic handler
# (pseries_panic(), its own ibm,os-term) has the firmware take the dump
# after all: boot 2 is a capture boot and the dump is whole.
T_project_trigger_fails() {
	local r=p-trigfail log
	cycle $r $P 2G 4 panic-nmi --crashkernel 512M -- lab.trigfail=1 lab.fill=128 \
		lab.elf=1 kunit.enable=0 || return
	expect "boot 1: fault injection set" "$(kv $r 1 trigfail_rc)" = 0
	expect "host: NMI injected from the monitor" "$(cat "$LAB_OUT/runs/$r/nmi.done" 2>/dev/null)" = "nmi injected"
	log=$(crashed_log $r)
	# During a panic printk drops what other CPUs print, so the log has
	# the panicking CPU only: it left the crash path from the NMI (the
	# owner's request had failed: no 10 s wait) and, back in its panic,
	# from the panic notifier.
	expect "host: the panicking CPU left the crash path from the NMI and from the notifier" \
		"$(grep -c 'fadump: CPU [0-9]*: the firmware did not take the dump' "$log" 2>/dev/null)" = 2
	expect "host: ... the NMI entry ended on the failure, not on the 10 s bound" \
		"$(grep -c 'no dump after' "$log" 2>/dev/null)" = 0
	fidelity $r 2
}
# The copy area's CMA activation fails (movablecore=1G puts a zone
# boundary through it, and a CMA area must lie in one zone): its pages
# must stay reserved instead of going to the page allocator while the
# firmware still copies boot memory there on a crash; the dump is whole.
T_project_cma_fails() {
	local r=p-cmafail
	cycle $r $P 2G 2 sysrq --crashkernel 512M -- movablecore=1G lab.copyarea=1 \
		lab.fill=128 kunit.enable=0 || return
	expect "boot 1: CMA could not activate the copy area" \
		"$(grep -c 'CMA area fadump_cma could not be activated' "$LAB_OUT/runs/$r/results/boot1/dmesg")" = 1
	expect "boot 1: so no CMA memory" "$(kv $r 1 cma_total_kb)" = 0
	expect "boot 1: the copy area's pages, 512 MiB of 64 KiB pages" "$(kv $r 1 copyarea_pages)" = 8192
	expect "boot 1: every page of the copy area still reserved" \
		"$(kv $r 1 copyarea_reserved)" = "$(kv $r 1 copyarea_pages)"
	fidelity $r 2
}
# Parameters and control files as users meet them: crashkernel= in its
# range syntax sizes boot memory, fadump=nocma keeps the copy out of CMA,
# the bootargs_append text reaches the capture kernel's command line, a
# non-root user can change nothing and read no dump, and fadump_rearm=0
# leaves the capture kernel unregistered after the release.
T_project_boot_options() {
	local r=p-opts ph b
	run $r --kernel $P --mem 2G --crashkernel '1G-4G:640M,4G-:1G' -- lab.crash=sysrq \
		fadump=nocma fadump_rearm=0 lab.bootargs=lab.probe=ok lab.nonroot=1 \
		kunit.enable=0 || return
	expect "crashkernel=1G-4G:640M,4G-:1G with 2 GB: 640 MiB of boot memory" \
		"$(grep -c 'registered with the firmware: 0x28000000 bytes of boot memory' "$LAB_OUT/runs/$r/results/boot1/dmesg")" = 1
	expect "fadump=nocma: no CMA area" "$(kv $r 1 cma_total_kb)" = 0
	expect "bootargs_append: written" "$(kv $r 1 bootargs_rc)" = 0
	expect "bootargs_append: reads back" "$(kv $r 1 bootargs_read)" = lab.probe=ok
	expect "bootargs_append: on the capture kernel's command line" "$(kv $r 2 bootargs_in_cmdline)" = 1
	for ph in production capture; do
		b=1; [ $ph = capture ] && b=2
		expect "non-root ($ph): dropped root" "$(kv $r $b nonroot_${ph}_rc)" = 0
		expect "non-root ($ph): no control file opens for writing" "$(kv $r $b nonroot_${ph}_writable)" = none
		expect "non-root ($ph): /proc/vmcore, release_mem and release_region unreadable" \
			"$(kv $r $b nonroot_${ph}_private_readable)" = none
	done
	expect "non-root (production): files tried" "$(kv $r 1 nonroot_production_files)" = 7
	expect "non-root (capture): files tried (with release_mem, release_region and /proc/vmcore)" "$(kv $r 2 nonroot_capture_files)" = 11
	expect "release: write 1 to release_mem" "$(kv $r 2 release_rc)" = 0
	expect "fadump_rearm=0: unregistered after the release" "$(kv $r 2 fadump_released_registered)" = 0
}
# Boot memory sizes nobody asks for by hand: a crashkernel= offset is
# ignored with a warning, and on 1 GB of RAM the default 768 MiB shrinks
# until its copy fits.
T_project_boot_sizes() {
	local r=p-offset d
	run $r --kernel $P --mem 2G --crashkernel 512M@1G -- lab.crash=none kunit.enable=0 || return
	d=$LAB_OUT/runs/$r/results/boot1/dmesg
	expect "crashkernel=512M@1G: the offset is ignored" \
		"$(grep -c 'ignoring the crashkernel= offset 0x40000000' "$d")" = 1
	expect "crashkernel=512M@1G: 512 MiB of boot memory from address 0" \
		"$(grep -c 'registered with the firmware: 0x20000000 bytes of boot memory' "$d")" = 1
	r=p-smallram
	run $r --kernel $P --mem 1G -- lab.crash=none kunit.enable=0 || return
	d=$LAB_OUT/runs/$r/results/boot1/dmesg
	expect "1 GB of RAM: the default boot memory shrinks" \
		"$(grep -c '(0x30000000 asked for: RAM too small)' "$d")" = 1
	expect "1 GB of RAM: still armed" "$(kv $r 1 fadump_armed_registered)" = 1
}
T_project_cpus_1() { cycle p-cpu1 $P 1G 1 sysrq --crashkernel 512M -- lab.elf=1; }
T_project_cpus_4() {
	cycle p-cpu4 $P 2G 4 sysrq --crashkernel 512M -- lab.elf=1 || return
	backtrace p-cpu4 $P "$LAB_OUT/runs/p-cpu4/results/boot2/vmcore.elf" 'sysrq_handle_crash' crashing
}
T_project_ram_1G() { cycle p-1g $P 1G 2 sysrq -- lab.fill=256 && fidelity p-1g 2; }
# All memory filled, so that pages lie in the memory the capture kernel
# took out of memblock and reads through its window (fadump-oldmem.c).
T_project_ram_8G() {
	cycle p-8g $P 8G 2 sysrq --timeout 600 -- lab.fill=most || return
	fidelity p-8g 2
	expect "8 GB: a range taken out of memblock (a hole in System RAM)" \
		"$(kv p-8g 2 fidelity_window_range)" '~' '^0x[0-9a-f]+ 0x[0-9a-f]+$'
	expect "8 GB: filled pages verified in it, read through the window" \
		"$(kv p-8g 2 fidelity_range_ok)" -gt 1000
	# The lab's guests use the hash MMU, as PowerVM does.
	expect "8 GB: the window is bolted hashed entries, not page tables" \
		"$(grep -c 'through a 16 MiB window (bolted hashed entries)' "$LAB_OUT/runs/p-8g/results/boot2/dmesg")" = 1
}
T_project_ram_64G() {
	cycle p-64g $P 64G 2 sysrq --timeout 900 -- lab.fill=512 lab.elf=1 || return
	fidelity p-64g 2
	backtrace p-64g $P "$LAB_OUT/runs/p-64g/results/boot2/vmcore.elf" 'sysrq_handle_crash' crashing
	hpt_resized p-64g 64G 29 26
}
# hpt_resized RUN LABEL QEMU_SHIFT RAM_SHIFT: QEMU has no H_CLEAR_HPT, so
# the capture boot had the hashed page table QEMU sized for RAM (RAM/128,
# 2^QEMU_SHIFT bytes) shrunk before clearing it, to what the memory left
# in memblock needs (boot memory, the dump area and the top memory block:
# 2 to 4 GiB, 2^22 with 64K pages), and the memory given back grew it to
# what Linux sizes for all of RAM (RAM/1024, 2^RAM_SHIFT).
hpt_resized() {
	local r=$1 d=$LAB_OUT/runs/$1/results/boot2/dmesg
	expect "$2: the capture boot shrank the HPT from 2^$3 bytes before clearing it" \
		"$(grep -c "HPT shrunk from shift $3 to 22 for the dump capture boot" "$d")" = 1
	expect "$2: the capture kernel ran with a 2^22-byte HPT" "$(kv $r 2 hpt_order_before_release)" = 22
	expect "$2: all memory back, the HPT grown for it" "$(kv $r 2 hpt_order_after_online)" = "$4"
}
# 1 TiB of RAM (64K pages; QEMU's reserve=off: the host pays for what is
# touched, the hash page table QEMU sizes from RAM, 8 GiB here, and the
# memory map): the capture kernel boots in the default boot memory, the
# dump checks out page by page, and all memory comes back.
T_project_ram_1T() {
	cycle p-1t $P 1T 2 sysrq --timeout 2400 -- lab.fill=256 || return
	fidelity p-1t 2
	expect "1 TiB: the capture kernel ran in the default boot memory (MemTotal under 1 GiB)" \
		"$(kv p-1t 2 memtotal_before_release_kb)" -lt 1048576
	hpt_resized p-1t "1 TiB" 33 30
}
T_project_three_cycles() {
	local r=p-3cycles c
	run $r --kernel $P --mem 2G --timeout 600 --crashkernel 512M -- \
		lab.crash=sysrq lab.fill=256 lab.cycles=3 || return
	expect "three captures in one guest run" "$(cat "$LAB_OUT/runs/$r/results/captures" 2>/dev/null)" = 3
	for c in 2 3 4; do
		expect "cycle $((c - 1)): dump active" "$(kv $r $c release_mem_present_capture)" = 1
		fidelity $r $c
		rearmed $r $c
	done
}
T_project_unregistered_crash() {
	local r=p-noreg
	run $r --kernel $P --mem 1G --crashkernel 512M -- lab.crash=sysrq lab.unreg=1 panic=1 || return
	expect "unregister accepted" "$(kv $r 1 unreg_rc)" = 0
	expect "plain reboot, no dump" "$(grep -c 'phase=capture' "$LAB_OUT/runs/$r/console.log")" = 0
	expect "machine came back" "$(cat "$LAB_OUT/runs/$r/results/boots" 2>/dev/null)" = 2
}
T_project_capture_crash() {
	local r=p-capcrash
	run $r --kernel $P --mem 2G --crashkernel 512M -- lab.crash=sysrq lab.fill=256 \
		lab.capcrash=1 panic=1 || return
	# The capture kernel is not armed: its crash is a plain panic and reboot,
	# and the firmware still holds the first dump, captured again on boot 3.
	expect "capture kernel crashed and the machine came back" "$(cat "$LAB_OUT/runs/$r/results/boots" 2>/dev/null)" = 3
	expect "first dump still active after the second crash" "$(kv $r 3 release_mem_present_capture)" = 1
	fidelity $r 3
	expect "release after recovery" "$(kv $r 3 release_rc)" = 0
	rearmed $r 3
}
# Dump services save the dump and reboot without writing release_mem: the
# next boot must be a normal, armed one, not the same dump again (Debian's
# kdump-tools looped on that). fadump_keep=1 keeps the dump instead.
T_project_saved_reboot() {
	local r=p-reboot
	run $r --kernel $P --mem 2G --crashkernel 512M --dump-disk -- lab.crash=sysrq lab.fill=128 \
		lab.copy=1 lab.release=reboot || return
	expect "capture kernel saved the dump" "$(kv $r 2 vmcore_copy_rc)" = 0
	expect "capture kernel dropped the unreleased dump" \
		"$(sed -n '/REBOOT without release/,/LAB\[3\]: INIT/p' "$LAB_OUT/runs/$r/console.log" | grep -c 'dropped the unreleased dump')" = 1
	expect "after the reboot: a production boot" "$(kv $r 3 reboot_next_phase)" = production
	expect "after the reboot: armed again" "$(kv $r 3 fadump_armed_registered)" = 1
	expect "one capture, three boots, no loop" \
		"$(cat "$LAB_OUT/runs/$r/results/captures" 2>/dev/null)/$(cat "$LAB_OUT/runs/$r/results/boots" 2>/dev/null)" = 1/3
	r=p-reboot-keep
	run $r --kernel $P --mem 2G --crashkernel 512M --dump-disk -- lab.crash=sysrq lab.fill=128 \
		lab.release=reboot fadump_keep=1 || return
	expect "fadump_keep=1: the dump is presented again" "$(kv $r 3 reboot_next_phase)" = capture
	fidelity $r 3
	expect "fadump_keep=1: released in the second capture kernel" "$(kv $r 3 release_rc)" = 0
	rearmed $r 3
}
# A machine reset from the monitor while armed: nothing unregisters, and
# QEMU, like PowerVM, keeps the registration; the next boot must replace it.
T_project_reset_registered() {
	local r=p-reset
	run $r --kernel $P --mem 2G --crashkernel 512M -- lab.crash=reset kunit.enable=0 || return
	expect "boot 1: armed" "$(kv $r 1 fadump_armed_registered)" = 1
	expect "boot 1: reset from the monitor" "$(grep -c '^reset1 0$' "$LAB_OUT/runs/$r/monitor.done" 2>/dev/null)" = 1
	expect "boot 2: a production boot" "$(kv $r 2 release_mem_present_armed)" = 0
	expect "boot 2: the earlier registration was replaced" \
		"$(grep -c 'registration from an earlier boot; replacing it' "$LAB_OUT/runs/$r/results/boot2/dmesg")" = 1
	expect "boot 2: armed again" "$(kv $r 2 fadump_armed_registered)" = 1
}
# Release when the firmware refuses to drop the dump: an error, and the
# dump stays whole and readable (fault injection, powerpc/fail_fadump).
T_project_release_fails() {
	local r=p-relfail
	run $r --kernel $P --mem 2G --crashkernel 512M -- lab.crash=sysrq lab.fill=256 \
		lab.relfail=1 kunit.enable=0 || return
	expect "failed invalidate: the write fails" "$(kv $r 2 relfail_rc)" = 1
	expect "failed invalidate: /proc/vmcore stays" "$(kv $r 2 relfail_vmcore)" = present
	expect "failed invalidate: release_mem stays" "$(kv $r 2 relfail_release_mem)" = present
	expect "failed invalidate: no memory given back" "$(kv $r 2 relfail_memtotal_delta_kb)" = 0
	expect "failed invalidate: the dump is still whole" "$(kv $r 2 relfail_verify_rc)" = 0
	expect "then the release works" "$(kv $r 2 release_rc)" = 0
	rearmed $r 2
}
# Release when a memory block cannot be hot-added: the dump is dropped
# first (the firmware invalidates it, /proc/vmcore goes), the kernel is
# armed again (the registration does not wait for the hot-add), and the
# write returns; the background hot-add fails, says so in debugfs, and
# release_mem stays; writing 1 again hot-adds the rest.
T_project_release_hotadd_fails() {
	local r=p-relhot before after armed reserved
	# 8 GB: most of the preserved memory is out of memblock (hot-added)
	run $r --kernel $P --mem 8G --crashkernel 512M --timeout 600 -- lab.crash=sysrq \
		lab.relfail=hotadd kunit.enable=0 || return
	expect "failed hot-add: the write returns before the hot-add" "$(kv $r 2 relhot_rc)" = 0
	expect "failed hot-add: debugfs says it failed" "$(kv $r 2 relhot_hotadd_failed)" = 1
	expect "failed hot-add: the dump was dropped first (/proc/vmcore gone)" "$(kv $r 2 relhot_vmcore)" = gone
	expect "failed hot-add: release_mem stays for the retry" "$(kv $r 2 relhot_release_mem)" = present
	expect "failed hot-add: armed again all the same" "$(kv $r 2 relhot_registered)" = 1
	expect "failed hot-add: the reserved memory came back" "$(kv $r 2 relhot_memtotal_delta_kb)" -gt 0
	expect "retry: write 1 to release_mem again" "$(kv $r 2 release_rc)" = 0
	expect "retry: it hot-added what was missing" \
		"$(grep -c 'hot-added 0x[0-9a-f]* bytes of the released memory' "$LAB_OUT/runs/$r/results/boot2/dmesg")" = 1
	before=$(kv $r 2 memtotal_before_release_kb); after=$(kv $r 2 memtotal_after_release_kb)
	armed=$(kv $r 1 memtotal_kb); reserved=$(kv $r 1 fadump_armed_mem_reserved)
	expect "retry: MemTotal grew" "$(( after - before ))" -gt 0
	expect "retry: everything but the dump area is back (64 MiB slack)" \
		"$after" -ge "$(( armed - ${reserved:-0} / 1024 - 65536 ))"
	expect "retry: release_mem is gone" "$(kv $r 2 release_mem_present_released)" = 0
}
# A crash of the capture kernel at several points inside the release: the
# next boot has the first dump, whole, or none; never a partly reused one.
T_project_release_crash() {
	local sec r n=0
	for sec in 0 0.02 0.1; do
		r=p-relcrash-$sec
		run $r --kernel $P --mem 2G --crashkernel 512M -- lab.crash=sysrq lab.fill=256 \
			lab.relcrash=$sec fadump_rearm=0 panic=1 kunit.enable=0 || return
		expect "crash ${sec}s into the release: the machine came back" \
			"$(cat "$LAB_OUT/runs/$r/results/boots" 2>/dev/null)" = 3
		if [ "$(kv $r 3 release_mem_present_capture)" = 1 ]; then
			n=$((n + 1))
			# Whole: no memory had been given back before the crash.
			expect "crash ${sec}s into the release: the dump came back, so no memory was given back yet" \
				"$(kv $r 2 relcrash_memtotal_kb)" = "$(kv $r 2 relcrash_memtotal_before_kb)"
			fidelity $r 3
		else
			expect "crash ${sec}s into the release: no dump, a production boot" \
				"$(grep -c 'phase=production' "$LAB_OUT/runs/$r/results/boot3/steps")" = 1
		fi
	done
	echo "  release crash: the first dump came back $n of 3 times (the rest booted without one)"
}
T_project_parallel() {
	local r=p-parallel
	run $r --kernel $P --mem 2G --crashkernel 512M -- lab.crash=sysrq lab.parallel=1 || return
	expect "state consistent after parallel writers" "$(kv $r 2 parallel_registered)" '~' '^[01]$'
	expect "release under an open reader" "$(kv $r 2 release_rc)" = 0
	# labtool held: opened /proc/vmcore and read 64K before the release, read
	# again only once the release had returned.
	expect "held reader: read /proc/vmcore before the release" "$(kv $r 2 held_reader_before_bytes)" = 65536
	expect "held reader: was holding it when the release started" "$(kv $r 2 held_reader_ready)" = 1
	expect "held reader: read again after the release returned" "$(kv $r 2 held_reader_waited_go)" = 1
	expect "held reader: no data after the release" "$(kv $r 2 held_reader_after_bytes)" = 0
	expect "held reader: every read after the release failed" "$(kv $r 2 held_reader_after_failed_reads)" = 17
	expect "held reader: the error is EIO" "$(kv $r 2 held_reader_after_errno)" = EIO
	expect "held reader: exit status 1 (reads failed)" "$(kv $r 2 held_reader_rc)" = 1
	# Its mapping of the first PT_LOAD page: readable before, and after
	# the release (the memory is the system's again) a fault, not data.
	expect "held mapping: readable before the release" "$(kv $r 2 held_mapping_before)" = readable
	expect "held mapping: SIGBUS after the release" "$(kv $r 2 held_mapping_after)" = sigbus
	expect "streaming reader stopped by itself after the release" "$(kv $r 2 parallel_stream_reader_ended)" = 1
	expect "capture kernel still running after the release" "$(kv $r 2 parallel_alive)" = 1
	expect "no oops, BUG or panic in the capture kernel" \
		"$(sed -n '/LAB\[2\]: INIT/,$p' "$LAB_OUT/runs/$r/console.log" | grep -Ec 'Oops|BUG:|Kernel panic|Unable to handle')" = 0
	rearmed $r 2
}
# Ranged release (/sys/kernel/fadump/release_region), three runs of the
# same 4 GB guest:
#  - probe: every refused write has its own errno and changes nothing;
#    one memory block given back leaves the list, the PT_LOADs and the
#    MemTotal count, reads of it fail, mmap() of it fails; then release_mem;
#  - save: labtool saveregion copies /proc/vmcore to disk and gives each
#    256 MiB chunk back once it is on disk; the last chunk completes the
#    release (both files go, fadump re-arms) and the copy passes the
#    fidelity check like /proc/vmcore did;
#  - race: release_region written in a loop while release_mem is written.
# All three end with the MemTotal of the release_mem flow.
rr_clean() { # RUN: no oops, BUG or panic in the capture kernel
	expect "$1: no oops, BUG or panic in the capture kernel" \
		"$(sed -n '/LAB\[2\]: INIT/,$p' "$LAB_OUT/runs/$1/console.log" | grep -Ec 'Oops|BUG:|Kernel panic|Unable to handle|WARNING:')" = 0
}
T_project_release_region() {
	local r=p-relprobe s=p-relsave q=p-relrace c e mem
	run $r --kernel $P --mem 4G --crashkernel 512M -- lab.crash=sysrq lab.fill=128 \
		lab.relregion=probe kunit.enable=0 || return
	expect "release_region: root only (mode)" "$(kv $r 2 relregion_mode)" = 600
	expect "release_region: lists held ranges" "$(kv $r 2 relregion_lines)" -gt 0
	expect "release_region: a held range with a block inside it to probe" "$(kv $r 2 relregion_range_ok)" = 1
	for c in garbage:EBADMSG one_number:EBADMSG size_zero:ENODATA wraps:EOVERFLOW \
		boot_memory:EBUSY outside_ram:ERANGE unaligned:EINVAL; do
		expect "release_region: ${c%%:*} refused with ${c#*:}" "$(kv $r 2 "relregion_err_${c%%:*}")" = "${c#*:}"
	done
	expect "release_region: the list unchanged after the refused writes" "$(kv $r 2 relregion_unchanged)" = 1
	expect "release_region: the block reads through /proc/vmcore before" "$(kv $r 2 relregion_before_probe_read)" = ok
	expect "release_region: and mmap()s before" "$(kv $r 2 relregion_before_probe_mmap)" = ok
	expect "release_region: one block given back" "$(kv $r 2 relregion_give)" = ok
	expect "release_region: MemTotal grows by the block" "$(kv $r 2 relregion_memtotal_delta_kb)" = $(( $(kv $r 2 relregion_block) / 1024 ))
	expect "release_region: read of the given-back block fails with EIO" "$(kv $r 2 relregion_after_probe_read)" = EIO
	expect "release_region: mmap() of it fails" "$(kv $r 2 relregion_after_probe_mmap)" != ok
	expect "release_region: no PT_LOAD covers it" "$(kv $r 2 relregion_covered)" = 0
	expect "release_region: given back twice: EALREADY" "$(kv $r 2 relregion_err_again)" = EALREADY
	expect "release_region: overlapping what was given back: EALREADY" "$(kv $r 2 relregion_err_overlap)" = EALREADY
	expect "release_region: the list shrank by the block" "$(kv $r 2 relregion_listed_bytes_delta)" = "$(kv $r 2 relregion_block)"
	expect "release_region: the block is not listed" "$(kv $r 2 relregion_hole_listed)" = 0
	expect "release_region: debugfs sums it" "$(kv $r 2 relregion_debugfs)" = \
		"Given back: $(printf '%#x' "$(kv $r 2 relregion_block)") bytes in 1 range(s)"
	expect "release_region: /proc/vmcore stays" "$(kv $r 2 relregion_vmcore_still)" = present
	expect "release_region: makedumpfile -d 31 works on what is left" "$(kv $r 2 relregion_makedumpfile_rc)" = 0
	expect "release_mem after a ranged release" "$(kv $r 2 release_rc)" = 0
	rearmed $r 2
	rr_clean $r
	mem=$(kv $r 2 memtotal_after_release_kb)

	run $s --kernel $P --mem 4G --crashkernel 512M --dump-fs --timeout 600 -- \
		lab.crash=sysrq lab.fill=128 lab.relregion=save kunit.enable=0 || return
	fidelity $s 2
	expect "saver: dump disk mounted" "$(kv $s 2 relregion_mount_rc)" = 0
	expect "saver: exit status" "$(kv $s 2 saveregion_rc)" = 0
	expect "saver: gave back chunk by chunk" "$(kv $s 2 saveregion_writes)" -ge 3
	expect "saver: every write accepted (first error)" "$(kv $s 2 saveregion_first_error)" = none
	expect "saver: the last chunk completed the release (release_region gone)" "$(kv $s 2 relregion_file_after)" = gone
	expect "saver: release_mem gone too" "$(kv $s 2 release_mem_after)" = gone
	expect "saver: the copy's fidelity check ran" "$(kv $s 2 saved_verify_rc)" = 0
	expect "saver: the copy has every page /proc/vmcore had" "$(kv $s 2 saved_fidelity_ok)" = "$(kv $s 2 fidelity_ok)"
	expect "saver: no corrupt page in the copy" "$(kv $s 2 saved_fidelity_corrupt)" = 0
	expect "saver: no missing page in the copy" "$(kv $s 2 saved_fidelity_missing)" = 0
	expect "saver: MemTotal as after release_mem" "$(kv $s 2 memtotal_after_release_kb)" = "$mem"
	rearmed $s 2
	rr_clean $s

	run $q --kernel $P --mem 4G --crashkernel 512M -- lab.crash=sysrq \
		lab.relregion=race kunit.enable=0 || return
	expect "race: release_region was being written" "$(kv $q 2 relregion_race_writes)" -ge 1
	e=$(kv $q 2 release_rc)
	expect "race: release_mem worked, or found the release done" "$([ "$e" = 0 ] || [ "$e" = 1 ] && echo yes)" = yes
	expect "race: release_region gone" "$(kv $q 2 relregion_file_after)" = gone
	expect "race: release_mem gone" "$(kv $q 2 release_mem_after)" = gone
	expect "race: MemTotal as after release_mem" "$(kv $q 2 memtotal_after_release_kb)" = "$mem"
	rearmed $q 2
	rr_clean $q
}
# selftests_check RUN: the kselftests of tools/testing/selftests/fadump
# ran in RUN's production kernel (armed) and capture kernel (dump held,
# before the lab releases it): every control file in both states.
selftests_check() {
	local r=$1 t n=0
	expect "dump released after the capture-kernel selftests" "$(kv $r 2 release_rc)" = 0
	for t in "$LAB_OUT"/runs/$r/results/boot[12]/selftest.*.ktap; do
		[ -f "$t" ] || continue
		n=$((n + 1))
		b=$(basename "$(dirname "$t")" | sed 's/boot//')
		expect "selftest boot$b $(basename "$t"): exit status" "$(kv $r $b "selftest_rc_$(basename "$t" .ktap | sed 's/^selftest\.//')")" = 0
		expect "selftest $(basename "$t"): KTAP totals" "$(grep -E '^# Totals:' "$t")" '~' 'fail:0'
	done
	# every program the kselftest Makefile builds, in both kernels
	t=$(sed -n 's/^TEST_GEN_PROGS[[:space:]]*[:+]\{0,1\}=[[:space:]]*//p' \
		"$LAB_REPO/tools/testing/selftests/fadump/Makefile" | wc -w)
	expect "selftests ran in both kernels ($t programs)" "$n" = $((2 * t))
	# kdump-utils' protocol (fadump_service_test): nothing skipped in the
	# armed kernel; in the capture kernel exactly the three that change
	# the registration, which a held dump blocks
	t=$LAB_OUT/runs/$r/results
	expect "service protocol, production: no test skipped" \
		"$(grep -c '^ok .* # SKIP' "$t/boot1/selftest.fadump_service_test.ktap" 2>/dev/null)" = 0
	expect "service protocol, capture: skipped" \
		"$(sed -n 's/^ok [0-9]* service\.\([a-z_]*\) # SKIP.*/\1/p' "$t/boot2/selftest.fadump_service_test.ktap" 2>/dev/null | tr '\n' ' ')" = \
		"stop_start reload_while_registered stop "
	expect "service protocol, capture: the firmware's dump property found" \
		"$(grep -c '^ok [0-9]* service\.capture_boot_detected$' "$t/boot2/selftest.fadump_service_test.ktap" 2>/dev/null)" = 1
}
T_project_selftests() {
	run p-selftests --kernel $P --mem 2G --timeout 900 --crashkernel 512M -- \
		lab.crash=sysrq lab.selftests=2 || return
	selftests_check p-selftests
	expect "armed: bootargs_append (the firmware's parameter area)" \
		"$(bootargs_file p-selftests)" = present
}
# bootargs_file RUN: whether the armed kernel of RUN had bootargs_append
bootargs_file() {
	[ -e "$LAB_OUT/runs/$1/results/boot1/sysfs.armed.bootargs_append" ] &&
		echo present || echo absent
}
# The same on powernv9: the capture boot is told by OPAL's mpipl-boot
T_project_powernv_selftests() {
	run p-pnv-selftests --kernel project-pnv --machine powernv9 --mem 4G \
		--timeout 900 -- lab.crash=sysrq lab.selftests=2 || return
	selftests_check p-pnv-selftests
	# kdump-utils writes the file whenever it exists
	expect "armed: no bootargs_append (OPAL keeps no parameter area)" \
		"$(bootargs_file p-pnv-selftests)" = absent
}
T_project_hotplug() {
	local r=p-hotplug
	# 512M of base RAM and a 2G DIMM: boot memory spills into the DIMM and
	# the dump area lies in it, in DLPAR memory as on PowerVM, where all
	# memory but the first LMBs is. A 512M DIMM is hot-added while armed.
	# Hot-added memory goes to the tail of the free lists: fill nearly all
	# of it so that some of the pages checked lie in the new DIMM.
	cycle $r $P 512M 2 sysrq --dimm 2G --timeout 600 -- lab.hotplug=1 lab.fill=most || return
	fidelity $r 2
	expect "hot-add: the monitor took the DIMM" "$(cat "$LAB_OUT/runs/$r/monitor.done" 2>/dev/null)" '~' 'objhp1 0 devhp1 0 objhp2 0 devhp2 0'
	expect "hot-add: 512M came online" "$(kv $r 1 hp_added_hp1_kb)" = 524288
	expect "hot-add: still registered" "$(kv $r 1 hp_registered_after_add)" = 1
	expect "dump area lies in DLPAR memory" "$(kv $r 1 hp_area_lmb)" '~' '^0x'
	expect "hot-remove of the dump area refused" "$(kv $r 1 hp_remove_area_rc)" = 1
	expect "hot-remove of the dump area: memory kept" "$(kv $r 1 hp_remove_area_memtotal_delta_kb)" = 0
	expect "boot memory reaches into DLPAR memory" "$(kv $r 1 hp_boot_lmb)" '~' '^0x'
	expect "hot-remove of boot memory refused" "$(kv $r 1 hp_remove_boot_rc)" = 1
	expect "hot-remove of boot memory: memory kept" "$(kv $r 1 hp_remove_boot_memtotal_delta_kb)" = 0
	expect "refusals leave the registration as it was" "$(kv $r 1 hp_region_unchanged)" = 1
	expect "hot-remove of other memory works" "$(kv $r 1 hp_remove_new_rc)" = 0
	# MemTotal drops by the block, less its memory map if that is freed.
	between "hot-remove of other memory: 256M gone" "$(kv $r 1 hp_remove_new_memtotal_delta_kb)" -262144 -258048
	expect "registered through all of it" "$(kv $r 1 hp_registered_after_hotplug)" = 1
	expect "capture: the vmcore covers the hot-added DIMM" "$(kv $r 2 covers_all)" = 1
	expect "capture: fill pages in the hot-added DIMM verified" "$(kv $r 2 fidelity_range_ok)" -gt 0
	expect "capture: hot-remove of held memory (out of memblock) refused" "$(kv $r 2 hp_remove_held_first_rc)" = 1
	expect "capture: hot-remove of held memory (reserved) refused" "$(kv $r 2 hp_remove_held_top_rc)" = 1
	expect "capture: 256M hot-added while the dump is held" "$(kv $r 2 hp_added_hp2_kb)" = 262144
	expect "capture: added memory leaves the preserved memory as it was" "$(kv $r 2 hp_capture_region_unchanged)" = 1
	expect "capture: hot-remove of memory added after boot works" "$(kv $r 2 hp_remove_capture_added_rc)" = 0
	expect "released: hot-remove of memory added back works" "$(kv $r 2 hp_remove_released_first_rc)" = 0
	expect "released: hot-remove of memory freed works" "$(kv $r 2 hp_remove_released_top_rc)" = 0
	between "released: 256M gone" "$(kv $r 2 hp_remove_released_top_memtotal_delta_kb)" -262144 -258048
	between "released: 256M gone (added back)" "$(kv $r 2 hp_remove_released_first_memtotal_delta_kb)" -262144 -258048
	expect "released: still re-armed" "$(kv $r 2 hp_registered_after_release_remove)" = 1
	expect "no oops, BUG or panic but the sysrq crash" \
		"$(grep -Ec 'Oops|BUG:|Kernel panic' "$LAB_OUT/runs/$r/console.log")" = 1
	expect "two boots only" "$(cat "$LAB_OUT/runs/$r/results/boots" 2>/dev/null)" = 2
	rearmed $r 2
}
T_project_gates() {
	local out
	out=$(bash "$LAB_REPO/lab/gates.sh" 2>&1)
	local rc=$?
	echo "$out" > "$LAB_OUT/gates.log"
	expect "gates (checkpatch, kernel-doc, W=1, sparse): $(grep -c FAIL "$LAB_OUT/gates.log") failed, see $LAB_OUT/gates.log" "$rc" = 0
}
T_project_doc_examples() {
	local out rc r=p-doc d f miss= args=()
	# The documented examples against the code.
	out=$(bash "$LAB_REPO/lab/check-doc-examples.sh" 2>&1); rc=$?
	echo "$out" > "$LAB_OUT/doc-examples.log"
	expect "documentation examples match the code, see $LAB_OUT/doc-examples.log" "$rc" = 0
	# Real output against the documentation, from a run of its own on the
	# partition the examples describe (2 GiB, two CPUs, default boot memory):
	# the armed production kernel, the capture kernel, the release.
	run $r --kernel $P --mem 2G --cpus 2 -- lab.crash=sysrq || return
	d=$LAB_OUT/runs/$r/results
	for f in boot1/fadump_region.armed boot2/fadump_region.capture boot2/fadump_region.released \
		 boot1/sysfs.armed.{enabled,registered,mem_reserved,hotplug_ready,bootargs_append} \
		 boot2/sysfs.capture.registered; do
		[ -s "$d/$f" ] || miss="$miss $f"
	done
	for f in boot1/dmesg boot2/dmesg; do
		grep -q 'fadump: ' "$d/$f" 2>/dev/null || miss="$miss $f(no fadump messages)"
	done
	expect "guest output the documentation shows was collected in $d" "${miss# }" = ""
	for f in "$d"/boot*/fadump_region.*; do [ -s "$f" ] && args+=(--region "$f"); done
	for f in "$d"/boot*/dmesg; do [ -s "$f" ] && args+=(--dmesg "$f"); done
	for f in "$d"/boot*/sysfs.*.*; do [ -f "$f" ] && args+=(--sysfs "${f##*.}=$f"); done
	out=$(bash "$LAB_REPO/lab/check-doc-examples.sh" "${args[@]}" 2>&1); rc=$?
	echo "$out" > "$LAB_OUT/doc-examples-output.log"
	expect "real output matches the documentation, see $LAB_OUT/doc-examples-output.log" "$rc" = 0
	expect "real output checked: 3 fadump_region files" "$(grep -c '^PASS region-output' <<< "$out")" -ge 3
	expect "real output checked: 2 boot logs" "$(grep -c '^PASS dmesg-output' <<< "$out")" -ge 2
	expect "real output checked: the sysfs files" "$(grep -c '^PASS sysfs-output' <<< "$out")" -ge 6
}

T_project_no_incumbent_code() {
	local out
	out=$(python3 "$LAB_REPO/lab/check-incumbent.py" "$LAB_BASE" "$LAB_REPO" 2>&1)
	local rc=$?
	echo "$out" > "$LAB_OUT/incumbent-check.log"
	expect "no code shared with the incumbent beyond ABI definitions: $(tail -1 "$LAB_OUT/incumbent-check.log")" "$rc" = 0
}
T_project_series() {
	bash "$LAB_REPO/series/make-series.sh" > "$LAB_OUT/series-make.log" 2>&1
	expect "series/make-series.sh (log $LAB_OUT/series-make.log)" "$?" = 0 || return
	bash "$LAB_REPO/series/check-series.sh" > "$LAB_OUT/series-check.log" 2>&1
	expect "series applies, every patch builds, checkpatch --strict clean (log $LAB_OUT/series-check.log)" "$?" = 0
}

TESTS+=(project_kunit project_cycle_sysrq project_powernv_kunit project_powernv_cycle
	project_powernv_oops_cpus_4 project_powernv_nmi project_powernv_three_cycles
	project_powernv_cpus_1 project_powernv_selftests project_powernv_boot_5G
	project_oops project_nmi
	project_nmi_in_panic project_trigger_fails project_cma_fails project_boot_options
	project_boot_sizes project_cpus_1
	project_cpus_4 project_ram_1G project_ram_8G project_ram_64G project_ram_1T
	project_three_cycles project_unregistered_crash project_capture_crash
	project_saved_reboot project_reset_registered project_release_fails
	project_release_crash project_release_hotadd_fails project_release_region
	project_parallel project_selftests project_hotplug project_gates project_doc_examples
	project_no_incumbent_code project_series)
