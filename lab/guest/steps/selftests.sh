# SPDX-License-Identifier: GPL-2.0
# Step: the fadump kselftests (/selftests/* in the initramfs).
#
#   lab.selftests=1|2   run them in the production kernel (1), and in the
#                       capture kernel before the release too (2)
#
# kv: selftest_rc_NAME; KTAP output in $R/selftest.NAME.ktap.

selftests() {
	[ -d /selftests ] || { say "FAIL no selftests in the initramfs"; return; }
	for t in /selftests/*; do
		say "SELFTEST $t"
		$t > $R/selftest.$(basename $t).ktap 2>&1
		kv "selftest_rc_$(basename $t)" $?
	done
	wait_registered
}
selftests_production() { [ "$(param selftests 0)" != 0 ] && selftests; return 0; }
selftests_capture() { [ "$(param selftests 0)" = 2 ] && selftests; return 0; }
