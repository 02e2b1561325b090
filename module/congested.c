// SPDX-License-Identifier: GPL-2.0
/*
 * Is a workqueue congested on a CPU: has the pool_workqueue serving that
 * CPU works waiting for max_active (its inactive list not empty)? A hint
 * for callers that would rather not add to the backlog, with no lock
 * taken: the answer can be stale as soon as it is read, as upstream's.
 */
#include <linux/export.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/smp.h>

#include "internal.h"

/**
 * cmwq_workqueue_congested - has @wq inactive works on @cpu's pwq?
 * @cpu: a possible CPU, or %CMWQ_CPU_UNBOUND for the local one
 * @wq: the workqueue
 *
 * A per-CPU workqueue has a pwq per CPU; an unbound one a pwq per pod (of
 * its affinity scope), so every CPU of the pod gives the same answer, and
 * a congested pod says nothing of the others. An unbound workqueue's works
 * also wait there for their node's share of max_active.
 *
 * Context: any.
 * Return: %true if congested, %false otherwise or for a CPU that is not
 * possible.
 */
bool cmwq_workqueue_congested(int cpu, struct cmwq_workqueue *wq)
{
	struct cmwq_pwq *pwq;
	bool ret;

	/* Stay on the local CPU while its slot is read. */
	preempt_disable();
	if (cpu == CMWQ_CPU_UNBOUND)
		cpu = smp_processor_id();
	if (cpu < 0 || cpu >= nr_cpu_ids || !cpu_possible(cpu)) {
		preempt_enable();
		return false;
	}
	/* An unbound slot is replaced under RCU (unbound.c). */
	rcu_read_lock();
	pwq = rcu_dereference(wq->cpu_pwqs[cpu]);
	ret = !list_empty(&pwq->inactive_works);
	rcu_read_unlock();
	preempt_enable();
	return ret;
}
EXPORT_SYMBOL_GPL(cmwq_workqueue_congested);
