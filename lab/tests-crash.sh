# SPDX-License-Identifier: GPL-2.0
# Tests with the crash utility (Debian's ppc64el crash under qemu-ppc64le,
# lab/crash-root.sh, lab/crash-check.sh). Sourced by lab/test.sh after its
# helpers (expect, kv, cycle, fail); adds the tests to TESTS.
#
# crash takes the Nth NT_PRSTATUS note as CPU N, so a dump whose notes are
# not in CPU order names the wrong panic CPU and cannot unwind it.

# The crash of the capture run RUN happened on the CPU, PID and task the
# production kernel's panic message names ("CPU: 1 UID: 0 PID: 1 Comm: sh").
# console_panic RUN cpu|pid|comm
console_panic() {
	sed -n 's/.*CPU: \([0-9]*\) UID: [0-9]* PID: \([0-9]*\) Comm: \([^ ]*\) .*/\1 \2 \3/p' \
		"$LAB_OUT/runs/$1/console.log" 2>/dev/null | head -1 |
		awk -v w="$2" '{ print (w == "cpu") ? $1 : (w == "pid") ? $2 : $3 }'
}
# crash_kv DIR KEY: what lab/crash-check.sh said for KEY
crash_kv() { sed -n "s/^$2=//p" "$1/kv" 2>/dev/null | tail -1; }

# cpu_nip DIR CPU: the saved NIP crash's bt -a showed for CPU
cpu_nip() { crash_kv "$1" "bt_cpu${2}_nip"; }
# no_stack DIR CPU: crash's bt -a found no stack to unwind CPU from
no_stack() { [ "$(crash_kv "$1" "bt_cpu$2")" = "error cannot find the stack info" ]; }
# fw_nip DIR CPU: CPU's saved NIP lies in skiboot (loaded at 0x30000000,
# its runtime image below 0x32000000) and crash found no stack there
fw_nip() {
	local nip
	nip=$(cpu_nip "$1" "$2")
	[ -n "$nip" ] && no_stack "$1" "$2" &&
		[ $((16#$nip >= 16#30000000 && 16#$nip < 16#32000000)) = 1 ]
}
# irq_stopped DIR CPU: crash found no stack for CPU, whose saved R1 lies
# in its own softirq or hardirq stack. crash 9.0.2 starts a backtrace of
# an active task only from the task's stack: a CPU the firmware stopped
# while it ran a softirq or an interrupt on its irq stack (an idle CPU
# taking the decrementer, a busy one running RCU callbacks) gets
# "bt: cannot find the stack info" on any dump with its true registers
# (the incumbent's as well).
irq_stopped() {
	no_stack "$1" "$2" &&
		case "$(crash_kv "$1" "bt_cpu${2}_stack")" in softirq|hardirq) true;; *) false;; esac
}
# excused DIR CPU PANIC_CPU: crash_expect lets CPU go without a
# backtrace: it is not the panic CPU, whose registers the kernel saved
# itself, and irq_stopped
excused() { [ "$2" != "$3" ] && irq_stopped "$1" "$2"; }
# cpu_regs DIR CPU: "NIP n, R1 r on its S stack", as crash-check.sh saw them
cpu_regs() {
	echo "NIP $(crash_kv "$1" "bt_cpu${2}_nip"), R1 $(crash_kv "$1" "bt_cpu${2}_r1") on its $(crash_kv "$1" "bt_cpu${2}_stack") stack"
}
# crash_expect [--log STRING] [--pid PID] [--fw-stopped-ok] RUN VMLINUX CORE CPU TASK [TAG]
# Open CORE with crash and check: it runs to the end, every command works,
# the panic task is TASK on CPU, with PID (default: the PID of the
# console's panic line), bt -a shows every online CPU and unwinds each,
# log holds STRING (default: the sysrq line). Outputs in
# build/runs/RUN/crash[-TAG]/. --fw-stopped-ok (PowerNV): an idle CPU that
# QEMU's MPIPL stopped inside skiboot, whose saved registers are OPAL's,
# is not required to unwind (written to crash[-TAG].notes). Nor is a CPU
# other than the panic CPU that was stopped on its irq stack (irq_stopped).
crash_expect() {
	local log="sysrq: Trigger a crash" pid= fwok=
	while :; do
		case "$1" in
		--log) log=$2; shift 2;;
		--fw-stopped-ok) fwok=1; shift;;
		--pid) pid=$2; shift 2;;
		*) break;;
		esac
	done
	local run=$1 vmlinux=$2 core=$3 cpu=$4 task=$5 tag=${6:-}
	local d=$LAB_OUT/runs/$run/crash${tag:+-$tag} s=${tag:+ ($tag)} c n
	[ -n "$pid" ] || pid=$(console_panic "$run" pid)
	bash "$LAB_REPO/lab/crash-check.sh" "$vmlinux" "$core" "$d" \
		--expect-cpu "$cpu" --expect-task "$task" --log "$log" > "$d.out" 2>&1
	expect "crash$s: not hung" "$(crash_kv "$d" crash_timeout)" = 0 || return 1
	expect "crash$s: exit status" "$(crash_kv "$d" crash_rc)" = 0
	for c in sys bt_a log ps kmem_i; do
		expect "crash$s: $c" "$(crash_kv "$d" cmd_$c)" = ok
	done
	expect "crash$s: panic task" "$(crash_kv "$d" panic_comm)" = "$task"
	expect "crash$s: panic PID" "$(crash_kv "$d" panic_pid)" = "$pid"
	expect "crash$s: panic CPU" "$(crash_kv "$d" panic_cpu)" = "$cpu"
	expect "crash$s: bt -a: $task on CPU $cpu" "$(crash_kv "$d" "bt_cpu${cpu}_comm")" = "$task"
	n=$(kv "$run" 1 cpus_online)
	expect "crash$s: bt -a shows every CPU" "$(crash_kv "$d" bt_cpus)" = "$n"
	for c in $(seq 0 $(( ${n:-1} - 1 ))); do
		if [ -n "$fwok" ] && [ "$c" != "$cpu" ] && fw_nip "$d" "$c"; then
			echo "crash$s: CPU $c was stopped inside skiboot (NIP $(cpu_nip "$d" "$c")): nothing to unwind" >> "$d.notes"
			continue
		fi
		if excused "$d" "$c" "$cpu"; then
			echo "crash$s: CPU $c was stopped on an irq stack ($(cpu_regs "$d" "$c")): crash does not unwind from there" >> "$d.notes"
			continue
		fi
		expect "crash$s: bt -a unwinds CPU $c ($(cpu_regs "$d" "$c"))" "$(crash_kv "$d" "bt_cpu$c")" '~' '^[0-9]+ frames'
	done
	expect "crash$s: log has '$log'" "$(crash_kv "$d" log_has)" = 1
}

# crash-check.sh's irq-stack finding and crash_expect's leniency, on the
# outputs of a real crash session (lab/testdata/crash-stacks/: a 2-CPU
# project dump, sh panicking on CPU 1, CPU 0 idle on its task stack,
# THREAD_SIZE 32768). Each case rewrites CPU 0's block of bt-a.txt as
# crash prints a CPU it cannot unwind: R1 set to ADDR, the frames
# replaced by "bt: cannot find the stack info".
# stack_case NAME ADDR: the case's OUTDIR, kv made by crash-check.sh --kv-only
stack_case() {
	local d=$LAB_OUT/crash-stacks/$1 t=$LAB_REPO/lab/testdata/crash-stacks
	rm -rf "$d"; mkdir -p "$d"; cp "$t"/*.txt "$d/"
	[ -z "$2" ] || awk -v r1="$2" '
		/^PID: / { on = ($6 == 0); if (on) err = 1 }
		on && / R1: / { sub(/R1:  [0-9a-f]+/, "R1:  " r1) }
		on && /^ *#[0-9]+ / { if (err) print "bt: cannot find the stack info"; err = 0; next }
		{ print }' "$t/bt-a.txt" > "$d/bt-a.txt"
	bash "$LAB_REPO/lab/crash-check.sh" - - "$d" --kv-only > "$d.out" 2>&1
	echo "$d"
}
# hex_add HEX N: HEX + N, as crash prints it (16 digits, no 0x)
hex_add() { printf '%016x' $((16#${1#0x} + $2)); }
# ctx_n FILE N: element N of the array crash printed in FILE (no 0x); a
# parser of its own, not crash-check.sh's ctx_of, so that an error there
# (say, the wrong CPU's element) does not move the expected addresses too
ctx_n() { tr -d '\n ' < "$1" | sed 's/.*{//; s/}.*//' | cut -d, -f$(($2 + 1)) | sed 's/^0x//'; }
T_crash_check_stacks() {
	local t=$LAB_REPO/lab/testdata/crash-stacks d s0 s1 h0 ts c
	s0=$(ctx_n "$t/softirq-ctx.txt" 0); s1=$(ctx_n "$t/softirq-ctx.txt" 1)
	h0=$(ctx_n "$t/hardirq-ctx.txt" 0); ts=$(sed 's/.* = //' "$t/thread-size.txt")
	d=$(stack_case real "")
	expect "as crash saw it: CPU 0 unwound" "$(crash_kv "$d" bt_cpu0)" '~' '^[0-9]+ frames'
	expect "as crash saw it: CPU 0's R1" "$(crash_kv "$d" bt_cpu0_r1)" '~' '^c[0-9a-f]{15}$'
	expect "as crash saw it: CPU 0 on its task stack" "$(crash_kv "$d" bt_cpu0_stack)" = other
	expect "as crash saw it: CPU 1 on its task stack" "$(crash_kv "$d" bt_cpu1_stack)" = other
	for c in "softirq $(hex_add "$s0" 0) softirq" "softirq-top $(hex_add "$s0" $((ts - 1))) softirq" \
		"hardirq $(hex_add "$h0" $((ts / 2))) hardirq" "past-softirq $(hex_add "$s0" "$ts") other" \
		"below-hardirq $(hex_add "$h0" -8) other" "cpu1-softirq $(hex_add "$s1" 256) other" \
		"task-stack $(crash_kv "$LAB_OUT/crash-stacks/real" bt_cpu0_r1) other"; do
		# shellcheck disable=SC2086
		set -- $c
		d=$(stack_case "$1" "$2")
		expect "$1: crash's complaint read" "$(crash_kv "$d" bt_cpu0)" = "error cannot find the stack info"
		expect "$1: R1 $2 found on CPU 0's $3 stack" "$(crash_kv "$d" bt_cpu0_stack)" = "$3"
		expect "$1: crash_expect lets CPU 0 go" "$(excused "$d" 0 1 && echo yes || echo no)" = \
			"$([ "$3" = other ] && echo no || echo yes)"
		expect "$1: not if CPU 0 is the panic CPU" "$(excused "$d" 0 0 && echo yes || echo no)" = no
	done
	# an exception frame's registers further down CPU 0's block are not
	# its saved ones
	d=$LAB_OUT/crash-stacks/exception-frame
	rm -rf "$d"; mkdir -p "$d"; cp "$t"/*.txt "$d/"
	awk '{ print } /^PID: / { on = ($6 == 0) } on && /^ *#0 / {
		print " R0:  0000000000000000    R1:  c0000000dead0000    R2:  0000000000000000"
		print " NIP: c0000000dead0004    MSR: 8000000000001033    OR3: 0000000000000000" }' \
		"$t/bt-a.txt" > "$d/bt-a.txt"
	bash "$LAB_REPO/lab/crash-check.sh" - - "$d" --kv-only > "$d.out" 2>&1
	expect "exception frame: CPU 0's saved R1/NIP kept" \
		"$(crash_kv "$d" bt_cpu0_r1)/$(crash_kv "$d" bt_cpu0_nip)" = \
		"$(crash_kv "$LAB_OUT/crash-stacks/real" bt_cpu0_r1)/$(crash_kv "$LAB_OUT/crash-stacks/real" bt_cpu0_nip)"
	d=$(stack_case no-ctx "$(hex_add "$s0" 0)")
	rm -f "$d"/softirq-ctx.txt; bash "$LAB_REPO/lab/crash-check.sh" - - "$d" --kv-only > /dev/null 2>&1
	expect "no irq stacks printed: stack unknown, not let go" \
		"$(crash_kv "$d" bt_cpu0_stack)/$(excused "$d" 0 1 && echo yes || echo no)" = unknown/no
}

# The crash of PID 1 is moved to CPU 1 by starting init under taskset
# (rdinit= and the arguments after "--" are the kernel's; they must come
# last). CPU 1 is the case a dump with the crashing CPU's note first gets
# wrong; on CPU 0 both orders are the same.
CRASH_ON_CPU1="rdinit=/bin/busybox -- taskset -c 1 /init"

# A sysrq crash on CPU 1 of KERNEL with CPUS vCPUs (default 2), then
# crash on the raw /proc/vmcore copy and on makedumpfile -E -d 31: it must
# agree with the console.
# crash_cycle RUN KERNEL [CPUS]
crash_cycle() {
	local r=$1
	# shellcheck disable=SC2086
	cycle $r $2 2G ${3:-2} sysrq --dump-disk --crashkernel 512M -- \
		lab.fill=64 lab.copy=1 lab.elf=1 $CRASH_ON_CPU1 || return
	expect "console: the sysrq crash ran on CPU 1" "$(console_panic $r cpu)" = 1
	crash_both $r 1 sh
}
# crash_both [crash_expect options] RUN CPU TASK: crash_expect on RUN's raw
# /proc/vmcore copy and on its makedumpfile -E -d 31 output
crash_both() {
	local o=()
	while [ "${1#--}" != "$1" ]; do
		if [ "$1" = --fw-stopped-ok ]; then o+=("$1"); shift
		else o+=("$1" "$2"); shift 2; fi
	done
	crash_expect "${o[@]}" $1 "$LAB_OUT/runs/$1/vmlinux" "$LAB_OUT/runs/$1/dump.img" $2 $3 raw
	crash_expect "${o[@]}" $1 "$LAB_OUT/runs/$1/vmlinux" "$LAB_OUT/runs/$1/results/boot2/vmcore.elf" $2 $3 d31
}
# The incumbent writes the notes in CPU order.
T_reference_crash() { crash_cycle ref-crash reference; }
# The same on our kernel.
T_project_crash() { crash_cycle project-crash project; }
# The same on powernv9 (OPAL MPIPL): the notes in CPU order, from OPAL's
# register save area
T_project_powernv_crash() {
	local r=p-pnv-crash
	# shellcheck disable=SC2086
	cycle $r project-pnv 4G 2 sysrq --machine powernv9 --timeout 300 --dump-disk -- \
		lab.fill=64 lab.copy=1 lab.elf=1 $CRASH_ON_CPU1 || return
	expect "console: the sysrq crash ran on CPU 1" "$(console_panic $r cpu)" = 1
	crash_both --fw-stopped-ok $r 1 sh
}
# The same with 4 CPUs. Now and then (1 run in 10 here) the firmware stops
# an idle CPU on the first instruction of an interrupt vector (NIP
# exc_virt_0x4900_decrementer) taken while it ran a softirq on its softirq
# stack (R1 inside softirq_ctx[cpu], R12 rcu_core_si): crash_expect lets
# exactly such a CPU go without a backtrace (irq_stopped, in the notes).
T_project_crash_cpus_4() { crash_cycle p-crash-cpu4 project 4; }

# crash on the dumps of the other ways to die (lab/tests-project.sh has
# the same crashes with gdb): the dump needs no panic() for crash to name
# the crashing task and CPU.
#
# An oops (LKDTM EXCEPTION, panic_on_oops) of PID 1 on CPU 1: crash names
# the console's oopsing task and CPU, its PANIC is the oops line and the
# log has LKDTM's line.
T_project_crash_oops() {
	local r=p-crash-oops msg
	# shellcheck disable=SC2086
	cycle $r $P 2G 2 oops --dump-disk --crashkernel 512M -- lab.copy=1 lab.elf=1 $CRASH_ON_CPU1 || return
	expect "console: the oops ran on CPU 1" "$(console_panic $r cpu)" = 1
	crash_both --log "lkdtm: Performing direct entry EXCEPTION" $r 1 sh
	msg=$(sed -n 's/.*\] \(Oops: .*\)/\1/p' "$LAB_OUT/runs/$r/console.log" | head -1)
	expect "crash (raw): PANIC is the console's oops line" "$(crash_kv "$LAB_OUT/runs/$r/crash-raw" panic_msg)" '~' \
		"^${msg//[][]/.}"
}
# An NMI (system reset from the monitor) on an idle guest: the first CPU
# to take it asks the firmware for the dump before printing anything, so
# the console names no task; the crashing CPU is the one the capture
# kernel names, and the task it interrupted is that CPU's idle task
# (swapper/N, PID 0). crash must name that CPU and task and unwind them
# from the interrupted registers; the log ends with the last message of
# the crashed kernel (its dmesg saved just before the crash).
T_project_crash_nmi() {
	local r=p-crash-nmi c last
	cycle $r $P 2G 2 nmi --dump-disk --crashkernel 512M -- lab.copy=1 lab.elf=1 || return
	expect "host: NMI injected from the monitor" "$(cat "$LAB_OUT/runs/$r/nmi.done" 2>/dev/null)" = "nmi injected"
	c=$(crashing_cpu $r 2)
	expect "capture: the kernel names the crashing CPU" "$c" '~' '^[0-9]+$' || return
	last=$(tail -1 "$LAB_OUT/runs/$r/results/boot1/dmesg")
	crash_both --pid 0 --log "$last" $r $c "swapper/$c"
}
# An NMI on all 4 CPUs while CPU 1 panics (lab/tests-project.sh
# project_nmi_in_panic): the dump is asked for by the first CPU to take
# the NMI, which crash must name, with the task the NMI interrupted there
# (sh on the panicking CPU, else the idle task); wherever that is, bt -a
# shows the panic in progress on the console's CPU, and the log has it.
T_project_crash_nmi_in_panic() {
	local r=p-crash-nmipanic c p d t=sh pid=1
	cycle $r $P 2G 4 panic-nmi --dump-disk --crashkernel 512M -- lab.copy=1 lab.elf=1 || return
	expect "host: NMI injected from the monitor" "$(cat "$LAB_OUT/runs/$r/nmi.done" 2>/dev/null)" = "nmi injected"
	c=$(crashing_cpu $r 2); p=$(console_panic $r cpu)
	expect "capture: the kernel names the crashing CPU" "$c" '~' '^[0-9]+$' || return
	expect "console: the panic names its CPU" "$p" '~' '^[0-9]+$' || return
	[ "$c" = "$p" ] || { t=swapper/$c; pid=0; }
	crash_both --pid $pid --log "Kernel panic - not syncing: sysrq triggered crash" $r $c $t
	for d in raw d31; do
		expect "crash ($d): bt -a: sh, panicking on CPU $p" \
			"$(crash_kv "$LAB_OUT/runs/$r/crash-$d" "bt_cpu${p}_comm")" = sh
		expect "crash ($d): bt -a: CPU $p in panic()" "$(awk -v c=$p '/^PID: / { on = ($6 == c) }
			on && / panic at / { n++ } END { print n + 0 }' "$LAB_OUT/runs/$r/crash-$d/bt-a.txt")" = 1
	done
}

project_exists && TESTS+=(project_crash_oops project_crash_nmi
	project_crash_nmi_in_panic project_powernv_crash)
