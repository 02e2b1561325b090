#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The torture of issue 15 (torture/cmwq_torture.ko): kthreads create and
# destroy workqueues of every kind and race the whole work-item API on
# them for CMWQ_TORTURE_SECONDS (default 45; make check gives the stock
# kernels 30), a ledger checking every run. Passes on the final SUCCESS
# line with every enabled operation family done at least once; bad
# parameters are refused; a second, shorter run (CMWQ_TORTURE_HOTPLUG_SECONDS,
# default 20) takes CPUs offline and back meanwhile; nothing leaks
# (kmemleak, where there is one).
# CMWQ_TORTURE_SEED repeats a run's choices (default: from the clock).
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

torture_ko=$CMWQ_BUILD/torture/cmwq_torture.ko
seconds=${CMWQ_TORTURE_SECONDS:-30}
seed=${CMWQ_TORTURE_SEED:-0}
hotplug_seconds=${CMWQ_TORTURE_HOTPLUG_SECONDS:-15}
KMEMLEAK=/sys/kernel/debug/kmemleak

ktap_print_header
cmwq_require_root_and_module
if [ ! -f "$torture_ko" ]; then
	ktap_skip_all "$torture_ko not built (make)"
	exit "$KSFT_SKIP"
fi
cmwq_unload
ktap_set_plan 10

# The torture's kernel log lines since $mark: the load of cmwq, then
# the start of each run.
mark="cmwq selftest cmwq_torture.sh: loading"
torture_log() {
	dmesg | sed -n "/$mark/,\$p" | grep 'cmwq_torture: '
}

final_line() {
	torture_log | grep -E 'cmwq_torture: (SUCCESS|FAILURE) ' | tail -n 1
}

has_final() {
	[ -n "$(final_line)" ]
}

insmod_done() {
	! kill -0 "$pid" 2>/dev/null
}

# refused PARAM=VALUE: the load fails with EINVAL and says why.
refused() {
	before=$(torture_log | grep -c 'want')
	! insmod "$torture_ko" "$1" 2>/dev/null &&
		[ "$(torture_log | grep -c 'want')" -gt "$before" ]
}

# Forget what was leaked before (clear forgets only what a scan reported).
if [ -w "$KMEMLEAK" ]; then
	echo scan >"$KMEMLEAK"
	echo clear >"$KMEMLEAK"
fi
cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"
ok=1
for bad in duration=0 threads=1000 ops=queue,bogus ops=0 stat_interval=0; do
	if ! refused "$bad"; then
		ktap_print_msg "$bad was not refused with a reason"
		ok=0
	fi
done
ktap_test_result "bad parameters are refused with a reason" [ $ok = 1 ]

# torture_run NAME SECONDS PARAM...: one run, its lines as diagnostics;
# sets found (a final line came), status (insmod's) and final. The run
# happens inside insmod, which returns after the final line. Its output
# goes elsewhere: a stalled insmod must not hold run_tests.sh's pipe.
torture_run() {
	mark="cmwq selftest cmwq_torture.sh: $1"
	echo "$mark" >/dev/kmsg
	secs=$2
	shift 2
	insmod "$torture_ko" duration="$secs" stat_interval=10 "$@" \
		>/dev/null 2>&1 &
	pid=$!
	loop_until $((secs + 180)) has_final
	found=$?
	# insmod returns once every thread is through: a stalled one keeps it.
	if loop_until 60 insmod_done; then
		wait $pid
		status=$?
	else
		status=stalled
		ktap_print_msg "insmod still waits for stalled torture threads"
	fi
	torture_log | while IFS= read -r line; do
		ktap_print_msg "$line"
	done
	final=$(final_line)
}

torture_run "run" "$seconds" seed="$seed"
ktap_test_result "the torture ended with a final line" [ $found = 0 ]
succeeded() {
	case $final in
	*"cmwq_torture: SUCCESS "*) return 0 ;;
	esac
	return 1
}
ktap_test_result "the final line says SUCCESS" succeeded
ktap_test_result "insmod returned 0 after the run" [ "$status" = 0 ]

# count NAME: the number after "NAME " or "NAME=" in the final line.
count() {
	printf '%s\n' "$final" | sed -n "s/.*[ :]$1[ =]\([0-9]*\).*/\1/p"
}
ok=1
for c in queued ran cancelled requeued created destroyed; do
	n=$(count "$c")
	[ "${n:-0}" -gt 0 ] || { ktap_print_msg "$c: ${n:-none}"; ok=0; }
done
ktap_test_result "queueings ran, were cancelled and requeued; wqs came and went" [ $ok = 1 ]
ok=1
for fam in queue delayed rcu hashed cancel disable flush attrs requeue cm_policy wqs match; do
	n=$(count "$fam")
	[ "${n:-0}" -gt 0 ] || { ktap_print_msg "family $fam: ${n:-none}"; ok=0; }
done
ktap_test_result "every operation family was done" [ $ok = 1 ]

# CPU hotplug cycling during a shorter run, where a CPU can go offline.
rmmod cmwq_torture 2>/dev/null
if [ "$hotplug_seconds" = 0 ]; then
	ktap_test_skip "with CPU hotplug cycling: SUCCESS" "CMWQ_TORTURE_HOTPLUG_SECONDS=0"
	ktap_test_skip "CPUs went offline and came back" "CMWQ_TORTURE_HOTPLUG_SECONDS=0"
elif [ -w /sys/devices/system/cpu/cpu1/online ]; then
	torture_run "hotplug run" "$hotplug_seconds" seed="$seed" hotplug=1
	ktap_test_result "with CPU hotplug cycling: SUCCESS" \
		[ "$status" = 0 -a "$found" = 0 ]
	off=$(count offline)
	on=$(count online)
	ktap_test_result "CPUs went offline ($off) and came back ($on)" \
		[ "${off:-0}" -gt 0 -a "${on:-0}" -gt 0 ]
	rmmod cmwq_torture 2>/dev/null
else
	ktap_test_skip "with CPU hotplug cycling: SUCCESS" "no CPU to take offline"
	ktap_test_skip "CPUs went offline and came back" "no CPU to take offline"
fi
ktap_test_result "cmwq unloads after the torture" cmwq_unload

if [ -w "$KMEMLEAK" ]; then
	# The one scan at the end. kmemleak reports an object older than
	# 5 s that was unreferenced, and unchanged since the scan before:
	# a new object is only checksummed by its first scan, so the end
	# takes two passes, or a leak of this run could never be reported.
	sleep 6
	echo scan >"$KMEMLEAK"
	echo scan >"$KMEMLEAK"
	leaks=$(cat "$KMEMLEAK")
	[ -z "$leaks" ] || echo "$leaks" | head -n 40 | sed 's/^/# /'
	ktap_test_result "kmemleak reports nothing new" [ -z "$leaks" ]
else
	ktap_test_skip "kmemleak reports nothing new" "no kmemleak (CONFIG_DEBUG_KMEMLEAK)"
fi
ktap_finished
