// SPDX-License-Identifier: GPL-2.0
/*
 * CPU hotplug cycling during the torture (hotplug=1): one more kthread
 * takes a random CPU other than the first online one offline, or brings
 * an offline one back, every 100 to 300 ms until the end, then brings
 * every CPU back. Per-CPU pools lose their CPU meanwhile (their workers
 * run anywhere), so the per-CPU max_active check, which counts by the
 * CPU a run is on, is off during such a run (ledger.c); every other
 * check stands.
 */
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/wait.h>

#include "cmwq_torture.h"

static DECLARE_WAIT_QUEUE_HEAD(tort_hotplug_wait);

/* A possible CPU other than the first online one, or -1. */
static int tort_hotplug_pick(u64 *rnd)
{
	int first = cpumask_first(cpu_online_mask), i, cpu;

	if (num_present_cpus() < 2)
		return -1;
	i = tort_rand(rnd, num_present_cpus() - 1);
	for_each_present_cpu(cpu)
		if (cpu != first && !i--)
			return cpu;
	return -1;
}

/*
 * Bring @cpu back at the end. A system suspend (a freezer cycle of
 * scripts/guest-torture) disables CPU hotplug while it lasts: -EBUSY,
 * tried again for up to 30 s.
 */
static int tort_hotplug_back(int cpu)
{
	int tries = 300, ret;

	while ((ret = add_cpu(cpu)) == -EBUSY && --tries)
		msleep(100);
	return ret;
}

/**
 * tort_hotplug_fn - the hotplug thread, until the deadline
 * @arg: its struct tort_thread (its generator only)
 *
 * Return: 0, once kthread_stop() was called.
 */
int tort_hotplug_fn(void *arg)
{
	struct tort_thread *t = arg;
	int cpu;

	while (time_before(jiffies, tort_deadline) && !kthread_should_stop()) {
		cpu = tort_hotplug_pick(&t->rnd);
		WRITE_ONCE(t->doing, "hotplug");
		if (cpu >= 0 && cpu_online(cpu)) {
			if (!remove_cpu(cpu))
				tort_count(TS_CPU_OFFLINE);
		} else if (cpu >= 0) {
			if (!add_cpu(cpu))
				tort_count(TS_CPU_ONLINE);
		}
		msleep(100 + tort_rand(&t->rnd, 200));
	}
	for_each_present_cpu(cpu)
		if (!cpu_online(cpu) && tort_hotplug_back(cpu))
			tort_violation(TS_API, NULL, "CPU %d stays offline",
				       cpu);
	tort_thread_done(t);
	/* As tort_thread_fn(): kthread_stop() wakes the task itself. */
	wait_event_interruptible(tort_hotplug_wait, kthread_should_stop());
	return 0;
}
