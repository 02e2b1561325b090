#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# CPU hotplug under load: CPUs go offline and online 10 times (3 on the
# stock kernels, whose guests run on one TCG thread; make check's time
# budget, with the torture's hotplug run cycling CPUs too;
# CMWQ_HOTPLUG_CYCLES overrides) through
# /sys/devices/system/cpu/cpuN/online while works are queued to every
# online CPU's pool (kthread and BH) and to an unbound workqueue of every
# affinity scope, strict and not, some of them asleep or spinning across
# the change.
# Every item must run exactly once (the works file's counters), the pools
# of offline CPUs must be marked, and every pool must be back and bound
# to its CPU at the end.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
cpus=$(cmwq_cpu_list | tail -n +2)
if [ -z "$cpus" ] || [ ! -w "/sys/devices/system/cpu/cpu$(echo "$cpus" | head -n 1)/online" ]; then
	ktap_skip_all "no CPU that can go offline"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 7
cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"

ok=1
cmwq_ctl "create_wq wq=hp_pcpu" || ok=0
scopes="cpu smt cache numa system"
for s in $scopes; do
	cmwq_ctl "create_wq wq=hp_$s flags=unbound scope=$s strict=$(( ${#s} % 2 ))" || ok=0
done
cmwq_ctl "create_wq wq=hp_ord flags=ordered" || ok=0
cmwq_ctl "create_wq wq=hp_bh flags=bh" || ok=0
ktap_test_result "a per-CPU, an ordered, a BH and an unbound workqueue per scope" [ $ok = 1 ]

# queue_all TAG: a few items on every online CPU of every workqueue.
queue_all() {
	# POSIX sh has no local variables: qc and qs are queue_all's own.
	for qc in $(cmwq_online_cpu_list); do
		cmwq_ctl "queue wq=hp_pcpu tag=$1 cpu=$qc count=3 sleep_us=20000" || qfail=1
		for qs in $scopes; do
			cmwq_ctl "queue wq=hp_$qs tag=$1 cpu=$qc count=2 spin_us=2000" || qfail=1
		done
		cmwq_ctl "queue wq=hp_ord tag=ord cpu=$qc count=2 spin_us=500" || qfail=1
		# BH items spin in softirq: an offline CPU strands none.
		cmwq_ctl "queue wq=hp_bh tag=$1 cpu=$qc count=3 spin_us=200" || qfail=1
	done
}

set_online() {
	err=$( { echo "$2" >"/sys/devices/system/cpu/cpu$1/online"; } 2>&1) && return 0
	ktap_print_msg "cpu$1 online=$2: $err"
	return 1
}
# Whatever happens, leave every CPU online for the tests after us.
restore_cpus() {
	for c in $cpus; do
		[ "$(cat "/sys/devices/system/cpu/cpu$c/online")" = 1 ] ||
			echo 1 >"/sys/devices/system/cpu/cpu$c/online"
	done
}
trap restore_cpus EXIT

case ${CMWQ_KERNEL:-qemu} in
stock-*) cycles=${CMWQ_HOTPLUG_CYCLES:-3} ;;
*) cycles=${CMWQ_HOTPLUG_CYCLES:-10} ;;
esac
qfail=0 hpfail=0 disassoc=1
for cycle in $(seq "$cycles"); do
	for c in $cpus; do
		queue_all hp
		set_online "$c" 0 || { hpfail=1; continue; }
		queue_all hp
		# The pools of the offline CPU are marked disassociated.
		awk -v c="$c" 'NR > 1 && $2 == c && $8 !~ /X/ { bad = 1 } END { exit bad }' \
			"$CMWQ_DBG/pools" || disassoc=0
		set_online "$c" 1 || hpfail=1
	done
done
ktap_test_result "$cycles offline/online cycles of every CPU but the first" [ $hpfail = 0 ]
ktap_test_result "and works queued all along" [ $qfail = 0 ]
for wq in hp_pcpu hp_ord hp_bh $(for s in $scopes; do echo "hp_$s"; done); do
	cmwq_ctl "flush wq=$wq"
done
ktap_print_msg "$(grep -E '^(hp|ord) ' "$CMWQ_DBG/works")"
ktap_test_result "every item ran exactly once, none lost" \
	[ "$(cmwq_table works hp started)" = "$(cmwq_table works hp queued)" ] &&
	[ "$(cmwq_table works hp completed)" = "$(cmwq_table works hp queued)" ] &&
	[ "$(cmwq_table works hp cancelled)" = 0 ] &&
	[ "$(cmwq_table works ord completed)" = "$(cmwq_table works ord queued)" ]
ktap_test_result "the ordered workqueue stayed one at a time, in order" \
	[ "$(cmwq_table works ord max_running)" = 1 ] &&
	[ "$(cmwq_table works ord out_of_order)" = 0 ]

# Every per-CPU pool is associated again, its workers bound to its CPU.
bound() {
	for pair in $(cmwq_worker_pids | tr ' ' ','); do
		pid=${pair%%,*} comm=${pair#*,}
		case $comm in cmwq/u*) continue ;; esac
		cpu=${comm#cmwq/}
		cpu=${cpu%%:*}
		allowed=$(awk '/^Cpus_allowed_list/ { print $2 }' "/proc/$pid/status")
		[ "$allowed" = "$cpu" ] || { ktap_print_msg "$comm allowed on $allowed"; return 1; }
	done
}
ktap_test_result "per-CPU pools are bound to their CPU again" \
	[ $disassoc = 1 ] && loop_until 10 bound

# Concurrency management counted every worker in and out exactly once
# across the changes: with nothing left to run, no pool counts a worker
# as running (one counted twice out, or never out, shows here).
idle_counts() {
	bad=$(awk 'NR > 1 && $7 != 0 { printf "pool %s cpu %s: running %s; ", $1, $2, $7 }' \
		"$CMWQ_DBG/pools")
	[ -z "$bad" ]
}
loop_until 10 idle_counts || ktap_print_msg "$bad"
ktap_test_result "every idle pool counts no running worker" [ -z "$bad" ]
for wq in hp_pcpu hp_ord hp_bh $(for s in $scopes; do echo "hp_$s"; done); do
	cmwq_ctl "destroy_wq wq=$wq"
done
cmwq_unload
ktap_finished
