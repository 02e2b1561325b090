#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What counts as a sleep for concurrency management, on every kernel:
#
# - Workers that block on something only a later work item of their own
#   pool releases must let that item start. On 6.12, EEVDF's delayed
#   dequeue keeps a sleeper queued (on_rq set) when it blocks with
#   negative lag: taken for a preemption, the sleep would keep the pool
#   counted as running and the releaser would not start until the
#   sleeper's sleep timed out.
# - PREEMPT_RT only: a worker blocked on a contended spinlock_t still
#   counts as running, as upstream's schedule_rtlock() never reports it:
#   no second worker starts for the pool's other work meanwhile.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ROUNDS=3
SLEEPERS=16
SLEEP_US=5000000	# a missed sleep stalls a round this long

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
ktap_set_plan 3

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"
if ! cmwq_concurrency_managed; then
	ktap_test_skip "sleepers let a later item of their pool run" "no preempt notifiers here"
	ktap_test_skip "a worker waiting for a sleeping spinlock counts as running" "no preempt notifiers here"
	ktap_test_skip "and the pool runs the lock holder beside it" "no preempt notifiers here"
	cmwq_unload
	ktap_finished
fi
cpu=$(cmwq_cpu_list | tail -n 1)
cmwq_ctl "create_wq wq=sl" || ktap_exit_fail_msg "create_wq: $(cmwq_ctl_error)"

# Each round queues 16 sleepers and then their waker under one tag on one
# CPU. The waker runs only once the pool has started every sleeper, which
# it does only if it counted each one's sleep; then all 17 run at once.
# A sleep taken for a preemption stalls the pool until that sleeper's
# sleep times out, and fewer run at once. The sleepers spin 3 ms first and
# so compete for the CPU with the workers just woken: on 6.12 some of them
# block with negative lag and are dequeued late.
seen=
for i in $(seq "$ROUNDS"); do
	printf '%s\n%s\n' \
		"queue wq=sl tag=gate$i cpu=$cpu count=$SLEEPERS spin_us=3000 sleep_us=$SLEEP_US" \
		"queue wq=sl tag=gate$i cpu=$cpu spin_us=100 wake_tag=gate$i" \
		>"$CMWQ_DBG/control" || ktap_print_msg "queue: $(cmwq_ctl_error)"
	cmwq_ctl "flush tag=gate$i"
	seen="$seen $(cmwq_table works "gate$i" max_running)"
done
ktap_print_msg "$ROUNDS rounds of $SLEEPERS sleepers and their waker on cpu $cpu, most at once:$seen"
ktap_test_result "sleepers let a later item of their pool run" \
	[ "$(echo $seen | tr ' ' '\n' | grep -cx $((SLEEPERS + 1)))" = "$ROUNDS" ]

if [ "$(cat /sys/kernel/realtime 2>/dev/null)" != 1 ]; then
	ktap_test_skip "a worker waiting for a sleeping spinlock counts as running" "not a PREEMPT_RT kernel"
	ktap_test_skip "and the pool runs the lock holder beside it" "not a PREEMPT_RT kernel"
	cmwq_unload
	ktap_finished
fi

# The holder spins 1 s under the lock and turns CPU-intensive after the
# 10 ms threshold, so the pool starts the waiter beside it on the same
# CPU; the waiter finds the holder off-CPU and blocks on the rtmutex. The
# third item must wait for the waiter: 2 running at most, not 3. The
# spin is long so that a stalled vCPU cannot end it before the waiter
# starts.
cmwq_param cpu_intensive_thresh_us 10000
cmwq_ctl "reset_stats wq=sl"
printf '%s\n%s\n%s\n' \
	"queue wq=sl tag=rtlock cpu=$cpu hold_lock=1 spin_us=1000000" \
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
