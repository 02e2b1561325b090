#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run the C++ stress driver against a freshly loaded cmwq: 8 threads of
# random valid and invalid commands for CMWQ_STRESS_SECONDS (default 60),
# then its invariant checks. Its KTAP is this test's output. Replay a
# failure with CMWQ_STRESS_SEED set to the seed it printed.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

stress=$CMWQ_SELFTEST_BIN/cmwq_stress
if [ ! -x "$stress" ]; then
	ktap_print_header
	ktap_skip_all "$stress not built (make -C selftests)"
	exit "$KSFT_SKIP"
fi
cmwq_require_root_and_module
cmwq_unload
cmwq_load || { ktap_print_header; ktap_exit_fail_msg "insmod cmwq.ko failed"; }
"$stress" --threads "${CMWQ_STRESS_THREADS:-8}" \
	--seconds "${CMWQ_STRESS_SECONDS:-60}" \
	--seed "${CMWQ_STRESS_SEED:-$(date +%s)}"
status=$?
cmwq_unload || status=1
exit $status
