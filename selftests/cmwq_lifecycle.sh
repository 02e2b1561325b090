#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A work's life from outside: delayed work waits for its delay, flush and
# drain wait, cancel takes back what has not started, and the accounting
# always adds up. Then the pool's: idle workers are reaped after
# idle_timeout_ms, and with worker creation failing (fault injection) a
# mem_reclaim workqueue still makes progress through its rescuer.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
ktap_set_plan 16

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"
cpu=$(cmwq_cpu_list | tail -n 1)
cmwq_ctl "create_wq wq=life" || ktap_exit_fail_msg "create_wq: $(cmwq_ctl_error)"

# Delayed: still pending after a fraction of the delay.
cmwq_ctl "queue wq=life tag=late count=4 delay_ms=10000"
sleep 1
pending=$(cmwq_table works late pending)
ktap_test_result "delayed works wait for their delay (pending $pending of 4)" [ "$pending" = 4 ]
cmwq_ctl "flush tag=late"
ktap_test_result "flush tag= cuts the delay short and waits for them" \
	[ "$(cmwq_table works late completed)" = 4 ]

# Cancel: delayed items never start; the accounting says so.
cmwq_ctl "queue wq=life tag=never count=20 delay_ms=10000"
cmwq_ctl "cancel tag=never"
sleep 1
ktap_test_result "cancel takes back all 20 delayed works" \
	[ "$(cmwq_table works never cancelled) $(cmwq_table works never started)" = "20 0" ]

# Cancel while some run: queued = completed + cancelled, none lost.
cmwq_ctl "create_wq wq=one max_active=1"
cmwq_ctl "queue wq=one tag=mixed count=30 cpu=$cpu sleep_us=200000"
sleep 0.2
cmwq_ctl "cancel tag=mixed"
c=$(cmwq_table works mixed completed)
x=$(cmwq_table works mixed cancelled)
ktap_print_msg "30 queued: $c completed, $x cancelled"
ktap_test_result "cancel mid-way: every work completed or was cancelled" \
	[ $((c + x)) = 30 -a "$x" -gt 0 -a "$(cmwq_table works mixed running)" = 0 ]

# Disable holds pending works back (neither run nor cancelled); enable
# queues them again.
cmwq_ctl "queue wq=life tag=dis count=5 delay_ms=10000"
cmwq_ctl "disable tag=dis"
sleep 2
held="$(cmwq_table works dis started) $(cmwq_table works dis pending)"
if cmwq_ctl "flush tag=dis"; then flushed=yes; else flushed=no; fi
cmwq_ctl "enable tag=dis"
cmwq_ctl "flush tag=dis"
ktap_print_msg "disabled: started, pending = $held; flush while disabled: $flushed"
ktap_test_result "disable holds works back, enable runs them" \
	[ "$held" = "0 5" -a $flushed = no -a "$(cmwq_table works dis completed)" = 5 ]

# Drain: waits for everything, and the workqueue is usable afterwards.
cmwq_ctl "queue wq=one tag=drain count=10 sleep_us=10000"
cmwq_ctl "drain wq=one"
ktap_test_result "drain waits for every work" [ "$(cmwq_table works drain completed)" = 10 ]
cmwq_ctl "queue wq=one tag=drain count=1"
cmwq_ctl "flush wq=one"
ktap_test_result "and the workqueue takes work again afterwards" \
	[ "$(cmwq_table works drain completed)" = 11 ]
cmwq_ctl "queue wq=one tag=dlate count=3 delay_ms=3000"
cmwq_ctl "drain wq=one"
ktap_test_result "drain cuts armed delays short and waits for those works too" \
	[ "$(cmwq_table works dlate completed) $(cmwq_table works dlate pending)" = "3 0" ]

# A drain cut short by a signal goes on in the background; meanwhile the
# workqueue refuses work, and the control file accounts for every refusal.
cmwq_ctl "create_wq wq=dr"
cmwq_ctl "queue wq=dr tag=drhold sleep_us=30000000"
cmwq_ctl "queue wq=dr tag=drdis count=3 delay_ms=10000"
cmwq_ctl "disable tag=drdis"
# Judged by the module's state, not by the clock: had the write not died,
# it would have returned only after drhold's 30 s, with drhold completed.
t0=$(date +%s)
killed=0
timeout -s KILL 2 sh -c "echo drain wq=dr >$CMWQ_DBG/control" || killed=$?
t1=$(date +%s)
ktap_test_result "a long drain dies on SIGKILL (status $killed after $((t1 - t0)) s, drhold still running)" \
	[ "$killed" = 137 -a "$(cmwq_table works drhold running)" = 1 ]
refused=no
cmwq_ctl "queue wq=dr tag=drnew" || refused=yes
ktap_print_msg "queue during the drain: refused $refused: $(cmwq_ctl_error)"
ktap_test_result "a queue refused by a draining workqueue leaves no tag behind" \
	[ $refused = yes -a -z "$(cmwq_table works drnew queued)" ]
cmwq_ctl "enable tag=drdis"
ktap_print_msg "enable during the drain: $(cmwq_ctl_error)"
dis="$(cmwq_table works drdis queued) $(cmwq_table works drdis started) $(cmwq_table works drdis cancelled) $(cmwq_table works drdis pending)"
ktap_test_result "items whose queueing is refused count as cancelled (queued started cancelled pending: $dis)" \
	[ "$dis" = "3 0 3 0" ]
ktap_test_result "and cancel does not wait for them" \
	timeout 10 sh -c "echo cancel tag=drdis >$CMWQ_DBG/control"
cmwq_ctl "wake tag=drhold"
cmwq_ctl "flush tag=drhold"
cmwq_ctl "destroy_wq wq=dr"

# Destroying a workqueue resolves its disabled items: cancelled, never
# enabled onto the freed workqueue.
cmwq_ctl "create_wq wq=gone"
cmwq_ctl "queue wq=gone tag=orphan count=5 delay_ms=2000"
cmwq_ctl "disable tag=orphan"
cmwq_ctl "destroy_wq wq=gone"
cmwq_ctl "enable tag=orphan"
cmwq_ctl "flush tag=orphan"
ktap_test_result "destroy_wq cancels its disabled items" \
	[ "$(cmwq_table works orphan cancelled) $(cmwq_table works orphan pending) $(cmwq_table works orphan running)" = "5 0 0" ]

# Idle reaping: a grown pool shrinks back to two idle workers.
cmwq_param idle_timeout_ms 200
hpool=$(awk -v c="$cpu" 'NR > 1 && $2 == c && $8 == "PH" { print $1 }' "$CMWQ_DBG/pools")
cmwq_ctl "create_wq wq=grow flags=highpri"
# Measured while the sleepers hold their workers, until "wake": however
# slow the guest, twelve works asleep at once need twelve workers.
cmwq_ctl "queue wq=grow tag=grow count=12 cpu=$cpu sleep_us=120000000" ||
	ktap_print_msg "queue wq=grow failed: $(cmwq_ctl_error)"
all_asleep() { [ "$(cmwq_table works grow running)" = 12 ]; }
loop_until 60 all_asleep
grown=$(cmwq_table pools "$hpool" workers)
ktap_print_msg "pool $hpool with the sleepers: $grown workers, grow items started $(cmwq_table works grow started), running $(cmwq_table works grow running); $(grep -E "^ *$hpool " "$CMWQ_DBG/pools")"
cmwq_ctl "wake tag=grow"
cmwq_ctl "flush tag=grow"
shrunk() { [ "$(cmwq_table pools "$hpool" workers)" = 2 ]; }
loop_until 20 shrunk
ktap_print_msg "pool $hpool: $grown workers after the burst, $(cmwq_table pools "$hpool" workers) later"
ktap_test_result "idle workers are reaped down to 2 after idle_timeout_ms" \
	[ "$grown" -ge 12 ] && shrunk
cmwq_param idle_timeout_ms 300000

# Rescuer: every worker of the pool busy, creation failing.
fail=$CMWQ_DBG/fail_create_worker
if [ ! -d "$fail" ]; then
	ktap_test_skip "the rescuer runs works when no worker can be created" "no fault injection"
	ktap_test_skip "and the mayday and rescued counters say so" "no fault injection"
else
	pool=$(awk -v c="$cpu" 'NR > 1 && $2 == c && $8 == "P" { print $1 }' "$CMWQ_DBG/pools")
	nworkers=$(cmwq_table pools "$pool" workers)
	echo 0 >"$fail/verbose"
	echo 100 >"$fail/probability"
	echo -1 >"$fail/times"
	cmwq_ctl "create_wq wq=block"
	cmwq_ctl "create_wq wq=reclaim flags=mem_reclaim"
	# The blockers sleep until woken (or 120 s, the longest sleep the
	# control file takes): on a slow host a 1 s sleep could
	# end before the rescue items come, and free workers would run them.
	cmwq_ctl "queue wq=block tag=block count=$nworkers cpu=$cpu sleep_us=120000000"
	blocked() { [ "$(cmwq_table works block running)" = "$nworkers" ]; }
	loop_until 10 blocked || ktap_print_msg "only $(cmwq_table works block running) of $nworkers blockers run"
	cmwq_ctl "queue wq=reclaim tag=rescue count=3 cpu=$cpu"
	rescued() { [ "$(cmwq_table works rescue completed)" = 3 ]; }
	loop_until 10 rescued
	done_while_failing=$(cmwq_table works rescue completed)
	echo 0 >"$fail/times"
	echo 0 >"$fail/probability"
	cmwq_ctl "wake tag=block"
	cmwq_ctl "flush tag=block"
	ktap_print_msg "pool $pool ($nworkers workers): rescue completed $done_while_failing of 3 while creation failed; mayday $(cmwq_table workqueues reclaim mayday), rescued $(cmwq_table workqueues reclaim rescued)"
	ktap_test_result "the rescuer runs works when no worker can be created" \
		[ "$done_while_failing" = 3 ]
	ktap_test_result "and the mayday and rescued counters say so" \
		[ "$(cmwq_table workqueues reclaim mayday)" -gt 0 -a "$(cmwq_table workqueues reclaim rescued)" -gt 0 ]
fi

cmwq_unload
ktap_finished
