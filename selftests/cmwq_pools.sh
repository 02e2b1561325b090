#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# cmwq's per-CPU pools as the system sees them: one normal and one highpri
# pool per possible CPU on that CPU's node, with bound, kworker-named
# kthreads at the right nice level, a control file that adds workers and
# rejects bad input, and nothing left behind after rmmod.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
ktap_set_plan 11

if cmwq_load; then
	ktap_test_pass "insmod cmwq.ko"
else
	ktap_exit_fail_msg "insmod cmwq.ko failed"
fi

# pools: 4 lines per possible CPU, each on the CPU's node: a normal and
# a highpri pool of kthreads, and the same two BH pools (flag B), which
# have no workers.
ok=1
npools=0
for cpu in $(cmwq_cpu_list); do
	node=$(cmwq_cpu_node "$cpu")
	for kind in P PH PB PHB; do
		line=$(awk -v c="$cpu" -v k="$kind" \
			'NR > 1 && $2 == c && $8 == k' "$CMWQ_DBG/pools")
		if [ "$(printf '%s\n' "$line" | grep -c .)" != 1 ]; then
			ktap_print_msg "cpu $cpu: not one pool of flags $kind: '$line'"
			ok=0
			continue
		fi
		npools=$((npools + 1))
		set -- $line
		[ "$3" = "$node" ] || { ktap_print_msg "pool $1: node $3, cpu $cpu is on node $node"; ok=0; }
		want=0
		case $kind in *H*) want=-20 ;; esac
		[ "$4" = "$want" ] || { ktap_print_msg "pool $1: nice $4, want $want"; ok=0; }
		case $kind in
		*B*) [ "$5 $6 $7" = "0 0 0" ] || { ktap_print_msg "BH pool $1: workers idle running $5 $6 $7"; ok=0; } ;;
		esac
	done
done
# The system's unbound workqueues have unbound pools ("U") besides.
total=$(awk 'NR > 1 && $8 ~ /^P/' "$CMWQ_DBG/pools" | wc -l)
[ "$total" = "$npools" ] || { ktap_print_msg "pools file has $total per-CPU pools, want $npools"; ok=0; }
ktap_test_result "a normal, a highpri and two BH pools per possible CPU on its node ($npools pools)" [ $ok = 1 ]

# Every worker of every pool is a kthread named after its pool.
check_workers() {
	ok=1
	workers=$(cmwq_worker_pids)
	tail -n +2 "$CMWQ_DBG/pools" | while read -r id cpu node nice nworkers idle running flags cpus; do
		# BH pools have no kthread: checked above.
		case $flags in *B*) continue ;; esac
		suffix=
		[ "$nice" = -20 ] && suffix=H
		name="$cpu:[0-9]+$suffix"
		[ "$cpu" = -1 ] && name="u$id:[0-9]+"
		n=$(echo "$workers" | grep -cE " cmwq/$name\$")
		[ "$n" = "$nworkers" ] || { ktap_print_msg "pool $id: $n kthreads, pools says $nworkers"; echo fail; }
		[ "$idle" -le "$nworkers" ] || { ktap_print_msg "pool $id: $idle idle of $nworkers"; echo fail; }
	done | grep -q fail && ok=0
	[ $ok = 1 ]
}
ktap_test_result "worker kthreads match the pools file" check_workers

# Bound to the pool's CPU, at the pool's nice level (the unbound pools'
# workers, cmwq/u*, are cmwq_unbound.sh's).
check_binding() {
	ok=1
	for pair in $(cmwq_worker_pids | tr ' ' ','); do
		pid=${pair%%,*} comm=${pair#*,}
		case $comm in cmwq/u*) continue ;; esac
		cpu=${comm#cmwq/}
		cpu=${cpu%%:*}
		allowed=$(awk '/^Cpus_allowed_list/ { print $2 }' "/proc/$pid/status")
		nice=$(cut -d' ' -f19 "/proc/$pid/stat")
		want=0
		case $comm in *H) want=-20 ;; esac
		[ "$allowed" = "$cpu" ] || { ktap_print_msg "$comm may run on $allowed"; ok=0; }
		[ "$nice" = "$want" ] || { ktap_print_msg "$comm has nice $nice"; ok=0; }
	done
	[ $ok = 1 ]
}
ktap_test_result "each worker is bound to its CPU at nice 0 or -20" check_binding

ktap_test_result "control is write-only for root, pools and last_error read-only" \
	[ "$(stat -c %a "$CMWQ_DBG/control" "$CMWQ_DBG/pools" "$CMWQ_DBG/last_error" | tr '\n' ' ')" = "200 444 444 " ]

# create_worker adds one bound, named kthread to exactly that pool.
pool=$(awk 'NR > 1 && $8 == "PH" { print $1; exit }' "$CMWQ_DBG/pools")
cpu=$(cmwq_table pools "$pool" cpu)
before=$(cmwq_table pools "$pool" workers)
all_before=$(cmwq_worker_pids | wc -l)
if cmwq_ctl "create_worker pool=$pool"; then
	after=$(cmwq_table pools "$pool" workers)
	ktap_test_result "create_worker pool=$pool adds a worker (cmwq/$cpu:*H)" \
		[ "$after" = $((before + 1)) -a "$(cmwq_worker_pids | wc -l)" = $((all_before + 1)) ]
else
	ktap_print_msg "create_worker failed: $(cmwq_ctl_error)"
	ktap_test_fail "create_worker pool=$pool adds a worker"
fi
workers_ok() { check_workers && check_binding; }
ktap_test_result "workers still match and are bound after create_worker" workers_ok
ktap_test_result "last_error is empty after a good command" [ -z "$(cmwq_ctl_error)" ]

# Bad input is refused with a reason and changes nothing.
snapshot=$(cat "$CMWQ_DBG/pools")
ok=1
for bad in "frobnicate" "create_worker" "create_worker pool=999999" \
	"create_worker pool=x" "create_worker pool=0 extra=1"; do
	if cmwq_ctl "$bad"; then
		ktap_print_msg "'$bad' was accepted"
		ok=0
	elif [ -z "$(cmwq_ctl_error)" ]; then
		ktap_print_msg "'$bad' was refused without a reason"
		ok=0
	else
		ktap_print_msg "'$bad': $(cmwq_ctl_error)"
	fi
done
# A line over the limit and binary garbage.
if head -c 300 /dev/zero | tr '\0' a >"$CMWQ_DBG/control" 2>/dev/null; then
	ktap_print_msg "a 300-byte line was accepted"; ok=0
fi
if printf 'create_worker\001 pool=0\n' >"$CMWQ_DBG/control" 2>/dev/null; then
	ktap_print_msg "a control byte was accepted"; ok=0
fi
[ "$(cat "$CMWQ_DBG/pools")" = "$snapshot" ] || { ktap_print_msg "pools changed"; ok=0; }
ktap_test_result "bad commands fail with a reason and change nothing" [ $ok = 1 ]

if cmwq_unload; then
	ktap_test_pass "rmmod cmwq"
else
	ktap_test_fail "rmmod cmwq"
fi
ktap_test_result "no worker kthread and no debugfs directory after rmmod" \
	[ -z "$(cmwq_worker_pids)" -a ! -e "$CMWQ_DBG" ]
ktap_finished
