#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run every lab test and end with one line "N passed, N failed".
#
#   lab/test.sh [-k PATTERN] [--list]
#
# Set-up (toolbox, base tree, kernels, initramfs) happens first and is
# cached. Tests run on the project kernel (our series); the reference
# kernel (the incumbent, as shipped) runs the same crash cycle beside it.
# Each failure names the step, what was expected and the console log.
. "$(dirname "$0")/lib.sh"

pattern= list=0
while [ $# -gt 0 ]; do
	case "$1" in
	-k) pattern=$2; shift 2;;
	--list) list=1; shift;;
	*) lab_die "usage: lab/test.sh [-k PATTERN] [--list]";;
	esac
done

npass=0 nfail=0 failed=()
summary=$LAB_OUT/test-summary.txt

# --- helpers -----------------------------------------------------------
cur= curlog= curfail=0 curruns=()
begin() { cur=$1; curlog=; curfail=0; curruns=(); lab_say "TEST $cur"; }
# A passing test's runs keep their logs and results but not their bulk:
# dump disks, saved dumps, ELF cores and the kernel copy (up to 5 GB a
# run, 30 GB a full run). A failing test keeps everything for analysis;
# LAB_KEEP_RUNS=1 keeps everything always.
prune_runs() {
	local r d
	[ "${LAB_KEEP_RUNS:-0}" = 1 ] && return
	for r in "${curruns[@]}"; do
		d=$LAB_OUT/runs/$r
		[ -d "$d" ] || continue
		rm -rf "$d/dump.img" "$d/dumpfs" "$d/vmlinux" "$d"/*.elf "$d"/results/boot*/*.elf
		echo "pruned after $cur passed: dump.img dumpfs vmlinux *.elf" > "$d/PRUNED"
	done
}
fail() {
	curfail=1
	echo "FAIL $cur: $*${curlog:+ (console: $curlog)}" | tee -a "$summary"
}
end() {
	local f
	f=$(free_gb "$LAB_OUT"); [ "${f:-0}" -lt "$minfree" ] && minfree=$f
	if [ $curfail = 0 ]; then
		npass=$((npass + 1)); echo "PASS $cur" | tee -a "$summary"
		prune_runs
	else
		nfail=$((nfail + 1)); failed+=("$cur")
	fi
}
# kv RUN BOOT KEY: last value the guest recorded for KEY in boot BOOT
kv() { sed -n "s/^$3=//p" "$LAB_OUT/runs/$1/results/boot$2/kv" 2>/dev/null | tail -1; }
# expect STEP ACTUAL OP EXPECTED   (OP: = != -ge -le -gt -lt ~ (regex))
expect() {
	local step=$1 got=$2 op=$3 want=$4 ok=1
	case "$op" in
	=) [ "$got" = "$want" ] || ok=0;;
	!=) [ "$got" != "$want" ] || ok=0;;
	'~') printf '%s' "$got" | tr '\n' ' ' | grep -Eq -- "$want" || ok=0;;
	*) [ -n "$got" ] && [ "$got" "$op" "$want" ] 2>/dev/null || ok=0;;
	esac
	[ $ok = 1 ] || fail "$step: expected $op $want, got '${got:-<nothing>}'"
	return $((1 - ok))
}
# run NAME [run.sh options] -- [kernel args]; sets curlog
# On powernv9 a hang (run.sh 3) or a failed SBE self-test (run.sh 4) is
# the emulator's, not the kernel's (README, known limits): the run is
# repeated, up to LAB_PNV_ATTEMPTS (3) times, each attempt's console kept
# as console.attemptN.log; a test never passes on such a run.
run() {
	local name=$1; shift
	local a=1 n=1 rc
	case " $* " in *" --machine powernv9 "*) n=${LAB_PNV_ATTEMPTS:-3};; esac
	curlog=$LAB_OUT/runs/$name/console.log
	curruns+=("$name")
	while :; do
		bash "$LAB_REPO/lab/run.sh" --name "$name" "$@" > "$LAB_OUT/runs-$name.out" 2>&1
		rc=$?
		[ $rc = 3 ] || [ $rc = 4 ] || break
		echo "INFRA $cur: $name attempt $a of $n: $(tail -1 "$LAB_OUT/runs-$name.out")" | tee -a "$summary"
		cp "$curlog" "$LAB_OUT/runs/console-$name.attempt$a.log" 2>/dev/null
		[ $a -lt $n ] || break
		a=$((a + 1))
	done
	if [ $rc = 4 ] || { [ $rc = 3 ] && [ $n -gt 1 ]; }; then
		fail "boot: infrastructure failure in all $n attempts (hang or SBE self-test), not a pass ($(tail -1 "$LAB_OUT/runs-$name.out"))"
	elif [ $rc != 0 ]; then
		fail "boot: run.sh exited $rc ($(tail -1 "$LAB_OUT/runs-$name.out"))"
	fi
	return $rc
}
gdb_bt() { # VMLINUX CORE all|cpu N -> backtrace of every thread, or of CPU N
	if [ "$3" = cpu ]; then
		tb gdb-multiarch -batch -nx -ex 'set pagination off' \
			-ex "py cpu = $4; core = '$2'" -x "$LAB_REPO/lab/gdb_cpu_bt.py" \
			"$1" "$2" 2>&1
	else
		tb gdb-multiarch -batch -nx -ex 'set pagination off' \
			-ex "thread apply all bt 40" "$1" "$2" 2>&1
	fi
}
want() { [ -z "$pattern" ] || echo "$1" | grep -Eq -- "$pattern"; }

# A full crash -> capture -> save -> release cycle with the standard checks.
#   cycle NAME KERNEL MEM CPUS CRASH [run options] -- [guest args]
cycle() {
	local name=$1 kernel=$2 mem=$3 cpus=$4 crash=$5; shift 5
	local opts=() r=$name
	while [ $# -gt 0 ] && [ "$1" != -- ]; do opts+=("$1"); shift; done
	[ "${1:-}" = -- ] && shift
	run "$r" --kernel "$kernel" --mem "$mem" --cpus "$cpus" "${opts[@]}" \
		-- lab.crash="$crash" "$@" || return 1
	expect "armed: registered" "$(kv $r 1 fadump_armed_registered)" = 1
	expect "capture: dump active (release_mem present)" "$(kv $r 2 release_mem_present_capture)" = 1 || return 1
	expect "capture: NT_PRSTATUS notes = online CPUs" "$(kv $r 2 nt_prstatus)" = "$(kv $r 1 cpus_online)"
	expect "capture: VMCOREINFO note" "$(kv $r 2 vmcoreinfo)" = 1
	expect "capture: /proc/vmcore mmap matches read" "$(kv $r 2 mmap_mismatch)" = 0
	expect "capture: makedumpfile -l -d 31" "$(kv $r 2 makedumpfile_rc)" = 0
	expect "release: write 1 to release_mem" "$(kv $r 2 release_rc)" = 0
	expect "release: /proc/vmcore removed" "$(kv $r 2 vmcore_after_release)" = gone
	local before after armed reserved
	before=$(kv $r 2 memtotal_before_release_kb); after=$(kv $r 2 memtotal_after_release_kb)
	armed=$(kv $r 1 memtotal_kb); reserved=$(kv $r 1 fadump_armed_mem_reserved)
	# Everything but the permanent reservation must come back (64 MiB slack).
	expect "release: MemTotal grows back" "$(( after - before ))" -ge \
		"$(( armed - before - ${reserved:-0} / 1024 - 65536 ))"
	return 0
}
# The crashing CPU as our capture kernel reports it (its dmesg)
crashing_cpu() { # RUN BOOT
	sed -n 's/.*, crashing CPU \([0-9]*\)) is in \/proc\/vmcore.*/\1/p' \
		"$LAB_OUT/runs/$1/results/boot$2/dmesg" 2>/dev/null | tail -1
}
# backtrace RUN KERNEL CORE PATTERN [all|crashing]: gdb on the dump, every
# thread or the crashing CPU's. The notes are in CPU order (as crash and
# makedumpfile need), so the crashing CPU C is note C; lab/gdb_cpu_bt.py
# finds the gdb thread with note C's registers (gdb renumbers its threads).
backtrace() {
	local bt t=${5:-all}
	if [ "$t" = crashing ]; then
		t=$(crashing_cpu "$1" 2)
		expect "capture: the kernel names the crashing CPU" "$t" '~' '^[0-9]+$' || return
		t="cpu $t"
	fi
	bt=$(gdb_bt "$LAB_OUT/runs/$1/vmlinux" "$3" $t)
	echo "$bt" > "$LAB_OUT/runs/$1/backtrace.txt"
	expect "host: gdb backtrace reaches the crash site" "$bt" '~' "$4"
}
# fidelity RUN BOOT: labtool verify's account of the fill pages. Every page
# is in one category; by design a page is either shown intact by a PT_LOAD
# or lies in the dump area, which the firmware overwrote with its copy of
# boot memory: those pages must be left out of the PT_LOADs (no PT_LOAD
# may reach into the area), never shown with other content, and no page
# outside the area may be left out.
fidelity() {
	local r=$1 b=$2 pages ok corrupt missing out
	pages=$(kv $r $b fidelity_pages); ok=$(kv $r $b fidelity_ok)
	corrupt=$(kv $r $b fidelity_corrupt); missing=$(kv $r $b fidelity_missing)
	out=$(kv $r $b fidelity_in_dump_area)
	expect "fidelity: pages verified" "$ok" -gt 0
	expect "fidelity: corrupt pages" "$corrupt" = 0
	expect "fidelity: missing pages" "$missing" = 0
	expect "fidelity: every page ok, corrupt, missing or outside the PT_LOADs ($ok+$corrupt+$missing+$out of $pages)" \
		"$(( ok + corrupt + missing + out ))" = "${pages:-<none>}"
	expect "fidelity: dump area of the registration known" "$(kv $r $b fidelity_area)" '~' '^0x[0-9a-f]+-0x[0-9a-f]+$'
	expect "fidelity: pages left out of the vmcore lie in the dump area" "$(kv $r $b fidelity_uncovered_outside_area)" = 0
	expect "fidelity: pages in the dump area are left out of the vmcore" "$(kv $r $b fidelity_uncovered_in_area)" = "${out:-<none>}"
	expect "fidelity: no page of the dump area shown by a PT_LOAD" "$(kv $r $b fidelity_area_pages_shown)" = 0
	expect "fidelity: no page of the dump area shown with wrong content" "$(kv $r $b fidelity_area_pages_corrupt)" = 0
	expect "fidelity: no PT_LOAD reaches into the dump area (bytes)" "$(kv $r $b fidelity_area_load_bytes)" = 0
}

# --- set-up ------------------------------------------------------------
# the core, whatever its files are called
project_exists() { compgen -G "$LAB_REPO/arch/powerpc/kernel/fadump*.c" > /dev/null; }
setup() {
	bash "$LAB_REPO/lab/toolbox.sh" --refresh || return 1
	bash "$LAB_REPO/lab/build.sh" reference || return 1
	bash "$LAB_REPO/lab/build.sh" reference-pnv || return 1
	if project_exists; then
		bash "$LAB_REPO/lab/build.sh" project || return 1
		bash "$LAB_REPO/lab/build.sh" project-pnv || return 1
		bash "$LAB_REPO/lab/build.sh" preserve-pnv || return 1
	fi
	bash "$LAB_REPO/lab/initramfs.sh" || return 1
	bash "$LAB_REPO/lab/crash-root.sh" || return 1
}

# --- tests -------------------------------------------------------------
T_runner_errors() {
	local out
	out=$(bash "$LAB_REPO/lab/run.sh" --kernel nosuch 2>&1); expect "unknown kernel rejected" "$?:$out" '~' '^2:.*not found'
	out=$(bash "$LAB_REPO/lab/run.sh" --kernel reference --mem 2X 2>&1); expect "bad RAM size rejected" "$?:$out" '~' "^2:.*does not parse"
	out=$(bash "$LAB_REPO/lab/run.sh" --kernel reference --cpus x 2>&1); expect "bad CPU count rejected" "$?:$out" '~' "^2:.*not a number"
	out=$(FADUMP_LAB_CACHE=/nonexistent-cache bash "$LAB_REPO/lab/run.sh" --kernel reference 2>&1); expect "missing cache reported" "$?:$out" '~' "^2:.*toolbox missing"
	out=$(bash "$LAB_REPO/lab/run.sh" --bogus 2>&1); expect "unknown option rejected" "$?:$out" '~' "^2:.*unknown option"
}
T_runner_timeout() {
	curlog=$LAB_OUT/runs/runner-timeout/console.log
	bash "$LAB_REPO/lab/run.sh" --name runner-timeout --kernel reference --mem 1G \
		--timeout 6 -- lab.crash=hang > "$LAB_OUT/runs-runner-timeout.out" 2>&1
	expect "hung guest killed and reported" "$?:$(tail -1 "$LAB_OUT/runs-runner-timeout.out")" '~' '^3:.*TIMEOUT'
	# A kernel that stopped in its panic is the guest's failure: exit 5,
	# which the PowerNV retry does not repeat.
	curlog=$LAB_OUT/runs/runner-panicked/console.log
	bash "$LAB_REPO/lab/run.sh" --name runner-panicked --kernel reference --mem 1G \
		--no-fadump --timeout 40 -- lab.crash=sysrq > "$LAB_OUT/runs-runner-panicked.out" 2>&1
	expect "guest stopped in a panic reported as such" "$?:$(tail -1 "$LAB_OUT/runs-runner-panicked.out")" '~' '^5:.*PANICKED'
}
T_reference_cycle() {
	cycle ref-cycle reference 2G 2 sysrq --dump-disk --crashkernel 512M -- \
		lab.fill=256 lab.copy=1 || return
	# The incumbent does not put the crashing CPU first: search all threads.
	backtrace ref-cycle reference "$LAB_OUT/runs/ref-cycle/dump.img" 'sysrq_handle_crash' all
}
# The incumbent's cycle on PowerNV (QEMU powernv9, skiboot's MPIPL), beside
# ours (project_powernv_cycle). 4 GB: the incumbent wants more boot memory
# than pseries; the fill pages stay out of RAM's last page (fill.sh).
T_reference_powernv_cycle() {
	cycle ref-pnv-cycle reference-pnv 4G 2 sysrq --machine powernv9 --timeout 240 \
		--dump-disk -- lab.fill=256 lab.copy=1 || return
	expect "fidelity: corrupt pages" "$(kv ref-pnv-cycle 2 fidelity_corrupt)" = 0
	expect "fidelity: missing pages" "$(kv ref-pnv-cycle 2 fidelity_missing)" = 0
	expect "fidelity: pages verified" "$(kv ref-pnv-cycle 2 fidelity_ok)" -gt 0
	backtrace ref-pnv-cycle reference-pnv "$LAB_OUT/runs/ref-pnv-cycle/dump.img" 'sysrq_handle_crash' all
}

# A cache whose base is older than what the archive serves moves to the
# served one by itself and says so. The stale version is faked in the
# cache's stamp (the tree is unpacked again from the same package, so
# nothing is rebuilt) and put back if the refresh could not run.
T_base_refresh() {
	local v=$LAB_CACHE/base/debian-version served out after stale=6.12.0-0lab1
	served=$(cat "$v")
	echo "$stale" > "$v"
	out=$(bash "$LAB_REPO/lab/toolbox.sh" --refresh 2>&1)
	echo "$out" > "$LAB_OUT/base-refresh.log"
	after=$(cat "$v")
	[ "$after" = "$stale" ] && echo "$served" > "$v"
	expect "a stale base is reported and replaced" "$out" '~' "base: $stale -> $served"
	expect "the base was unpacked again" "$out" '~' "unpacking linux-source-6.12 $served"
	expect "the cache records the served version" "$after" = "$served"
	expect "the base tree is there again" "$(ls "$LAB_BASE/Makefile" 2>&1)" = "$LAB_BASE/Makefile"
	out=$(bash "$LAB_REPO/lab/toolbox.sh" --refresh 2>&1)
	expect "a current base is left alone" "$out" '~' "base: $served \\(what [a-z]+ serves now\\)"
}

TESTS=(runner_errors runner_timeout crash_check_stacks base_refresh reference_cycle reference_powernv_cycle)
[ -f "$LAB_REPO/lab/tests-project.sh" ] && project_exists && . "$LAB_REPO/lab/tests-project.sh"
# The crash utility on both kernels' dumps (lab/tests-crash.sh)
. "$LAB_REPO/lab/tests-crash.sh"
TESTS+=(reference_crash)
project_exists && TESTS+=(project_crash project_crash_cpus_4)
# The distributions' dump tools on our kernel (lab/tests-tools.sh)
project_exists && . "$LAB_REPO/lab/tests-tools.sh"

if [ $list = 1 ]; then printf '%s\n' "${TESTS[@]}"; exit 0; fi
# (after --list, which must leave a running test's summary alone)
mkdir -p "$LAB_OUT"; : > "$summary"

start=$(date +%s)
rm -f "$LAB_OUT/tools-facts.txt"
# Disk: a cold set-up writes about 14 GB to the cache and the build tree,
# and one run up to 5 GB more (passing runs are pruned, prune_runs). Say
# so before hours of work end in ENOSPC.
free_gb() { df -P -BG "$1" 2>/dev/null | awk 'NR == 2 { sub("G", "", $4); print $4 }'; }
mkdir -p "$LAB_CACHE"
minfree=$(free_gb "$LAB_OUT")
for d in "$LAB_OUT" "$LAB_CACHE"; do
	f=$(free_gb "$d")
	[ "${f:-0}" -ge "${LAB_MIN_FREE_GB:-12}" ] && continue
	echo "FAIL setup: only ${f:-?} GB free on the file system of $d; a full run needs ${LAB_MIN_FREE_GB:-12} GB (LAB_MIN_FREE_GB)"
	echo "0 passed, 1 failed"
	exit 1
done
cache=warm
[ -x "$LAB_TOOLBOX/usr/bin/qemu-system-ppc64" ] || cache=cold
if ! setup > "$LAB_OUT/setup.log" 2>&1; then
	tail -5 "$LAB_OUT/setup.log"
	echo "FAIL setup: see $LAB_OUT/setup.log"
	echo "0 passed, 1 failed"
	exit 1
fi
# What the run is built on, and whether it moved since the last run.
grep -E '\] (base|guest packages|crash): ' "$LAB_OUT/setup.log" | sed 's/^\[lab [0-9:]*\] //' | sort -u
setup_s=$(( $(date +%s) - start ))
lab_say "set-up done in $setup_s s"
for t in "${TESTS[@]}"; do
	want "$t" || continue
	begin "$t"; "T_$t"; end
done
lab_say "tests took $(( $(date +%s) - start )) s; summary in $summary"
[ $nfail = 0 ] || printf 'failed: %s\n' "${failed[*]}"
# The facts of this run, for lab/readme-sync.sh (generated, never typed).
{
	echo "run: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, ${cache} cache${pattern:+, -k $pattern}"
	echo "base: Linux $(lab_kernel_version)"
	grep -E '\] guest packages: Debian' "$LAB_OUT/setup.log" | tail -1 | sed 's/^\[lab [0-9:]*\] //'
	grep -E '\] crash: Debian' "$LAB_OUT/setup.log" | tail -1 | sed 's/^\[lab [0-9:]*\] //'
	awk '!seen[$0]++' "$LAB_OUT/tools-facts.txt" 2>/dev/null
	echo "toolbox: $(chroot "$LAB_TOOLBOX" qemu-system-ppc64 --version | head -1), $(chroot "$LAB_TOOLBOX" ${LAB_CROSS}gcc --version | head -1)"
	echo "time: set-up ${setup_s} s, all $(( $(date +%s) - start )) s"
	echo "disk: $(free_gb "$LAB_OUT") GB free at the end, ${minfree} GB at the least (after a test)"
	echo "result: $npass passed, $nfail failed"
	echo "commit: $(git -C "$LAB_REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)$(
		[ -n "$(git -C "$LAB_REPO" status --porcelain --untracked-files=no 2>/dev/null)" ] &&
		echo ' with uncommitted changes'), checkout $LAB_REPO, cache $LAB_CACHE"
} > "$LAB_OUT/run-facts.txt"
readme=$(sed -n 's/^base: //p' "$LAB_REPO/lab/results/run-facts.txt" 2>/dev/null)
[ "$readme" = "Linux $(lab_kernel_version)" ] ||
	echo "note: the README's measurements were made on ${readme:-no recorded base}; this run used Linux $(lab_kernel_version) (lab/readme-sync.sh after a full run)"
echo "$npass passed, $nfail failed"
[ $nfail = 0 ]
