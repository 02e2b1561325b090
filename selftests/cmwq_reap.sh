#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Workers come and go while the workers file is read: with a 10 ms idle
# timeout, surplus workers created through the control file are reaped
# while readers list every worker. Nothing may read a freed task (KASAN
# says so under make check-kasan), every pool keeps a worker, and the
# surplus is gone in the end.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
ktap_set_plan 3

cmwq_load idle_timeout_ms=10 || ktap_exit_fail_msg "insmod cmwq.ko failed"
pool=$(awk 'NR == 2 { print $1 }' "$CMWQ_DBG/pools")
before=$(cmwq_table pools "$pool" workers)

# Readers list the workers without pause while workers are made and reaped.
stop=$(mktemp)
for r in 1 2; do
	(
		n=0
		while [ -f "$stop" ]; do
			cat "$CMWQ_DBG/workers" >/dev/null || exit 1
			n=$((n + 1))
		done
		echo "$n" >"$stop.$r"
	) &
done
ok=1
for round in $(seq 20); do
	for i in 1 2 3 4 5 6; do
		cmwq_ctl "create_worker pool=$pool" || ok=0
	done
	sleep 0.05
done
rm -f "$stop"
wait
ktap_print_msg "readers listed the workers $(cat "$stop".1 "$stop".2 | paste -sd+ | bc) times"
rm -f "$stop".*
ktap_test_result "120 workers created while readers listed them" [ $ok = 1 ]

# The surplus goes back down to what the pool needs (at most 2 idle + 1).
shrunk() { [ "$(cmwq_table pools "$pool" workers)" -le $((before + 2)) ]; }
ktap_test_result "surplus workers reaped (pool $pool had $before)" \
	loop_until 20 shrunk
ktap_test_result "cmwq unloads" cmwq_unload
ktap_finished
