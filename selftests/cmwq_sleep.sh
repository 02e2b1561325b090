#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What counts as a sleep for concurrency management, on every kernel:
#
# - A worker that blocks on something only a later work item of its own
#   pool releases must let that item start. On 6.12, EEVDF's delayed
#   dequeue keeps such a sleeper queued (on_rq set) when it blocks with
#   negative lag, which a busy loop on the same CPU makes common: taken
#   for a preemption, the sleep would keep the pool counted as running and
#   the releaser would never start (the sleeper then waits its full time).
# - PREEMPT_RT only: a worker blocked on a contended spinlock_t still
#   counts as running, as upstream's schedule_rtlock() never reports it:
#   no second worker starts for the pool's other work meanwhile.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ROUNDS=8
SLEEP_US=8000000	# a missed sleep shows as a round this long
ROUND_MAX_MS=4000

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
ktap_set_plan 3

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"
if ! dmesg | tail -n 5 | grep -q 'concurrency management on'; then
	ktap_test_skip "a sleeper lets a later item of its pool run" "no preempt notifiers here"
	ktap_test_skip "a worker waiting for a sleeping spinlock counts as running" "no preempt notifiers here"
	ktap_test_skip "and the pool runs the lock holder beside it" "no preempt notifiers here"
	cmwq_unload
	ktap_finished
fi
cpu=$(cmwq_cpu_list | tail -n 1)
cmwq_ctl "create_wq wq=sl" || ktap_exit_fail_msg "create_wq: $(cmwq_ctl_error)"

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# A nice-0 busy loop on the CPU gives the sleepers negative lag.
taskset -c "$cpu" sh -c 'while :; do :; done' &
busy=$!
slowest=0
for i in $(seq "$ROUNDS"); do
	t0=$(now_ms)
	# One write: the releaser is queued while the sleeper may already run.
	printf '%s\n%s\n' \
		"queue wq=sl tag=sleeper$i cpu=$cpu spin_us=3000 sleep_us=$SLEEP_US" \
		"queue wq=sl tag=waker$i cpu=$cpu spin_us=100 wake_tag=sleeper$i" \
		>"$CMWQ_DBG/control" || ktap_print_msg "queue: $(cmwq_ctl_error)"
	cmwq_ctl "flush tag=sleeper$i"
	ms=$(($(now_ms) - t0))
	[ "$ms" -gt "$slowest" ] && slowest=$ms
done
kill "$busy"
wait "$busy" 2>/dev/null
ktap_print_msg "$ROUNDS rounds on cpu $cpu beside a busy loop: slowest ${slowest} ms (a missed sleep: $((SLEEP_US / 1000)) ms)"
ktap_test_result "a sleeper lets a later item of its pool run" [ "$slowest" -lt "$ROUND_MAX_MS" ]

if [ "$(cat /sys/kernel/realtime 2>/dev/null)" != 1 ]; then
	ktap_test_skip "a worker waiting for a sleeping spinlock counts as running" "not a PREEMPT_RT kernel"
	ktap_test_skip "and the pool runs the lock holder beside it" "not a PREEMPT_RT kernel"
	cmwq_unload
	ktap_finished
fi

# The holder spins 100 ms under the lock and turns CPU-intensive after the
# 10 ms threshold, so the pool starts the waiter beside it on the same
# CPU; the waiter finds the holder off-CPU and blocks on the rtmutex. The
# third item must wait for the waiter: 2 running at most, not 3.
cmwq_param cpu_intensive_thresh_us 10000
cmwq_ctl "reset_stats wq=sl"
printf '%s\n%s\n%s\n' \
	"queue wq=sl tag=rtlock cpu=$cpu hold_lock=1 spin_us=100000" \
	"queue wq=sl tag=rtlock cpu=$cpu hold_lock=1 spin_us=1000" \
	"queue wq=sl tag=rtlock cpu=$cpu spin_us=1000" \
	>"$CMWQ_DBG/control" || ktap_print_msg "queue: $(cmwq_ctl_error)"
cmwq_ctl "flush tag=rtlock"
max=$(cmwq_table works rtlock max_running)
hogs=$(cmwq_table workqueues sl cpu_intensive)
ktap_print_msg "holder, lock waiter, third item on cpu $cpu: up to $max at once, cpu_intensive=$hogs"
ktap_test_result "a worker waiting for a sleeping spinlock counts as running" [ "$max" -le 2 ]
ktap_test_result "and the pool runs the lock holder beside it" [ "$max" = 2 -a "$hogs" -ge 1 ]

cmwq_ctl "destroy_wq wq=sl"
cmwq_unload
ktap_finished
