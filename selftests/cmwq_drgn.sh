#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The drgn scripts read the live kernel and agree with debugfs. A known
# load is held steady while they run: 5 finished works and 6 long sleepers
# on a max_active=2 workqueue (2 running, 4 inactive), released afterwards
# with "wake".
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
if ! command -v drgn >/dev/null; then
	ktap_skip_all "drgn is not installed (apt-get install python3-drgn)"
	exit "$KSFT_SKIP"
fi
if [ -z "${CMWQ_VMLINUX:-}" ]; then
	# Debian ships the DWARF in the 1 GB linux-image-*-dbg package.
	ktap_skip_all "no vmlinux with DWARF for this kernel (stock kernels: make drgn-stock)"
	exit "$KSFT_SKIP"
fi
if [ ! -r "$CMWQ_VMLINUX" ] || [ ! -r /proc/kcore ]; then
	ktap_skip_all "no vmlinux (CMWQ_VMLINUX) or /proc/kcore to read"
	exit "$KSFT_SKIP"
fi
cmwq_unload
ktap_set_plan 17

scripts=$CMWQ_SELFTEST_DIR/../drgn-scripts
# Only the debug info named here: drgn would otherwise look for that of
# every loaded module (a stock kernel's 9p and overlayfs ones, say) and
# warn, into the output compared below, that it found none.
run_drgn() {
	script=$1
	shift
	drgn -k --no-default-symbols -s "$CMWQ_VMLINUX" -s "$CMWQ_KO" \
		"$scripts/$script" "$@" 2>&1
}
# One drgn process for all the runs on the held load: each drgn loads the
# debug vmlinux's DWARF, seconds under TCG. cmwq_batch.py starts each
# script's output with a marker line and ends with their exit statuses.
BATCH_MARKER="=== cmwq_batch:"
# batch_out N: what the Nth script of the batch printed, as run_drgn would.
batch_out() {
	printf '%s\n' "$batch" | awk -v marker="$BATCH_MARKER" -v n="$1" '
		index($0, marker " ") == 1 { i++; next }
		i == n'
}
# batch_statuses: the exit status of each script of the batch, in order.
batch_statuses() {
	printf '%s\n' "$batch" | sed -n "s/^$BATCH_MARKER exit statuses: //p"
}
# has TEXT PATTERN...: whether TEXT has a line matching each grep PATTERN.
has() {
	text=$1
	shift
	for pattern; do
		printf '%s\n' "$text" | grep -q "$pattern" || return 1
	done
}
# same WHAT EXPECTED ACTUAL: pass if equal, show both otherwise.
same() {
	if [ "$2" = "$3" ]; then
		ktap_test_pass "$1"
	else
		ktap_print_msg "debugfs:"
		echo "$2" | sed 's/^/#   /'
		ktap_print_msg "drgn:"
		echo "$3" | sed 's/^/#   /'
		ktap_test_fail "$1"
	fi
}

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"
cmwq_ctl "create_wq wq=mon max_active=2"
cmwq_ctl "create_wq wq=rq flags=mem_reclaim,highpri"
cmwq_ctl "create_wq wq=hog flags=cpu_intensive"
cmwq_ctl "queue wq=mon tag=done count=5 cpu=1 spin_us=3000"
cmwq_ctl "flush tag=done"
cmwq_ctl "queue wq=mon tag=hold count=6 cpu=1 sleep_us=120000000"
cmwq_ctl "create_worker pool=3"
# Work classes on CPU 1's normal pool: one unbounded sleeper holds the
# cap of 1, two more are parked (work_class.c's columns are not all 0).
clspool=$(awk 'NR > 1 && $2 == 1 && $8 == "P" { print $1; exit }' "$CMWQ_DBG/pools")
cmwq_ctl "create_wq wq=cls"
cmwq_ctl "set_pool pool=$clspool unbounded_max=1 bounded_max=5"
cmwq_ctl "queue wq=cls tag=cls count=3 cpu=1 class=unbounded sleep_us=120000000"
held() {
	[ "$(cmwq_table works hold running)" = 2 ] &&
		[ "$(cmwq_table pools "$clspool" unbounded_parked)" = 2 ]
}
loop_until 10 held || ktap_print_msg "the load did not settle"

# The scripts' runs on the held load, in one drgn; the debugfs files they
# are compared with are read right after it, the load being steady. A bad
# option in the middle: its status is 2 and the scripts after it still run.
batch=$(run_drgn cmwq_batch.py \
	cmwq_pools.py --- \
	cmwq_monitor.py -i 0 --- \
	cmwq_monitor.py -i 0 -j '^mon$' --- \
	cmwq_monitor.py -i 0 -j '^(rq|hog)$' --- \
	cmwq_monitor.py --help --- \
	cmwq_monitor.py --no-such-option --- \
	cmwq_dump.py --- \
	cmwq_show.py --- \
	cmwq_monitor.py -i 0 -j -p '^cls$')

# cmwq_pools.py prints the pools file.
same "cmwq_pools.py prints what debugfs pools shows" \
	"$(cat "$CMWQ_DBG/pools")" "$(batch_out 1)"

# cmwq_monitor.py: the same numbers as the workqueues file, "-" where a
# column does not apply: CPUitsv for cpu_intensive workqueues, mayday and
# rescued without a rescuer (no mem_reclaim).
# It keeps the last 24 characters of a longer name, as wq_monitor.py.
# The limit counters after them (maxact, parked, cmatch) by header name.
want=$(awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{
		name = length($1) > 24 ? substr($1, length($1) - 23) : $1
		itsv = $2 ~ /cpu_intensive/ ? "-" : $7
		md = $2 ~ /mem_reclaim/ ? $10 : "-"
		rs = $2 ~ /mem_reclaim/ ? $11 : "-"
		printf "%s %d %d %.3f %s %d %s %s %d %d %d\n", name, $4, $4 - $5, $6 / 1e6, itsv, $8, md, rs,
			$col["max_active_reached"], $col["hashed_parked"],
			$col["cancel_match_pending"] + $col["cancel_match_running"]
	}' "$CMWQ_DBG/workqueues")
got=$(batch_out 2 | awk '/^\[/ || NF == 0 { next } { print $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 }')
same "cmwq_monitor.py: total infl CPUtime CPUitsv CMW/RPR mayday rescued maxact parked cmatch" "$want" "$got"
json=$(batch_out 3)
case $json in
*'"name": "mon"'*'"total": 7, "infl": 2'*'"mayday": null, "rescued": null'*) ktap_test_pass "cmwq_monitor.py -j REGEX: JSON for mon only, null where no rescuer" ;;
*) ktap_print_msg "$json"; ktap_test_fail "cmwq_monitor.py -j REGEX: JSON for mon only, null where no rescuer" ;;
esac
json=$(batch_out 4)
case $json in
*'"name": "rq"'*'"CPUitsv": 0,'*'"mayday": 0, "rescued": 0'*'"name": "hog"'*'"CPUitsv": null,'*) ktap_test_pass "cmwq_monitor.py -j: numbers where a column applies, null where not" ;;
*) ktap_print_msg "$json"; ktap_test_fail "cmwq_monitor.py -j: numbers where a column applies, null where not" ;;
esac
ktap_test_result "cmwq_monitor.py --help documents every column" \
	has "$(batch_out 5)" 'CPUitsv.*' 'rescued '

# cmwq_dump.py: pools, CPU -> pool maps, rescuers.
dump=$(batch_out 7)
want=$(awk 'NR > 1 { print $1, $8, $4, $6 "/" $5, $2, $3 }' "$CMWQ_DBG/pools")
# An unbound pool's line ends with its cpus=, which the pools file has too.
got=$(echo "$dump" | sed -n -e 's/ cpus=[^ ]*$//' -e 's/^pool\[0*\([0-9][0-9]*\)\] flags=\([^ ]*\) *nice= *\([-0-9]*\) idle\/workers= *\([0-9]*\)\/ *\([0-9]*\) cpu= *\([-0-9]*\) node=\([-0-9]*\)$/\1 \2 \3 \4\/\5 \6 \7/p')
same "cmwq_dump.py: the worker pools" "$want" "$got"
want=$(awk 'NR > 1 && $8 == "P" { printf "%s ", $1 }' "$CMWQ_DBG/pools")
got=$(echo "$dump" | awk '$1 == "mon" && $2 == "percpu" { for (i = 3; i <= NF; i++) printf "%s ", $i }')
same "cmwq_dump.py: mon's CPU -> pool map is the normal pools" "$want" "$got"
want=$(awk 'NR > 1 && $8 == "PH" { printf "%s ", $1 }' "$CMWQ_DBG/pools")
got=$(echo "$dump" | awk '$1 == "rq" && $2 == "percpu" { for (i = 3; i <= NF; i++) printf "%s ", $i }')
same "cmwq_dump.py: rq's CPU -> pool map is the highpri pools" "$want" "$got"
pid=$(echo "$dump" | sed -n '/^Workqueue -> rescuer/,/^$/p' | awk '$1 == "rq" { print $2 }')
ktap_test_result "cmwq_dump.py: rq's rescuer is the thread cmwq_rq (pid ${pid:-none})" \
	[ "$(cat "/proc/${pid:-0}/comm" 2>/dev/null)" = cmwq_rq ]

# cmwq_show.py: the held load as the workers and works files see it.
show=$(batch_out 8)
want=$(awk '$5 ~ /synth_fn/ { print $1 }' "$CMWQ_DBG/workers" | sort)
got=$(echo "$show" | sed -n 's/^ *in-flight: //p' | tr ',' '\n' | sed -n 's/^ *\([0-9]*\):synth_fn.*/\1/p' | sort)
same "cmwq_show.py: in-flight workers are the busy ones of the workers file" "$want" "$got"
want="active=2/2 inactive=$(cmwq_table works hold pending)"
got="$(echo "$show" | grep -o 'active=[0-9]*/[0-9]*' | head -n 1) inactive=$(echo "$show" | sed -n 's/.*inactive: synth_fn x\([0-9]*\).*/\1/p')"
same "cmwq_show.py: active/max_active and the inactive works" "$want" "$got"

# cmwq_batch.py: every script's own exit status, the bad option's too,
# and the script after it run all the same.
statuses=$(batch_statuses)
case $statuses:$(batch_out 6) in
"0 0 0 0 0 2 0 0 0:"*"error: unrecognized arguments: --no-such-option"*)
	ktap_test_pass "cmwq_batch.py: each script's exit status, 2 for a bad option, and the next script runs" ;;
*)
	ktap_print_msg "exit statuses: ${statuses:-none}"
	ktap_test_fail "cmwq_batch.py: each script's exit status, 2 for a bad option, and the next script runs" ;;
esac

# cmwq_monitor.py -p: a pool's work class caps and counters are the
# pools file's.
want=$(awk -v p="$clspool" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$1 == p { print $c["bounded_max"], $c["unbounded_max"], $c["bounded_parked"], $c["unbounded_parked"], $c["bounded_cap_reached"], $c["unbounded_cap_reached"] }' "$CMWQ_DBG/pools")
line=$(batch_out 9 | grep "\"pool\": $clspool,")
got=$(for k in bmax umax bpark upark bcap ucap; do
	printf '%s\n' "$line" | sed -n "s/.*\"$k\": \([0-9]*\).*/\1/p"
done | tr '\n' ' ' | sed 's/ $//')
same "cmwq_monitor.py -p: bmax umax bpark upark bcap ucap" "$want" "$got"

# cmwq_dump.py: the affinity scopes are the pods file's, and an unbound
# workqueue's per-node shares of max_active (4 over two nodes, floor 1).
want=$(awk 'NR > 1 { print $1, $2, $4 }' "$CMWQ_DBG/pods")
got=$(echo "$dump" | awk '/^[A-Z]+$/ && NF == 1 { scope = tolower($1) }
	$1 == "pod_cpus" { for (i = 2; i <= NF; i++) { split($i, kv, "="); gsub(/[][]/, "", kv[1]); print scope, kv[1], kv[2] } }')
same "cmwq_dump.py: the affinity scopes' pods are the pods file's" "$want" "$got"
cmwq_ctl "create_wq wq=ub flags=unbound scope=numa strict=1 max_active=4"
cmwq_ctl "set_min_active wq=ub min_active=1"
nodes=$(ls -d /sys/devices/system/node/node[0-9]* 2>/dev/null | wc -l)
want=$(if [ "$nodes" = 2 ] && [ "$(nproc)" = 4 ]; then echo "ub 0/2 0/2 0/4 1"; else echo skip; fi)
got=$(run_drgn cmwq_dump.py | sed -n '/^Unbound workqueue -> node_nr_active/,$p' | awk '$1 == "ub" { $1 = $1; print }' | sed 's| */ *|/|g')
[ "$want" = skip ] && got=skip
same "cmwq_dump.py: ub's per-node nr/max_active and min_active" "$want" "$got"
cmwq_ctl "destroy_wq wq=ub"

# Without cmwq.ko's DWARF, the scripts say what is missing.
out=$(drgn -k -s "$CMWQ_VMLINUX" "$scripts/cmwq_monitor.py" -i 0 2>&1)
case $out in
*"no debug info"*"-s path/to/cmwq.ko"*) ktap_test_pass "without cmwq.ko's debug info the scripts say so" ;;
*) ktap_print_msg "$out"; ktap_test_fail "without cmwq.ko's debug info the scripts say so" ;;
esac

cmwq_ctl "wake tag=hold"
cmwq_ctl "wake tag=cls"
cmwq_ctl "set_pool pool=$clspool unbounded_max=0 bounded_max=0"
cmwq_ctl "flush tag=hold"
cmwq_unload
case $(run_drgn cmwq_monitor.py -i 0) in
*"cmwq module is not loaded"*) ktap_test_pass "without cmwq the scripts say it is not loaded" ;;
*) ktap_test_fail "without cmwq the scripts say it is not loaded" ;;
esac
ktap_finished
