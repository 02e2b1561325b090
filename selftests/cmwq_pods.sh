#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# cmwq's affinity-scope pods against the kernel's own view of the topology
# in sysfs, and the default_affinity_scope parameter.
#
# Pods are computed over possible CPUs; the sysfs lists (thread siblings,
# cache shared_cpu_list, node cpulist) hold online CPUs only, since the
# kernel fills them as CPUs come up. So for every online CPU its pod, less
# the CPUs that are not online, must equal the kernel's list; in the guests
# every possible CPU is online and the two are the same.
#
# On a 16-CPU, 2-threads-per-core, 2-node machine (scripts/vm-run
# --topology smt16) the smt, cache, numa and system scopes must moreover
# give four different layouts.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
ktap_set_plan 15

if cmwq_load; then
	ktap_test_pass "insmod cmwq.ko"
else
	ktap_exit_fail_msg "insmod cmwq.ko failed"
fi

pods=$CMWQ_DBG/pods
sys=/sys/devices/system
possible=$(cmwq_cpulist_expand "$(cat $sys/cpu/possible)")
online=$(cmwq_cpulist_expand "$(cat $sys/cpu/online)")
scopes="cpu smt cache numa system"
ktap_print_msg "possible CPUs: $(cat $sys/cpu/possible), online: $(cat $sys/cpu/online)"
for s in $scopes; do
	[ $s = cpu ] || ktap_print_msg "$s pods: $(awk -v s=$s '$1 == s { print $4 "(" $3 ")" }' "$pods" | tr '\n' ' ')"
done

# One line per (scope, possible CPU): "scope cpu pod node online-list",
# online-list being the online CPUs of the CPU's pod ("-" if none).
map=$(mktemp)
trap 'rm -f "$map"' EXIT
awk -v online="$online" '
	BEGIN { n = split(online, o, " "); for (i = 1; i <= n; i++) on[o[i]] = 1 }
	NR == 1 { next }
	{
		list = ""; nc = 0
		m = split($4, r, ",")
		for (i = 1; i <= m; i++) {
			if (split(r[i], ab, "-") == 1)
				ab[2] = ab[1]
			for (c = ab[1] + 0; c <= ab[2] + 0; c++) {
				all[++nc] = c
				if (c in on)
					list = list (list == "" ? "" : " ") c
			}
		}
		for (i = 1; i <= nc; i++)
			print $1, all[i], $2, $3, (list == "" ? "-" : list)
	}' "$pods" >"$map"

# The header, then for each scope pods 0, 1, ... whose CPUs, together,
# are every possible CPU exactly once.
check_partition() {
	ok=1
	[ "$(head -n 1 "$pods")" = "scope pod node cpus" ] ||
		{ ktap_print_msg "header: $(head -n 1 "$pods")"; ok=0; }
	for s in $scopes; do
		cpus=$(awk -v s="$s" '$1 == s { print $2 }' "$map" | sort -n | tr '\n' ' ')
		[ "$cpus" = "$possible " ] ||
			{ ktap_print_msg "$s: pods hold CPUs '$cpus', want '$possible'"; ok=0; }
		numbers=$(awk -v s="$s" '$1 == s { print $2 }' "$pods" | tr '\n' ' ')
		want=$(awk -v s="$s" '$1 == s { print n++ }' "$pods" | tr '\n' ' ')
		[ -n "$numbers" ] && [ "$numbers" = "$want" ] ||
			{ ktap_print_msg "$s: pods numbered '$numbers'"; ok=0; }
	done
	[ "$(tail -n +2 "$pods" | cut -d' ' -f1 | uniq | tr '\n' ' ')" = "$scopes " ] ||
		{ ktap_print_msg "scopes not in the order $scopes"; ok=0; }
	[ $ok = 1 ]
}
ktap_test_result "pods file: header, and each scope's pods split the possible CPUs" check_partition

# A pod's node is its CPUs' node when they share one, else -1.
check_nodes() {
	ok=1
	tail -n +2 "$pods" | {
		while read -r s pod node cpus; do
			want=
			for c in $(cmwq_cpulist_expand "$cpus"); do
				n=$(cmwq_cpu_node "$c")
				[ -z "$want" ] && want=$n
				[ "$n" = "$want" ] || want=-1
			done
			[ "$node" = "$want" ] ||
				{ ktap_print_msg "$s pod $pod ($cpus): node $node, want $want"; ok=0; }
		done
		[ $ok = 1 ]
	}
}
ktap_test_result "each pod's node is its CPUs' common node, or -1" check_nodes

# check_scope SCOPE: every online CPU's pod in SCOPE (online part) equals
# what want_SCOPE CPU prints, the kernel's list of that CPU.
check_scope() {
	ok=1
	while read -r s cpu pod node list; do
		[ "$s" = "$1" ] || continue
		case " $online " in *" $cpu "*) ;; *) continue ;; esac
		want=$("want_$1" "$cpu")
		[ "$list" = "$want" ] ||
			{ ktap_print_msg "$1: cpu $cpu in pod $pod with '$list', the kernel says '$want'"; ok=0; }
	done <"$map"
	[ $ok = 1 ]
}

want_cpu() { echo "$1"; }
ktap_test_result "cpu: one pod per CPU" check_scope cpu

want_smt() {
	cmwq_cpulist_expand "$(cat $sys/cpu/cpu"$1"/topology/thread_siblings_list)"
}
ktap_test_result "smt: pods are the kernel's thread siblings" check_scope smt

# The last-level cache: the highest level among the CPU's caches.
llc_index() {
	best='' top=0
	for d in "$sys"/cpu/cpu"$1"/cache/index[0-9]*; do
		[ -r "$d/level" ] || continue
		level=$(cat "$d/level")
		[ "$level" -ge "$top" ] && { top=$level best=$d; }
	done
	echo "$best"
}
want_cache() {
	cmwq_cpulist_expand "$(cat "$(llc_index "$1")/shared_cpu_list")"
}
cpu0=${possible%% *}
if [ -n "$(llc_index "$cpu0")" ]; then
	ktap_print_msg "LLC: level $(cat "$(llc_index "$cpu0")/level"), cpu $cpu0 shares it with $(cat "$(llc_index "$cpu0")/shared_cpu_list")"
	ktap_test_result "cache: pods are the CPUs sharing the kernel's last-level cache" check_scope cache
else
	ktap_test_skip "cache: pods are the CPUs sharing the kernel's last-level cache" \
		"the kernel shows no cache information"
fi

# numa: the node's CPUs; and no pod for a node without CPUs, however much
# memory it has.
want_numa() {
	cmwq_cpulist_expand "$(cat $sys/node/node"$(cmwq_cpu_node "$1")"/cpulist)"
}
check_numa() {
	check_scope numa || return 1
	nodes=$(for c in $possible; do cmwq_cpu_node "$c"; done | sort -u | wc -l)
	npods=$(awk '$1 == "numa"' "$pods" | wc -l)
	ktap_print_msg "nodes with CPUs: $(cat $sys/node/has_cpu), with memory: $(cat $sys/node/has_memory)"
	[ "$npods" = "$nodes" ] ||
		{ ktap_print_msg "$npods numa pods for $nodes nodes with CPUs"; return 1; }
}
ktap_test_result "numa: pods are the kernel's nodes with CPUs" check_numa

check_system() {
	[ "$(awk '$1 == "system"' "$pods" | wc -l)" = 1 ] &&
		[ "$(awk '$1 == "system" { print $4 }' "$pods")" = "$(cat $sys/cpu/possible)" ]
}
ktap_test_result "system: one pod of all possible CPUs" check_system

# smt16 (16 CPUs, 2 threads a core, 2 nodes): 8 cores, 4 sockets (each
# its own LLC), 2 nodes, 1 system.
nr_pods() { awk -v s="$1" '$1 == s' "$pods" | wc -l; }
layouts="smt $(nr_pods smt), cache $(nr_pods cache), numa $(nr_pods numa), system $(nr_pods system)"
siblings=$(want_smt "$cpu0" | wc -w)
if [ "$(echo "$possible" | wc -w)" = 16 ] && [ "$siblings" = 2 ] &&
	[ "$(nr_pods numa)" = 2 ]; then
	ktap_test_result "16 CPUs, 2 threads a core, 2 nodes: four layouts ($layouts)" \
		[ "$layouts" = "smt 8, cache 4, numa 2, system 1" ]
else
	ktap_test_skip "16 CPUs, 2 threads a core, 2 nodes: four layouts" \
		"not that topology ($layouts)"
fi

param=default_affinity_scope
ktap_test_result "$param is cache after a plain load" [ "$(cmwq_param $param)" = cache ]

check_bad_names() {
	ok=1
	cmwq_param $param smt
	for bad in bogus default "" cache2 CPU; do
		if cmwq_param $param "$bad" 2>/dev/null; then
			ktap_print_msg "'$bad' was accepted"
			ok=0
		fi
		[ "$(cmwq_param $param)" = smt ] ||
			{ ktap_print_msg "after '$bad': $(cmwq_param $param)"; ok=0; }
	done
	[ $ok = 1 ]
}
ktap_test_result "$param: a bad name fails the write and changes nothing" check_bad_names

check_good_names() {
	ok=1
	for s in $scopes cache; do
		cmwq_param $param "$s" ||
			{ ktap_print_msg "'$s' was refused"; ok=0; }
		[ "$(cmwq_param $param)" = "$s" ] ||
			{ ktap_print_msg "after '$s': $(cmwq_param $param)"; ok=0; }
	done
	[ $ok = 1 ]
}
ktap_test_result "$param: each scope's name is taken" check_good_names

cmwq_unload
if cmwq_load $param=bogus 2>/dev/null; then
	ktap_test_fail "insmod with $param=bogus fails"
	cmwq_unload
else
	ktap_test_pass "insmod with $param=bogus fails"
fi
if cmwq_load $param=numa; then
	ktap_test_result "insmod with $param=numa sets it" [ "$(cmwq_param $param)" = numa ]
else
	ktap_test_fail "insmod with $param=numa sets it"
fi

if cmwq_unload && [ ! -e "$pods" ]; then
	ktap_test_pass "rmmod cmwq removes the pods file"
else
	ktap_test_fail "rmmod cmwq removes the pods file"
fi
ktap_finished
