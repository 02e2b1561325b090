#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The microbenchmark module (bench/cmwq_microbench.ko) refuses bad
# parameters without running, and a short run fills its results table with
# a figure for each side of every path (the figures themselves are for
# scripts/microbench, not for a pass/fail).
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

bench_ko=$CMWQ_BUILD/bench/cmwq_microbench.ko
bench_dbg=/sys/kernel/debug/cmwq_microbench
bench_par=/sys/module/cmwq_microbench/parameters

ktap_print_header
cmwq_require_root_and_module
if [ ! -f "$bench_ko" ]; then
	ktap_skip_all "$bench_ko not built (make)"
	exit "$KSFT_SKIP"
fi
cmwq_unload
ktap_set_plan 7

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"
insmod "$bench_ko" rounds=3 items=300 burst=300 mix=200 flushes=20 ||
	ktap_exit_fail_msg "insmod cmwq_microbench.ko failed"

# bench_run: start a run; the write's status is the run's.
bench_run() { echo 1 >"$bench_dbg/run"; }

ktap_test_result "no results before the first run" \
	grep -qx '# no run yet' "$bench_dbg/results"

echo 99999 >"$bench_par/cpu"
ok=1
bench_run 2>/dev/null && ok=0
dmesg | tail -n 5 | grep -q 'cpu=99999 producer_cpu=.*: want online CPUs' || ok=0
grep -qx '# no run yet' "$bench_dbg/results" || ok=0
ktap_test_result "an offline pool CPU is refused with a reason, nothing runs" [ $ok = 1 ]
echo 1 >"$bench_par/cpu"

echo 0 >"$bench_par/rounds"
ok=1
bench_run 2>/dev/null && ok=0
dmesg | tail -n 5 | grep -q 'rounds=0: want 1 to' || ok=0
ktap_test_result "rounds=0 is refused with a reason" [ $ok = 1 ]
echo 3 >"$bench_par/rounds"

ktap_test_result "a short run succeeds" bench_run

# Each path line: name unit better cmwq kernel ratio, then the spread.
paths=$(awk '!/^#/ && $4 + 0 > 0 && $5 + 0 > 0 && $6 ~ /^[0-9]+\.[0-9]+$/ { print $1 }' \
	"$bench_dbg/results" | tr '\n' ' ')
ktap_print_msg "paths with figures on both sides: $paths"
ktap_test_result "every path has a figure for cmwq and for the kernel" \
	[ "$paths" = "null_throughput chain_throughput burst_completion blocking_mix flush_latency " ]

ktap_test_result "the sides take turns going first" \
	sh -c "dmesg | grep -q 'round 1/3 (cmwq first)' &&
	       dmesg | grep -q 'round 2/3 (kernel first)'"

ktap_test_result "both modules unload after the run" \
	sh -c "rmmod cmwq_microbench && rmmod cmwq"
ktap_finished
