#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# drgn-scripts/cmwq_pools.py reads the live kernel's pools exactly as the
# debugfs pools file shows them, and says so clearly when cmwq is absent.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

ktap_print_header
cmwq_require_root_and_module
if ! command -v drgn >/dev/null; then
	ktap_skip_all "drgn is not installed (apt-get install python3-drgn)"
	exit "$KSFT_SKIP"
fi
if [ ! -r "${CMWQ_VMLINUX:-}" ] || [ ! -r /proc/kcore ]; then
	ktap_skip_all "no vmlinux (CMWQ_VMLINUX) or /proc/kcore to read"
	exit "$KSFT_SKIP"
fi
cmwq_unload
ktap_set_plan 3

script=$CMWQ_SELFTEST_DIR/../drgn-scripts/cmwq_pools.py
run_drgn() {
	drgn -k -s "$CMWQ_VMLINUX" -s "$CMWQ_KO" "$script" 2>&1
}

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"
# A second worker in one pool, so the columns are not all alike.
cmwq_ctl "create_worker pool=3" || ktap_exit_fail_msg "create_worker: $(cmwq_ctl_error)"
debugfs=$(cat "$CMWQ_DBG/pools")
out=$(run_drgn)
if [ "$out" = "$debugfs" ]; then
	ktap_test_pass "cmwq_pools.py prints what debugfs pools shows ($(($(echo "$out" | wc -l) - 1)) pools)"
else
	ktap_print_msg "debugfs:"
	echo "$debugfs" | sed 's/^/#   /'
	ktap_print_msg "drgn:"
	echo "$out" | sed 's/^/#   /'
	ktap_test_fail "cmwq_pools.py prints what debugfs pools shows"
fi

cmwq_unload
out=$(run_drgn)
status=$?
ktap_test_result "without cmwq it fails" [ $status != 0 ]
case $out in
*"cmwq module is not loaded"*) ktap_test_pass "and says cmwq is not loaded" ;;
*) ktap_print_msg "$out"; ktap_test_fail "and says cmwq is not loaded" ;;
esac
ktap_finished
