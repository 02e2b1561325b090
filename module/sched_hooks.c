// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency management from the scheduler, without PF_WQ_WORKER.
 *
 * Upstream learns that a kworker blocks from sched_submit_work() and that
 * it runs again from the wake-up path; a module cannot mark its kthreads as
 * workqueue workers, so each worker registers a preempt notifier on itself.
 * sched_out with the task dequeued (on_rq == 0) is a real sleep; with the
 * task still queued it is a preemption, which does not count.
 *
 * sched_out runs under the runqueue lock with IRQs off, so it takes no pool
 * lock (waking a worker under pool->lock takes p->pi_lock and rq->lock: an
 * ABBA deadlock) and wakes nobody (try_to_wake_up() on the same runqueue
 * would deadlock). It only updates the atomic nr_running and, when that
 * drops to zero with work pending, queues the pool's irq_work, whose
 * handler takes pool->lock and wakes an idle worker right after the switch.
 * The queueing path wakes a worker on its own when it sees nr_running == 0:
 * the full barriers on both sides make sure one of the two sees the other.
 *
 * The same file watches for CPU hogs: a per-worker hrtimer fires when a
 * work has used cpu_intensive_thresh_us of CPU and takes the worker out of
 * concurrency management, like upstream's wq_worker_tick().
 */
#include <linux/hrtimer.h>
#include <linux/irq_work.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/sched.h>

#include "internal.h"

#ifdef CONFIG_PREEMPT_NOTIFIERS

static void cmwq_sched_in(struct preempt_notifier *pn, int cpu)
{
	struct cmwq_worker *worker = container_of(pn, struct cmwq_worker,
						  sched_hook);

	if (!worker->sleeping)
		return;
	if (!(worker->flags & CMWQ_WORKER_NOT_RUNNING))
		atomic_inc(&worker->pool->nr_running);
	/* A hog is a work that runs this long without sleeping. */
	worker->hog_at = current->se.sum_exec_runtime;
	WRITE_ONCE(worker->sleeping, 0);
}

static void cmwq_sched_out(struct preempt_notifier *pn,
			   struct task_struct *next)
{
	struct cmwq_worker *worker = container_of(pn, struct cmwq_worker,
						  sched_hook);
	struct cmwq_pool *pool = worker->pool;

	if (worker->flags & CMWQ_WORKER_NOT_RUNNING)
		return;
	/* Preempted, not sleeping: still runnable, still counted. */
	if (READ_ONCE(current->on_rq))
		return;
	if (WARN_ON_ONCE(worker->sleeping))
		return;
	WRITE_ONCE(worker->sleeping, 1);
	/* Full barrier: pairs with the one after queueing in work.c. */
	if (atomic_dec_and_test(&pool->nr_running) &&
	    !list_empty(&pool->worklist)) {
		/* Only this CPU, IRQs off, touches this pwq's counters now. */
		if (worker->current_pwq)
			worker->current_pwq->stats[CMWQ_PWQ_STAT_CM_WAKEUP]++;
		irq_work_queue(&pool->cm_irq_work);
	}
}

static struct preempt_ops cmwq_sched_ops = {
	.sched_in = cmwq_sched_in,
	.sched_out = cmwq_sched_out,
};

/**
 * cmwq_cm_available - can workers be concurrency managed here?
 *
 * Return: %true with CONFIG_PREEMPT_NOTIFIERS. Without it (UML), workers
 * run unmanaged: every pending work gets a worker, like an unbound pool.
 */
bool cmwq_cm_available(void)
{
	return true;
}
EXPORT_SYMBOL_NS_GPL(cmwq_cm_available, CMWQ_INTERNAL);

/**
 * cmwq_sched_hooks_init - enable preempt notifiers
 *
 * Context: module load.
 * Return: 0.
 */
int cmwq_sched_hooks_init(void)
{
	preempt_notifier_inc();
	return 0;
}

/**
 * cmwq_sched_hooks_exit - balance cmwq_sched_hooks_init()
 *
 * Context: module unload, after every worker is gone.
 */
void cmwq_sched_hooks_exit(void)
{
	preempt_notifier_dec();
}

/**
 * cmwq_sched_hook_register - hook the current worker into the scheduler
 * @worker: the worker, which is current
 *
 * Context: the worker's own kthread.
 */
void cmwq_sched_hook_register(struct cmwq_worker *worker)
{
	if (worker->flags & CMWQ_WORKER_UNBOUND)
		return;
	preempt_notifier_init(&worker->sched_hook, &cmwq_sched_ops);
	preempt_disable();
	preempt_notifier_register(&worker->sched_hook);
	preempt_enable();
}

/**
 * cmwq_sched_hook_unregister - unhook the current worker
 * @worker: the worker, which is current and about to exit
 *
 * Context: the worker's own kthread.
 */
void cmwq_sched_hook_unregister(struct cmwq_worker *worker)
{
	if (worker->flags & CMWQ_WORKER_UNBOUND)
		return;
	preempt_disable();
	preempt_notifier_unregister(&worker->sched_hook);
	preempt_enable();
}

#else /* !CONFIG_PREEMPT_NOTIFIERS */

bool cmwq_cm_available(void)
{
	return false;
}
EXPORT_SYMBOL_NS_GPL(cmwq_cm_available, CMWQ_INTERNAL);

int cmwq_sched_hooks_init(void)
{
	pr_info("cmwq: no CONFIG_PREEMPT_NOTIFIERS: workers are not concurrency managed\n");
	return 0;
}

void cmwq_sched_hooks_exit(void)
{
}

void cmwq_sched_hook_register(struct cmwq_worker *worker)
{
}

void cmwq_sched_hook_unregister(struct cmwq_worker *worker)
{
}

#endif /* CONFIG_PREEMPT_NOTIFIERS */

/**
 * cmwq_cm_irq_work_fn - wake an idle worker after a running one slept
 * @iw: pool->cm_irq_work
 *
 * Context: hard IRQ, on the pool's CPU, after the context switch.
 */
void cmwq_cm_irq_work_fn(struct irq_work *iw)
{
	struct cmwq_pool *pool = container_of(iw, struct cmwq_pool,
					      cm_irq_work);

	raw_spin_lock(&pool->lock);
	/* The sleeper may be back, or a queuer may have woken someone. */
	if (cmwq_need_more_worker(pool))
		cmwq_wake_up_worker(pool);
	raw_spin_unlock(&pool->lock);
}

static enum hrtimer_restart cmwq_hog_timer_fn(struct hrtimer *timer)
{
	struct cmwq_worker *worker = container_of(timer, struct cmwq_worker,
						  hog_timer);
	u64 thresh = (u64)READ_ONCE(cmwq_cpu_intensive_thresh_us) *
		     NSEC_PER_USEC;
	struct cmwq_pool *pool = worker->pool;
	u64 ran;

	/*
	 * CPU time counts only while the worker runs: look again later. A
	 * worker just switched in may still be counted out as sleeping (IRQs
	 * are on again before sched_in runs): taking it out of CM again
	 * would count it out twice.
	 */
	if (current != worker->task || READ_ONCE(worker->sleeping)) {
		hrtimer_forward_now(timer, ns_to_ktime(thresh));
		return HRTIMER_RESTART;
	}
	ran = READ_ONCE(current->se.sum_exec_runtime) - worker->hog_at;
	if (ran < thresh) {
		hrtimer_forward_now(timer, ns_to_ktime(thresh - ran));
		return HRTIMER_RESTART;
	}

	raw_spin_lock(&pool->lock);
	if (worker->current_work &&
	    !(worker->flags & CMWQ_WORKER_NOT_RUNNING)) {
		struct cmwq_pwq *pwq = worker->current_pwq;

		/* The worker is interrupted here, so its flags are ours. */
		cmwq_worker_set_flags(worker, CMWQ_WORKER_CPU_INTENSIVE);
		pwq->stats[CMWQ_PWQ_STAT_CPU_INTENSIVE]++;
		pr_info_ratelimited("cmwq: %ps hogged CPU for >%luus, consider CMWQ_CPU_INTENSIVE\n",
				    worker->current_func,
				    cmwq_cpu_intensive_thresh_us);
		if (cmwq_need_more_worker(pool)) {
			pwq->stats[CMWQ_PWQ_STAT_CM_WAKEUP]++;
			cmwq_wake_up_worker(pool);
		}
	}
	raw_spin_unlock(&pool->lock);
	return HRTIMER_NORESTART;
}

/**
 * cmwq_hog_timer_init - prepare a worker's CPU-hog timer
 * @worker: the worker
 */
void cmwq_hog_timer_init(struct cmwq_worker *worker)
{
	hrtimer_init(&worker->hog_timer, CLOCK_MONOTONIC,
		     HRTIMER_MODE_REL_PINNED_HARD);
	worker->hog_timer.function = cmwq_hog_timer_fn;
}

/**
 * cmwq_hog_timer_start - watch the work the current worker starts
 * @worker: the worker, which is current and concurrency managed
 *
 * Context: the worker, IRQs enabled.
 */
void cmwq_hog_timer_start(struct cmwq_worker *worker)
{
	unsigned long thresh = READ_ONCE(cmwq_cpu_intensive_thresh_us);

	if (!thresh)
		return;
	hrtimer_start(&worker->hog_timer, ns_to_ktime((u64)thresh *
						      NSEC_PER_USEC),
		      HRTIMER_MODE_REL_PINNED_HARD);
}

/**
 * cmwq_hog_timer_cancel - the work is done
 * @worker: the worker, which is current
 *
 * Context: the worker, pool->lock not held (the timer takes it).
 */
void cmwq_hog_timer_cancel(struct cmwq_worker *worker)
{
	hrtimer_cancel(&worker->hog_timer);
}
