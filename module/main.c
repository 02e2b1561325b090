// SPDX-License-Identifier: GPL-2.0
/*
 * cmwq - a loadable reimplementation of the kernel's Concurrency Managed
 * Workqueue, for studying and tuning workqueue behaviour without rebuilding
 * a kernel.
 *
 * At load, every possible CPU gets a normal and a highpri worker pool with
 * kthreads bound to it; cmwq.h is the API other modules queue work with,
 * and /sys/kernel/debug/cmwq/ shows and drives the state. See
 * Documentation/design.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "internal.h"
#include "pod.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

/* For probes in other modules, the KUnit suites among them. */
EXPORT_TRACEPOINT_SYMBOL_GPL(cmwq_queue_work);
EXPORT_TRACEPOINT_SYMBOL_GPL(cmwq_activate_work);
EXPORT_TRACEPOINT_SYMBOL_GPL(cmwq_execute_start);
EXPORT_TRACEPOINT_SYMBOL_GPL(cmwq_execute_end);
EXPORT_TRACEPOINT_SYMBOL_GPL(cmwq_cm_decision);
EXPORT_TRACEPOINT_SYMBOL_GPL(cmwq_class_cap);

/* The KUnit suites change these too, and restore them. */
unsigned long cmwq_cpu_intensive_thresh_us = 10000;
EXPORT_SYMBOL_NS_GPL(cmwq_cpu_intensive_thresh_us, CMWQ_NS);
unsigned int cmwq_idle_timeout_ms = 300000;
EXPORT_SYMBOL_NS_GPL(cmwq_idle_timeout_ms, CMWQ_NS);

/* Accept [0, 10 s]: 0 turns hog detection off. */
static int thresh_set(const char *val, const struct kernel_param *kp)
{
	unsigned long v;
	int ret;

	ret = kstrtoul(val, 0, &v);
	if (ret)
		return ret;
	if (v > 10 * USEC_PER_SEC) {
		pr_warn("cpu_intensive_thresh_us=%lu: want 0 (off) to %lu\n",
			v, 10 * USEC_PER_SEC);
		return -EINVAL;
	}
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, v);
	return 0;
}

static const struct kernel_param_ops thresh_ops = {
	.set = thresh_set,
	.get = param_get_ulong,
};
module_param_cb(cpu_intensive_thresh_us, &thresh_ops,
		&cmwq_cpu_intensive_thresh_us, 0644);
MODULE_PARM_DESC(cpu_intensive_thresh_us,
		 "CPU time after which a work stops counting for concurrency (us, 0 = off, default 10000)");

/* Accept [10 ms, 1 h]. */
static int idle_timeout_set(const char *val, const struct kernel_param *kp)
{
	int ret = param_set_uint_minmax(val, kp, 10, 3600 * MSEC_PER_SEC);

	if (ret)
		pr_warn("idle_timeout_ms=%s: want 10 to %lu\n", val,
			3600 * MSEC_PER_SEC);
	return ret;
}

static const struct kernel_param_ops idle_timeout_ops = {
	.set = idle_timeout_set,
	.get = param_get_uint,
};
module_param_cb(idle_timeout_ms, &idle_timeout_ops, &cmwq_idle_timeout_ms,
		0644);
MODULE_PARM_DESC(idle_timeout_ms,
		 "How long surplus idle workers live (ms, default 300000)");

static int __init cmwq_init(void)
{
	int ret;

	/* Pods first: unbound pools and workqueues are built on them. */
	ret = cmwq_pods_init();
	if (ret) {
		pr_err("cannot compute the affinity scopes' pods: %d\n", ret);
		return ret;
	}
	cmwq_sched_hooks_init();
	cmwq_hog_init();
	ret = cmwq_unbound_init();
	if (ret) {
		pr_err("cannot create the pwq release workqueue: %d\n", ret);
		goto exit_hooks;
	}
	ret = cmwq_pools_init();
	if (ret) {
		pr_err("cannot create the per-CPU pools: %d\n", ret);
		goto exit_unbound;
	}
	ret = cmwq_bh_pools_init();
	if (ret) {
		pr_err("cannot create the BH pools: %d\n", ret);
		goto exit_pools;
	}
	ret = cmwq_hotplug_init();
	if (ret) {
		pr_err("cannot follow CPU hotplug: %d\n", ret);
		goto exit_bh_pools;
	}
	ret = cmwq_sysfs_init();
	if (ret) {
		pr_err("cannot register the cmwq bus: %d\n", ret);
		goto exit_hotplug;
	}
	ret = cmwq_workqueues_init();
	if (ret) {
		pr_err("cannot create the pwq cache: %d\n", ret);
		goto exit_sysfs;
	}
	ret = cmwq_system_wqs_init();
	if (ret)
		goto exit_workqueues;
	ret = cmwq_freezer_init();
	if (ret) {
		pr_err("cannot follow system suspend: %d\n", ret);
		goto exit_system_wqs;
	}
	cmwq_debugfs_init();
	cmwq_watchdog_init();
	pr_info("%d per-CPU pools and %d BH pools on %d CPUs, concurrency management %s\n",
		num_possible_cpus() * CMWQ_NR_STD_POOLS,
		num_possible_cpus() * CMWQ_NR_STD_POOLS, num_possible_cpus(),
		cmwq_cm_available() ? "on" : "off (no preempt notifiers)");
	return 0;

exit_system_wqs:
	cmwq_system_wqs_exit();
exit_workqueues:
	cmwq_workqueues_exit();
exit_sysfs:
	cmwq_sysfs_exit();
exit_hotplug:
	cmwq_hotplug_exit();
exit_bh_pools:
	cmwq_bh_pools_exit();
exit_pools:
	cmwq_pools_exit();
exit_unbound:
	cmwq_unbound_exit();
exit_hooks:
	cmwq_hog_exit();
	cmwq_sched_hooks_exit();
	cmwq_pods_exit();
	return ret;
}

static void __exit cmwq_exit(void)
{
	cmwq_watchdog_exit();
	cmwq_debugfs_exit();
	cmwq_control_exit();
	/* A frozen workqueue could not drain. */
	cmwq_freezer_exit();
	cmwq_system_wqs_exit();
	cmwq_workqueues_exit();
	cmwq_sysfs_exit();
	cmwq_hotplug_exit();
	cmwq_bh_pools_exit();
	cmwq_pools_exit();
	cmwq_unbound_exit();
	cmwq_hog_exit();
	cmwq_sched_hooks_exit();
	cmwq_pods_exit();
}

module_init(cmwq_init);
module_exit(cmwq_exit);

MODULE_DESCRIPTION("Concurrency Managed Workqueue, reimplemented as a module");
MODULE_LICENSE("GPL");
