# SPDX-License-Identifier: GPL-2.0
# Helpers shared by the cmwq selftests. Sourced after ktap_helpers.sh; POSIX
# sh. Every test runs as root in a guest (scripts/vm-run), never on the host.

CMWQ_SELFTEST_DIR=$(cd "$(dirname "$0")" && pwd)
# Where the built modules are: build/<kind>/ of the work tree by default.
CMWQ_BUILD=${CMWQ_BUILD:-$CMWQ_SELFTEST_DIR/../build/qemu}
CMWQ_KO=$CMWQ_BUILD/module/cmwq.ko
# The selftests' built programs (selftests/Makefile's OUTPUT).
CMWQ_SELFTEST_BIN=${CMWQ_SELFTEST_BIN:-$CMWQ_SELFTEST_DIR/../build/selftests}
CMWQ_DBG=/sys/kernel/debug/cmwq

# cmwq_require_root_and_module: skip the whole file (exit 4) with a reason
# when the test cannot run here.
cmwq_require_root_and_module() {
	if [ "$(id -u)" != 0 ]; then
		ktap_skip_all "must run as root (in a guest: scripts/vm-run)"
		exit "$KSFT_SKIP"
	fi
	if [ ! -f "$CMWQ_KO" ]; then
		ktap_skip_all "$CMWQ_KO not built (make)"
		exit "$KSFT_SKIP"
	fi
	if ! grep -qw debugfs /proc/mounts; then
		ktap_skip_all "debugfs is not mounted"
		exit "$KSFT_SKIP"
	fi
}

# cmwq_load [PARAM=VALUE...]: insmod cmwq.ko, after a canary line in the
# kernel log that marks where this test's messages begin.
cmwq_load() {
	echo "cmwq selftest $(basename "$0"): loading" >/dev/kmsg
	insmod "$CMWQ_KO" "$@"
}

# cmwq_concurrency_managed: whether the cmwq just loaded manages
# concurrency; it says so when it loads, and cannot without preempt
# notifiers (UML, a kernel without KVM).
cmwq_concurrency_managed() {
	dmesg | tail -n 5 | grep -q 'concurrency management on'
}

# cmwq_skip_unless_managed N: where the cmwq just loaded does not manage
# concurrency, skip the file's N checks, unload and exit: what they check
# does not exist there.
cmwq_skip_unless_managed() {
	cmwq_concurrency_managed && return
	i=0
	while [ $i -lt "$1" ]; do
		i=$((i + 1))
		ktap_test_skip "check $i" "no preempt notifiers here"
	done
	cmwq_unload
	ktap_finished
}

# cmwq_unload: rmmod cmwq if it is loaded.
cmwq_unload() {
	if grep -q '^cmwq ' /proc/modules; then
		rmmod cmwq
	fi
}

# cmwq_ctl COMMAND: write one command to the control file; the status is
# the write's (non-zero on -EINVAL and friends).
cmwq_ctl() {
	printf '%s\n' "$1" >"$CMWQ_DBG/control" 2>/dev/null
}

# cmwq_ctl_error: the reason of the last failed command.
cmwq_ctl_error() {
	cat "$CMWQ_DBG/last_error"
}

# cmwq_expand_cpulist LIST: the CPUs of a list like "0-3,6", one a line.
cmwq_expand_cpulist() {
	echo "$1" | tr ',' '\n' | while IFS=- read -r a b; do
		[ -n "$a" ] && seq "$a" "${b:-$a}"
	done
}

# cmwq_cpu_list: every possible CPU, one a line.
cmwq_cpu_list() {
	cmwq_expand_cpulist "$(cat /sys/devices/system/cpu/possible)"
}

# cmwq_online_cpu_list: every online CPU, one a line.
cmwq_online_cpu_list() {
	cmwq_expand_cpulist "$(cat /sys/devices/system/cpu/online)"
}

# cmwq_cpu_node CPU: the NUMA node of CPU per sysfs (0 without NUMA).
cmwq_cpu_node() {
	for n in /sys/devices/system/cpu/cpu"$1"/node[0-9]*; do
		[ -e "$n" ] && { echo "${n##*/node}"; return; }
	done
	echo 0
}

# cmwq_worker_pids: "pid comm" of every cmwq worker kthread.
cmwq_worker_pids() {
	for d in /proc/[0-9]*; do
		read -r comm 2>/dev/null <"$d/comm" || continue
		case $comm in
		cmwq/*) echo "${d#/proc/} $comm" ;;
		esac
	done
}

# loop_until SECONDS COMMAND [ARG...]: retry COMMAND every 0.1 s until it
# succeeds or SECONDS pass; the status is COMMAND's last.
loop_until() {
	deadline=$(($(date +%s) + $1))
	shift
	while ! "$@"; do
		[ "$(date +%s)" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}

# cmwq_table FILE KEY COLUMN: the COLUMN (by header name) of the line whose
# first column is KEY, in one of the debugfs tables (pools, workqueues,
# works, workers).
cmwq_table() {
	awk -v key="$2" -v col="$3" '
		NR == 1 { for (i = 1; i <= NF; i++) name[$i] = i; next }
		$1 == key { print $name[col]; exit }' "$CMWQ_DBG/$1"
}

# cmwq_param NAME [VALUE]: read or set a module parameter.
cmwq_param() {
	if [ $# = 2 ]; then
		echo "$2" >"/sys/module/cmwq/parameters/$1"
	else
		cat "/sys/module/cmwq/parameters/$1"
	fi
}


