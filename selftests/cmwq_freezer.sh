#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Freezable workqueues across a real system suspend, stopped at the
# freezer test stage (echo freezer > /sys/power/pm_test, then freeze >
# /sys/power/state): tasks are frozen, the kernel waits pm_test_delay
# seconds and resumes. A freezable and a plain workqueue, each with
# max_active 1, run long queues of sleeping items across it. The module
# counts what each started while frozen (the workqueues file's
# started_frozen) and how many works the thaw released (the freezer
# file), so the verdict does not depend on the guest's clock.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
if [ ! -w /sys/power/pm_test ] || ! grep -qw freeze /sys/power/state 2>/dev/null; then
	ktap_skip_all "no suspend test mode here (needs CONFIG_SUSPEND and CONFIG_PM_DEBUG)"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 6

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"
cpu=$(cmwq_cpu_list | tail -n 1)
count=30
for wq in fz:freezable plain:; do
	name=${wq%%:*} flags=${wq#*:}
	cmwq_ctl "create_wq wq=$name max_active=1${flags:+ flags=$flags}" ||
		ktap_exit_fail_msg "create_wq $name: $(cmwq_ctl_error)"
	# 30 x 300 ms one at a time: busy from before the suspend to after.
	cmwq_ctl "queue wq=$name tag=$name cpu=$cpu count=$count sleep_us=300000" ||
		ktap_exit_fail_msg "queue $name: $(cmwq_ctl_error)"
done
started() { [ "$(cmwq_table works "$1" started)" -ge 1 ]; }
loop_until 30 started fz && loop_until 30 started plain ||
	ktap_exit_fail_msg "the items did not start"

# The freeze waits for fz's running item (300 ms), so the suspend holds
# a queue with items of both left.
delay=/sys/module/suspend/parameters/pm_test_delay
[ -w $delay ] && echo 3 >$delay
echo freezer >/sys/power/pm_test
suspended=0
echo freeze >/sys/power/state && suspended=1
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

cmwq_ctl "flush tag=fz" && cmwq_ctl "flush tag=plain" ||
	ktap_print_msg "flush: $(cmwq_ctl_error)"
ktap_print_msg "completed: fz $(cmwq_table works fz completed), plain $(cmwq_table works plain completed) of $count each"
ktap_test_result "every item of both ran once after the resume" \
	[ "$(cmwq_table works fz completed)" = $count -a "$(cmwq_table works plain completed)" = $count \
	  -a "$(cmwq_table works fz started)" = $count -a "$(cmwq_table works plain started)" = $count ]
cmwq_unload
ktap_finished
