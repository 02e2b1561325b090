#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The attribute files of /sys/bus/cmwq/devices/<name>/ for a per-CPU, an
# unbound and an ordered workqueue made through the control file: each
# file reads what the module shows in debugfs, each write takes effect
# there, bad values fail the write and change nothing, and destroy_wq
# and unloading take the files away, also from under a reader and a
# writer that hold them open.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
ktap_set_plan 15

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"
BUS=/sys/bus/cmwq/devices

# wr FILE VALUE: write VALUE to FILE; the status is the write's.
wr() {
	(printf '%s\n' "$2" >"$1") 2>/dev/null
}

# sys WQ FILE: one attribute file's value (no program run: TCG is slow).
sys() {
	read -r v <"$BUS/$1/$2" && echo "$v"
}

# hexlist MASK: the CPUs of a hex mask as "%*pb" prints it, "0,1,...".
hexlist() {
	old=$IFS IFS=,
	set -- $1
	IFS=$old m=0
	for w; do m=$((m * 4294967296 + 0x$w)); done
	i=0 out=
	while [ "$m" -gt 0 ]; do
		[ $((m & 1)) = 1 ] && out="$out${out:+,}$i"
		m=$((m >> 1)) i=$((i + 1))
	done
	echo "$out"
}

# explist LIST: the CPUs of a list like "0-2,5", as "0,1,2,5".
explist() {
	old=$IFS IFS=,
	set -- $1
	IFS=$old out=
	for r; do
		i=${r%-*}
		while [ "$i" -le "${r#*-}" ]; do
			out="$out${out:+,}$i" i=$((i + 1))
		done
	done
	echo "$out"
}

# dbg WQ COLUMN...: those columns of WQ's line in the workqueues file
# (a CPU list expanded as explist does), in one line.
dbg() {
	wq=$1
	shift
	set -- $(awk -v key="$wq" -v cols="$*" '
		NR == 1 { for (i = 1; i <= NF; i++) n[$i] = i; next }
		$1 == key {
			k = split(cols, c, " ")
			for (i = 1; i <= k; i++) printf "%s ", $n[c[i]]
			exit
		}' "$CMWQ_DBG/workqueues")
	out=
	for v; do
		case $v in
		*[!0-9,-]* | [!0-9]*) ;;
		*[,-]*) v=$(explist "$v") ;;
		esac
		out="$out${out:+ }$v"
	done
	echo "$out"
}

# agree WQ: do its files read what the workqueues file shows?
agree() {
	if [ -e "$BUS/$1/nice" ]; then
		d="$(sys "$1" per_cpu) $(sys "$1" max_active) $(sys "$1" nice) $(hexlist "$(sys "$1" cpumask)") $(sys "$1" affinity_scope) $(sys "$1" affinity_strict)"
		w="0 $(dbg "$1" max_active nice cpus scope strict)"
	else
		d="$(sys "$1" per_cpu) $(sys "$1" max_active)"
		w="1 $(dbg "$1" max_active)"
	fi
	[ "$d" = "$w" ] || { ktap_print_msg "$1: files '$d', debugfs '$w'"; return 1; }
}

# files WQ: the names of its attribute files, sorted, on one line.
files() {
	out=
	for f in "$BUS/$1"/*; do
		[ -f "$f" ] && [ "${f##*/}" != uevent ] && out="$out${out:+ }${f##*/}"
	done
	echo "$out"
}

# values: every file of pc, ub and ord with its value.
values() {
	grep -s . "$BUS"/pc/* "$BUS"/ub/* "$BUS"/ord/*
}

ok=1
cmwq_ctl "create_wq wq=pc max_active=4" || ok=0
cmwq_ctl "create_wq wq=ub flags=unbound,sysfs" || ok=0
cmwq_ctl "create_wq wq=ord flags=ordered" || ok=0
ktap_test_result "every workqueue made through the control file has its directory" \
	[ $ok = 1 -a -d "$BUS/pc" -a -d "$BUS/ub" -a -d "$BUS/ord" -a \
	  -d /sys/devices/virtual/cmwq/ub ]
ktap_test_result "per-CPU: per_cpu and max_active; unbound and ordered: the attrs too" \
	[ "$(files pc)" = "max_active per_cpu" -a \
	  "$(files ub)" = "affinity_scope affinity_strict cpumask max_active nice per_cpu" -a \
	  "$(files ord)" = "$(files ub)" ]
ktap_print_msg "ub: $(for f in per_cpu max_active nice cpumask affinity_scope affinity_strict; do printf '%s=%s ' $f "$(sys ub $f)"; done)"
ktap_test_result "each file reads what the workqueues file shows" \
	eval 'agree pc && agree ub && agree ord'
ktap_test_result "the flags column is unchanged by sysfs" \
	[ "$(dbg pc flags) $(dbg ub flags)" = "- unbound" ]

# Writes, each seen in debugfs.
ok=1
wr "$BUS/pc/max_active" 7 || ok=0
wr "$BUS/ub/max_active" 16 || ok=0
ktap_test_result "max_active writes show in the workqueues file" \
	[ $ok = 1 -a "$(dbg pc max_active) $(dbg ub max_active)" = "7 16" ]

ok=1
wr "$BUS/ub/nice" 5 || ok=0
wr "$BUS/ub/cpumask" 3 || ok=0
wr "$BUS/ub/affinity_scope" cpu || ok=0
wr "$BUS/ub/affinity_strict" 1 || ok=0
ktap_test_result "nice, cpumask, affinity_scope, affinity_strict writes show in the workqueues file" \
	[ $ok = 1 -a "$(dbg ub nice cpus scope strict)" = "5 0,1 cpu 1" ]
# Strict pools at nice 5, one per CPU pod of 0-1: the attrs reached the
# pools (and the default pwq's pool on 0-1).
strict5=$(awk '$8 ~ /U/ && $8 ~ /S/ && $4 == 5 { print $9 }' "$CMWQ_DBG/pools")
ktap_print_msg "unbound strict pools at nice 5, their CPUs: $(echo $strict5)"
ktap_test_result "and the pools file has ub's strict pools at nice 5 on CPU 0 and CPU 1" \
	eval 'echo "$strict5" | grep -qx 0 && echo "$strict5" | grep -qx 1'

ok=1
wr "$BUS/ord/nice" -3 || ok=0
wr "$BUS/ord/cpumask" 1 || ok=0
wr "$BUS/ord/affinity_scope" numa || ok=0
wr "$BUS/ord/affinity_strict" 1 || ok=0
wr "$BUS/ub/affinity_scope" default || ok=0
ktap_test_result "an ordered workqueue's attrs are written too; default is the default scope" \
	eval '[ $ok = 1 -a "$(dbg ord nice cpus scope strict)" = "-3 0 numa 1" -a \
	  "$(sys ub affinity_scope)" = "$(cmwq_param default_affinity_scope)" ] &&
	agree ub && agree ord'

# Bad values: the write fails, nothing changes anywhere.
before="$(cat "$CMWQ_DBG/workqueues")"
values_before="$(values)"
ok=1
refused() {
	if wr "$1" "$2"; then
		ktap_print_msg "accepted: '$2' > $1"
		ok=0
	fi
}
for v in abc 0 -1 513 4x 99999999999 ""; do refused "$BUS/pc/max_active" "$v"; done
for v in abc 0 100000; do refused "$BUS/ub/max_active" "$v"; done
refused "$BUS/pc/per_cpu" 0
refused "$BUS/ub/per_cpu" 1
refused "$BUS/pc/nice" 1
for v in 20 -21 x 1.5; do refused "$BUS/ub/nice" "$v"; done
for v in xyz 0 ffffffffffffffffffffffffffffffffffff; do refused "$BUS/ub/cpumask" "$v"; done
for v in rack cach "" 1; do refused "$BUS/ub/affinity_scope" "$v"; done
for v in 2 -1 y; do refused "$BUS/ub/affinity_strict" "$v"; done
ktap_test_result "bad values fail the write" [ $ok = 1 ]
ktap_test_result "and change nothing" \
	[ "$(cat "$CMWQ_DBG/workqueues")" = "$before" -a "$(values)" = "$values_before" ]
ktap_test_result "the kernel log says why" \
	eval 'dmesg | grep -q "cmwq: pc/max_active: .abc. refused: want 1 to 512"'

# An ordered workqueue's max_active is read-only, and stays 1 even when
# the file is made writable: the API refuses it.
ok=1
refused "$BUS/ord/max_active" 2
[ "$(stat -c %a "$BUS/ord/max_active")" = 444 ] || ok=0
chmod 644 "$BUS/ord/max_active"
refused "$BUS/ord/max_active" 2
ktap_test_result "an ordered workqueue's max_active is 0444 and stays 1" \
	[ $ok = 1 -a "$(sys ord max_active) $(dbg ord max_active)" = "1 1" ]

# Files held open, and a writer busy, while their workqueue is destroyed:
# the destroy waits for the write in progress, the open files fail after.
exec 3<"$BUS/ub/nice" 4>"$BUS/ub/max_active"
(while printf '1\n' >"$BUS/pc/max_active"; do :; done) 2>/dev/null &
writer=$!
ok=1
# In a subshell: the writer's SIGCHLD would interrupt the destroy's wait,
# and the shell would write the command again.
(cmwq_ctl "destroy_wq wq=pc") || { ktap_print_msg "destroy_wq pc: $(cmwq_ctl_error)"; ok=0; }
wait $writer
cmwq_ctl "destroy_wq wq=ub" || { ktap_print_msg "destroy_wq ub: $(cmwq_ctl_error)"; ok=0; }

cat <&3 >/dev/null 2>&1 && { ktap_print_msg "read from a destroyed workqueue's file"; ok=0; }
(printf '3\n' >&4) 2>/dev/null && { ktap_print_msg "wrote to a destroyed workqueue's file"; ok=0; }
exec 3<&- 4>&-
ktap_test_result "destroy_wq under a busy writer and open files: they fail afterwards" [ $ok = 1 ]
ktap_test_result "destroy_wq removes the directory" \
	[ ! -e "$BUS/pc" -a ! -e "$BUS/ub" -a ! -e /sys/devices/virtual/cmwq/ub -a -d "$BUS/ord" ]

# Unloading destroys ord and takes the bus away.
ktap_test_result "cmwq unloads and its bus goes with it" \
	eval 'cmwq_unload && [ ! -e /sys/bus/cmwq ] && [ ! -e /sys/devices/virtual/cmwq ]'
ktap_finished
