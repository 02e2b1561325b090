#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The control language: every command does what it says, every bad input
# is refused with an errno and a reason, changing nothing, and a write of
# several lines runs them in order up to the first that fails.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
cmwq_unload
ktap_set_plan 24

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"

# state: everything a command could change.
state() {
	cat "$CMWQ_DBG/workqueues" "$CMWQ_DBG/works"
	cut -d' ' -f1-6,8 "$CMWQ_DBG/pools"
}

ktap_test_result "create_wq with flags and max_active" \
	cmwq_ctl "create_wq wq=t1 flags=highpri,cpu_intensive max_active=3"
ktap_test_result "the workqueues file shows it" \
	[ "$(cmwq_table workqueues t1 flags) $(cmwq_table workqueues t1 max_active)" = "highpri,cpu_intensive 3" ]
ktap_test_result "set_max_active changes it (name= is an alias of wq=)" \
	sh -c ". $CMWQ_SELFTEST_DIR/ktap_helpers.sh; . $CMWQ_SELFTEST_DIR/lib.sh; cmwq_ctl 'set_max_active name=t1 max_active=7' && [ \$(cmwq_table workqueues t1 max_active) = 7 ]"

cmwq_ctl "queue wq=t1 tag=q1 count=12 sleep_us=2000" &&
	cmwq_ctl "flush wq=t1"
ktap_test_result "queue count=12, flush: 12 queued, started and completed" \
	[ "$(cmwq_table works q1 queued) $(cmwq_table works q1 started) $(cmwq_table works q1 completed)" = "12 12 12" ]

# spin_after_us spins after the sleep; works shows when the tag's item
# started and ended by the module's clock, "-" before it ran. 20 ms of
# ktime_get_ns() spin is a lower bound whatever the guest's speed.
cmwq_ctl "queue wq=t1 tag=after sleep_us=1000 spin_after_us=20000 delay_ms=10000"
unrun="$(cmwq_table works after first_start_us) $(cmwq_table works after last_end_us)"
cmwq_ctl "flush tag=after"
ktap_test_result "spin_after_us: the item lasts its spin after the sleep, works shows its start and end" \
	awk -v u="$unrun" -v s="$(cmwq_table works after first_start_us)" \
	-v e="$(cmwq_table works after last_end_us)" \
	'BEGIN { exit !(u == "- -" && s ~ /^[0-9]+$/ && e ~ /^[0-9]+$/ && e - s >= 20000) }'

cmwq_ctl "reset_stats wq=t1"
ktap_test_result "reset_stats zeroes the statistics" \
	[ "$(cmwq_table workqueues t1 started)" = 0 ]

# Bad input: errno, reason, no change.
before=$(state)
ok=1
for bad in \
	"" "frobnicate" "create_wq" "create_wq wq=t1" "create_wq name=t1" "create_wq wq=a/b" \
	"create_wq wq=x name=x" "destroy_wq wq=t1 name=t1" "queue name=t1" "flush name=t1" \
	"drain name=t1" "reset_stats name=t1" "# only a comment" \
	"create_wq wq=0123456789012345678901234567890123" \
	"create_wq wq=x flags=highpri,bogus" "create_wq wq=x max_active=513" \
	"create_wq wq=x max_active=-1" "create_wq wq=x max_active=1e3" \
	"destroy_wq wq=nope" "destroy_wq wq=cmwq_system" "destroy_wq" \
	"set_max_active wq=t1 max_active=1000" "set_max_active wq=t1" \
	"queue" "queue wq=nope" "queue wq=t1 count=0" "queue wq=t1 count=1001" \
	"queue wq=t1 cpu=9999" "queue wq=t1 node=99" "queue wq=t1 cpu=0 node=0" \
	"queue wq=t1 spin_us=10000001" "queue wq=t1 sleep_us=-5" \
	"queue wq=t1 spin_after_us=10000001" "queue wq=t1 spin_after_us=5ms" \
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
	[ "$(errno_of 'frobnicate')|$(errno_of 'create_wq wq=t1')|$(errno_of 'queue wq=nope')|$(errno_of 'queue wq=t1 count=5000')|$(errno_of 'destroy_wq wq=cmwq_system')" = \
	  "Invalid argument|File exists|No such file or directory|Numerical result out of range|Operation not permitted" ]

# Lines over the limit, binary garbage: refused whole, nothing runs. Each
# input is written by one write() (cat of a file), as the rule is per write.
tmp=$(mktemp -d)
long=$(head -c 300 /dev/zero | tr '\0' x)
head -c 4096 /dev/zero | tr '\0' x >"$tmp/long"
head -c 300 /dev/urandom >"$tmp/binary"
printf 'create_wq wq=z0\n%s\n' "$long" >"$tmp/longline"
printf 'create_wq wq=z0\ncreate_wq wq=z0b\001\n' >"$tmp/badbyte"
{ printf 'create_wq wq=z0\n'; head -c 5000 /dev/zero | tr '\0' '\n'; } >"$tmp/big"
ok=1
for f in long binary longline badbyte big; do
	if cat "$tmp/$f" >"$CMWQ_DBG/control" 2>/dev/null; then
		ktap_print_msg "accepted: $f"
		ok=0
	fi
	[ $f = longline ] && [ "$(cmwq_ctl_error)" != "line 2: command longer than 255 bytes" ] &&
		{ ktap_print_msg "longline: $(cmwq_ctl_error)"; ok=0; }
done
rm -r "$tmp"
ktap_test_result "long lines, binary and writes over 4096 bytes are refused whole" \
	[ $ok = 1 -a "$(state)" = "$before" ]

# A command split across two writes is two (bad) commands, not one.
{
	printf 'create_wq na'
	sleep 0.1
	printf 'me=split\n'
} >"$CMWQ_DBG/control" 2>/dev/null
ktap_test_result "a command split across two writes creates nothing" \
	[ -z "$(cmwq_table workqueues split name)" -a "$(state)" = "$before" ]

# Several commands in one write run in order.
printf 'create_wq wq=z1\n\n# a comment\n  create_wq wq=z2 max_active=2\n' >"$CMWQ_DBG/control"
ktap_test_result "a write of several lines runs every command (blank and # lines skipped)" \
	[ "$(cmwq_table workqueues z1 name) $(cmwq_table workqueues z2 max_active)" = "z1 2" -a -z "$(cmwq_ctl_error)" ]
err=$(env printf 'queue wq=z1 tag=ml1\nbogus x=1\nqueue wq=z2 tag=ml3\n' 2>&1 >"$CMWQ_DBG/control" | sed 's/.*: //')
ktap_test_result "the first failing line ends the write with its errno" [ "$err" = "Invalid argument" ]
ktap_test_result "and last_error names that line and why" \
	[ "$(cmwq_ctl_error)" = "line 2: unknown command 'bogus'" ]
cmwq_ctl "flush tag=ml1"
ktap_test_result "the lines before it took effect, those after did not run" \
	[ "$(cmwq_table works ml1 completed)" = 1 -a -z "$(cmwq_table works ml3 queued)" ]
printf 'destroy_wq wq=z1\ndestroy_wq name=z2\n' >"$CMWQ_DBG/control"

# Readers and other writers never wait behind a long command: a flush that
# waits for sleepers holds the writers' lock meanwhile. The sleepers sleep
# far longer than a slow guest takes to fork the commands below, so
# "before the long command ended" is judged by its still running, not by
# the clock.
cmwq_ctl "queue wq=t1 tag=long count=2 sleep_us=120000000"
cmwq_ctl "queue wq=cmwq_system tag=long2 count=1 sleep_us=120000000"
cmwq_ctl "flush tag=long" &
flusher=$!
sleep 1
ok=1
for f in works last_error workqueues pools workers; do
	if ! timeout 10 cat "$CMWQ_DBG/$f" >/dev/null; then
		ktap_print_msg "reading $f blocked behind a flush"
		ok=0
	fi
done
ktap_test_result "every state file reads at once during a long flush" [ $ok = 1 ]
t0=$(date +%s)
timeout -s KILL 2 sh -c "echo reset_stats >$CMWQ_DBG/control"
t1=$(date +%s)
ktap_print_msg "the killed writer returned after $((t1 - t0)) s"
ktap_test_result "a writer waiting for the long command dies on SIGKILL" \
	kill -0 $flusher
kill -TERM $flusher
wait $flusher
rc=$?
ktap_print_msg "flush tag=long after SIGTERM: status $rc"
ktap_test_result "a long flush tag= ends on a signal" \
	[ $rc != 0 -a "$(cmwq_table works long running)" = 2 ]
t0=$(date +%s)
timeout -s KILL 2 sh -c "echo flush wq=cmwq_system >$CMWQ_DBG/control"
t1=$(date +%s)
ktap_print_msg "the killed flush wq= returned after $((t1 - t0)) s"
ktap_test_result "a long flush wq= dies on SIGKILL" \
	[ "$(cmwq_table works long2 running)" = 1 ]
cmwq_ctl "wake tag=long" && cmwq_ctl "wake tag=long2" &&
	cmwq_ctl "flush tag=long" && cmwq_ctl "flush tag=long2" && cmwq_ctl "flush wq=cmwq_system"
ktap_test_result "and everything is consistent afterwards" \
	[ "$(cmwq_table works long completed) $(cmwq_table works long pending) $(cmwq_table works long running)" = "2 0 0" -a \
	  "$(cmwq_table works long2 completed)" = 1 ]

# Only root may write.
if command -v setpriv >/dev/null; then
	if setpriv --reuid=65534 --regid=65534 --clear-groups \
		sh -c "echo 'create_wq wq=nobody' >$CMWQ_DBG/control" 2>/dev/null; then
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
			cmwq_ctl "create_wq wq=c$w.$i" || echo "fail c$w.$i"
			cmwq_ctl "queue wq=c$w.$i tag=conc count=3 sleep_us=1000" || echo "fail q$w.$i"
			cmwq_ctl "destroy_wq wq=c$w.$i" || echo "fail d$w.$i"
		done
	) >"/tmp/cmwq_conc.$w" &
done
wait
ktap_test_result "4 concurrent writers: every command succeeds" \
	[ -z "$(cat /tmp/cmwq_conc.*)" ]
conc="$(cmwq_table works conc queued) $(cmwq_table works conc completed)"
ktap_print_msg "tag conc: queued, completed: $conc"
ktap_test_result "and destroy_wq drained them: 60 queued, 60 completed" [ "$conc" = "60 60" ]

# Unloading with workqueues and items still there is safe, on
# cmwq_system too: every item is cancelled or has finished first.
cmwq_ctl "queue wq=t1 tag=late count=20 delay_ms=5000"
cmwq_ctl "queue wq=cmwq_system tag=syslate count=4 delay_ms=3000"
cmwq_ctl "queue wq=cmwq_system tag=sysrun count=2 sleep_us=60000000"
cmwq_ctl "create_wq wq=dis"
cmwq_ctl "queue wq=dis tag=sysdis count=3 delay_ms=3000"
cmwq_ctl "disable tag=sysdis"
sleep 0.5
if cmwq_unload; then
	# Timers left armed would fire into the freed module now.
	sleep 4
	ktap_test_pass "rmmod with armed, running and disabled items left, cmwq_system's included"
else
	ktap_test_fail "rmmod with armed, running and disabled items left, cmwq_system's included"
fi
ktap_finished
