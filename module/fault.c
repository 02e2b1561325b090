// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection, in /sys/kernel/debug/cmwq/ with the kernel's
 * fault-injection attributes (probability, times, interval, space, ...;
 * Documentation/fault-injection/fault-injection.rst of the kernel):
 *
 * fail_create_worker/ makes worker creation fail, so tests can see the
 * mayday timer call the rescuers; fail_alloc_wq/ makes the allocations of
 * cmwq_alloc_workqueue() fail (the workqueue, its pwq table, each pwq, the
 * rescuer), so tests can walk every error path.
 */
#include <linux/debugfs.h>
#include <linux/fault-inject.h>
#include <linux/module.h>

#include "internal.h"

#ifdef CONFIG_FAULT_INJECTION
/* Also set directly by the KUnit suites. */
struct fault_attr cmwq_fail_create_worker = FAULT_ATTR_INITIALIZER;
EXPORT_SYMBOL_NS_GPL(cmwq_fail_create_worker, CMWQ_NS);
struct fault_attr cmwq_fail_alloc_wq = FAULT_ATTR_INITIALIZER;
EXPORT_SYMBOL_NS_GPL(cmwq_fail_alloc_wq, CMWQ_NS);

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
 * cmwq_should_fail_alloc_wq - should this allocation of a workqueue fail?
 *
 * Return: %true when fault injection says so.
 */
bool cmwq_should_fail_alloc_wq(void)
{
	return should_fail(&cmwq_fail_alloc_wq, 1);
}

/**
 * cmwq_fault_debugfs_init - expose the fault attributes
 * @dir: the cmwq debugfs directory
 */
void cmwq_fault_debugfs_init(struct dentry *dir)
{
	fault_create_debugfs_attr("fail_create_worker", dir,
				  &cmwq_fail_create_worker);
	fault_create_debugfs_attr("fail_alloc_wq", dir, &cmwq_fail_alloc_wq);
}
#else
bool cmwq_should_fail_create_worker(void)
{
	return false;
}

bool cmwq_should_fail_alloc_wq(void)
{
	return false;
}

void cmwq_fault_debugfs_init(struct dentry *dir)
{
}
#endif
