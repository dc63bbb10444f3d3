# SPDX-License-Identifier: GPL-2.0
# Step: fill memory with signatures before the crash, verify them after.
#
#   lab.fill=MB|most   fill MB (most: all available memory but 256M) with
#                      per-page signatures of the physical address
#                      (labtool fill), the fidelity check of the capture
#
# On PowerNV (skiboot) the last page of RAM is left unsigned: skiboot
# writes the last 8 bytes of RAM on every boot.
# Production: fill_memory, kv fill_pages, fill_bytes; keeps the page list
# (/results/fill.map) and the registration the crash will use
# (/results/fill.region: its dump area) across the crash.
# Capture: fill_verify, kv verify_rc and labtool verify's fidelity_* keys
# (see lab/guest/labtool.c), with fidelity_range_ok for the hot-added DIMM
# of the hotplug step (/results/hp.range) or else for the first range of
# preserved memory taken out of memblock (fidelity_window_range).
# Release: fill_forget drops both files.

fill_memory() {
	fill=$(param fill 0)
	[ "$fill" = most ] &&
		fill=$(( $(awk '/^MemAvailable/ {print $2}' /proc/meminfo) / 1024 - 256 ))
	[ "$fill" != 0 ] || return 0
	rm -f /results/fill.map
	below=
	if [ -d /proc/device-tree/ibm,opal ]; then
		top=0
		for t in $(sed -n 's/^ *[0-9a-f]*-\([0-9a-f]*\) : System RAM$/\1/p' /proc/iomem); do
			[ $(( 0x$t )) -gt $top ] && top=$(( 0x$t ))
		done
		# 64K pages: the lab's kernels
		below="--below $(( top + 1 - 65536 ))"
	fi
	labtool fill /tmp/fill.map "$fill" $below > $R/fill
	cat $R/fill >> $R/kv
	cp /tmp/fill.map /results/fill.map
	cp /sys/kernel/debug/powerpc/fadump_region /results/fill.region
}

# The first hole of at least 16 MiB between System RAM ranges of
# /proc/iomem, "LO HI": in a capture kernel, preserved memory taken out of
# memblock, which /proc/vmcore reads through its window (fadump-oldmem.c).
iomem_gap() {
	prev=-1
	for r in $(sed -n 's/^\([0-9a-f]*\)-\([0-9a-f]*\) : System RAM$/\1-\2/p' /proc/iomem); do
		lo=$((0x${r%-*})); hi=$((0x${r#*-} + 1))
		if [ $prev -ge 0 ] && [ $((lo - prev)) -ge 16777216 ]; then
			printf '%#x %#x\n' $prev $lo
			return 0
		fi
		prev=$hi
	done
	return 1
}

fill_verify() {
	[ -f /results/fill.map ] || return 0
	range=$(cat /results/hp.range 2>/dev/null) ||
		{ range=$(iomem_gap) && kv fidelity_window_range "$range"; }
	labtool verify /results/fill.map /proc/vmcore \
		$range --area /results/fill.region \
		> $R/fidelity 2>&1
	kv verify_rc $?
	cat $R/fidelity >> $R/kv
}

fill_forget() { rm -f /results/fill.map /results/fill.region; }
