#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Unbound and ordered workqueues through the control file: pools shared by
# equal attrs, workers named cmwq/u<pool>:<id> and allowed on the pool's
# CPUs, strict pods keeping works where they were queued, ordered
# workqueues one at a time and in order across an attrs change, bad attrs
# refused with nothing changed, and unbound pools gone with their last
# user. Where works ran comes from the works file's ran_on (set by the
# module as each item starts).
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
ktap_set_plan 11

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"
online=$(cat /sys/devices/system/cpu/online)

# unbound_pools: the pools file's unbound lines, "id flags cpus".
unbound_pools() {
	awk 'NR > 1 && $8 ~ /U/ { print $1, $8, $9 }' "$CMWQ_DBG/pools"
}
# The system's unbound workqueues keep theirs.
system_pools=$(unbound_pools)

# expand LIST: "0-2,5" as "0 1 2 5".
expand() {
	cmwq_expand_cpulist "$1" | paste -sd' '
}

# subset A B: is every CPU of list A in list B?
subset() {
	b=" $(expand "$2") "
	for c in $(expand "$1"); do
		case $b in *" $c "*) ;; *) return 1 ;; esac
	done
}

ok=1
cmwq_ctl "create_wq wq=ua flags=unbound scope=numa" || ok=0
cmwq_ctl "create_wq wq=ub flags=unbound scope=numa" || ok=0
before=$(unbound_pools | wc -l)
cmwq_ctl "create_wq wq=uc flags=unbound scope=numa nice=5" || ok=0
after=$(unbound_pools | wc -l)
ktap_print_msg "unbound pools: $before for ua and ub, $after with uc"
ktap_test_result "equal attrs share pools, another nice level does not" \
	[ $ok = 1 ] && [ "$before" -ge 1 ] && [ "$after" -gt "$before" ]
ktap_test_result "the workqueues file shows the attrs" \
	[ "$(cmwq_table workqueues uc nice) $(cmwq_table workqueues uc scope) $(cmwq_table workqueues uc strict)" = "5 numa 0" ]

# Each unbound pool's workers: named after it, allowed on its CPUs.
check_unbound_workers() {
	unbound_pools | while read -r id flags cpus; do
		n=0
		for pair in $(cmwq_worker_pids | tr ' ' ','); do
			pid=${pair%%,*} comm=${pair#*,}
			case $comm in "cmwq/u$id:"*) ;; *) continue ;; esac
			n=$((n + 1))
			allowed=$(awk '/^Cpus_allowed_list/ { print $2 }' "/proc/$pid/status")
			[ "$(expand "$allowed")" = "$(expand "$cpus")" ] ||
				{ ktap_print_msg "$comm: allowed on $allowed, pool $id on $cpus"; echo fail; }
		done
		[ "$n" -ge 1 ] || { ktap_print_msg "pool $id has no cmwq/u$id:* worker"; echo fail; }
	done | grep -q fail && return 1
	return 0
}
ktap_test_result "unbound workers are cmwq/u<pool>:<id>, allowed on the pool's CPUs" \
	check_unbound_workers

# The CPUs a strict pod of each scope may run CPU $1's works on.
pod_cpu() { echo "$1"; }
pod_numa() {
	cat "/sys/devices/system/node/node$(cmwq_cpu_node "$1")/cpulist" 2>/dev/null ||
		echo "$online"
}

# strict_scope SCOPE: works queued from each CPU run only inside its pod.
strict_scope() {
	sok=1
	cmwq_ctl "create_wq wq=s$1 flags=unbound scope=$1 strict=1" || sok=0
	for cpu in $(expand "$online"); do
		cmwq_ctl "queue wq=s$1 tag=s$1$cpu cpu=$cpu count=8 spin_us=200" || sok=0
	done
	cmwq_ctl "flush wq=s$1" || sok=0
	for cpu in $(expand "$online"); do
		pod=$(pod_"$1" "$cpu")
		ran=$(cmwq_table works "s$1$cpu" ran_on)
		[ -n "$ran" ] && [ "$ran" != - ] && subset "$ran" "$pod" ||
			{ ktap_print_msg "queued on $cpu (pod $pod), ran on $ran"; sok=0; }
	done
	[ $sok = 1 ]
}
ktap_test_result "strict cpu scope: works run on the CPU they were queued on" \
	strict_scope cpu
ktap_test_result "strict numa scope: works run on the node they were queued from" \
	strict_scope numa

# An ordered workqueue, from every CPU, with its attrs changed halfway.
ok=1
cmwq_ctl "create_wq wq=ord flags=ordered" || ok=0
for round in 1 2; do
	for cpu in $(expand "$online"); do
		cmwq_ctl "queue wq=ord tag=ord cpu=$cpu count=10 spin_us=300" || ok=0
	done
	[ $round = 1 ] && { cmwq_ctl "set_attrs wq=ord nice=4 scope=cpu" || ok=0; }
done
cmwq_ctl "flush wq=ord" || ok=0
ktap_print_msg "ord: $(grep '^ord ' "$CMWQ_DBG/works")"
ktap_test_result "ordered: one at a time, in queueing order, across set_attrs" \
	[ $ok = 1 ] && [ "$(cmwq_table works ord max_running)" = 1 ] &&
	[ "$(cmwq_table works ord out_of_order)" = 0 ] &&
	[ "$(cmwq_table works ord completed)" = "$(cmwq_table works ord queued)" ]

# Attrs changed while works run: each runs exactly once.
ok=1
cmwq_ctl "create_wq wq=switch flags=unbound max_active=4" || ok=0
for scope in cpu smt cache numa system cpu; do
	for cpu in $(expand "$online"); do
		cmwq_ctl "queue wq=switch tag=sw cpu=$cpu count=20 spin_us=100" || ok=0
	done
	cmwq_ctl "set_attrs wq=switch scope=$scope strict=1" || ok=0
done
cmwq_ctl "flush wq=switch" || ok=0
ktap_print_msg "sw: $(grep '^sw ' "$CMWQ_DBG/works")"
ktap_test_result "set_attrs under load: every work ran exactly once" \
	[ $ok = 1 ] && [ "$(cmwq_table works sw completed)" = "$(cmwq_table works sw queued)" ] &&
	[ "$(cmwq_table works sw started)" = "$(cmwq_table works sw queued)" ]

# Bad input: a clear error, nothing changed.
bad() {
	! cmwq_ctl "$1" || { ktap_print_msg "accepted: $1"; return 1; }
	case $(cmwq_ctl_error) in
	*"$2"*) return 0 ;;
	*) ktap_print_msg "$1: '$(cmwq_ctl_error)', want '$2'"; return 1 ;;
	esac
}
want="$(grep '^uc ' "$CMWQ_DBG/workqueues")"
ok=1
bad "set_attrs wq=uc nice=20" "out of range" || ok=0
bad "set_attrs wq=uc scope=rack" "scope=rack" || ok=0
bad "set_attrs wq=uc cpus=9999" "not a CPU list" || ok=0
bad "set_attrs wq=uc strict=2" "out of range" || ok=0
bad "set_attrs wq=uc" "give nice=" || ok=0
bad "set_attrs wq=cmwq_system nice=1" "per-CPU" || ok=0
bad "create_wq wq=x nice=1" "need flags=unbound" || ok=0
bad "create_wq wq=x flags=ordered max_active=2" "one work at a time" || ok=0
bad "create_wq wq=x flags=unbound,cpu_intensive" "cpu_intensive" || ok=0
bad "set_max_active wq=ord max_active=3" "ordered" || ok=0
bad "set_min_active wq=ord min_active=1" "not ordered" || ok=0
bad "set_min_active wq=cmwq_system min_active=1" "unbound" || ok=0
bad "set_min_active wq=uc min_active=257" "at most max_active 256" || ok=0
bad "set_min_active wq=uc min_active=0" "out of range" || ok=0
ktap_test_result "bad attrs are refused with a reason" [ $ok = 1 ]
ktap_test_result "a refused set_attrs changes nothing" \
	[ "$(grep '^uc ' "$CMWQ_DBG/workqueues")" = "$want" ]

# The pools die with their last user.
for wq in ua ub uc scpu snuma ord switch; do
	cmwq_ctl "destroy_wq wq=$wq" || ktap_print_msg "destroy_wq $wq: $(cmwq_ctl_error)"
done
ktap_test_result "no unbound pool is left once its workqueues are gone" \
	[ "$(unbound_pools)" = "$system_pools" ]
ktap_test_result "cmwq unloads" cmwq_unload
ktap_finished
