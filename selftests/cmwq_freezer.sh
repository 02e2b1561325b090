#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Freezable workqueues across a real system suspend, stopped at the
# freezer test stage (echo freezer > /sys/power/pm_test, then freeze >
# /sys/power/state): tasks are frozen, the kernel waits pm_test_delay
# seconds and resumes. A freezable and a plain workqueue, each with
# max_active 1, run long queues of sleeping items across it. The module
# counts what each started while frozen (the workqueues file's
# started_frozen) and how many works the thaw released (the freezer
# file), so the verdict does not depend on the guest's clock. That clock
# is not exact: under TCG pm_test_delay's busy wait may last a hundredth
# of what it asks (17 ms for 3 s on stock 6.1), so the plain workqueue's
# items are short (2 ms), to start several in any frozen window, and run
# on every CPU but the one of the suspend's busy wait. Neither the way into the
# suspend (sync, notifiers) nor the guest's speed is bounded, so both
# queues hold far more than the test needs (20 s of each); once the
# thaw has let a held item run, the rest is cancelled, and each item must
# have run once or been cancelled.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
if [ ! -w /sys/power/pm_test ] || ! grep -qw freeze /sys/power/state 2>/dev/null; then
	ktap_skip_all "no suspend test mode here (needs CONFIG_SUSPEND and CONFIG_PM_DEBUG)"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 7

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"
cpu=$(cmwq_cpu_list | tail -n 1)
# The suspend's busy wait runs on the first online CPU; the plain items
# go round the others, one at a time on each (max_active is per CPU), so
# that one stalled vCPU cannot leave the frozen window without a start.
first=$(cmwq_online_cpu_list | head -n 1)
others=$(cmwq_online_cpu_list | sed 1d)
[ -n "$others" ] || others=$first
set -- $others
# NAME:FLAGS:COMMANDS:SLEEP_US, COMMANDS queue commands of up to 1000
# items, each run one at a time: busy from before the suspend to after
# it. fz's 300 ms items keep the freeze waiting for one of them.
for wq in fz:freezable:64:300000 plain::12x1000:2000; do
	name=${wq%%:*} rest=${wq#*:}
	flags=${rest%%:*} rest=${rest#*:}
	cmds=${rest%%:*} sleep=${rest#*:}
	case $cmds in *x*) n=${cmds%x*} per=${cmds#*x} ;; *) n=1 per=$cmds ;; esac
	eval "count_$name=$((n * per))"
	cmwq_ctl "create_wq wq=$name max_active=1${flags:+ flags=$flags}" ||
		ktap_exit_fail_msg "create_wq $name: $(cmwq_ctl_error)"
	for _ in $(seq "$n"); do
		on=$cpu
		if [ "$name" = plain ]; then
			on=$1
			shift
			set -- "$@" "$on"
		fi
		cmwq_ctl "queue wq=$name tag=$name cpu=$on count=$per sleep_us=$sleep" ||
			ktap_exit_fail_msg "queue $name: $(cmwq_ctl_error)"
	done
done
started() { [ "$(cmwq_table works "$1" started)" -ge 1 ]; }
loop_until 30 started fz && loop_until 30 started plain ||
	ktap_exit_fail_msg "the items did not start"

# The freeze waits for fz's running item (300 ms), so the suspend holds
# a queue with items of both left.
delay=/sys/module/suspend/parameters/pm_test_delay
[ -w $delay ] && echo 3 >$delay
echo freezer >/sys/power/pm_test
# The test delay busy-waits in the writer, and without full preemption
# keeps its CPU from the pool's workers: write from the first CPU.
suspended=0
taskset -c "$first" sh -c 'echo freeze >/sys/power/state' && suspended=1
echo none >/sys/power/pm_test
ktap_test_result "the guest suspended to the freezer stage and resumed" [ $suspended = 1 ]

freezer() { awk -v k="$1" '$1 == k { print $2 }' "$CMWQ_DBG/freezer"; }
ktap_print_msg "freezer: $(tr '\n' ' ' <"$CMWQ_DBG/freezer")"
ktap_print_msg "started while frozen: fz $(cmwq_table workqueues fz started_frozen), plain $(cmwq_table workqueues plain started_frozen)"
ktap_test_result "cmwq froze once and is thawed" \
	[ "$(freezer cycles)" = 1 -a "$(freezer state)" = thawed -a "$(freezer aborted)" = 0 ]
ktap_test_result "the freezable workqueue started nothing while frozen" \
	[ "$(cmwq_table workqueues fz started_frozen)" = 0 ]
ktap_test_result "its items waited for the thaw" [ "$(freezer last_held)" -ge 1 ]
ktap_test_result "the plain workqueue kept running" \
	[ "$(cmwq_table workqueues plain started_frozen)" -ge 1 ]

# A held item starts after the thaw; then the rest need not run. All of
# fz's items were queued before the suspend and none started while
# frozen, so the thaw found started = queued - held.
fz_thawed=$((count_fz - $(freezer last_held)))
fz_more() { [ "$(cmwq_table works fz started)" -gt "$fz_thawed" ]; }
loop_until 30 fz_more || ktap_print_msg "no fz item started after the thaw"
ktap_test_result "a held item ran after the thaw" fz_more
cmwq_ctl "cancel tag=fz" && cmwq_ctl "cancel tag=plain" ||
	ktap_print_msg "cancel: $(cmwq_ctl_error)"
# Each item ran once or was cancelled: none lost, none run twice.
accounted() {
	q=$(cmwq_table works "$1" queued)
	[ "$q" = "$2" ] &&
		[ "$(cmwq_table works "$1" started)" = "$(cmwq_table works "$1" completed)" ] &&
		[ $(($(cmwq_table works "$1" completed) + $(cmwq_table works "$1" cancelled))) = "$q" ]
}
for t in fz plain; do
	ktap_print_msg "$t: $(awk -v t=$t '$1 == t { print "queued", $2, "started", $3, "completed", $4, "cancelled", $5 }' "$CMWQ_DBG/works")"
done
both_accounted() { accounted fz "$count_fz" && accounted plain "$count_plain"; }
ktap_test_result "every item of both ran once or was cancelled" both_accounted
cmwq_unload
ktap_finished
