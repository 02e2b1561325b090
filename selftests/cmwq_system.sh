#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# cmwq's system workqueues from outside: all of upstream's kinds are there
# after insmod with the right flags, they take work through the control
# file and refuse to be destroyed, and the power_efficient parameter
# (read at load) makes the power-efficient pair unbound; a bad value
# fails the load and leaves nothing behind.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
ktap_set_plan 6

SYSTEM="cmwq_system:- cmwq_system_highpri:highpri cmwq_system_long:-
cmwq_system_unbound:unbound cmwq_system_dfl_long:unbound
cmwq_system_freezable:freezable cmwq_system_pwr_efficient:power_efficient
cmwq_system_frz_pwr_efficient:freezable,power_efficient
cmwq_system_bh:bh cmwq_system_bh_highpri:highpri,bh"

# check_flags [unbound]: each system workqueue has its flags; with
# "unbound", the power-efficient ones are unbound too.
check_flags() {
	ok=1
	for pair in $SYSTEM; do
		name=${pair%%:*} want=${pair#*:}
		case $1:$want in
		unbound:power_efficient) want=unbound,power_efficient ;;
		unbound:freezable,power_efficient) want=unbound,freezable,power_efficient ;;
		esac
		got=$(cmwq_table workqueues "$name" flags)
		[ "$got" = "$want" ] || { ktap_print_msg "$name: flags '$got', want '$want'"; ok=0; }
	done
	[ $ok = 1 ]
}

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"
ktap_test_result "the system workqueues are there, per-CPU unless unbound" check_flags
ktap_test_result "power_efficient is off by default and read-only" \
	eval '[ "$(cmwq_param power_efficient)" = N ] && ! cmwq_param power_efficient 1 2>/dev/null'

# Works run on them; none can be destroyed.
# Tags are shorter than the names: t1, t2, ...
ok=1 i=0
for pair in $SYSTEM; do
	name=${pair%%:*} i=$((i + 1))
	# BH works may not sleep.
	how=sleep_us=1000
	case $pair in *bh) how=spin_us=100 ;; esac
	cmwq_ctl "queue wq=$name tag=t$i count=4 $how" ||
		{ ktap_print_msg "queue on $name: $(cmwq_ctl_error)"; ok=0; }
done
i=0
for pair in $SYSTEM; do
	name=${pair%%:*} i=$((i + 1))
	cmwq_ctl "flush tag=t$i" || ok=0
	[ "$(cmwq_table works "t$i" completed)" = 4 ] ||
		{ ktap_print_msg "$name ran $(cmwq_table works "t$i" completed) of 4"; ok=0; }
done
ktap_test_result "each runs works queued through the control file" [ $ok = 1 ]
ok=1
for pair in $SYSTEM; do
	name=${pair%%:*}
	if cmwq_ctl "destroy_wq wq=$name"; then
		ktap_print_msg "destroy_wq $name succeeded"
		ok=0
	fi
	case $(cmwq_ctl_error) in
	*"belongs to cmwq"*) ;;
	*) ktap_print_msg "destroy_wq $name: $(cmwq_ctl_error)"; ok=0 ;;
	esac
	[ -n "$(cmwq_table workqueues "$name" flags)" ] || ok=0
done
ktap_test_result "none can be destroyed, and all stay" [ $ok = 1 ]

cmwq_unload
if cmwq_load power_efficient=maybe 2>/dev/null; then
	ktap_test_fail "insmod with power_efficient=maybe fails"
	cmwq_unload
else
	ktap_test_result "insmod with power_efficient=maybe fails" \
		eval '! grep -q "^cmwq " /proc/modules'
fi
if cmwq_load power_efficient=1; then
	ktap_test_result "power_efficient=1 makes the power-efficient ones unbound" check_flags unbound
else
	ktap_test_fail "power_efficient=1 makes the power-efficient ones unbound"
fi
cmwq_unload
ktap_finished
