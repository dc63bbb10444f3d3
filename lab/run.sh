#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a lab kernel in QEMU pseries (x-vof) or powernv9 (skiboot) and
# collect what the guest wrote.
#
# usage: lab/run.sh [options] -- [extra kernel arguments]
#   --kernel reference|project|reference-pnv|project-pnv|preserve-pnv|PATH
#                     kernel to boot (default project; *-pnv with --machine powernv9)
#   --machine pseries|powernv9   the machine (default pseries); powernv9
#                     boots QEMU's skiboot with a minimal PNOR (lab/pnor.py),
#                     the vCPU threads pinned to host CPU 0 and QEMU's other
#                     threads to CPU 1 (unpinned, MPIPL reboots often hang)
#   --mem SIZE        guest RAM, e.g. 2G, 512M, 64G (default 2G)
#   --cpus N          vCPUs (default 2)
#   --timeout SEC     hard limit for the whole run (default 300)
#   --name NAME       run directory build/runs/NAME (default: kernel-time)
#   --dump-disk       attach /dev/vdb, big enough for a full vmcore copy
#   --dump-fs         the same, formatted ext2 (a dump directory, as dump
#                     services write); its files are read back into
#                     build/runs/NAME/dumpfs/ after the run (not with
#                     LAB_DUMPFS_READBACK=0)
#   --initramfs NAME|PATH   guest initramfs: default build/initramfs.cpio.gz,
#                     kdump-tools: build/initramfs-kdump-tools.cpio.gz
#   --no-fadump       do not add fadump=on
#   --crashkernel SZ  boot memory size (crashkernel=SZ; default: kernel's)
#   --maxmem SIZE     allow memory hotplug up to SIZE (QEMU -m ...,maxmem=)
#   --dimm SIZE       cold-plug a pc-dimm of SIZE (DLPAR memory; repeatable,
#                     implies --maxmem of RAM + DIMMs + 4G if not given)
#   --kdump-kernel    put the booted kernel (debug info stripped) and the
#                     initramfs on the dump disk as kdump/vmlinux and
#                     kdump/initrd.img, for kexec -p in the guest (implies
#                     --dump-fs)
#   --next-kernel K   put kernel K (a name as for --kernel, or a path; debug
#                     info stripped) and the initramfs on the dump disk as
#                     next/vmlinux and next/initrd.img, for a bootloader
#                     kernel (preserve-pnv, lab.petitboot=1) to kexec
#                     (implies --dump-fs)
#
# The guest gets: console=hvc0 fadump=on [crashkernel=..] <extra args>.
# Guest-side behaviour is chosen with lab.* arguments, see the top of lab/guest/init (and lab/guest/steps/).
# Results: build/runs/NAME/{console.log,console.ts,results/bootN/kv,...}
# (qemu.hwm: QEMU's peak resident memory in kB)
# Exit status: 0 guest powered off, 3 timed out (killed), 2 bad usage,
# 4 powernv9 only: skiboot's SBE self-test failed ("SBE: Master chip ID not
# found"; an MPIPL then preserves nothing): an infrastructure failure,
# 5 timed out with the console ending in the end of a kernel panic: the
# guest kernel stopped there (no dump triggered, no reboot), its own
# failure, not the emulator's, so callers do not repeat the run.
. "$(dirname "$0")/lib.sh"

usage() { sed -n '6,48p' "$0" | sed 's/^# \{0,1\}//'; }
kernel=project mem=2G cpus=2 timeout=300 name= dumpdisk=0 fadump=1 ck=
maxmem= dimms=() dumpfs=0 initrd=$LAB_OUT/initramfs.cpio.gz kdk=0 machine=pseries
next=
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift 2;;
	--machine) machine=$2; shift 2;;
	--mem) mem=$2; shift 2;;
	--cpus) cpus=$2; shift 2;;
	--timeout) timeout=$2; shift 2;;
	--name) name=$2; shift 2;;
	--dump-disk) dumpdisk=1; shift;;
	--dump-fs) dumpdisk=1; dumpfs=1; shift;;
	--initramfs) case "$2" in
		*/*) initrd=$2;;
		*) initrd=$LAB_OUT/initramfs-$2.cpio.gz;;
		esac; shift 2;;
	--no-fadump) fadump=0; shift;;
	--crashkernel) ck=$2; shift 2;;
	--maxmem) maxmem=$2; shift 2;;
	--dimm) dimms+=("$2"); shift 2;;
	--kdump-kernel) kdk=1 dumpdisk=1 dumpfs=1; shift;;
	--next-kernel) next=$2 dumpdisk=1 dumpfs=1; shift 2;;
	-h|--help) usage; exit 0;;
	--) shift; break;;
	*) usage >&2; lab_die "unknown option '$1'";;
	esac
done
# lab_vmlinux NAME|PATH: the vmlinux of a lab kernel
lab_vmlinux() {
	case "$1" in
	reference|project|reference-pnv|project-pnv|preserve-pnv) echo "$LAB_OUT/$1/vmlinux";;
	*) echo "$1";;
	esac
}
vmlinux=$(lab_vmlinux "$kernel")
[ -f "$vmlinux" ] || lab_die "kernel '$kernel' not found ($vmlinux): build it with lab/build.sh"
if [ -n "$next" ]; then
	next_vmlinux=$(lab_vmlinux "$next")
	[ -f "$next_vmlinux" ] || lab_die "next kernel '$next' not found ($next_vmlinux): build it with lab/build.sh"
fi
case "$machine" in
pseries|powernv9) ;;
*) lab_die "--machine must be pseries or powernv9";;
esac
if [ "$machine" != pseries ] && { [ ${#dimms[@]} -gt 0 ] || [ -n "$maxmem" ]; }; then
	lab_die "--dimm and --maxmem are pseries only"
fi
memmb=$(parse_size_mb "$mem") || lab_die "RAM size '$mem' does not parse (use e.g. 512M, 2G, 64G)"
[ "$memmb" -ge 512 ] || lab_die "RAM size '$mem' too small (>= 512M)"
# Memory hotplug: QEMU pseries hands out DLPAR memory in 256M LMBs.
dimm_args=() totalmb=$memmb
for i in "${!dimms[@]}"; do
	d=$(parse_size_mb "${dimms[$i]}") || lab_die "DIMM size '${dimms[$i]}' does not parse"
	[ $((d % 256)) = 0 ] && [ "$d" -gt 0 ] || lab_die "DIMM size '${dimms[$i]}' is not a multiple of 256M"
	dimm_args+=(-object "memory-backend-ram,id=cold$i,size=${d}M,reserve=off"
		    -device "pc-dimm,id=colddimm$i,memdev=cold$i")
	totalmb=$((totalmb + d))
done
mopt="${memmb}M"
if [ -n "$maxmem" ] || [ ${#dimms[@]} -gt 0 ]; then
	if [ -n "$maxmem" ]; then
		maxmb=$(parse_size_mb "$maxmem") || lab_die "--maxmem '$maxmem' does not parse"
	else
		maxmb=$((totalmb + 4096))
	fi
	[ "$maxmb" -ge "$totalmb" ] || lab_die "--maxmem '$maxmem' is below RAM plus DIMMs (${totalmb}M)"
	mopt="${memmb}M,slots=8,maxmem=${maxmb}M"
fi
case "$cpus" in ''|*[!0-9]*) lab_die "--cpus '$cpus' is not a number";; esac
[ "$cpus" -ge 1 ] && [ "$cpus" -le 32 ] || lab_die "--cpus must be 1..32"
case "$timeout" in ''|*[!0-9]*) lab_die "--timeout '$timeout' is not a number of seconds";; esac
[ -f "$initrd" ] || lab_die "no initramfs $initrd: run lab/initramfs.sh (with --kdump-tools for that guest)"
[ -x "$LAB_TOOLBOX/usr/bin/qemu-system-ppc64" ] || lab_die "toolbox missing: run lab/toolbox.sh"

name=${name:-$(basename "$kernel")-$(date +%H%M%S)}
dir=$LAB_OUT/runs/$name
rm -rf "$dir"; mkdir -p "$dir"
truncate -s 1G "$dir/results.img"
tb mkfs.ext2 -q -F -b 4096 "$dir/results.img" || lab_die "mkfs.ext2 failed"
# powernv9: each PHB4 has a root port with its own bus (pcie.N)
bus0= bus1=
[ "$machine" = powernv9 ] && bus0=,bus=pcie.0 bus1=,bus=pcie.1
disks=(-drive "file=$dir/results.img,if=none,id=res,format=raw"
       -device "virtio-blk-pci,drive=res$bus0")
if [ $dumpdisk = 1 ]; then
	truncate -s $(( (memmb + 512) ))M "$dir/dump.img"
	[ $dumpfs = 0 ] || tb mkfs.ext2 -q -F -b 4096 "$dir/dump.img" || lab_die "mkfs.ext2 failed"
	# put_kernel VMLINUX DIR: VMLINUX (stripped) and the initramfs on the
	# dump disk as DIR/vmlinux and DIR/initrd.img
	put_kernel() {
		tb ${LAB_CROSS}objcopy --strip-debug "$1" "$dir/$2-vmlinux" ||
			lab_die "cannot strip $1"
		tb debugfs -w -R "mkdir $2" "$dir/dump.img" > /dev/null 2>&1
		for f in "$dir/$2-vmlinux:vmlinux" "$initrd:initrd.img"; do
			tb debugfs -w -R "write ${f%:*} $2/${f##*:}" "$dir/dump.img" > /dev/null 2>&1
		done
		[ "$(tb debugfs -R "ls $2" "$dir/dump.img" 2>/dev/null |
			grep -Eo 'vmlinux|initrd.img' | sort -u | wc -l)" = 2 ] ||
			lab_die "cannot put the $2 kernel on the dump disk"
		rm -f "$dir/$2-vmlinux"
	}
	[ $kdk = 1 ] && put_kernel "$vmlinux" kdump
	[ -n "$next" ] && put_kernel "$next_vmlinux" next
	disks+=(-drive "file=$dir/dump.img,if=none,id=dump,format=raw"
		-device "virtio-blk-pci,drive=dump$bus1")
fi
append="console=hvc0 quiet loglevel=6"
[ $fadump = 1 ] && append="$append fadump=on"
[ -n "$ck" ] && append="$append crashkernel=$ck"
append="$append $*"
if [ "$machine" = powernv9 ]; then
	# skiboot loads the kernel from a 128 MiB window: no DWARF
	tb ${LAB_CROSS}objcopy --strip-debug "$vmlinux" "$dir/boot-vmlinux" ||
		lab_die "cannot strip $vmlinux"
	tb python3 "$LAB_REPO/lab/pnor.py" "$dir/pnor.img" || lab_die "cannot write the PNOR image"
	# No -nodefaults: it drops powernv's PHBs, BMC and UART.
	cmd=(qemu-system-ppc64 -accel tcg,thread=multi -name lab,debug-threads=on
	     -object "memory-backend-ram,id=m0,size=${memmb}M,reserve=off"
	     -M powernv9,memory-backend=m0 -m "$mopt" -smp "$cpus"
	     -display none -serial stdio -action panic=none
	     -monitor "unix:$dir/monitor.sock,server=on,wait=off"
	     -drive "file=$dir/pnor.img,format=raw,if=mtd,snapshot=on"
	     -kernel "$dir/boot-vmlinux" -initrd "$initrd"
	     -append "$append" "${disks[@]}")
else
	# cap-hpt-max-page-size=16M: PowerVM offers 16M pages, and Linux maps its
	# linear map and vmemmap with them; QEMU's default (64K, for KVM hosts)
	# has every GiB of RAM bolted as 16384 hashed entries at boot and hot-add.
	cmd=(qemu-system-ppc64 -accel tcg,thread=multi
	     -object "memory-backend-ram,id=m0,size=${memmb}M,reserve=off"
	     -M pseries,x-vof=on,memory-backend=m0,cap-hpt-max-page-size=16M -m "$mopt" -smp "$cpus"
	     -nodefaults -display none -serial stdio -action panic=none
	     -monitor "unix:$dir/monitor.sock,server=on,wait=off"
	     -kernel "$vmlinux" -initrd "$initrd"
	     -append "$append" "${disks[@]}" "${dimm_args[@]}")
fi
printf '%q ' "${cmd[@]}" > "$dir/qemu.cmd"; echo >> "$dir/qemu.cmd"
# Keep the booted kernel with the run: analysis must use this exact vmlinux
# even if the kernel is rebuilt meanwhile.
cp "$vmlinux" "$dir/vmlinux"
[ -n "$next" ] && cp "$next_vmlinux" "$dir/next-vmlinux"
echo "$append" > "$dir/cmdline"

# Monitor commands the guest asks for (NMI injection, memory hot-add).
: > "$dir/console.log"
tb python3 "$LAB_REPO/lab/monwatch.py" "$dir/console.log" "$dir/monitor.sock" "$dir" \
	"$((timeout + 30))" &
watcher=$!

# The host's cost: QEMU's peak resident memory (VmHWM, kB) into qemu.hwm,
# sampled every second while the guest runs.
# The largest value seen is kept: once QEMU has exited, only its small
# wrappers (same command line) are left to sample.
( while [ ! -e "$dir/monwatch.stop" ]; do
	{ cat "$dir/qemu.hwm" 2>/dev/null
	  for p in $(pgrep -f "unix:$dir/monitor.sock"); do
		awk '/^VmHWM/ {print $2}' "/proc/$p/status" 2>/dev/null
	  done; } | sort -n | tail -1 | grep . > "$dir/qemu.hwm.new" &&
		mv "$dir/qemu.hwm.new" "$dir/qemu.hwm"
	sleep 1
  done ) &
hwm=$!

# powernv9: QEMU's MPIPL resets the machine from inside a vCPU's xscom
# write, and the main thread can reset that vCPU before it leaves its
# translation block: unpinned, most MPIPL boots hang. With the vCPU
# threads ("CPU n/TCG", -name debug-threads=on) on one host CPU and the
# other threads on the other, they come up. Threads come and go: pin
# every second.
pin=
if [ "$machine" = powernv9 ] && [ "$(nproc)" -ge 2 ]; then
	( while [ ! -e "$dir/monwatch.stop" ]; do
		for p in $(pgrep -f "unix:$dir/monitor.sock"); do
			for t in /proc/$p/task/*; do
				case "$(cat "$t/comm" 2>/dev/null)" in
				CPU*/TCG) c=0;;
				*) c=1;;
				esac
				taskset -p -c $c "${t##*/}" > /dev/null 2>&1
			done
		done
		sleep 1
	  done ) &
	pin=$!
fi

lab_say "booting $kernel ($vmlinux) with ${mem} RAM, $cpus vCPUs, timeout ${timeout}s; run dir $dir"
start=$(date +%s.%N)
timeout --signal=KILL "$timeout" bash -c '. "$1"; shift; tb "$@" < /dev/null' lab-run \
	"$LAB_REPO/lab/lib.sh" "${cmd[@]}" 2>"$dir/qemu.err" |
	tb perl -MTime::HiRes=time -e '
		$| = 1; my $t0 = time; open(my $raw, ">", $ARGV[0]) or die;
		open(my $ts, ">", $ARGV[1]) or die; $raw->autoflush(1); $ts->autoflush(1);
		while (<STDIN>) { s/\r//g; print $raw $_; printf $ts "[%9.3f] %s", time - $t0, $_; }' \
		"$dir/console.log" "$dir/console.ts"
rc=${PIPESTATUS[0]}
touch "$dir/monwatch.stop"; wait $watcher $hwm $pin 2>/dev/null
rm -f "$dir/boot-vmlinux" "$dir/pnor.img"
echo "$(date +%s.%N) $start" | awk '{printf "%.1f\n", $1 - $2}' > "$dir/elapsed"
tb debugfs -R "rdump / $dir" "$dir/results.img" > /dev/null 2>&1
[ -d "$dir/lost+found" ] && rmdir "$dir/lost+found" 2>/dev/null
mkdir -p "$dir/results"; mv "$dir"/boot* "$dir"/boots "$dir"/pboots "$dir"/captures "$dir/results/" 2>/dev/null
mv "$dir"/fill.map "$dir/results/" 2>/dev/null
rm -f "$dir/results.img"
# LAB_DUMPFS_READBACK=0: the dump disk's files are not read back (the
# benchmark's saver runs: debugfs writes a sparse RAM-sized dump in full)
if [ $dumpfs = 1 ]; then
	if [ "${LAB_DUMPFS_READBACK:-1}" != 0 ]; then
		mkdir -p "$dir/dumpfs"
		tb debugfs -R "rdump / $dir/dumpfs" "$dir/dump.img" > /dev/null 2>&1
	fi
	rm -f "$dir/dump.img"
fi
if [ "$rc" = 137 ] || [ "$rc" = 124 ]; then
	if tr -d '\r' < "$dir/console.log" | grep -v '^[[:space:]]*$' | tail -1 |
	   grep -q -- '---\[ end Kernel panic'; then
		lab_say "PANICKED: the guest kernel stopped in a panic, killed after ${timeout}s; console log $dir/console.log"
		exit 5
	fi
	lab_say "TIMEOUT: guest killed after ${timeout}s; console log $dir/console.log"
	exit 3
fi
[ "$rc" = 0 ] || { lab_say "qemu exited with $rc, see $dir/qemu.err"; exit 1; }
if [ "$machine" = powernv9 ] && grep -q 'SBE: Master chip ID not found' "$dir/console.log"; then
	lab_say "INFRA: skiboot's SBE self-test failed (nothing is preserved on an MPIPL); console log $dir/console.log"
	exit 4
fi
lab_say "guest finished in $(cat "$dir/elapsed") s; console log $dir/console.log"
