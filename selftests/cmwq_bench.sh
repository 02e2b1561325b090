#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The benchmark module (bench/cmwq_bench.ko, make bench) refuses bad
# parameters without running, and a short run of the scenarios that were
# the former microbenchmark's paths (2 null works, 3 chain, 4 blocking mix,
# 6 flush, 8 burst) and of scenario 9 (the options against upstream
# behaviour) gives a figure for each side of every metric. The figures
# themselves are for scripts/bench, not for a pass/fail; scenario 9's
# ordering check of hashed works fails the run itself.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

bench_ko=$CMWQ_BUILD/bench/cmwq_bench.ko
bench_dbg=/sys/kernel/debug/cmwq_bench
bench_par=/sys/module/cmwq_bench/parameters

ktap_print_header
cmwq_require_root_and_module
if [ ! -f "$bench_ko" ]; then
	ktap_skip_all "$bench_ko not built (make)"
	exit "$KSFT_SKIP"
fi
cmwq_unload
ktap_set_plan 8

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"
insmod "$bench_ko" rounds=2 samples=20 items=300 mix=20 burst=300 \
	settle_ms=100 opt_items=40 reap_timeout_ms=100 scenarios=0x35c ||
	ktap_exit_fail_msg "insmod cmwq_bench.ko failed"

# bench_run: start a run; the write's status is the run's.
bench_run() { echo 1 >"$bench_dbg/run"; }

ktap_test_result "no results before the first run" \
	grep -qx '# no run yet' "$bench_dbg/results"

# refused PARAM BAD GOOD REASON: with PARAM=BAD a run fails with REASON
# in the kernel log and leaves no results; PARAM is GOOD again after.
refused() {
	echo "$2" >"$bench_par/$1"
	ok=1
	bench_run 2>/dev/null && ok=0
	dmesg | tail -n 5 | grep -q "$4" || ok=0
	grep -qx '# no run yet' "$bench_dbg/results" || ok=0
	echo "$3" >"$bench_par/$1"
	[ $ok = 1 ]
}

ktap_test_result "an offline pool CPU is refused with a reason, nothing runs" \
	refused cpu 99999 1 'cpu=99999: want an online CPU'
ktap_test_result "rounds=0 is refused with a reason, nothing runs" \
	refused rounds 0 2 'rounds=0 scale_rounds=.*: want 1 to'
ktap_test_result "opt_items=0 is refused with a reason, nothing runs" \
	refused opt_items 0 40 'opt_items or reap_timeout_ms out of range'

ktap_test_result "a short run succeeds" bench_run

# M <sc> <metric> <unit> <better> <kernel> <min> <max> <cmwq> <min> <max> ...:
# a number on each side (-1, "not within the wait", is a figure too).
bad=$(awk '$1 == "M" && ($6 !~ /^-?[0-9]+$/ || $9 !~ /^-?[0-9]+$/) { print $2 ":" $3 }' \
	"$bench_dbg/results" | tr '\n' ' ')
scen=$(awk '$1 == "M" { print $2 }' "$bench_dbg/results" | sort -un | tr '\n' ' ')
ktap_print_msg "scenarios with figures: $scen; metrics without two: ${bad:-none}"
ok=0
[ "$scen" = "2 3 4 6 8 9 " ] && [ -z "$bad" ] && ok=1
ktap_test_result "every metric of 2, 3, 4, 6, 8 and 9 has a figure on both sides" \
	[ $ok = 1 ]

ktap_test_result "the sides take turns going first" \
	sh -c "dmesg | grep -q 'round 1/2 (kernel first)' &&
	       dmesg | grep -q 'round 2/2 (cmwq first)'"

ktap_test_result "both modules unload after the run" \
	sh -c "rmmod cmwq_bench && rmmod cmwq"
ktap_finished
