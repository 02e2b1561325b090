#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Loading cmwq, using it and unloading it leaves no leaked memory behind,
# according to kmemleak.
. "$(dirname "$0")/ktap_helpers.sh"
. "$(dirname "$0")/lib.sh"

KMEMLEAK=/sys/kernel/debug/kmemleak

ktap_print_header
cmwq_require_root_and_module
if [ ! -w "$KMEMLEAK" ]; then
	ktap_skip_all "no kmemleak (CONFIG_DEBUG_KMEMLEAK)"
	exit "$KSFT_SKIP"
fi
cmwq_unload
ktap_set_plan 2

# Forget what the boot already leaked; only new reports count.
echo scan >"$KMEMLEAK"
echo clear >"$KMEMLEAK"
ok=1
for round in 1 2 3; do
	cmwq_load || ok=0
	for pool in 0 1 2 3; do
		cmwq_ctl "create_worker pool=$pool" || ok=0
	done
	cmwq_unload || ok=0
done
ktap_test_result "three rounds of insmod, create_worker, rmmod" [ $ok = 1 ]

# kmemleak reports only objects older than 5 s, seen unreferenced twice.
sleep 6
echo scan >"$KMEMLEAK"
echo scan >"$KMEMLEAK"
leaks=$(cat "$KMEMLEAK")
if [ -z "$leaks" ]; then
	ktap_test_pass "kmemleak reports nothing new"
else
	echo "$leaks" | head -n 40 | sed 's/^/# /'
	ktap_test_fail "kmemleak reports nothing new"
fi
ktap_finished
