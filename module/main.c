// SPDX-License-Identifier: GPL-2.0
/*
 * cmwq - a loadable reimplementation of the kernel's Concurrency Managed
 * Workqueue, for studying and tuning workqueue behaviour without rebuilding
 * a kernel.
 *
 * At load, every possible CPU gets a normal and a highpri worker pool with
 * kthreads bound to it; /sys/kernel/debug/cmwq/ shows and drives them. See
 * Documentation/design.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "internal.h"

static int __init cmwq_init(void)
{
	int ret;

	ret = cmwq_pools_init();
	if (ret) {
		pr_err("cannot create the per-CPU pools: %d\n", ret);
		return ret;
	}
	cmwq_debugfs_init();
	pr_info("%d per-CPU pools on %d CPUs\n",
		num_possible_cpus() * CMWQ_NR_STD_POOLS, num_possible_cpus());
	return 0;
}

static void __exit cmwq_exit(void)
{
	cmwq_debugfs_exit();
	cmwq_pools_exit();
}

module_init(cmwq_init);
module_exit(cmwq_exit);

MODULE_DESCRIPTION("Concurrency Managed Workqueue, reimplemented as a module");
MODULE_LICENSE("GPL");
