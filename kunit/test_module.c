// SPDX-License-Identifier: GPL-2.0
/*
 * cmwq_test.ko: the KUnit suites of cmwq, one file per suite. Loading it
 * runs them; results land in /sys/kernel/debug/kunit/<suite>/results.
 */
#include <linux/module.h>

#include "compat.h"

MODULE_DESCRIPTION("KUnit tests for cmwq");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(CMWQ_NS);
