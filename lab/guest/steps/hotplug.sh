# SPDX-License-Identifier: GPL-2.0
# Step: DLPAR memory hotplug around the dump.
#
#   lab.hotplug=1   (with DIMMs cold-plugged and --maxmem, lab/run.sh)
#     production (hotplug_production, first boot): hot-add a 512M DIMM
#       through the QEMU monitor while armed, try to remove the LMBs of the
#       dump area and of boot memory (refused, nothing changes) and of the
#       new DIMM (allowed; QEMU cannot give it back, so it is not re-added)
#     capture (hotplug_capture): the vmcore covers the new DIMM, its held
#       memory cannot be removed before the release; a DIMM hot-added now
#       leaves the preserved memory as it was and can be removed at once
#     released (hotplug_released): the held memory can be removed now
#
# kv: hp_dlpar_lmbs, hp_added_TAG_kb, hp_registered_after_add,
# hp_new_range, hp_NAME_lmb, hp_remove_NAME_rc,
# hp_remove_NAME_memtotal_delta_kb, hp_registered_after_refusal,
# hp_region_unchanged, hp_registered_after_hotplug, covers_bytes,
# covers_all, hp_capture_region_unchanged,
# hp_registered_after_release_remove. The new DIMM's range crosses the
# crash in /results/hp.range. Log of the DLPAR writes: $R/dlpar.log.

hotplug_on() { [ "$(param hotplug 0)" = 1 ]; }

# DLPAR memory. lmb_at ADDR LMBS-FILE -> "drc flags" of the LMB holding ADDR
lmb_at() {
	[ -n "$1" ] || return
	while read -r tag b sz drc fl; do
		[ "$tag" = lmb ] && [ $(($1)) -ge $((b)) ] && [ $(($1)) -lt $((b + sz)) ] &&
			{ echo "$drc $fl"; return; }
	done < "$2"
}

dr_assigned() { # FLAGS: a DLPAR LMB the kernel owns (assigned, not reserved)
	[ -n "$1" ] && [ $(( $1 & 0x8 )) != 0 ] && [ $(( $1 & 0x80 )) = 0 ]
}

dlpar() { # "memory remove index 0x..." -> exit status of the write
	echo "$*" > /sys/kernel/dlpar 2> /tmp/dlpar.err
	rc=$?
	echo "dlpar '$*': rc $rc $(cat /tmp/dlpar.err)" >> $R/dlpar.log
	return $rc
}

# try_remove NAME ADDR: DLPAR-remove the LMB holding ADDR, record the result
try_remove() {
	set -- "$1" "$2" $(lmb_at "$2" $R/lmbs.now)
	if ! dr_assigned "$4"; then
		kv "hp_$1_lmb" "not-dlpar${4:+ (flags $4)}"
		return 2
	fi
	kv "hp_$1_lmb" "$3"
	m0=$(memtotal)
	dlpar memory remove index "$3"
	kv "hp_remove_$1_rc" $?
	kv "hp_remove_$1_memtotal_delta_kb" $(( $(memtotal) - m0 ))
}

region_addr() { # FIELD of the fadump_region file: area|boot_end
	case "$1" in
	area) sed -n 's/^Boot memory: .*=> \[\(0x[0-9a-f]*\)-.*/\1/p' "$2" | head -1;;
	boot_end) sed -n 's/^Boot memory: \[0x[0-9a-f]*-\(0x[0-9a-f]*\)\].*/\1/p' "$2" | tail -1;;
	esac
}

# new_lmbs BEFORE NOW: "lo hi" of the LMBs assigned in NOW but not in BEFORE
new_lmbs() {
	lo= hi=
	while read -r tag b sz drc fl; do
		dr_assigned "$fl" || continue
		grep -q "^lmb $b .* $drc $fl\$" "$1" && continue
		[ -z "$lo" ] || [ $((b)) -lt $((lo)) ] && lo=$b
		[ -z "$hi" ] || [ $((b + sz)) -gt $((hi)) ] && hi=$(printf '%#x' $((b + sz)))
	done < "$2"
	echo ${lo:+$lo $hi}
}

# hot_add TAG SIZE-MB: a DIMM from the QEMU monitor; waits for it to be online
hot_add() {
	m0=$(memtotal)
	mon "obj$1" "object_add memory-backend-ram,id=$1,size=$2M,reserve=off"
	mon "dev$1" "device_add pc-dimm,id=dimm$1,memdev=$1"
	i=0
	while [ $(( $(memtotal) - m0 )) -lt $(($2 * 1024 - 65536)) ] && [ $i -lt 120 ]; do
		sleep 0.5; i=$((i + 1))
	done
	kv "hp_added_$1_kb" $(( $(memtotal) - m0 ))
}

hotplug_production() {
	hotplug_on && [ "$boot" = 1 ] || return 0
	say "HOTPLUG start"
	labtool lmbs > $R/lmbs.before 2>&1
	kv hp_dlpar_lmbs "$(grep -c '^lmb' $R/lmbs.before)"
	hot_add hp1 512
	kv hp_registered_after_add "$(cat "$(fd registered)")"
	labtool lmbs > $R/lmbs.now 2>&1
	new_lmbs $R/lmbs.before $R/lmbs.now > /results/hp.range
	kv hp_new_range "$(cat /results/hp.range)"
	cp /sys/kernel/debug/powerpc/fadump_region $R/region.before-remove
	# Memory fadump needs: refused, nothing changes.
	try_remove area "$(region_addr area $R/region.before-remove)"
	try_remove boot "$(region_addr boot_end $R/region.before-remove)"
	kv hp_registered_after_refusal "$(cat "$(fd registered)")"
	cmp -s /sys/kernel/debug/powerpc/fadump_region $R/region.before-remove
	kv hp_region_unchanged $((1 - $?))
	# Memory it does not need: the top LMB of the new DIMM goes. (QEMU
	# cannot give a DIMM's LMB back to the guest that released it, so it
	# is not added again; the firmware reports it again after the reset.)
	set -- $(cat /results/hp.range)
	[ $# = 2 ] && try_remove new "$(( $2 - 0x10000000 ))"
	kv hp_registered_after_hotplug "$(cat "$(fd registered)")"
	say "HOTPLUG done"
}

# Capture kernel: the DIMM added before the crash is the crashed kernel's
# memory: its first LMB was taken out of memblock, its top LMB (the top of
# RAM) is held reserved. Neither may go before the release; both may after.
hotplug_capture() {
	hotplug_on || return 0
	set -- $(cat /results/hp.range 2>/dev/null)
	[ $# = 2 ] || { kv hp_capture "no range recorded"; return; }
	labtool covers "$1" "$2" >> $R/kv
	labtool lmbs > $R/lmbs.now 2>&1
	try_remove held_first "$1"
	try_remove held_top "$(( $2 - 0x10000000 ))"
	# Memory added now is not the crashed kernel's: it may go at once, and
	# the preserved memory stays what it was.
	cp /sys/kernel/debug/powerpc/fadump_region $R/region.before-add
	hot_add hp2 256
	labtool lmbs > $R/lmbs.added 2>&1
	set -- $(new_lmbs $R/lmbs.now $R/lmbs.added)
	cmp -s /sys/kernel/debug/powerpc/fadump_region $R/region.before-add
	kv hp_capture_region_unchanged $((1 - $?))
	mv $R/lmbs.added $R/lmbs.now
	[ $# = 2 ] && try_remove capture_added "$1"
}

hotplug_released() {
	hotplug_on || return 0
	set -- $(cat /results/hp.range 2>/dev/null)
	[ $# = 2 ] || return
	labtool lmbs > $R/lmbs.now 2>&1
	try_remove released_first "$1"
	try_remove released_top "$(( $2 - 0x10000000 ))"
	kv hp_registered_after_release_remove "$(cat "$(fd registered)")"
	rm -f /results/hp.range
}
