# SPDX-License-Identifier: GPL-2.0
# Step: fill memory with signatures before the crash, verify them after.
#
#   lab.fill=MB|most   fill MB (most: all available memory but 256M) with
#                      per-page signatures of the physical address
#                      (labtool fill), the fidelity check of the capture
#
# Production: fill_memory, kv fill_pages, fill_bytes; keeps the page list
# (/results/fill.map) and the registration the crash will use
# (/results/fill.region: its dump area) across the crash.
# Capture: fill_verify, kv verify_rc and labtool verify's fidelity_* keys
# (see lab/guest/labtool.c), with fidelity_range_ok for the hot-added DIMM
# of the hotplug step (/results/hp.range).
# Release: fill_forget drops both files.

fill_memory() {
	fill=$(param fill 0)
	[ "$fill" = most ] &&
		fill=$(( $(awk '/^MemAvailable/ {print $2}' /proc/meminfo) / 1024 - 256 ))
	[ "$fill" != 0 ] || return 0
	rm -f /results/fill.map
	labtool fill /tmp/fill.map "$fill" > $R/fill
	cat $R/fill >> $R/kv
	cp /tmp/fill.map /results/fill.map
	cp /sys/kernel/debug/powerpc/fadump_region /results/fill.region
}

fill_verify() {
	[ -f /results/fill.map ] || return 0
	labtool verify /results/fill.map /proc/vmcore \
		$(cat /results/hp.range 2>/dev/null) --area /results/fill.region \
		> $R/fidelity 2>&1
	kv verify_rc $?
	cat $R/fidelity >> $R/kv
}

fill_forget() { rm -f /results/fill.map /results/fill.region; }
