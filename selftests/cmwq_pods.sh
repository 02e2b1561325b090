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
#
# A process costs up to a second in a busy TCG guest: the sysfs view is
# read with shell builtins and compared with the pods file by one awk.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
ktap_set_plan 16

if cmwq_load; then
	ktap_test_pass "insmod cmwq.ko"
else
	ktap_exit_fail_msg "insmod cmwq.ko failed"
fi

pods=$CMWQ_DBG/pods
sys=/sys/devices/system

# The kernel's view: the sysfs files below, read by the awk itself (the
# CPU lists are binary attributes that the shell's read cannot take), and
# each CPU's node from its nodeN link. Globs that match nothing are left
# out.
nodes=
for n in "$sys"/cpu/cpu[0-9]*/node[0-9]*; do
	[ -e "$n" ] || continue
	c=${n%/node*}
	nodes="$nodes ${c##*/cpu}:${n##*/node}"
done
set -- "$sys"/cpu/possible "$sys"/cpu/online
for f in "$sys"/node/has_memory "$sys"/cpu/cpu[0-9]*/topology/thread_siblings_list \
	"$sys"/cpu/cpu[0-9]*/cache/index[0-9]*/level \
	"$sys"/cpu/cpu[0-9]*/cache/index[0-9]*/shared_cpu_list \
	"$sys"/node/node[0-9]*/cpulist; do
	[ -e "$f" ] && set -- "$@" "$f"
done
results=$(mktemp)
trap 'rm -f "$results"' EXIT

# Print, for each check, "ok NAME" or "fail NAME", after "msg TEXT" lines
# that say what differed; "skip NAME REASON" where it cannot apply.
awk '
function expand(list,    n, i, r, c, out) {
	if (list == "-" || list == "")
		return ""
	n = split(list, r, ",")
	out = ""
	for (i = 1; i <= n; i++) {
		if (split(r[i], ab, "-") == 1)
			ab[2] = ab[1]
		for (c = ab[1] + 0; c <= ab[2] + 0; c++)
			out = out (out == "" ? "" : " ") c
	}
	return out
}
# only_online(LIST): the expanded LIST less the CPUs that are not online.
function only_online(list,    n, i, c, out) {
	n = split(expand(list), c, " ")
	out = ""
	for (i = 1; i <= n; i++)
		if (c[i] in online)
			out = out (out == "" ? "" : " ") c[i]
	return out
}
function verdict(name, ok) {
	print (ok ? "ok " : "fail ") name
}
# A sysfs file: the number in path component I (cpu3 -> 3).
function num(i,    parts) {
	split(FILENAME, parts, "/")
	sub(/^[a-z]+/, "", parts[i])
	return parts[i]
}
FILENAME != podsfile {
	n = split(FILENAME, parts, "/")
	file = parts[n]
	if (FILENAME ~ /cpu\/possible$/) { possible = expand($1); nposs = split(possible, p, " ") }
	else if (FILENAME ~ /cpu\/online$/) { n = split(expand($1), o, " "); for (i = 1; i <= n; i++) online[o[i]] = 1 }
	else if (file == "thread_siblings_list") want["smt", num(6)] = $1
	else if (file == "level") level[num(6), num(8)] = $1
	else if (file == "shared_cpu_list") shared[num(6), num(8)] = $1
	else if (file == "cpulist") nodecpus[num(6)] = $1 == "" ? "-" : $1
	else if (file == "has_memory") has_memory = $1
	next
}
FNR == 1 {
	header = $0
	# Per CPU: its node, and its last-level cache (the highest level).
	n = split(nodes, nl, " ")
	for (i = 1; i <= n; i++) {
		split(nl[i], cn, ":")
		want["node", cn[1]] = cn[2]
	}
	for (k in level) {
		split(k, ci, SUBSEP)
		if (!(ci[1] in top) || level[k] + 0 >= top[ci[1]]) {
			top[ci[1]] = level[k] + 0
			want["cache", ci[1]] = shared[k]
		}
	}
	next
}
{
	nline++
	scope[nline] = $1; pod[nline] = $2; pnode[nline] = $3; pcpus[nline] = $4
	npods[$1]++
	if (!($1 in seen)) { seen[$1] = 1; order = order (order == "" ? "" : " ") $1 }
	if ($2 != npods[$1] - 1)
		numbering_bad = numbering_bad " " $1 ":" $2
	n = split(expand($4), c, " ")
	for (i = 1; i <= n; i++) {
		count[$1, c[i]]++
		podof[$1, c[i]] = nline
	}
}
END {
	scopes = "cpu smt cache numa system"
	ns = split(scopes, sc, " ")
	for (l = 1; l <= nline; l++)
		if (scope[l] != "cpu")
			layout[scope[l]] = layout[scope[l]] " " pcpus[l] "(" pnode[l] ")"
	for (s = 2; s <= ns; s++)
		print "msg " sc[s] " pods, cpus(node):" layout[sc[s]]

	ok = header == "scope pod node cpus" && order == scopes && numbering_bad == ""
	if (!ok)
		print "msg header \"" header "\", scopes \"" order "\", misnumbered:" numbering_bad
	for (s = 1; s <= ns; s++)
		for (i = 1; i <= nposs; i++)
			if (count[sc[s], p[i]] != 1) {
				print "msg " sc[s] ": cpu " p[i] " is in " count[sc[s], p[i]] + 0 " pods"
				ok = 0
			}
	verdict("pods file: header, and each scope'"'"'s pods split the possible CPUs", ok)

	ok = 1
	for (l = 1; l <= nline; l++) {
		n = split(expand(pcpus[l]), c, " ")
		node = ""
		for (i = 1; i <= n; i++) {
			if (!(("node", c[i]) in want))
				continue
			if (node == "")
				node = want["node", c[i]]
			else if (node != want["node", c[i]])
				node = -1
		}
		if (node != "" && node != pnode[l]) {
			print "msg " scope[l] " pod " pod[l] " (" pcpus[l] "): node " pnode[l] ", want " node
			ok = 0
		}
	}
	verdict("each pod'"'"'s node is its CPUs'"'"' common node, or -1", ok)

	# Every online CPU: its pod, less CPUs not online, against the kernel.
	desc["cpu"] = "cpu: one pod per CPU"
	desc["smt"] = "smt: pods are the kernel'"'"'s thread siblings"
	desc["cache"] = "cache: pods are the CPUs sharing the kernel'"'"'s last-level cache"
	desc["numa"] = "numa: pods are the kernel'"'"'s nodes with CPUs"
	for (s = 1; s <= 4; s++) {
		ok = 1
		checked = 0
		for (cpu in online) {
			if (sc[s] == "cpu")
				kernel = cpu
			else if (sc[s] == "numa")
				kernel = (("node", cpu) in want) ? nodecpus[want["node", cpu]] : "?"
			else if ((sc[s], cpu) in want)
				kernel = want[sc[s], cpu]
			else
				continue
			checked++
			got = only_online(pcpus[podof[sc[s], cpu]])
			if (got != expand(kernel)) {
				print "msg " sc[s] ": cpu " cpu " has \"" got "\", the kernel says \"" expand(kernel) "\""
				ok = 0
			}
		}
		if (!checked)
			print "skip " desc[sc[s]] " # the kernel shows no such list"
		else
			verdict(desc[sc[s]], ok)
	}

	ok = npods["system"] == 1 && expand(pcpus[podof["system", p[1]]]) == possible
	verdict("system: one pod of all possible CPUs", ok)

	# No numa pod for a node without CPUs, however much memory it has.
	for (x in nodecpus)
		if (nodecpus[x] != "-")
			withcpus++
		else
			cpuless = cpuless " " x
	print "msg nodes with memory: " has_memory ", without CPUs:" (cpuless == "" ? " none" : cpuless) ", numa pods: " npods["numa"] + 0
	ok = withcpus == npods["numa"]
	verdict("numa: one pod per node with CPUs, none for a CPU-less node", ok)

	# smt16: 8 cores, 4 sockets (an LLC each), 2 nodes, 1 system.
	layouts = "smt " npods["smt"] + 0 ", cache " npods["cache"] + 0 ", numa " npods["numa"] + 0 ", system " npods["system"] + 0
	name = "16 CPUs, 2 threads a core, 2 nodes: four layouts"
	if (nposs == 16 && split(expand(want["smt", p[1]]), t, " ") == 2 && npods["numa"] == 2)
		verdict(name " (" layouts ")", layouts == "smt 8, cache 4, numa 2, system 1")
	else
		print "skip " name " # not that topology (" layouts ")"
}' nodes="$nodes" podsfile="$pods" "$@" "$pods" >"$results"

while read -r verdict rest; do
	case $verdict in
	ok) ktap_test_pass "$rest" ;;
	fail) ktap_test_fail "$rest" ;;
	skip) ktap_test_skip "${rest%% # *}" "${rest#* # }" ;;
	msg) ktap_print_msg "$rest" ;;
	esac
done <"$results"

# The parameter, read and written with builtins.
param=/sys/module/cmwq/parameters/default_affinity_scope
scope_is() {
	read -r v <"$param" && [ "$v" = "$1" ]
}
ktap_test_result "default_affinity_scope is cache after a plain load" scope_is cache

check_bad_names() {
	ok=1
	echo smt >"$param"
	for bad in bogus default "" cache2 CPU; do
		if echo "$bad" 2>/dev/null >"$param"; then
			ktap_print_msg "'$bad' was accepted"
			ok=0
		fi
		scope_is smt || { ktap_print_msg "after '$bad': $v"; ok=0; }
	done
	[ $ok = 1 ]
}
ktap_test_result "default_affinity_scope: a bad name fails the write and changes nothing" \
	check_bad_names

check_good_names() {
	ok=1
	for s in cpu smt cache numa system cache; do
		echo "$s" >"$param" || { ktap_print_msg "'$s' was refused"; ok=0; }
		scope_is "$s" || { ktap_print_msg "after '$s': $v"; ok=0; }
	done
	[ $ok = 1 ]
}
ktap_test_result "default_affinity_scope: each scope's name is taken" check_good_names

cmwq_unload
if cmwq_load default_affinity_scope=bogus 2>/dev/null; then
	ktap_test_fail "insmod with default_affinity_scope=bogus fails"
	cmwq_unload
else
	ktap_test_pass "insmod with default_affinity_scope=bogus fails"
fi
if cmwq_load default_affinity_scope=numa; then
	ktap_test_result "insmod with default_affinity_scope=numa sets it" scope_is numa
else
	ktap_test_fail "insmod with default_affinity_scope=numa sets it"
fi

if cmwq_unload && [ ! -e "$pods" ]; then
	ktap_test_pass "rmmod cmwq removes the pods file"
else
	ktap_test_fail "rmmod cmwq removes the pods file"
fi
ktap_finished
