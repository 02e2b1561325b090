#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The io-wq options through the control file: "queue ... hash=" runs one
# key's items one at a time in order, and "cancel_match" takes a tag's
# parked items back and counts them in the workqueues stats.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
ktap_set_plan 4

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"
cmwq_ctl "create_wq wq=iowq flags=unbound" ||
	ktap_exit_fail_msg "create_wq: $(cmwq_ctl_error)"

# Two keys of 10 items each: each key alone at a time, in order.
cmwq_ctl "queue wq=iowq tag=k1 count=10 hash=1 spin_us=100" &&
	cmwq_ctl "queue wq=iowq tag=k2 count=10 hash=2 spin_us=100" &&
	cmwq_ctl "flush wq=iowq" || ktap_print_msg "queue: $(cmwq_ctl_error)"
ktap_print_msg "k1: completed $(cmwq_table works k1 completed), most at once $(cmwq_table works k1 max_running), out of order $(cmwq_table works k1 out_of_order)"
ktap_test_result "one key's items run one at a time, in queueing order" \
	[ "$(cmwq_table works k1 completed)/$(cmwq_table works k1 max_running)/$(cmwq_table works k1 out_of_order)/$(cmwq_table works k2 completed)/$(cmwq_table works k2 max_running)/$(cmwq_table works k2 out_of_order)" = 10/1/0/10/1/0 ]

# A long sleeper holds key 3: the other nine wait parked behind it.
cmwq_ctl "queue wq=iowq tag=c count=10 hash=3 sleep_us=30000000" ||
	ktap_print_msg "queue: $(cmwq_ctl_error)"
cmwq_ctl "cancel_match wq=iowq tag=c" ||
	ktap_print_msg "cancel_match: $(cmwq_ctl_error)"
pending=$(cmwq_table workqueues iowq cancel_match_pending)
running=$(cmwq_table workqueues iowq cancel_match_running)
cmwq_ctl "wake tag=c"
cmwq_ctl "flush wq=iowq"
ktap_print_msg "cancel_match: $pending pending, $running running; tag c: $(cmwq_table works c cancelled) cancelled, $(cmwq_table works c completed) completed"
ktap_test_result "cancel_match finds all ten, nine at least parked" \
	[ $((pending + running)) = 10 -a "$pending" -ge 9 ]
cancelled=$(cmwq_table works c cancelled)
ktap_test_result "and the tag's accounts agree: every item cancelled or run" \
	[ $((cancelled + $(cmwq_table works c completed))) = 10 -a \
	  "$cancelled" = "$pending" ]

if cmwq_ctl "queue wq=iowq tag=bad hash=1 cpu=0"; then
	ktap_test_fail "hash= with cpu= is refused, with its reason"
else
	ktap_test_result "hash= with cpu= is refused, with its reason" \
		grep -q "hash= takes no cpu=" "$CMWQ_DBG/last_error"
fi
cmwq_ctl "destroy_wq wq=iowq"
cmwq_unload
ktap_finished
