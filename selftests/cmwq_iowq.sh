#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The io-wq options through the control file: "queue ... hash=" runs one
# key's items one at a time in order, "cancel_match" takes a tag's
# parked items back and counts them in the workqueues stats, and
# "queue ... class=" with "set_pool ... bounded_max= unbounded_max=" keeps
# a work class within its cap while the other class progresses.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
ktap_set_plan 15

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

# Work classes, on CPU 0's normal pool (flags P).
pool=$(awk 'NR > 1 && $2 == 0 && $8 == "P" { print $1; exit }' "$CMWQ_DBG/pools")
bh=$(awk 'NR > 1 && $8 ~ /B/ { print $1; exit }' "$CMWQ_DBG/pools")
cmwq_ctl "create_wq wq=cls" ||
	ktap_exit_fail_msg "create_wq: $(cmwq_ctl_error)"
cmwq_ctl "create_wq wq=clsbh flags=bh" ||
	ktap_exit_fail_msg "create_wq: $(cmwq_ctl_error)"
cmwq_ctl "set_pool pool=$pool unbounded_max=2 bounded_max=3" ||
	ktap_print_msg "set_pool: $(cmwq_ctl_error)"
ktap_test_result "set_pool sets both caps; the pools file shows them" \
	[ "$(cmwq_table pools "$pool" unbounded_max)/$(cmwq_table pools "$pool" bounded_max)" = 2/3 ]

# Six sleepers of the unbounded class: at most two at once.
reached=$(cmwq_table pools "$pool" unbounded_cap_reached)
cmwq_ctl "queue wq=cls tag=u count=6 cpu=0 class=unbounded sleep_us=100000" &&
	cmwq_ctl "flush tag=u" || ktap_print_msg "queue: $(cmwq_ctl_error)"
reached=$(($(cmwq_table pools "$pool" unbounded_cap_reached) - reached))
ktap_print_msg "u: completed $(cmwq_table works u completed), most at once $(cmwq_table works u max_running), parked at cap $reached"
ktap_test_result "unbounded_max=2: six items, never more than two at once" \
	[ "$(cmwq_table works u completed)/$(cmwq_table works u max_running)" = 6/2 -a "$reached" -ge 4 ]

# Two long unbounded sleepers hold the class's slots, two more park;
# bounded items queued after them all complete meanwhile.
cmwq_ctl "queue wq=cls tag=hold count=4 cpu=0 class=unbounded sleep_us=60000000" ||
	ktap_print_msg "queue: $(cmwq_ctl_error)"
loop_until 10 [ "$(cmwq_table pools "$pool" unbounded_parked)" = 2 ]
cmwq_ctl "queue wq=cls tag=b count=6 cpu=0 class=bounded spin_us=100" &&
	cmwq_ctl "flush tag=b" || ktap_print_msg "queue: $(cmwq_ctl_error)"
ktap_print_msg "b: completed $(cmwq_table works b completed) (most at once $(cmwq_table works b max_running)); hold: running $(cmwq_table works hold running), unbounded parked $(cmwq_table pools "$pool" unbounded_parked)"
ktap_test_result "bounded items complete while the unbounded ones hold their cap" \
	[ "$(cmwq_table works b completed)/$(cmwq_table works hold running)/$(cmwq_table pools "$pool" unbounded_parked)" = 6/2/2 ]
cmwq_ctl "wake tag=hold"
cmwq_ctl "flush wq=cls"
ktap_test_result "and then the parked ones run: all four, none left parked" \
	[ "$(cmwq_table works hold completed)/$(cmwq_table pools "$pool" unbounded_parked)" = 4/0 ]

# Bad input: refused with its reason, and the caps stay as they were.
refused() { # refused WHAT REASON COMMAND
	if cmwq_ctl "$3"; then
		ktap_test_fail "$1 is refused"
	elif ! grep -q -- "$2" "$CMWQ_DBG/last_error"; then
		ktap_print_msg "last_error: $(cat "$CMWQ_DBG/last_error")"
		ktap_test_fail "$1 is refused"
	else
		ktap_test_result "$1 is refused, with its reason, and changes nothing" \
			[ "$(cmwq_table pools "$pool" unbounded_max)/$(cmwq_table pools "$pool" bounded_max)" = 2/3 ]
	fi
}
refused "class=foo" "class=foo: bounded or unbounded" \
	"queue wq=cls tag=bad class=foo"
refused "class= with hash=" "class= and hash= exclude each other" \
	"queue wq=cls tag=bad class=bounded hash=1"
refused "class= on a bh workqueue" "take no class" \
	"queue wq=clsbh tag=bad class=bounded"
refused "unbounded_max=x" "unbounded_max=x is not an integer" \
	"set_pool pool=$pool unbounded_max=x bounded_max=1"
refused "bounded_max over 65535" "bounded_max" \
	"set_pool pool=$pool unbounded_max=1 bounded_max=65536"
refused "caps on a BH pool" "BH pool" \
	"set_pool pool=$bh bounded_max=1"
cmwq_ctl "set_pool pool=$pool unbounded_max=0 bounded_max=0" ||
	ktap_print_msg "set_pool: $(cmwq_ctl_error)"
ktap_test_result "0 takes the caps off" \
	[ "$(cmwq_table pools "$pool" unbounded_max)/$(cmwq_table pools "$pool" bounded_max)" = 0/0 ]
cmwq_ctl "destroy_wq wq=clsbh"
cmwq_ctl "destroy_wq wq=cls"
cmwq_unload
ktap_finished
