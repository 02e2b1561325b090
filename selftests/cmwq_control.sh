#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The control language: every command does what it says, and every bad
# input is refused with an errno and a reason, changing nothing.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
ktap_set_plan 14

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"

# state: everything a command could change.
state() {
	cat "$CMWQ_DBG/workqueues" "$CMWQ_DBG/works"
	cut -d' ' -f1-6,8 "$CMWQ_DBG/pools"
}

ktap_test_result "create_wq with flags and max_active" \
	cmwq_ctl "create_wq name=t1 flags=highpri,cpu_intensive max_active=3"
ktap_test_result "the workqueues file shows it" \
	[ "$(cmwq_table workqueues t1 flags) $(cmwq_table workqueues t1 max_active)" = "highpri,cpu_intensive 3" ]
ktap_test_result "set_max_active changes it" \
	sh -c ". $CMWQ_SELFTEST_DIR/ktap_helpers.sh; . $CMWQ_SELFTEST_DIR/lib.sh; cmwq_ctl 'set_max_active name=t1 max_active=7' && [ \$(cmwq_table workqueues t1 max_active) = 7 ]"

cmwq_ctl "queue wq=t1 tag=q1 count=12 sleep_us=2000" &&
	cmwq_ctl "flush wq=t1"
ktap_test_result "queue count=12, flush: 12 queued, started and completed" \
	[ "$(cmwq_table works q1 queued) $(cmwq_table works q1 started) $(cmwq_table works q1 completed)" = "12 12 12" ]

cmwq_ctl "reset_stats wq=t1"
ktap_test_result "reset_stats zeroes the statistics" \
	[ "$(cmwq_table workqueues t1 started)" = 0 ]

# Bad input: errno, reason, no change.
before=$(state)
ok=1
for bad in \
	"" "frobnicate" "create_wq" "create_wq name=t1" "create_wq name=a/b" \
	"create_wq name=0123456789012345678901234567890123" \
	"create_wq name=x flags=highpri,bogus" "create_wq name=x max_active=513" \
	"create_wq name=x max_active=-1" "create_wq name=x max_active=1e3" \
	"destroy_wq name=nope" "destroy_wq name=cmwq_system" "destroy_wq" \
	"set_max_active name=t1 max_active=1000" "set_max_active name=t1" \
	"queue" "queue wq=nope" "queue wq=t1 count=0" "queue wq=t1 count=1001" \
	"queue wq=t1 cpu=9999" "queue wq=t1 node=99" "queue wq=t1 cpu=0 node=0" \
	"queue wq=t1 spin_us=100001" "queue wq=t1 sleep_us=-5" \
	"queue wq=t1 delay_ms=10001" "queue wq=t1 tag=a=b" "queue wq=t1 colour=red" \
	"queue wq=t1 wq=t1" "queue wq=t1 count" "flush" "flush wq=t1 tag=q1" \
	"flush tag=nope" "flush wq=nope" "drain wq=nope" "cancel" "cancel tag=nope" \
	"reset_stats wq=nope" "create_worker pool=999"; do
	if cmwq_ctl "$bad"; then
		ktap_print_msg "accepted: '$bad'"
		ok=0
	elif [ -z "$(cmwq_ctl_error)" ]; then
		ktap_print_msg "no reason for: '$bad'"
		ok=0
	fi
done
ktap_test_result "malformed, out-of-range, unknown and missing names are refused with a reason" [ $ok = 1 ]
ktap_test_result "and change nothing" [ "$(state)" = "$before" ]

# The errno is the precise one: coreutils' echo names it.
errno_of() {
	/bin/echo "$1" 2>&1 >"$CMWQ_DBG/control" | sed 's/.*: //'
}
ktap_test_result "EINVAL, EEXIST, ENOENT, ERANGE, EPERM as fits" \
	[ "$(errno_of 'frobnicate')|$(errno_of 'create_wq name=t1')|$(errno_of 'queue wq=nope')|$(errno_of 'queue wq=t1 count=5000')|$(errno_of 'destroy_wq name=cmwq_system')" = \
	  "Invalid argument|File exists|No such file or directory|Numerical result out of range|Operation not permitted" ]

# Lines over the limit, binary garbage, two lines in one write.
ok=1
head -c 4096 /dev/zero | tr '\0' x >"$CMWQ_DBG/control" 2>/dev/null && ok=0
head -c 300 /dev/urandom >"$CMWQ_DBG/control" 2>/dev/null && ok=0
printf 'create_wq name=z1\ncreate_wq name=z2\n' >"$CMWQ_DBG/control" 2>/dev/null && ok=0
ktap_test_result "long lines, binary and two commands in one write are refused" \
	[ $ok = 1 -a "$(state)" = "$before" ]

# A command split across two writes is two (bad) commands, not one.
{
	printf 'create_wq na'
	sleep 0.1
	printf 'me=split\n'
} >"$CMWQ_DBG/control" 2>/dev/null
ktap_test_result "a command split across two writes creates nothing" \
	[ -z "$(cmwq_table workqueues split name)" -a "$(state)" = "$before" ]

# Only root may write.
if command -v setpriv >/dev/null; then
	if setpriv --reuid=65534 --regid=65534 --clear-groups \
		sh -c "echo 'create_wq name=nobody' >$CMWQ_DBG/control" 2>/dev/null; then
		ktap_test_fail "a non-root writer is refused"
	else
		ktap_test_result "a non-root writer is refused" [ -z "$(cmwq_table workqueues nobody name)" ]
	fi
else
	ktap_test_skip "a non-root writer is refused" "no setpriv"
fi

# Concurrent writers: 4 shells each create and destroy their own queues.
for w in 1 2 3 4; do
	(
		for i in 1 2 3 4 5; do
			cmwq_ctl "create_wq name=c$w.$i" || echo "fail c$w.$i"
			cmwq_ctl "queue wq=c$w.$i tag=conc count=3 sleep_us=1000" || echo "fail q$w.$i"
			cmwq_ctl "destroy_wq name=c$w.$i" || echo "fail d$w.$i"
		done
	) >"/tmp/cmwq_conc.$w" &
done
wait
ktap_test_result "4 concurrent writers: every command succeeds" \
	[ -z "$(cat /tmp/cmwq_conc.*)" ]
conc="$(cmwq_table works conc queued) $(cmwq_table works conc completed)"
ktap_print_msg "tag conc: queued, completed: $conc"
ktap_test_result "and destroy_wq drained them: 60 queued, 60 completed" [ "$conc" = "60 60" ]

# Unloading with workqueues and delayed items still there is safe.
cmwq_ctl "queue wq=t1 tag=late count=20 delay_ms=5000"
if cmwq_unload; then
	ktap_test_pass "rmmod with a workqueue and armed delayed items left"
else
	ktap_test_fail "rmmod with a workqueue and armed delayed items left"
fi
ktap_finished
