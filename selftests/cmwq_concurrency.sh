#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Concurrency management seen from outside: sleeping works spread over
# several workers of a pool, spinning works run one at a time, CPU hogs
# are detected and reported, CPU-intensive and highpri workqueues behave,
# and max_active bounds a workqueue with the rest waiting inactive. The
# works file's max_running (most items of a tag running at once) is
# measured by the module, so slow guest clocks do not matter.
# Whether a second work can start while one spins depends on the
# preemption model (under voluntary preemption, Debian's default, a
# spinning work keeps its CPU to the end): there cmwq is held to what the
# kernel's own workqueue does in the same boot (kwq/cmwq_kwq.ko).
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
ktap_set_plan 9

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"
cmwq_skip_unless_managed 9
cpu=$(cmwq_cpu_list | tail -n 1)
pool=$(awk -v c="$cpu" 'NR > 1 && $2 == c && $8 == "P" { print $1 }' "$CMWQ_DBG/pools")
hpool=$(awk -v c="$cpu" 'NR > 1 && $2 == c && $8 == "PH" { print $1 }' "$CMWQ_DBG/pools")

# run_tag WQ TAG ARGS...: queue on $cpu, wait, print max_running.
run_tag() {
	wq=$1 tag=$2
	shift 2
	cmwq_ctl "queue wq=$wq tag=$tag cpu=$cpu $*" ||
		ktap_print_msg "queue: $(cmwq_ctl_error)"
	cmwq_ctl "flush tag=$tag"
	cmwq_table works "$tag" max_running
}

# The kernel's own workqueue, 4 CPU-intensive spinners on $cpu: outside
# concurrency management, they overlap exactly as far as the scheduler
# preempts a spinning work (all 4 under full preemption or RT, 1 under
# voluntary). 16 sleepers first grow its pool as they grow cmwq's below:
# a pool that must create its workers on the way starts fewer at once.
kwq=/sys/kernel/debug/cmwq_kwq
kmax= ksleep=
if insmod "$CMWQ_BUILD/kwq/cmwq_kwq.ko" &&
	echo "count=16 sleep_us=100000 cpu=$cpu" >"$kwq/run" &&
	ksleep=$(awk '{ print $2 }' "$kwq/result") &&
	echo "count=4 spin_us=200000 cpu=$cpu cpu_intensive" >"$kwq/run"; then
	kmax=$(awk '{ print $2 }' "$kwq/result")
fi
grep -q '^cmwq_kwq ' /proc/modules && rmmod cmwq_kwq
ktap_print_msg "preemption: $(cat /sys/kernel/debug/sched/preempt 2>/dev/null || echo "not dynamic")"
ktap_print_msg "the kernel's workqueue: up to ${ksleep:-?} of 16 sleepers, ${kmax:-?} of 4 CPU-intensive spinners at once"
ktap_test_result "the kernel's workqueue ran the reference load" [ -n "$kmax" ]
kmax=${kmax:-0}

cmwq_ctl "create_wq wq=cm" || ktap_exit_fail_msg "create_wq: $(cmwq_ctl_error)"

# They sleep until woken, so that every one can start however slowly the
# host lets the pool create its workers.
cmwq_ctl "queue wq=cm tag=sleep cpu=$cpu count=16 sleep_us=120000000" ||
	ktap_print_msg "queue: $(cmwq_ctl_error)"
all_asleep() { [ "$(cmwq_table works sleep running)" = 16 ]; }
loop_until 60 all_asleep
max=$(cmwq_table works sleep max_running)
workers=$(cmwq_table pools "$pool" workers)
cmwq_ctl "wake tag=sleep" && cmwq_ctl "flush tag=sleep" ||
	ktap_print_msg "wake: $(cmwq_ctl_error)"
ktap_print_msg "16 sleeping works: up to $max at once on cpu $cpu, $workers workers"
ktap_test_result "sleeping works spread over one worker each" [ "$max" = 16 ]
ktap_test_result "pool $pool grew to run them" [ "$workers" -ge 16 ]

cmwq_param cpu_intensive_thresh_us 0
max=$(run_tag cm spin count=12 spin_us=30000)
cmwq_param cpu_intensive_thresh_us 10000
ktap_print_msg "12 spinning works, hog detection off: up to $max at once"
ktap_test_result "spinning works run one at a time" [ "$max" = 1 ]

cmwq_ctl "reset_stats wq=cm"
# Long spins: a host that stalls the vCPU must not decide the overlap.
max=$(run_tag cm hog count=6 spin_us=200000)
hogs=$(cmwq_table workqueues cm cpu_intensive)
ktap_print_msg "6 x 200 ms spinners, 10 ms threshold: cpu_intensive=$hogs, up to $max at once"
# A hog marked CPU-intensive lets the next work start where the
# scheduler preempts it; without preemption the next one still waits.
if [ "$kmax" -ge 2 ]; then
	ktap_test_result "CPU hogs are counted and let the next work start" [ "$hogs" -gt 0 -a "$max" -ge 2 ]
else
	ktap_test_result "CPU hogs are counted, and run one at a time as the kernel's do here" \
		[ "$hogs" -gt 0 -a "$max" = 1 ]
fi
ktap_test_result "and are reported in the kernel log" \
	sh -c "dmesg | grep -q 'synth_fn.*hogged CPU'"

cmwq_ctl "create_wq wq=intense flags=cpu_intensive"
max=$(run_tag intense int count=4 spin_us=200000)
ktap_print_msg "4 CPU-intensive spinners: up to $max at once"
# How many overlap under preemption depends on when the scheduler lets the
# next spinner in, which the host's load shifts (3 or 4 of 4 for either);
# whether they overlap at all is the preemption model's, the same for both.
if [ "$kmax" -ge 2 ]; then
	ktap_test_result "CPU-intensive works overlap as the kernel's do ($kmax at once)" [ "$max" -ge 2 ]
else
	ktap_test_result "CPU-intensive works run one at a time as the kernel's do" [ "$max" = 1 ]
fi

# Highpri: while its works sleep, they occupy pool $hpool's workers.
cmwq_ctl "create_wq wq=hi flags=highpri"
# The works sleep until woken, so that a slow host reads them running.
cmwq_ctl "queue wq=hi tag=hi count=2 cpu=$cpu sleep_us=120000000"
hi_running() { [ "$(cmwq_table works hi running)" -ge 1 ]; }
loop_until 10 hi_running
pid=$(awk -v p="$hpool" '$2 == p && $5 ~ /synth_fn/ { print $1; exit }' "$CMWQ_DBG/workers")
nice=$(cut -d' ' -f19 "/proc/${pid:-0}/stat" 2>/dev/null)
cmwq_ctl "wake tag=hi"
cmwq_ctl "flush tag=hi"
ktap_test_result "highpri works run in pool $hpool at nice -20 (${nice:-none})" [ "$nice" = -20 ]

cmwq_ctl "create_wq wq=ma max_active=2"
cmwq_ctl "queue wq=ma tag=ma count=6 cpu=$cpu sleep_us=120000000"
ma_running() { [ "$(cmwq_table works ma running)" = 2 ]; }
loop_until 10 ma_running
inflight=$(cmwq_table workqueues ma in_flight)
cmwq_ctl "wake tag=ma"
cmwq_ctl "flush tag=ma"
max=$(cmwq_table works ma max_running)
ktap_print_msg "max_active=2: $inflight in flight after queueing, up to $max at once"
ktap_test_result "max_active=2 bounds running works, the rest wait and complete" \
	[ "$max" = 2 -a "$inflight" = 6 -a "$(cmwq_table works ma completed)" = 6 ]

cmwq_unload
ktap_finished
