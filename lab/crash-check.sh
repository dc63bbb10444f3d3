#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Open a dump with Debian's ppc64el crash utility (lab/crash-root.sh, run
# under qemu-ppc64le on the host) and say what it finds, as key=value lines.
#
#   lab/crash-check.sh VMLINUX VMCORE OUTDIR [--expect-cpu N] [--expect-task COMM]
#                      [--log STRING] [--timeout SEC]
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
#   log_has=0|1           log contains STRING (default "sysrq: Trigger a crash")
#   expect_cpu=ok|fail    with --expect-cpu: panic_cpu = N and bt_cpuN unwound
#   expect_task=ok|fail   with --expect-task: panic_comm = COMM
# Exit status 0 when crash ran to the end (even if a command failed), 1 on
# a timeout or crash failing to start, 2 on bad usage.
. "$(dirname "$0")/lib.sh"

usage() { lab_die "usage: lab/crash-check.sh VMLINUX VMCORE OUTDIR [--expect-cpu N] [--expect-task COMM] [--log STRING] [--timeout SEC]"; }
[ $# -ge 3 ] || usage
vmlinux=$1 core=$2 out=$3; shift 3
ecpu= etask= logstr="sysrq: Trigger a crash" tmo=${LAB_CRASH_TIMEOUT:-600}
while [ $# -gt 0 ]; do
	case "$1" in
	--expect-cpu) ecpu=$2; shift 2;;
	--expect-task) etask=$2; shift 2;;
	--log) logstr=$2; shift 2;;
	--timeout) tmo=$2; shift 2;;
	*) usage;;
	esac
done
[ -f "$vmlinux" ] || lab_die "$vmlinux: not found"
[ -f "$core" ] || lab_die "$core: not found"
CR=${LAB_CRASH_ROOT:-$LAB_CACHE/crash-root}
[ -x "$CR/usr/bin/crash" ] || bash "$LAB_REPO/lab/crash-root.sh" || exit 2
mkdir -p "$out"
out=$(cd "$out" && pwd)
vmlinux=$(cd "$(dirname "$vmlinux")" && pwd)/$(basename "$vmlinux")
core=$(cd "$(dirname "$core")" && pwd)/$(basename "$core")
for d in "$out" "$vmlinux" "$core"; do
	case "$d" in "$LAB_REPO"/*|"$LAB_CACHE"/*|"$LAB_OUT"/*|/tmp/*) ;;
	*) lab_die "$d: not visible in the toolbox (keep it under $LAB_REPO, $LAB_OUT or /tmp)";;
	esac
done

# One session; crash writes each command's output to its file itself.
cmds="sys set bt bt-a log ps kmem-i"
rm -f "$out"/*.txt "$out/kv"
for c in $cmds; do
	echo "${c/-/ -} > $out/$c.txt"
done > "$out/cmds"
echo q >> "$out/cmds"
t0=$(date +%s)
timeout -k 10 "$tmo" bash -c '. "$0/lab/lib.sh"; tb qemu-ppc64le -L "$1" "$1/usr/bin/crash" -s -i "$2" "$3" "$4"' \
	"$LAB_REPO" "$CR" "$out/cmds" "$vmlinux" "$core" < /dev/null > "$out/crash.out" 2>&1
rc=$?
secs=$(( $(date +%s) - t0 ))

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
