// SPDX-License-Identifier: GPL-2.0
/*
 * Running a function on given CPUs through cmwq's system workqueue and
 * waiting for it: on one CPU that stays online meanwhile
 * (cmwq_work_on_cpu_safe_key(); cmwq_work_on_cpu_key() is in workqueue.c),
 * or on every online CPU (cmwq_schedule_on_each_cpu()). Both hold CPU
 * hotplug off with cpus_read_lock() while the works run, as upstream.
 */
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/percpu.h>

#include "internal.h"

/**
 * cmwq_work_on_cpu_safe_key - run a function on an online CPU and wait
 * @cpu: the CPU
 * @fn: the function
 * @arg: its argument
 * @key: the lockdep class of the work (cmwq_work_on_cpu_safe() passes one
 *       per call site)
 *
 * cmwq_work_on_cpu_key() with CPU hotplug held off, so that @cpu stays
 * online until @fn returned. The caller must hold no lock that @fn, or a
 * CPU hotplug operation waiting for cpus_read_unlock(), needs.
 *
 * Context: process context, may sleep.
 * Return: what @fn returned; -ENODEV, without running it, if @cpu is not
 * online; otherwise what cmwq_work_on_cpu_key() returns.
 */
long cmwq_work_on_cpu_safe_key(int cpu, long (*fn)(void *arg), void *arg,
			       struct lock_class_key *key)
{
	long ret = -ENODEV;

	cpus_read_lock();
	if (cpu >= 0 && cpu < nr_cpu_ids && cpu_online(cpu))
		ret = cmwq_work_on_cpu_key(cpu, fn, arg, key);
	cpus_read_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(cmwq_work_on_cpu_safe_key);

/**
 * cmwq_schedule_on_each_cpu - run a function on every online CPU and wait
 * @func: the function; its argument is the work item of that CPU
 *
 * A work item per online CPU on cmwq's system workqueue, each on its
 * CPU's pool, then a flush of each: when this returns, @func has returned
 * on every CPU that was online. CPU hotplug is held off meanwhile. Slow:
 * for rare, global changes only.
 *
 * Context: process context, may sleep.
 * Return: 0; -ENOMEM, without running @func, if the works could not be
 * allocated; -EBUSY if the system workqueue refused one (at unload
 * only), after the others ran.
 */
int cmwq_schedule_on_each_cpu(cmwq_func_t func)
{
	struct cmwq_work __percpu *works;
	cpumask_var_t queued;
	int cpu, ret = 0;

	works = alloc_percpu(struct cmwq_work);
	if (!works)
		return -ENOMEM;
	if (!zalloc_cpumask_var(&queued, GFP_KERNEL)) {
		free_percpu(works);
		return -ENOMEM;
	}

	cpus_read_lock();
	for_each_online_cpu(cpu) {
		struct cmwq_work *work = per_cpu_ptr(works, cpu);

		CMWQ_INIT_WORK(work, func);
		if (cmwq_queue_work_on(cpu, cmwq_system_wq, work))
			cpumask_set_cpu(cpu, queued);
		else
			ret = -EBUSY;
	}
	for_each_cpu(cpu, queued)
		cmwq_flush_work(per_cpu_ptr(works, cpu));
	cpus_read_unlock();

	free_cpumask_var(queued);
	free_percpu(works);
	return ret;
}
EXPORT_SYMBOL_GPL(cmwq_schedule_on_each_cpu);
