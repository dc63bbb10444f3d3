# SPDX-License-Identifier: GPL-2.0
# Step: crash the capture kernel before the release.
#
#   lab.capcrash=1   after the first capture is saved, crash the capture
#                    kernel (sysrq); the firmware still holds the dump, so
#                    the next boot captures it again (boot 3)

capcrash() {
	[ "$(param capcrash 0)" = 1 ] && [ "$captures" = 1 ] || return 0
	sync
	say "CRASH capture-kernel"
	echo c > /proc/sysrq-trigger
}
