// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection for worker creation: /sys/kernel/debug/cmwq/
 * fail_create_worker/ takes the kernel's fault-injection attributes
 * (probability, times, interval, ...), so tests can make the manager fail
 * and see the mayday timer call the rescuers. See
 * Documentation/fault-injection/fault-injection.rst of the kernel.
 */
#include <linux/debugfs.h>
#include <linux/fault-inject.h>
#include <linux/module.h>

#include "internal.h"

#ifdef CONFIG_FAULT_INJECTION
/* Also set directly by the KUnit suites. */
struct fault_attr cmwq_fail_create_worker = FAULT_ATTR_INITIALIZER;
EXPORT_SYMBOL_NS_GPL(cmwq_fail_create_worker, CMWQ_INTERNAL);

/**
 * cmwq_should_fail_create_worker - should this worker creation fail?
 *
 * Return: %true when fault injection says so.
 */
bool cmwq_should_fail_create_worker(void)
{
	return should_fail(&cmwq_fail_create_worker, 1);
}

/**
 * cmwq_fault_debugfs_init - expose the fault attributes
 * @dir: the cmwq debugfs directory
 */
void cmwq_fault_debugfs_init(struct dentry *dir)
{
	fault_create_debugfs_attr("fail_create_worker", dir,
				  &cmwq_fail_create_worker);
}
#else
bool cmwq_should_fail_create_worker(void)
{
	return false;
}

void cmwq_fault_debugfs_init(struct dentry *dir)
{
}
#endif
