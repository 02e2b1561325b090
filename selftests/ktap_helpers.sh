# SPDX-License-Identifier: GPL-2.0
# KTAP output for the shell selftests, with the function names of newer
# kernels' tools/testing/selftests/kselftest/ktap_helpers.sh (6.1 has none),
# so the tests read the same as upstream ones. Sourced; POSIX sh.

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

KTAP_TESTNO=1
KTAP_CNT_PASS=0
KTAP_CNT_FAIL=0
KTAP_CNT_SKIP=0

# ktap_print_header: the KTAP version line.
ktap_print_header() {
	echo "TAP version 13"
}

# ktap_set_plan N: announce N results.
ktap_set_plan() {
	echo "1..$1"
}

# ktap_skip_all REASON: a plan of 0 that says why nothing runs.
ktap_skip_all() {
	echo "1..0 # SKIP $*"
}

# __ktap_test RESULT DESCRIPTION [DIRECTIVE]
__ktap_test() {
	echo "$1 $KTAP_TESTNO $2${3:+ # $3}"
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
}

# ktap_test_pass DESCRIPTION
ktap_test_pass() {
	__ktap_test ok "$1"
	KTAP_CNT_PASS=$((KTAP_CNT_PASS + 1))
}

# ktap_test_skip DESCRIPTION REASON
ktap_test_skip() {
	__ktap_test ok "$1" "SKIP $2"
	KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + 1))
}

# ktap_test_fail DESCRIPTION
ktap_test_fail() {
	__ktap_test "not ok" "$1"
	KTAP_CNT_FAIL=$((KTAP_CNT_FAIL + 1))
}

# ktap_test_result DESCRIPTION COMMAND [ARG...]: pass if COMMAND succeeds.
ktap_test_result() {
	desc=$1
	shift
	if "$@"; then
		ktap_test_pass "$desc"
	else
		ktap_test_fail "$desc"
	fi
}

# ktap_print_msg MESSAGE: a diagnostic line.
ktap_print_msg() {
	echo "# $*"
}

# ktap_exit_fail_msg MESSAGE: bail out of the whole file.
ktap_exit_fail_msg() {
	echo "Bail out! $*"
	exit "$KSFT_FAIL"
}

# ktap_print_totals: the kselftest totals line.
ktap_print_totals() {
	echo "# Totals: pass:$KTAP_CNT_PASS fail:$KTAP_CNT_FAIL xfail:0 xpass:0 skip:$KTAP_CNT_SKIP error:0"
}

# ktap_finished: print the totals and exit with the kselftest status.
ktap_finished() {
	ktap_print_totals
	if [ "$KTAP_CNT_FAIL" -gt 0 ]; then
		exit "$KSFT_FAIL"
	fi
	exit "$KSFT_PASS"
}
