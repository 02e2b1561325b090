// SPDX-License-Identifier: GPL-2.0
/*
 * RCU work: a work item queued only after an RCU grace period, for a user
 * that unpublished an object and has to free it (or do anything that may
 * sleep with it) once no RCU reader can still see it. Upstream's
 * queue_rcu_work() and flush_rcu_work(), on cmwq.
 *
 * The work's PENDING bit is taken when it is queued, as for any work, but
 * the work goes to an RCU callback first and onto a pwq only when that
 * callback runs, after the grace period. Meanwhile it is pending on no
 * queue: queueing it again returns false, flush_work() does not see it,
 * and a cancel cannot take it until the callback has queued it
 * (work.c: work_grab_pending() waits for that), then takes it off the
 * queue before it ever runs, as upstream's cancel_work_sync() does.
 */
#include <linux/export.h>
#include <linux/irqflags.h>
#include <linux/rcupdate.h>

#include "internal.h"

/*
 * The grace period that began after cmwq_queue_rcu_work() has ended: queue
 * the work. __cmwq_queue_work() wants IRQs off; an RCU callback runs with
 * them on (softirq, or rcuc/rcuo kthreads).
 */
static void rcu_work_rcufn(struct rcu_head *rcu)
{
	struct cmwq_rcu_work *rwork = container_of(rcu, struct cmwq_rcu_work,
						   rcu);
	unsigned long flags;

	local_irq_save(flags);
	__cmwq_queue_work(CMWQ_CPU_UNBOUND, rwork->wq, &rwork->work,
			  CMWQ_QUEUER_CALLER);
	local_irq_restore(flags);
}

/**
 * cmwq_queue_rcu_work - queue a work item after an RCU grace period
 * @wq: the workqueue
 * @rwork: the RCU work item
 *
 * The work is queued on @wq, on the pool of the CPU that runs the RCU
 * callback, once a full grace period has elapsed from this call: every
 * RCU read-side critical section that began before it has ended by the
 * time the work runs.
 *
 * An RCU work cannot be disabled: one whose inner work was disabled
 * (through &@rwork->work) is refused with a warning, as upstream.
 *
 * Context: any, IRQs included.
 * Return: %true if @rwork was queued. %false if it was already pending: it
 * will run, but maybe before a full grace period from this call.
 */
bool cmwq_queue_rcu_work(struct cmwq_workqueue *wq,
			 struct cmwq_rcu_work *rwork)
{
	struct cmwq_work *work = &rwork->work;

	/*
	 * Whoever sets PENDING owns the work until the callback queues it:
	 * nobody else writes rwork->wq meanwhile. call_rcu() orders the
	 * store before the callback's load (it runs after a grace period,
	 * which is a full barrier on every CPU).
	 */
	if (test_and_set_bit(CMWQ_WORK_PENDING_BIT,
			     (unsigned long *)&work->data))
		return false;
	if (WARN_ON_ONCE(cmwq_clear_pending_if_disabled(work)))
		return false;
	rwork->wq = wq;
	/* Not lazy: the work is waited for, not just memory reclaimed. */
	call_rcu_hurry(&rwork->rcu, rcu_work_rcufn);
	return true;
}
EXPORT_SYMBOL_GPL(cmwq_queue_rcu_work);

/**
 * cmwq_flush_rcu_work - wait for an RCU work's grace period and its run
 * @rwork: the RCU work item
 *
 * A pending @rwork may still be waiting for its grace period, invisible to
 * cmwq_flush_work(): rcu_barrier() waits for every RCU callback queued so
 * far, its own included, so that the work is on a queue (or ran) by then.
 *
 * Context: process context, may sleep.
 * Return: %true if @rwork was pending or running and was waited for,
 * %false if it was idle.
 */
bool cmwq_flush_rcu_work(struct cmwq_rcu_work *rwork)
{
	/*
	 * One lockless read of PENDING, as upstream: a queueing that
	 * returned before this call is seen (its test_and_set_bit() is a
	 * full barrier, and only a worker or a cancel clears the bit, after
	 * the callback); one racing with it may be missed, as for any flush.
	 */
	if (cmwq_work_pending(&rwork->work)) {
		rcu_barrier();
		cmwq_flush_work(&rwork->work);
		return true;
	}
	return cmwq_flush_work(&rwork->work);
}
EXPORT_SYMBOL_GPL(cmwq_flush_rcu_work);
