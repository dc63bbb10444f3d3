#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The demo: build, boot, crash, capture, analyse, release — told step by
# step with timings. Uses our kernel (project) when the series is present,
# else the reference. Options: --kernel reference|project, --mem SIZE,
# --cpus N.
. "$(dirname "$0")/lib.sh"

kernel= mem=2G cpus=2
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift 2;;
	--mem) mem=$2; shift 2;;
	--cpus) cpus=$2; shift 2;;
	*) lab_die "usage: lab/demo.sh [--kernel reference|project] [--mem SIZE] [--cpus N]";;
	esac
done
if [ -z "$kernel" ]; then
	kernel=reference
	[ -f "$LAB_REPO/arch/powerpc/kernel/fadump.c" ] && kernel=project
fi
t0=$(date +%s)
step() { printf '\n== [%4ds] %s\n' $(( $(date +%s) - t0 )) "$*"; }

step "1. Toolbox and base tree (cached in $LAB_CACHE), checked against what Debian serves now"
bash "$LAB_REPO/lab/toolbox.sh" --refresh || exit 1
step "2. Build the $kernel kernel (Linux $(lab_kernel_version))"
bash "$LAB_REPO/lab/build.sh" "$kernel" || exit 1
step "3. Guest initramfs (busybox, makedumpfile, labtool)"
bash "$LAB_REPO/lab/initramfs.sh" || exit 1

name=demo-$kernel
step "4. Boot a $mem pseries LPAR with fadump=on, fill 256 MiB with signatures, crash it (sysrq c)"
# Without the KUnit suites: their deliberate error messages are not about
# this dump (lab/test.sh's project_kunit runs them).
bash "$LAB_REPO/lab/run.sh" --kernel "$kernel" --mem "$mem" --cpus "$cpus" \
	--name "$name" --dump-disk --timeout 600 -- \
	lab.crash=sysrq lab.fill=256 lab.copy=1 kunit.enable=0 || exit 1
dir=$LAB_OUT/runs/$name
ts() { grep -m1 -- "$1" "$dir/console.ts" | sed 's/^\[ *\([0-9.]*\)\].*/\1/'; }
kvv() { sed -n "s/^$2=//p" "$dir/results/boot$1/kv" | tail -1; }
echo "   what the guest said (host clock, seconds since QEMU started):"
grep -E 'LAB\[|fadump|Firmware-assisted|ibm,os-term' "$dir/console.ts" | sed 's/^/   /' | head -60

step "5. Timeline"
crash=$(ts 'LAB\[1\]: CRASH'); cap=$(ts 'LAB\[2\]: INIT'); saved=$(ts 'LAB\[2\]: SAVED')
rel0=$(ts 'LAB\[2\]: RELEASE start'); rel1=$(ts 'LAB\[2\]: RELEASE done'); armed=$(ts 'LAB\[2\]: ARMED')
online=$(ts 'LAB\[2\]: RELEASE online')
printf '   %-40s %s s\n' "production kernel armed, crash at" "$crash" \
	"capture kernel init started at" "$cap" \
	"vmcore copied + makedumpfile done at" "$saved" \
	"release_mem took" "$(echo "$rel1 $rel0" | awk '{printf "%.3f", $1-$2}')" \
	"armed again at" "$armed" \
	"all released memory online at" "$online"
printf '   %-40s %s\n' "registered after release" "$(kvv 2 fadump_released_registered)" \
	"MemTotal before/after release (kB)" "$(kvv 2 memtotal_before_release_kb) -> $(kvv 2 memtotal_after_release_kb)" \
	"NT_PRSTATUS notes / online CPUs" "$(kvv 2 nt_prstatus) / $(kvv 1 cpus_online)" \
	"fidelity ok/corrupt/missing/in dump area" "$(kvv 2 fidelity_ok)/$(kvv 2 fidelity_corrupt)/$(kvv 2 fidelity_missing)/$(kvv 2 fidelity_in_dump_area)" \
	"makedumpfile -l -d 31 exit / bytes" "$(kvv 2 makedumpfile_rc) / $(kvv 2 makedumpfile_bytes)"

step "6. Analyse on the host: gdb-multiarch $kernel/vmlinux + vmcore"
tb gdb-multiarch -batch -nx -ex 'set pagination off' -ex 'info threads' \
	-ex 'thread apply all bt 25' "$dir/vmlinux" "$dir/dump.img" 2>/dev/null |
	tee "$dir/backtrace.txt" | grep -v '^$' | head -60

step "Done in $(( $(date +%s) - t0 )) s"
echo "   vmcore (raw copy of /proc/vmcore): $dir/dump.img"
echo "   vmlinux with DWARF:               $LAB_OUT/$kernel/vmlinux"
echo "   console log:                      $dir/console.log"
echo "   backtrace:                        $dir/backtrace.txt"
grep -q sysrq_handle_crash "$dir/backtrace.txt" || { echo "demo: no backtrace through sysrq_handle_crash" >&2; exit 1; }
