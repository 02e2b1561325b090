#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Kthreads race queue, flush, work_busy, cancel, cancel_sync, disable,
# enable and mod_delayed_work on the same few items (race/cmwq_race.ko) for
# CMWQ_RACE_SECONDS (default 20): every queueing ran exactly once or was
# cancelled, no item ran twice at once, and the kernel log stays clean.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

race_ko=$CMWQ_BUILD/race/cmwq_race.ko
seconds=${CMWQ_RACE_SECONDS:-20}

ktap_print_header
cmwq_require_root_and_module
if [ ! -f "$race_ko" ]; then
	ktap_skip_all "$race_ko not built (make)"
	exit "$KSFT_SKIP"
fi
cmwq_unload
ktap_set_plan 3

cmwq_load || ktap_exit_fail_msg "insmod cmwq.ko failed"
# The module races at load and refuses to load on a violation.
insmod "$race_ko" seconds="$seconds"
status=$?
report=$(dmesg | grep 'cmwq_race: ' | tail -n 2)
printf '%s\n' "$report" | while IFS= read -r line; do
	ktap_print_msg "$line"
done
ktap_test_result "$seconds s of racing lost nothing" [ "$status" = 0 ]
# Its summary must show a real race: runs and cancels both happened.
ran=$(printf '%s\n' "$report" | sed -n 's/.* \([0-9]*\) ran, \([0-9]*\) cancelled.*/\1 \2/p')
ktap_test_result "the race ran and cancelled items ($ran)" \
	[ "${ran% *}" -gt 100 -a "${ran#* }" -gt 10 ]
rmmod cmwq_race 2>/dev/null
ktap_test_result "cmwq unloads after the race" cmwq_unload
ktap_finished
