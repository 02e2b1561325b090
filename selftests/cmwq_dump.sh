#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The state dump (debugfs "state", control command "dump"): with a known
# state in place on one CPU's normal pool (a spinning item running, three
# items pending behind it, and on a max_active=1 workqueue one item
# pending and one inactive), the dump names the running worker as
# pid:function, the pending and inactive items, and the pool's idle
# workers; "dump" writes the same lines to the kernel log; once all is
# done the dump shows nothing busy.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

SPIN_US=5000000	# the state holds this long; the checks take well under

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
ktap_set_plan 10

# No lockup report here: that is cmwq_watchdog.sh's, under its own run.
cmwq_load watchdog_thresh=0 || ktap_exit_fail_msg "insmod cmwq.ko failed"
# The spinner must stay in concurrency management, so that what is queued
# behind it waits: no hog detection.
cmwq_param cpu_intensive_thresh_us 0
cpu=$(cmwq_cpu_list | tail -n 1)
node=$(cmwq_cpu_node "$cpu")
# Keep this shell off the spinning CPU: under voluntary preemption the
# spinner would not let it run there for seconds.
taskset -p 1 $$ >/dev/null 2>&1 || ktap_print_msg "taskset failed; the shell may share cpu $cpu"
pool=$(awk -v cpu="$cpu" '$2 == cpu && $8 == "P" { print $1 }' "$CMWQ_DBG/pools")
attrs="cpus=$cpu node=$node flags=P nice=0"

cmwq_ctl "create_wq wq=dmp" && cmwq_ctl "create_wq wq=dlim max_active=1" ||
	ktap_exit_fail_msg "create_wq: $(cmwq_ctl_error)"
# One write, so that the state is in place as soon as the spinner runs:
# the pool's worklist is FIFO, the spinner goes first.
printf '%s\n%s\n%s\n' "queue wq=dmp tag=hog cpu=$cpu spin_us=$SPIN_US" \
	"queue wq=dmp tag=behind cpu=$cpu count=3" \
	"queue wq=dlim tag=lim cpu=$cpu count=2" >"$CMWQ_DBG/control" ||
	ktap_exit_fail_msg "queue: $(cmwq_ctl_error)"
# slurp FILE: FILE's text in $slurped, read by the shell itself: no fork,
# so the state is taken at once, well within the spin.
slurp() {
	slurped=
	while IFS= read -r l; do
		slurped="$slurped$l
"
	done <"$1"
}

# Read the state as soon as the spinner runs, then log it with "dump".
n=0
while :; do
	slurp "$CMWQ_DBG/state"
	case $slurped in *in-flight:*) break ;; esac
	n=$((n + 1))
	[ $n -lt 100 ] || ktap_exit_fail_msg "the spinning item did not start"
	sleep 0.1
done
state=$slurped
echo "dump from the test" >/dev/kmsg
cmwq_ctl "dump"
dump_status=$?
slurp "$CMWQ_DBG/works"
case $slurped in *"hog 1 1 0 0 0 1 1"*) ;; *)
	ktap_print_msg "the spinner ended before the dump: the host is very slow" ;;
esac
log=$(dmesg | sed -n '/dump from the test/,$p')
printf '%s' "$state" | sed 's/^/# /'

# The pids, from the state; the workers file (read later) says whose they are.
hog_pid=$(printf '%s\n' "$state" | sed -n 's/^    in-flight: \([0-9]*\):.*/\1/p' | head -n 1)
idle_pids=$(printf '%s\n' "$state" | sed -n "s/^pool $pool: .* idle: //p")
workers=$(cat "$CMWQ_DBG/workers")
pool_workers=$(printf '%s\n' "$workers" | awk -v pool="$pool" '$2 == pool { print $1 }' | sort -n)
ktap_print_msg "pool $pool (cpu $cpu): workers $(echo $pool_workers); in the state: spinner $hog_pid, idle $idle_pids"

# section WQ: the lines of workqueue WQ, up to the next workqueue or pool.
section() {
	printf '%s\n' "$state" | awk -v wq="workqueue $1:" '
		index($0, wq) == 1 { on = 1; print; next }
		/^(workqueue|pool) / { on = 0 }
		on'
}
dmp=$(section dmp)
dlim=$(section dlim)

# has TEXT LINE: TEXT has exactly LINE (grep -x, fixed string).
has() {
	printf '%s\n' "$1" | grep -qxF -- "$2"
}

# pool_line_ok: "pool N: <attrs> hung=Ns workers=W idle: <pids>", where
# the pids are the pool's workers but the spinner's, W - 1 of them.
pool_line_ok() {
	line=$(printf '%s\n' "$state" | grep "^pool $pool: ")
	w=$(printf '%s\n' "$line" | sed -n 's/.* workers=\([0-9]*\) .*/\1/p')
	others=$(printf '%s\n' "$pool_workers" | grep -vx "$hog_pid" | paste -sd' ')
	printf '%s\n' "$line" |
		grep -Eqx "pool $pool: $attrs hung=[0-9]+s workers=[0-9]+ idle: [0-9 ]+" &&
		[ "$(echo $idle_pids | tr ' ' '\n' | sort -n | paste -sd' ')" = "$others" ] &&
		[ "$(echo $idle_pids | wc -w)" = $((w - 1)) ]
}

# inflight_ok: the spinner's line, with a pid of the pool's workers.
inflight_ok() {
	has "$dmp" "    in-flight: ${hog_pid:-none}:synth_fn [cmwq]" &&
		has "$pool_workers" "$hog_pid"
}

# log_ok: the dump command's lines, with the module's prefix.
log_ok() {
	[ "$dump_status" = 0 ] &&
		printf '%s\n' "$log" | grep -q "cmwq: busy workqueues and worker pools:" &&
		printf '%s\n' "$log" | grep -qF "cmwq:     in-flight: $hog_pid:synth_fn [cmwq]" &&
		printf '%s\n' "$log" | grep -qF "cmwq:     inactive: synth_fn [cmwq]" &&
		printf '%s\n' "$log" | grep -qF "cmwq: pool $pool: $attrs hung="
}

ktap_test_result "state: the busy workqueue with its flags and max_active" \
	has "$(printf '%s\n' "$dmp" | head -n 1)" "workqueue dmp: flags=- max_active=256"
ktap_test_result "its pwq with the pool, active and refcnt" \
	has "$dmp" "  pwq $pool: $attrs active=4/256 refcnt=5"
ktap_test_result "the running item as pid:function, pid a worker of the pool" \
	inflight_ok
ktap_test_result "the items pending behind it, as one run of three" \
	has "$dmp" "    pending: 3*synth_fn [cmwq]"
ktap_test_result "max_active=1: one item pending, one inactive" \
	[ "$(printf '%s\n' "$dlim" | tr '\n' '|')" = "workqueue dlim: flags=- max_active=1|  pwq $pool: $attrs active=1/1 refcnt=3|    pending: synth_fn [cmwq]|    inactive: synth_fn [cmwq]|" ]
ktap_test_result "the pool with its hung time, workers and idle workers" \
	pool_line_ok
ktap_test_result "no other workqueue or pool is busy" \
	[ "$(printf '%s\n' "$state" | grep -c '^\(workqueue\|pool\) ')" = 3 ]
ktap_test_result "dump: the same lines in the kernel log" log_ok
ktap_test_result "dump takes no arguments" \
	sh -c "! printf 'dump wq=dmp\n' >$CMWQ_DBG/control 2>/dev/null && grep -q 'unknown argument wq=' $CMWQ_DBG/last_error"

cmwq_ctl "flush tag=hog" && cmwq_ctl "flush tag=behind" && cmwq_ctl "flush tag=lim"
nothing_busy() { [ "$(cat "$CMWQ_DBG/state")" = "busy workqueues and worker pools:" ]; }
ktap_test_result "once all is done, nothing is busy" loop_until 10 nothing_busy

cmwq_ctl "destroy_wq wq=dmp"
cmwq_ctl "destroy_wq wq=dlim"
cmwq_unload
ktap_finished
