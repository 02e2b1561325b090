#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# BH workqueues through the control file: "create_wq flags=bh" makes one
# (no max_active, no flag but highpri), its synth items spin in softirq on
# the CPU they were queued to and all complete, an item that would sleep
# (or take the lock other items take in process context) is refused with
# the reason and nothing queued, and a BH pool gets no worker.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
ktap_set_plan 7

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"

ok=1
cmwq_ctl "create_wq wq=bhq flags=bh" || ok=0
cmwq_ctl "create_wq wq=bhh flags=bh,highpri" || ok=0
ktap_test_result "create_wq flags=bh and flags=bh,highpri" \
	[ $ok = 1 ] && [ "$(cmwq_table workqueues bhq flags)" = bh ] &&
	[ "$(cmwq_table workqueues bhh flags)" = highpri,bh ]

# Refused combinations leave no workqueue behind.
before=$(wc -l <"$CMWQ_DBG/workqueues")
bad=0
for args in "flags=bh,unbound" "flags=bh,mem_reclaim" "flags=bh,cpu_intensive" \
	"flags=bh,ordered" "flags=bh max_active=4"; do
	if cmwq_ctl "create_wq wq=bhbad $args"; then
		ktap_print_msg "create_wq $args was accepted"
		bad=1
		cmwq_ctl "destroy_wq wq=bhbad"
	else
		ktap_print_msg "create_wq $args: $(cmwq_ctl_error)"
	fi
done
ktap_test_result "bh takes no flag but highpri, nor a max_active" \
	[ $bad = 0 ] && [ "$(wc -l <"$CMWQ_DBG/workqueues")" = "$before" ]

# Spinning items, 50 to every online CPU on each workqueue: all complete,
# each on the CPU it was queued to.
ok=1
for c in $(cmwq_online_cpu_list); do
	cmwq_ctl "queue wq=bhq tag=bs$c count=50 cpu=$c spin_us=200" || ok=0
	cmwq_ctl "queue wq=bhh tag=bh$c count=50 cpu=$c spin_us=200" || ok=0
done
cmwq_ctl "flush wq=bhq" || ok=0
cmwq_ctl "flush wq=bhh" || ok=0
for c in $(cmwq_online_cpu_list); do
	for t in bs$c bh$c; do
		line="$(cmwq_table works $t queued) $(cmwq_table works $t completed) $(cmwq_table works $t out_of_order) $(cmwq_table works $t ran_on)"
		[ "$line" = "50 50 0 $c" ] || { ktap_print_msg "tag $t: queued completed out_of_order ran_on: $line"; ok=0; }
	done
done
ktap_test_result "spinning bh items all complete, in order, on their CPU" [ $ok = 1 ]

# An item that would sleep in softirq is refused, and nothing changes.
works=$(cat "$CMWQ_DBG/works")
wqs=$(cat "$CMWQ_DBG/workqueues")
ok=1
for args in "sleep_us=1000" "hold_lock=1 spin_us=10" "spin_us=200000"; do
	if cmwq_ctl "queue wq=bhq tag=bsleep count=3 $args"; then
		ktap_print_msg "queue $args on a bh workqueue was accepted"
		ok=0
	else
		ktap_print_msg "queue $args: $(cmwq_ctl_error)"
	fi
done
case $(cmwq_ctl_error) in *"bh workqueue"*) ;; *) ok=0 ;; esac
cmwq_ctl "queue wq=bhq tag=bsleep sleep_us=1000"
case $(cmwq_ctl_error) in *"must not sleep"*) ;; *) ok=0 ;; esac
ktap_test_result "sleep_us (and hold_lock, long spins) on a bh workqueue refused, nothing changed" \
	[ $ok = 1 ] && [ "$(cat "$CMWQ_DBG/works")" = "$works" ] &&
	[ "$(cat "$CMWQ_DBG/workqueues")" = "$wqs" ]

# A BH pool has no workers, and gets none.
bhpool=$(awk 'NR > 1 && $8 == "PB" { print $1; exit }' "$CMWQ_DBG/pools")
ok=1
if cmwq_ctl "create_worker pool=$bhpool"; then
	ktap_print_msg "create_worker pool=$bhpool (a BH pool) was accepted"
	ok=0
else
	ktap_print_msg "create_worker pool=$bhpool: $(cmwq_ctl_error)"
fi
ktap_test_result "create_worker on a BH pool refused, it stays without workers" \
	[ $ok = 1 ] && [ "$(cmwq_table pools "$bhpool" workers)" = 0 ]

# Delayed items: the timer queues them to the BH pool of their CPU.
c=$(cmwq_online_cpu_list | tail -n 1)
ok=1
cmwq_ctl "queue wq=bhq tag=bdelay count=20 cpu=$c spin_us=100 delay_ms=20" || ok=0
loop_until 10 [ "$(cmwq_table works bdelay completed)" = 20 ] || ok=0
ktap_test_result "delayed bh items run on their CPU" \
	[ $ok = 1 ] && [ "$(cmwq_table works bdelay ran_on)" = "$c" ]

ok=1
cmwq_ctl "destroy_wq wq=bhq" || ok=0
cmwq_ctl "destroy_wq wq=bhh" || ok=0
ktap_test_result "bh workqueues destroyed" \
	[ $ok = 1 ] && ! grep -qE '^bh[qh] ' "$CMWQ_DBG/workqueues"

cmwq_unload
ktap_finished
