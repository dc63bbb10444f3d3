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

# crash_expect RUN VMLINUX CORE CPU TASK [TAG]
# Open CORE with crash and check: it runs to the end, every command works,
# the panic task is TASK on CPU (and has the PID of the console's panic
# line), bt -a shows every online CPU and unwinds each, log holds the
# sysrq line. Outputs in build/runs/RUN/crash[-TAG]/.
crash_expect() {
	local run=$1 vmlinux=$2 core=$3 cpu=$4 task=$5 tag=${6:-}
	local d=$LAB_OUT/runs/$run/crash${tag:+-$tag} s=${tag:+ ($tag)} c n
	bash "$LAB_REPO/lab/crash-check.sh" "$vmlinux" "$core" "$d" \
		--expect-cpu "$cpu" --expect-task "$task" > "$d.out" 2>&1
	expect "crash$s: not hung" "$(crash_kv "$d" crash_timeout)" = 0 || return 1
	expect "crash$s: exit status" "$(crash_kv "$d" crash_rc)" = 0
	for c in sys bt_a log ps kmem_i; do
		expect "crash$s: $c" "$(crash_kv "$d" cmd_$c)" = ok
	done
	expect "crash$s: panic task" "$(crash_kv "$d" panic_comm)" = "$task"
	expect "crash$s: panic PID as on the console" "$(crash_kv "$d" panic_pid)" = "$(console_panic "$run" pid)"
	expect "crash$s: panic CPU" "$(crash_kv "$d" panic_cpu)" = "$cpu"
	expect "crash$s: bt -a: $task on CPU $cpu" "$(crash_kv "$d" "bt_cpu${cpu}_comm")" = "$task"
	n=$(kv "$run" 1 cpus_online)
	expect "crash$s: bt -a shows every CPU" "$(crash_kv "$d" bt_cpus)" = "$n"
	for c in $(seq 0 $(( ${n:-1} - 1 ))); do
		expect "crash$s: bt -a unwinds CPU $c" "$(crash_kv "$d" "bt_cpu$c")" '~' '^[0-9]+ frames'
	done
	expect "crash$s: log has the sysrq line" "$(crash_kv "$d" log_has)" = 1
}

# The crash of PID 1 is moved to CPU 1 by starting init under taskset
# (rdinit= and the arguments after "--" are the kernel's; they must come
# last). CPU 1 is the case a dump with the crashing CPU's note first gets
# wrong; on CPU 0 both orders are the same.
CRASH_ON_CPU1="rdinit=/bin/busybox -- taskset -c 1 /init"

# A sysrq crash on CPU 1 of KERNEL, then crash on the raw /proc/vmcore
# copy and on makedumpfile -E -d 31: it must agree with the console.
# crash_cycle RUN KERNEL
crash_cycle() {
	local r=$1
	# shellcheck disable=SC2086
	cycle $r $2 2G 2 sysrq --dump-disk --crashkernel 512M -- \
		lab.fill=64 lab.copy=1 lab.elf=1 $CRASH_ON_CPU1 || return
	expect "console: the sysrq crash ran on CPU 1" "$(console_panic $r cpu)" = 1
	crash_expect $r "$LAB_OUT/runs/$r/vmlinux" "$LAB_OUT/runs/$r/dump.img" 1 sh raw
	crash_expect $r "$LAB_OUT/runs/$r/vmlinux" "$LAB_OUT/runs/$r/results/boot2/vmcore.elf" 1 sh d31
}
# The incumbent writes the notes in CPU order.
T_reference_crash() { crash_cycle ref-crash reference; }
# The same on our kernel.
T_project_crash() { crash_cycle project-crash project; }
