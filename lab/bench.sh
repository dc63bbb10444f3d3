#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark: our fadump (project) beside the incumbent (reference) in the
# same emulator, identical scenarios, median of --reps runs (default 3).
#
#   lab/bench.sh [--sizes "2G 16G 64G"] [--reps 3] [--kernels "reference project"]
#                [--no-bisect] [--save-sizes "16G 64G"] [--table-only]
#                [--machine pseries|powernv9] [--bisect-only | --save-only]
#
# BENCH_CK_reference=4G (or _project): crashkernel= for that kernel's runs
# other than the bisection; BENCH_DIR: another output directory.
# --machine powernv9 measures the PowerNV builds of both kernels (OPAL
# MPIPL) in build/bench-powernv9/; a run that hangs or whose skiboot
# fails its SBE self-test (the emulator's, lab/run.sh exit 3 or 4) is
# repeated up to LAB_PNV_ATTEMPTS (3) times and logged in infra.log; a
# bisection probe that still hangs counts as failed.
# --bisect-only measures row 2 again and keeps the other samples;
# --save-only does the same for rows 8-8c (the sizes must be in --save-sizes).
# BENCH_PROBE_TIMEOUT: seconds after which a bisection probe counts as
# failed, where no full cycle of that size left its time (--bisect-only
# in a fresh build directory).
# --table-only measures nothing: it prints the table of the samples that
# earlier invocations left in build/bench/ for --sizes.
#
# Prints one side-by-side table (ours/incumbent ratio) and saves
# build/bench/bench.csv and build/bench/bench.png (rows 1 and 2 over RAM).
. "$(dirname "$0")/lib.sh"

sizes="2G 16G 64G" reps=3 kernels="reference project" bisect=1 save_sizes="16G 64G" table_only=0
machine=pseries bisect_only=0 save_only=0
while [ $# -gt 0 ]; do
	case "$1" in
	--sizes) sizes=$2; shift 2;;
	--reps) reps=$2; shift 2;;
	--kernels) kernels=$2; shift 2;;
	--no-bisect) bisect=0; shift;;
	--save-sizes) save_sizes=$2; shift 2;;
	--table-only) table_only=1; shift;;
	--machine) machine=$2; shift 2;;
	--bisect-only) bisect_only=1; shift;;
	--save-only) save_only=1; shift;;
	*) lab_die "usage: lab/bench.sh [--sizes LIST] [--reps N] [--kernels LIST] [--no-bisect] [--save-sizes LIST] [--table-only] [--machine pseries|powernv9] [--bisect-only | --save-only]";;
	esac
done
# An invocation that would measure nothing is a mistake, not a table.
[ $bisect_only = 1 ] && [ $bisect = 0 ] && lab_die "--bisect-only and --no-bisect leave nothing to measure"
[ $bisect_only = 1 ] && [ $save_only = 1 ] && lab_die "--bisect-only and --save-only exclude each other"
# is_save_size SIZE: row 8 is measured at SIZE
is_save_size() { case " $save_sizes " in *" $1 "*) return 0;; esac; return 1; }
if [ $save_only = 1 ]; then
	for s in $sizes; do
		is_save_size "$s" || lab_die "--save-only: $s is not in --save-sizes \"$save_sizes\""
	done
fi
for s in $sizes; do parse_size_mb "$s" > /dev/null || lab_die "bad size '$s'"; done
case "$reps" in ''|*[!0-9]*|0) lab_die "--reps must be a positive number";; esac
# The kernels keep their names in the samples; on PowerNV each is built
# as KERNEL-pnv and the samples go to their own directory.
case "$machine" in
pseries) build_suffix= bench_default=$LAB_OUT/bench rp=b;;
powernv9) build_suffix=-pnv bench_default=$LAB_OUT/bench-powernv9 rp=bpnv;;
*) lab_die "--machine must be pseries or powernv9";;
esac

# BENCH_DIR: another output directory, for a second invocation running
# beside the first (merge the raw-*.txt files, then --table-only).
B=${BENCH_DIR:-$bench_default}
mkdir -p "$B"
[ $table_only = 1 ] && sizes_measured= || sizes_measured=$sizes
[ $table_only = 1 ] || {
bash "$LAB_REPO/lab/toolbox.sh" > "$B/setup.log" 2>&1 || lab_die "toolbox failed"
for k in $kernels; do
	bash "$LAB_REPO/lab/build.sh" "$k$build_suffix" >> "$B/setup.log" 2>&1 || lab_die "build of $k$build_suffix failed, see $B/setup.log"
done
bash "$LAB_REPO/lab/initramfs.sh" >> "$B/setup.log" 2>&1 || lab_die "initramfs failed"
# Measure snapshots, so a rebuild during the benchmark changes nothing.
for k in $kernels; do
	v=BENCH_VMLINUX_$k
	cp "${!v:-$LAB_OUT/$k$build_suffix/vmlinux}" "$B/vmlinux-$k" || lab_die "no $k$build_suffix kernel"
done

# Raw samples per kernel and size; the table is built from every sample
# file present, so the kernels can be measured in separate invocations.
rec() { echo "$1 $2 $3 $4" >> "$B/raw-$1-$2.txt"; }   # kernel size metric value
kvr() { sed -n "s/^$3=//p" "$LAB_OUT/runs/$1/results/boot$2/kv" 2>/dev/null | tail -1; }
tsr() { grep -m1 -- "$2" "$LAB_OUT/runs/$1/console.ts" | sed 's/^\[ *\([0-9.]*\)\].*/\1/'; }
run() { # --kernel K ... -> the snapshot of K
	local a=() k ck
	while [ $# -gt 0 ]; do
		if [ "$1" = --kernel ]; then k=$2; a+=(--kernel "$B/vmlinux-$k"); shift 2
		else a+=("$1"); shift; fi
	done
	# BENCH_CK_<kernel>: crashkernel= for that kernel's fadump runs that
	# do not set one (the bisection does): e.g. the incumbent at 1 TiB,
	# whose default (5 % of RAM) the firmware would copy into host memory.
	ck=BENCH_CK_$k
	if [ -n "${!ck}" ] && [[ " ${a[*]} " != *" --crashkernel "* ]] &&
	   [[ " ${a[*]} " != *" --no-fadump "* ]]; then
		a=("${a[@]:0:2}" --crashkernel "${!ck}" "${a[@]:2}")
	fi
	# Our kernel carries KUnit suites that run at boot; the benchmark
	# measures fadump, not the tests: off for both kernels.
	local n=1 try=1 rc
	[ "$machine" = powernv9 ] && n=${LAB_PNV_ATTEMPTS:-3}
	while :; do
		bash "$LAB_REPO/lab/run.sh" --machine "$machine" "${a[@]}" kunit.enable=0 > "$B/run.out" 2>&1
		rc=$?
		[ "$machine" = powernv9 ] && { [ $rc = 3 ] || [ $rc = 4 ]; } || break
		echo "$(date -u +%T) ${a[*]:0:2} ${a[*]: -3}: attempt $try of $n: $(tail -1 "$B/run.out")" >> "$B/infra.log"
		[ $try -lt $n ] || break
		try=$((try + 1))
	done
	return $rc
}
}
sub() { echo "$1 $2" | awk '{ if ($1 == "" || $2 == "") print ""; else printf "%.3f\n", $1 - $2 }'; }

timeout_for() { local mb=$1; echo $(( 300 + mb / 1024 * 8 )); }
# probe_timeout KERNEL SIZE DEFAULT: 2x the slowest b-cyc run of KERNEL at
# SIZE plus 60 s (its elapsed file), or DEFAULT if there is none
probe_timeout() {
	local t
	t=$(cat "$LAB_OUT"/runs/$rp-cyc-"$1"-"$2"-*/elapsed 2>/dev/null |
		awk '{ if ($1 > m) m = $1 } END { if (m > 0) printf "%d\n", 2 * m + 60 }')
	echo "${t:-${BENCH_PROBE_TIMEOUT:-$3}}"
}

# Row 8: the dump saved to the dump disk, then all memory back: ours
# gives each saved chunk back (release_region), the incumbent saves all,
# then releases. The saved copy is not read back: debugfs would write the
# RAM-sized sparse file in full and fill the disk.
save_row() { # KERNEL SIZE REP
	local k=$1 size=$2 r=$rp-save-$1-$2-$3
	is_save_size "$size" || return 0
	LAB_DUMPFS_READBACK=0 run --kernel "$k" --mem "$size" --name "$r" --timeout "$to" --dump-fs -- \
		lab.crash=sysrq lab.fill=$fill lab.rereg=$([ "$k" = reference ] && echo 1 || echo 0) \
		$([ "$k" = reference ] && echo lab.save=1 || echo lab.relregion=save)
	rec "$k" "$size" save_to_online_s "$(sub "$(tsr "$r" 'LAB\[2\]: RELEASE online')" "$(tsr "$r" 'LAB\[1\]: CRASH')")"
	# 8b, 8c: from MemTotal sampled in the guest during the save
	rec "$k" "$size" save_half_s "$(kvr "$r" 2 save_half_s)"
	rec "$k" "$size" save_held_gibs "$(kvr "$r" 2 save_held_gibs)"
}

for size in $sizes_measured; do
	mb=$(parse_size_mb "$size"); to=$(timeout_for "$mb")
	fill=$(( mb / 8 )); [ $fill -gt 512 ] && fill=512
	for k in $kernels; do
		if [ $bisect_only = 1 ]; then sed -i '/ boot_mem_needed_mb /d' "$B/raw-$k-$size.txt" 2>/dev/null
		elif [ $save_only = 1 ]; then sed -i '/ save_to_online_s \| save_half_s \| save_held_gibs /d' "$B/raw-$k-$size.txt" 2>/dev/null
		else rm -f "$B/raw-$k-$size.txt"; fi
	done
	# Kernels alternate within each repetition, so both see the same load.
	for i in $(seq "$reps"); do
		[ $bisect_only = 1 ] && break
		for k in $kernels; do
			lab_say "bench $k $size run $i/$reps"
			[ $save_only = 1 ] && { save_row "$k" "$size" "$i"; continue; }
			# Row 1: MemTotal withheld while armed.
			run --kernel "$k" --mem "$size" --no-fadump --name "$rp-off-$k-$size-$i" --timeout "$to" -- lab.crash=none
			run --kernel "$k" --mem "$size" --name "$rp-on-$k-$size-$i" --timeout "$to" -- lab.crash=none
			off=$(kvr "$rp-off-$k-$size-$i" 1 memtotal_kb); on=$(kvr "$rp-on-$k-$size-$i" 1 memtotal_kb)
			[ -n "$off" ] && [ -n "$on" ] && rec "$k" "$size" withheld_mb "$(( (off - on) / 1024 ))"
			rec "$k" "$size" cma_mb "$(( $(kvr "$rp-on-$k-$size-$i" 1 cma_total_kb || echo 0) / 1024 ))"
			# Rows 3-7: one full cycle, the incumbent re-registered by userspace.
			r=$rp-cyc-$k-$size-$i
			run --kernel "$k" --mem "$size" --name "$r" --timeout "$to" -- \
				lab.crash=sysrq lab.fill=$fill lab.readbw=2048 lab.rereg=$([ "$k" = reference ] && echo 1 || echo 0)
			rec "$k" "$size" crash_to_capture_s "$(sub "$(tsr "$r" 'LAB\[2\]: INIT')" "$(tsr "$r" 'LAB\[1\]: CRASH')")"
			rec "$k" "$size" vmcore_read_mbps "$(kvr "$r" 2 vmcore_read_mbps)"
			rec "$k" "$size" memory_read_mbps "$(kvr "$r" 2 memory_read_mbps)"
			rec "$k" "$size" release_s "$(sub "$(tsr "$r" 'LAB\[2\]: RELEASE done')" "$(tsr "$r" 'LAB\[2\]: RELEASE start')")"
			rec "$k" "$size" memtotal_after_release_mb "$(( $(kvr "$r" 2 memtotal_after_release_kb || echo 0) / 1024 ))"
			rec "$k" "$size" online_s "$(sub "$(tsr "$r" 'LAB\[2\]: RELEASE online')" "$(tsr "$r" 'LAB\[2\]: RELEASE start')")"
			rec "$k" "$size" crash_to_production_s "$(sub "$(tsr "$r" 'LAB\[2\]: ARMED 1')" "$(tsr "$r" 'LAB\[1\]: CRASH')")"
			rec "$k" "$size" crash_to_online_s "$(sub "$(tsr "$r" 'LAB\[2\]: RELEASE online')" "$(tsr "$r" 'LAB\[1\]: CRASH')")"
			rec "$k" "$size" fidelity_ok "$(kvr "$r" 2 fidelity_ok)"
			rec "$k" "$size" fidelity_corrupt "$(kvr "$r" 2 fidelity_corrupt)"
			rec "$k" "$size" fidelity_missing "$(kvr "$r" 2 fidelity_missing)"
			rec "$k" "$size" capture_used_mb "$(( $(kvr "$r" 2 capture_used_kb || echo 0) / 1024 ))"
			rec "$k" "$size" host_mb "$(( $(cat "$LAB_OUT/runs/$r/qemu.hwm" 2>/dev/null || echo 0) / 1024 ))"
			save_row "$k" "$size" "$i"
		done
	done
	for k in $kernels; do
		# Row 2: smallest crashkernel= that still captures and completes
		# makedumpfile -d 31 (into a pipe), once per size and kernel: the
		# 320M firmware floor first; if that fails, bisected in steps of
		# 32 MiB (RAM/4096 above 128 GB) up to 1G (RAM/256 above 256 GB:
		# the incumbent's memory map grows with RAM).
		if [ $bisect = 1 ] && [ $save_only = 0 ]; then
			step=$(( mb / 4096 > 32 ? mb / 4096 / 32 * 32 : 32 ))
			cap=$(( mb / 256 > 1024 ? mb / 256 : 1024 ))
			lo=288 hi=$(( mb / 2 - 128 )); [ $hi -gt $cap ] && hi=$cap; hi=$(( hi / step * step ))
			r=$rp-bis-$k-$size
			# A capture that fails must end fast: panic=1 reboots, maxboots stops.
			# The dump goes into a pipe (lab.mdout=pipe), as to a disk or
			# over ssh: in /tmp its ~240 MB at 1 TiB came out of the boot
			# memory being measured.
			bis="lab.crash=sysrq panic=1 lab.maxboots=3 lab.mdout=pipe"
			# A capture that hangs instead (the incumbent at 1 TiB with
			# crashkernel=320M oopsed in setup_arch and hung) is a failed
			# probe after twice the slowest full cycle of this size.
			bto=$(probe_timeout "$k" "$size" "$to")
			lab_say "bench $k $size boot memory: crashkernel=320M"
			run --kernel "$k" --mem "$size" --name "$r" --timeout "$bto" --crashkernel 320M -- $bis
			if [ "$(kvr "$r" 2 makedumpfile_rc)" = 0 ]; then
				rec "$k" "$size" boot_mem_needed_mb 320
			else
				lo=320
				run --kernel "$k" --mem "$size" --name "$r" --timeout "$bto" --crashkernel ${hi}M -- $bis
				if [ "$(kvr "$r" 2 makedumpfile_rc)" = 0 ]; then
					while [ $((hi - lo)) -gt $step ]; do
						mid=$(( (lo + hi) / 2 / step * step ))
						[ $mid -le $lo ] && mid=$(( lo + step ))
						lab_say "bench $k $size bisect crashkernel=${mid}M"
						run --kernel "$k" --mem "$size" --name "$r" --timeout "$bto" --crashkernel ${mid}M -- $bis
						if [ "$(kvr "$r" 2 makedumpfile_rc)" = 0 ]; then hi=$mid; else lo=$mid; fi
					done
					rec "$k" "$size" boot_mem_needed_mb "$hi"
				fi
			fi
		fi
	done
done

# Median per (kernel, size, metric) and the table.
qver=$(tb qemu-system-ppc64 --version | head -1)
cat "$B"/raw-*.txt > "$B/raw.txt" 2>/dev/null
data=$B/raw.txt
python3 - "$data" "$B" "$sizes" "reference project" "$reps" "$qver" "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m)" "$machine" <<'PY'
import sys, statistics, collections
data, out, sizes, kernels, reps, qver, machine, guest = sys.argv[1:9]
sizes = sizes.split(); kernels = kernels.split()
vals = collections.defaultdict(list)
for line in open(data):
    p = line.split()
    if len(p) == 4 and p[3] not in ("", "-"):
        try: vals[(p[0], p[1], p[2])].append(float(p[3]))
        except ValueError: pass
rows = [("withheld_mb", "1. memory withheld while armed (MiB)", "lower"),
        ("cma_mb", "1b. of which CMA (MiB)", "info"),
        ("boot_mem_needed_mb", "2. boot memory needed (MiB, bisected)", "lower"),
        ("crash_to_capture_s", "3. crash -> capture init (s)", "lower"),
        ("vmcore_read_mbps", "4. /proc/vmcore read (MB/s)", "higher"),
        ("memory_read_mbps", "4b. plain memory read (MB/s)", "info"),
        ("read_ratio", "4c. vmcore/memory read ratio", "higher"),
        ("release_s", "5. release_mem latency (s)", "lower"),
        ("memtotal_after_release_mb", "5b. MemTotal after release (MiB)", "higher"),
        ("online_s", "5c. release -> all memory online (s)", "lower"),
        ("crash_to_production_s", "6. crash -> armed again (s)", "lower"),
        ("crash_to_online_s", "6b. crash -> all memory online (s)", "lower"),
        ("fidelity_ok", "7. fidelity: pages verified", "info"),
        ("fidelity_corrupt", "7b. fidelity: corrupt", "lower"),
        ("fidelity_missing", "7c. fidelity: missing", "lower"),
        ("save_to_online_s", "8. crash -> dump saved, all memory back (s)", "lower"),
        ("save_half_s", "8b. save: release start -> half the memory back (s)", "lower"),
        ("save_held_gibs", "8c. save: memory still held x time (GiB s)", "lower"),
        ("capture_used_mb", "9. capture kernel: memory in use after makedumpfile (MiB)", "lower"),
        ("host_mb", "10. host: QEMU peak resident memory, one cycle (MiB)", "info")]
def med(k, s, m):
    if m == "read_ratio":
        a, b = med(k, s, "vmcore_read_mbps"), med(k, s, "memory_read_mbps")
        return a / b if a is not None and b else None
    v = vals.get((k, s, m))
    return statistics.median(v) if v else None
ref, ours = ("reference", "project")
hdr = f"# fadump benchmark, median of {reps} runs; machine: {machine}; {qver}; guest: {guest}, 64K pages"
lines = [hdr, "metric,size,incumbent,ours,ours/incumbent"]
print(hdr)
print(f"{'metric':42} {'RAM':>5} {'incumbent':>12} {'ours':>12} {'ratio':>7}")
for m, label, _ in rows:
    for s in sizes:
        a = med(ref, s, m) if ref in kernels else None
        b = med(ours, s, m) if ours in kernels else None
        r = (b / a) if (a not in (None, 0) and b is not None) else None
        f = lambda x: "-" if x is None else (f"{x:.3f}" if abs(x) < 100 else f"{x:.0f}")
        print(f"{label:42} {s:>5} {f(a):>12} {f(b):>12} {f(r):>7}")
        lines.append(f"{m},{s},{'' if a is None else a},{'' if b is None else b},{'' if r is None else round(r, 3)}")
open(f"{out}/bench.csv", "w").write("\n".join(lines) + "\n")
with open(f"{out}/plot.dat", "w") as fh:
    for s in sizes:
        g = int(s[:-1]) * (1024 if s[-1] in "Tt" else 1) if s[-1] in "GgTt" else int(s[:-1]) / 1024
        vals4 = [med(k, s, m) for m in ("withheld_mb", "boot_mem_needed_mb") for k in (ref, ours)]
        # What distribution tooling reserves for fadump (kdump-utils' table,
        # from 128 GB on): 4 GB up to 1 TB, 6, 12, 20 GB at 2, 4, 8 TB.
        distro = next((mb for top, mb in ((1024, 4096), (2048, 6144), (4096, 12288),
                                          (8192, 20480)) if g <= top), None) if g >= 128 else None
        vals4.append(distro)
        fh.write(f"{g} " + " ".join("NaN" if v is None else str(v) for v in vals4) + "\n")
PY
cat > "$B/plot.gp" <<EOT
set terminal png size 1000,450
set output "$B/bench.png"
set multiplot layout 1,2 title "fadump on $machine: incumbent vs ours ($(echo "$qver" | cut -d' ' -f1-4))"
set xlabel "guest RAM (GiB)"; set ylabel "MiB"; set logscale x 2; set key top left; set grid
set title "1. memory withheld while armed"
plot "$B/plot.dat" u 1:2 w lp t "incumbent", "" u 1:3 w lp t "ours"
set title "2. boot memory needed (crashkernel=)"
plot "$B/plot.dat" u 1:4 w lp t "incumbent", "" u 1:5 w lp t "ours", "" u 1:6 w lp t "distribution default (kdump-utils)"
unset multiplot
EOT
tb gnuplot "$B/plot.gp" 2>/dev/null && lab_say "plot: $B/bench.png"
lab_say "csv: $B/bench.csv, raw samples: $data"
