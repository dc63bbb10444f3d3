# SPDX-License-Identifier: GPL-2.0
# Step: what the control files do for users other than the lab itself.
#
#   lab.bootargs=TEXT  production: write TEXT to bootargs_append before the
#                      crash; capture: TEXT must be on /proc/cmdline
#   lab.nonroot=1      as user and group 65534 (labtool asuser), in both
#                      kernels: no control file (/sys/kernel/fadump/* and
#                      the legacy /sys/kernel/fadump_* names) nor
#                      /proc/vmcore may be opened for writing, and
#                      /proc/vmcore, release_mem and release_region not
#                      for reading either
#   lab.copyarea=1     production: the pages of the boot-memory copy area
#                      (debugfs fadump_region) as /proc/kpageflags sees
#                      them; the firmware writes there on a crash, so the
#                      page allocator must not have them (CMA or reserved)
#
# kv: copyarea (the ranges), copyarea_pages, copyarea_reserved;
# bootargs_rc, bootargs_read (production), bootargs_in_cmdline
# (capture, 1|0); nonroot_PHASE_rc, nonroot_PHASE_files (how many were
# tried), nonroot_PHASE_writable and nonroot_PHASE_private_readable (the
# files a non-root user could open so, "none" if none), PHASE production
# or capture. Raw output in $R/nonroot-PHASE.

# nonroot_check PHASE
nonroot_check() {
	[ "$(param nonroot 0)" = 1 ] || return 0
	files=$(ls -d /sys/kernel/fadump/* /sys/kernel/fadump_* /proc/vmcore 2>/dev/null)
	labtool asuser 65534 $files > $R/nonroot-$1 2>&1
	kv nonroot_$1_rc $?
	kv nonroot_$1_files "$(echo $files | wc -w)"
	kv nonroot_$1_writable "$(awk '$3 == "write=ok" {printf "%s%s", s, $1; s=","} END {if (!s) print "none"}' $R/nonroot-$1)"
	kv nonroot_$1_private_readable "$(awk '($1 ~ /vmcore$|release_mem$|release_region$/) && $2 == "read=ok" {printf "%s%s", s, $1; s=","} END {if (!s) print "none"}' $R/nonroot-$1)"
}

copyarea_check() {
	[ "$(param copyarea 0)" = 1 ] || return 0
	ranges=$(sed -n 's/^Boot memory: \[[^]]*\] => \[\(0x[0-9a-f]*\)-\(0x[0-9a-f]*\)\].*/\1 \2/p' \
		/sys/kernel/debug/powerpc/fadump_region)
	kv copyarea "$(echo $ranges)"
	pages=0 reserved=0
	set -- $ranges
	while [ $# -ge 2 ]; do
		out=$(labtool pageflags $1 $(( $2 + 1 )))
		pages=$(( pages + $(echo "$out" | sed -n 's/^pageflags_pages=//p') ))
		reserved=$(( reserved + $(echo "$out" | sed -n 's/^pageflags_reserved=//p') ))
		shift 2
	done
	kv copyarea_pages $pages
	kv copyarea_reserved $reserved
}

options_production() {
	copyarea_check
	text=$(param bootargs '')
	if [ -n "$text" ]; then
		echo "$text" > "$(fd bootargs_append)"
		kv bootargs_rc $?
		kv bootargs_read "$(cat "$(fd bootargs_append)")"
	fi
	nonroot_check production
}

options_capture() {
	text=$(param bootargs '')
	if [ -n "$text" ]; then
		case " $(cat /proc/cmdline) " in
		*" $text "*) kv bootargs_in_cmdline 1;;
		*) kv bootargs_in_cmdline 0;;
		esac
	fi
	nonroot_check capture
}
