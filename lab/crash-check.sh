#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Open a dump with Debian's ppc64el crash utility (lab/crash-root.sh, run
# under qemu-ppc64le on the host) and say what it finds, as key=value lines.
#
#   lab/crash-check.sh VMLINUX VMCORE OUTDIR [--expect-cpu N] [--expect-task COMM]
#                      [--log STRING] [--timeout SEC] [--kv-only]
#
# Runs sys, set, bt, bt -a, log, ps and kmem -i in one crash session; each
# output is saved as OUTDIR/<cmd>.txt (bt -a as bt-a.txt, kmem -i as
# kmem-i.txt), crash's own output in OUTDIR/crash.out. Printed (and saved in
# OUTDIR/kv):
#   crash_rc=N            crash's exit status (124: killed at the timeout)
#   crash_timeout=0|1     crash hung and was killed after SEC s (default 600)
#   crash_seconds=N
#   cmd_<name>=ok|fail    each command produced its expected output
#   panic_msg=...         PANIC: line of sys
#   panic_pid= panic_comm= panic_cpu=       the panic task, as `set`/`bt` name it
#   bt_cpus=N             number of tasks bt -a shows
#   bt_cpu<N>_pid= bt_cpu<N>_comm=  the active task bt -a shows on CPU N
#   bt_cpu<N>=F frames | error MESSAGE     unwound, or crash's complaint
#   bt_cpu<N>_r1= bt_cpu<N>_nip=   CPU N's saved R1 and NIP, as bt -a shows
#   bt_cpu<N>_stack=softirq|hardirq|other|unknown   R1 lies in CPU N's
#                         softirq_ctx / hardirq_ctx stack, elsewhere, or
#                         crash printed no R1 or irq stacks
#   log_has=0|1           log contains STRING (default "sysrq: Trigger a crash")
#   expect_cpu=ok|fail    with --expect-cpu: panic_cpu = N and bt_cpuN unwound
#   expect_task=ok|fail   with --expect-task: panic_comm = COMM
# --kv-only: run no crash, make the key=value lines from the command
# outputs already in OUTDIR (VMLINUX and VMCORE are not read).
# Exit status 0 when crash ran to the end (even if a command failed), 1 on
# a timeout or crash failing to start, 2 on bad usage.
. "$(dirname "$0")/lib.sh"

usage() { lab_die "usage: lab/crash-check.sh VMLINUX VMCORE OUTDIR [--expect-cpu N] [--expect-task COMM] [--log STRING] [--timeout SEC] [--kv-only]"; }
[ $# -ge 3 ] || usage
vmlinux=$1 core=$2 out=$3; shift 3
ecpu= etask= logstr="sysrq: Trigger a crash" tmo=${LAB_CRASH_TIMEOUT:-600} kvonly=0
while [ $# -gt 0 ]; do
	case "$1" in
	--expect-cpu) ecpu=$2; shift 2;;
	--expect-task) etask=$2; shift 2;;
	--log) logstr=$2; shift 2;;
	--timeout) tmo=$2; shift 2;;
	--kv-only) kvonly=1; shift;;
	*) usage;;
	esac
done
# ctx_of FILE CPU: element CPU of the array crash printed in FILE
# ("$1 = {0xc..., 0xc..., 0x0 <repeats 30 times>}"), empty if none
ctx_of() {
	sed -n 's/^[^{]*{\(.*\)}.*/\1/p' "$1" 2>/dev/null | tr -d ' ' | tr ',' '\n' |
		sed -n "$(($2 + 1))p" | grep -E '^0x[0-9a-f]+$'
}
# in_stack ADDR BASE SIZE: BASE <= ADDR < BASE + SIZE (64-bit hex)
in_stack() {
	[ -n "$2" ] && [ "$2" != 0x0 ] && [ -n "$3" ] &&
		[ $((16#${1#0x} - $2 >= 0 && 16#${1#0x} - $2 < $3)) = 1 ]
}
irq_stacks() {
	local ts cpu r1 nip st
	ts=$(sed -n 's/^\$[0-9]* = \([0-9][0-9]*\)$/\1/p' "$f/thread-size.txt" 2>/dev/null | head -1)
	# the first R1 and NIP of a CPU's block are its saved registers; an
	# exception frame further down prints its own
	awk '/^PID: / { cpu = $6 } / R1: / && cpu != "" && !(cpu in r1) { r1[cpu] = $4 }
		/ NIP: / && cpu != "" && !(cpu in nip) { nip[cpu] = $2 }
		END { for (c in r1) print c, r1[c], nip[c] }' "$f/bt-a.txt" 2>/dev/null | sort -n |
	while read -r cpu r1 nip; do
		st=unknown
		if [ -n "$ts" ] && [ -s "$f/softirq-ctx.txt" ]; then
			st=other
			in_stack "$r1" "$(ctx_of "$f/hardirq-ctx.txt" "$cpu")" "$ts" && st=hardirq
			in_stack "$r1" "$(ctx_of "$f/softirq-ctx.txt" "$cpu")" "$ts" && st=softirq
		fi
		printf 'bt_cpu%s_r1=%s\nbt_cpu%s_nip=%s\nbt_cpu%s_stack=%s\n' \
			"$cpu" "$r1" "$cpu" "$nip" "$cpu" "$st"
	done
}

# run_crash: one crash session on VMCORE; crash writes each command's
# output to its file itself. Sets rc and secs.
run_crash() {
	local c d t0
	[ -f "$vmlinux" ] || lab_die "$vmlinux: not found"
	[ -f "$core" ] || lab_die "$core: not found"
	CR=${LAB_CRASH_ROOT:-$LAB_CACHE/crash-root}
	[ -x "$CR/usr/bin/crash" ] || bash "$LAB_REPO/lab/crash-root.sh" || exit 2
	vmlinux=$(cd "$(dirname "$vmlinux")" && pwd)/$(basename "$vmlinux")
	core=$(cd "$(dirname "$core")" && pwd)/$(basename "$core")
	for d in "$out" "$vmlinux" "$core"; do
		case "$d" in "$LAB_REPO"/*|"$LAB_CACHE"/*|"$LAB_OUT"/*|/tmp/*) ;;
		*) lab_die "$d: not visible in the toolbox (keep it under $LAB_REPO, $LAB_OUT or /tmp)";;
		esac
	done
	rm -f "$out"/*.txt "$out/kv"
	for c in sys set bt bt-a log ps kmem-i; do
		echo "${c/-/ -} > $out/$c.txt"
	done > "$out/cmds"
	# Where each CPU's irq stacks are, to say which stack a CPU's
	# saved R1 is on (bt_cpu<N>_stack below).
	{
		echo "p -x hardirq_ctx > $out/hardirq-ctx.txt"
		echo "p -x softirq_ctx > $out/softirq-ctx.txt"
		echo "p -d sizeof(union thread_union) > $out/thread-size.txt"
		echo q
	} >> "$out/cmds"
	t0=$(date +%s)
	timeout -k 10 "$tmo" bash -c '. "$0/lab/lib.sh"; tb qemu-ppc64le -L "$1" "$1/usr/bin/crash" -s -i "$2" "$3" "$4"' \
		"$LAB_REPO" "$CR" "$out/cmds" "$vmlinux" "$core" < /dev/null > "$out/crash.out" 2>&1
	rc=$?
	secs=$(( $(date +%s) - t0 ))
}

[ $kvonly = 0 ] || [ -s "$out/bt-a.txt" ] || lab_die "$out/bt-a.txt: not found"
mkdir -p "$out"
out=$(cd "$out" && pwd)
rc=0 secs=0
[ $kvonly = 1 ] || run_crash

{
echo "crash_rc=$rc"
echo "crash_timeout=$([ $rc = 124 ] || [ $rc = 137 ] && echo 1 || echo 0)"
echo "crash_seconds=$secs"
f=$out
# has FILE REGEX: the command's output exists and matches
has() { [ -s "$f/$1.txt" ] && grep -Eq -- "$2" "$f/$1.txt"; }
ok() { if has "$1" "$2"; then echo "cmd_${1//-/_}=ok"; else echo "cmd_${1//-/_}=fail"; fi; }
ok sys '^ +PANIC: '
ok set '^ +PID: '
ok bt '^ *#0 '
ok bt-a '^PID: '
ok log 'Linux version'
ok ps '^ +PID +PPID +CPU '
ok kmem-i 'TOTAL MEM'
echo "panic_msg=$(sed -n 's/^ *PANIC: //p' "$f/sys.txt" 2>/dev/null | head -1 | tr -d '"')"
echo "panic_pid=$(awk '$1 == "PID:" { print $2; exit }' "$f/set.txt" 2>/dev/null)"
echo "panic_comm=$(sed -n 's/^ *COMMAND: "\(.*\)"/\1/p' "$f/set.txt" 2>/dev/null | head -1)"
echo "panic_cpu=$(awk '$1 == "CPU:" { print $2; exit }' "$f/set.txt" 2>/dev/null)"
echo "bt_panic_cpu=$(sed -n 's/^PID:.* CPU: *\([0-9]*\) .*/\1/p' "$f/bt.txt" 2>/dev/null | head -1)"
# bt -a: one block per CPU, "PID: p TASK: t CPU: n COMMAND: "c"", then
# frames "#k [...]" or an error line (e.g. "bt: cannot find the stack info").
awk '
function flush() {
	if (cpu == "") return
	printf "bt_cpu%s_pid=%s\nbt_cpu%s_comm=%s\n", cpu, pid, cpu, comm
	if (frames > 0) printf "bt_cpu%s=%d frames%s\n", cpu, frames, err != "" ? " (" err ")" : ""
	else printf "bt_cpu%s=error %s\n", cpu, err != "" ? err : "no frames"
}
/^PID: / {
	flush(); n++
	pid = $2; cpu = $6; comm = $0; sub(/.*COMMAND: "/, "", comm); sub(/".*/, "", comm)
	frames = 0; err = ""; next
}
/^ *#[0-9]+ / { frames++; next }
/^(bt: )?[a-z]/ { e = $0; sub(/^bt: /, "", e); sub(/\.$/, "", e); if (err == "") err = e }
END { flush(); printf "bt_cpus=%d\n", n }
' "$f/bt-a.txt" 2>/dev/null || echo "bt_cpus=0"
# The stack bt -a's saved R1 of each CPU lies on: "softirq" or "hardirq"
# (inside that CPU's softirq_ctx / hardirq_ctx stack, THREAD_SIZE bytes),
# else "other"; "unknown" when crash printed no R1 or no irq stacks.
irq_stacks
echo "log_has=$(grep -qF -- "$logstr" "$f/log.txt" 2>/dev/null && echo 1 || echo 0)"
errs=$(grep -E '^(crash|bt|log|ps|kmem|sys|set): ' "$f/crash.out" "$f"/*.txt 2>/dev/null | sed 's#^[^:]*/##' | head -3 | tr '\n' ';')
echo "crash_errors=$errs"
} > "$out/kv"
kvo() { sed -n "s/^$1=//p" "$out/kv" | tail -1; }
if [ -n "$ecpu" ]; then
	v=fail
	[ "$(kvo panic_cpu)" = "$ecpu" ] && kvo "bt_cpu$ecpu" | grep -q '^[0-9]* frames' && v=ok
	echo "expect_cpu=$v" >> "$out/kv"
fi
if [ -n "$etask" ]; then
	v=fail; [ "$(kvo panic_comm)" = "$etask" ] && v=ok
	echo "expect_task=$v" >> "$out/kv"
fi
cat "$out/kv"
[ "$(kvo crash_timeout)" = 0 ] && [ -s "$out/sys.txt" ]
