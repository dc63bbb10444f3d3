# SPDX-License-Identifier: GPL-2.0
# Step: parallel writers on the control files while a reader streams
# /proc/vmcore, and the release under a reader that holds it open.
#
#   lab.parallel=1   in the capture kernel, before the release
#
# parallel_start (before the release): 40 rounds of writers on registered
# (1 and 0) and bootargs_append while a loop of cat streams /proc/vmcore;
# kv parallel_registered. Then labtool held opens /proc/vmcore, reads 64K
# and waits; kv held_reader_ready=1 once it holds the file.
# parallel_released (after the release returned): labtool held reads
# again and reports (kv held_reader_before_bytes, held_reader_waited_go,
# held_reader_after_bytes, held_reader_after_failed_reads,
# held_reader_after_errno, held_mapping_before, held_mapping_after,
# held_reader_rc = its exit status, 1 if the
# reads after the release failed); kv parallel_stream_reader_ended=1 if
# the streaming loop ended by itself, parallel_alive=1 (this kernel got
# that far).

parallel_on() { [ "$(param parallel 0)" = 1 ]; }

parallel_start() {
	parallel_on || return 0
	say "PARALLEL start"
	rm -f /tmp/stream.ended
	( while :; do cat /proc/vmcore > /dev/null 2>&1 || break; done
	  touch /tmp/stream.ended ) &
	reader=$!
	i=0
	while [ $i -lt 40 ]; do
		echo 1 > "$(fd registered)" 2>/dev/null &
		echo 0 > "$(fd registered)" 2>/dev/null &
		echo "lab.x=$i" > /sys/kernel/fadump/bootargs_append 2>/dev/null &
		i=$((i + 1))
	done
	wait_jobs=$(jobs -p | grep -v "^$reader\$")
	for j in $wait_jobs; do wait $j; done
	kv parallel_registered "$(cat "$(fd registered)")"
	rm -f /tmp/held.ready /tmp/held.go
	labtool held /tmp/held.ready /tmp/held.go > /tmp/held.kv 2> /tmp/held.err &
	held=$!
	wait_file /tmp/held.ready 100
	kv held_reader_ready "$([ -e /tmp/held.ready ] && echo 1 || echo 0)"
	say "PARALLEL release while a reader holds /proc/vmcore"
}

parallel_released() {
	parallel_on || return 0
	touch /tmp/held.go
	wait $held
	kv held_reader_rc $?
	while IFS= read -r l; do kv "${l%%=*}" "${l#*=}"; done < /tmp/held.kv
	# the streaming reader ends by itself: /proc/vmcore is gone
	wait_file /tmp/stream.ended 300
	kv parallel_stream_reader_ended "$([ -e /tmp/stream.ended ] && echo 1 || echo 0)"
	kill $reader 2>/dev/null; wait $reader 2>/dev/null
	kv parallel_alive 1
}
