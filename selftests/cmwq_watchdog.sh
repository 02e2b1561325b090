#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The lockup watchdog (module parameter watchdog_thresh):
#
# - bad values are refused with EINVAL and a line in the kernel log;
# - no report for pools that make progress, however slowly (items that
#   spin 250 ms each, one after the other, under a 2 s threshold), for a
#   pool whose only waiting work is inactive (behind max_active), or for
#   idle pools;
# - a pool stalled on purpose (a concurrency-managed item spinning 5 s on
#   one CPU, items pending behind it, hog detection off, threshold 1 s) is
#   reported exactly once, naming the pool, the time it is stuck and the
#   spinning worker as pid:function, followed by the state dump.
#
# The stall's report fails any guest run that does not expect it, so that
# part runs only under "scripts/vm-run --expect-wq-lockup" (CMWQ_EXPECT is
# wq-lockup), which scripts/check uses; it skips elsewhere.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

STALL_US=5000000

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
ktap_set_plan 9

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"
cmwq_param cpu_intensive_thresh_us 0
cpu=$(cmwq_cpu_list | tail -n 1)
node=$(cmwq_cpu_node "$cpu")
# Keep this shell off the spinning CPU (voluntary preemption).
taskset -p 1 $$ >/dev/null 2>&1 || ktap_print_msg "taskset failed; the shell may share cpu $cpu"
pool=$(awk -v cpu="$cpu" '$2 == cpu && $8 == "P" { print $1 }' "$CMWQ_DBG/pools")

# since MARK: the kernel log from the line MARK on.
since() {
	dmesg | sed -n "/$1/,\$p"
}

# reports MARK: the watchdog's report lines since MARK.
reports() {
	since "$1" | grep 'BUG: cmwq lockup - pool '
}

ok=1
for bad in 3601 -1 abc 1x ''; do
	if echo "$bad" >/sys/module/cmwq/parameters/watchdog_thresh 2>/dev/null; then
		ktap_print_msg "accepted watchdog_thresh='$bad'"
		ok=0
	fi
done
ktap_test_result "out-of-range and malformed thresholds are refused" \
	[ $ok = 1 -a "$(cmwq_param watchdog_thresh)" = 30 ]
ktap_test_result "with a reason in the kernel log" \
	sh -c "dmesg | grep -q 'cmwq: watchdog_thresh=3601: want 0 (off) to 3600 seconds'"
ktap_test_result "0 (off) and 3600 are accepted" \
	sh -c "echo 0 >/sys/module/cmwq/parameters/watchdog_thresh && echo 3600 >/sys/module/cmwq/parameters/watchdog_thresh"

# Steady progress, inactive work, idle pools: no report.
cmwq_ctl "create_wq wq=wd" && cmwq_ctl "create_wq wq=wdlim max_active=1" ||
	ktap_exit_fail_msg "create_wq: $(cmwq_ctl_error)"
cmwq_param watchdog_thresh 2
echo "cmwq_watchdog: steady" >/dev/kmsg
t=$(date +%s)
cmwq_ctl "queue wq=wd tag=steady cpu=$cpu count=16 spin_us=250000" &&
	cmwq_ctl "flush tag=steady" || ktap_print_msg "steady: $(cmwq_ctl_error)"
steady_s=$(($(date +%s) - t))
# One item sleeps 3 s while two wait behind max_active=1: only inactive.
cmwq_ctl "queue wq=wdlim tag=slow cpu=$cpu sleep_us=3000000" &&
	cmwq_ctl "queue wq=wdlim tag=held cpu=$cpu count=2" &&
	cmwq_ctl "flush tag=held" || ktap_print_msg "inactive: $(cmwq_ctl_error)"
ktap_print_msg "16 items of 250 ms on cpu $cpu took $steady_s s; reports: $(reports 'cmwq_watchdog: steady' | wc -l)"
ktap_test_result "no report for a pool that progresses, inactive work or idle pools" \
	[ "$(cmwq_table works steady completed)" = 16 -a \
	  "$(cmwq_table works held completed)" = 2 -a \
	  -z "$(reports 'cmwq_watchdog: steady')" ]

if [ "${CMWQ_EXPECT:-}" != wq-lockup ]; then
	for t in "a stalled pool is reported" "exactly once" \
		"with the spinning worker as pid:function" \
		"followed by the state dump" \
		"and the items behind ran once it ended"; do
		ktap_test_skip "$t" "provokes a lockup report: run under scripts/vm-run --expect-wq-lockup"
	done
	cmwq_ctl "destroy_wq wq=wd"
	cmwq_ctl "destroy_wq wq=wdlim"
	cmwq_unload
	ktap_finished
fi

# The stall: a spinner keeps nr_running at 1, the items behind it wait.
cmwq_param watchdog_thresh 1
echo "cmwq_watchdog: stall" >/dev/kmsg
# One write: the items behind are queued at once, the pool runs the
# spinner first (its worklist is FIFO), and the stall lasts all its spin.
printf '%s\n%s\n' "queue wq=wd tag=hog cpu=$cpu spin_us=$STALL_US" \
	"queue wq=wd tag=behind cpu=$cpu count=2" >"$CMWQ_DBG/control" ||
	ktap_exit_fail_msg "queue: $(cmwq_ctl_error)"
cmwq_ctl "flush tag=behind" || ktap_print_msg "flush: $(cmwq_ctl_error)"
# The dump comes from the kernel's workqueue, a moment after the report.
dumped() { since 'cmwq_watchdog: stall' | grep -q "cmwq: pool $pool: "; }
loop_until 10 dumped
log=$(since 'cmwq_watchdog: stall')
printf '%s\n' "$log" | grep 'cmwq' | sed 's/^/# /'

report=$(printf '%s\n' "$log" | grep 'BUG: cmwq lockup - pool ')
# The pid the report names must be one of the pool's workers.
hog_pid=$(printf '%s\n' "$log" | sed -n "s/.*cmwq: pool $pool in-flight: \([0-9]*\):.*/\1/p")
hog_pool=$(awk -v pid="${hog_pid:-none}" '$1 == pid { print $2 }' "$CMWQ_DBG/workers")
ktap_test_result "a stalled pool is reported" \
	sh -c 'printf "%s\n" "$1" | grep -Eq "BUG: cmwq lockup - pool $2 cpus=$3 node=$4 flags=P nice=0 stuck for [1-9][0-9]*s!$"' \
	- "$report" "$pool" "$cpu" "$node"
ktap_test_result "exactly once" [ "$(printf '%s\n' "$report" | grep -c .)" = 1 ]
ktap_test_result "with the spinning worker as pid:function" \
	sh -c 'printf "%s\n" "$1" | grep -qF "cmwq: pool $2 in-flight: $3:synth_fn [cmwq]; pending: 2" &&
	       [ "$4" = "$2" ]' - "$log" "$pool" "${hog_pid:-none}" "$hog_pool"
ktap_test_result "followed by the state dump" \
	sh -c 'printf "%s\n" "$1" | grep -qF "cmwq:     in-flight: $2:synth_fn [cmwq]" &&
	       printf "%s\n" "$1" | grep -qF "cmwq:     pending: 2*synth_fn [cmwq]"' \
	- "$log" "${hog_pid:-none}"
ktap_test_result "and the items behind ran once it ended" \
	[ "$(cmwq_table works behind completed)" = 2 ]

cmwq_ctl "destroy_wq wq=wd"
cmwq_ctl "destroy_wq wq=wdlim"
cmwq_unload
ktap_finished
