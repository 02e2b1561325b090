// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency management from the scheduler, without PF_WQ_WORKER.
 *
 * Upstream learns that a kworker blocks from sched_submit_work() and that
 * it runs again from the wake-up path; a module cannot mark its kthreads as
 * workqueue workers, so each worker registers a preempt notifier on itself.
 * sched_out with the task no longer runnable (dequeued, or since 6.12 kept
 * queued but delayed) is a real sleep; with the task still runnable it is a
 * preemption, which does not count; on PREEMPT_RT, waiting for a sleeping
 * spinlock does not count either (upstream's schedule_rtlock()).
 *
 * The notifier is attached only while the worker counts as running (from
 * leaving PREP to taking it again), so idle workers cost nothing here.
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
 * Memory ordering of the words shared here (the "S" fields of internal.h):
 * worker->sleeping, worker->hog_at, pool->cm_sleeper_pwq and
 * pool->cm_sleeper_class (the class of its work, for the per-class
 * decision counters of cm_policy.c) are written
 * only on the worker's CPU with IRQs off (these hooks, the hog watch in
 * hard IRQ, the irq_work; sched_in turns IRQs off itself, since the
 * scheduler calls it with them on) and read there too, so they need no
 * barrier, only READ_ONCE()/WRITE_ONCE() against tearing. The NOT_RUNNING
 * bits of worker->flags change under pool->lock by the worker itself, by
 * the hog watch interrupting it, and by the hotplug teardown (UNBOUND);
 * other CPUs may set other bits (DIE) meanwhile, hence WRITE_ONCE() at
 * every writer and READ_ONCE() here, once per decision.
 *
 * One exception to "on the worker's CPU": from sched_cpu_deactivate() to
 * cmwq's hotplug teardown the scheduler pushes a woken bound worker to
 * another CPU (a module cannot mark its kthreads per-CPU), where its hooks
 * keep counting it, racing with the teardown's UNBOUND. Which of them
 * changes nr_running is decided by the xchg() of worker->cm_counted
 * (cmwq_worker_count_in/out()), so the count stays exact; cm_sleeper_pwq
 * may then name the wrong pwq for one CM_WAKEUP stat, nothing more.
 */
#include <linux/irq_work.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/sched.h>

#include "internal.h"

#ifdef CONFIG_PREEMPT_NOTIFIERS

/*
 * Count @worker out; the last one running with work pending has the
 * irq_work wake another. Context: the worker's own, IRQs off.
 */
static struct preempt_ops cmwq_sched_ops;

/*
 * Is @next, the task this CPU switches to, a worker of @pool that counts
 * itself back in as soon as it runs (in sched_in)? Then nobody needs
 * waking: the irq_work would run before that sched_in, find the pool
 * without a running worker and wake a second one, which the trace of a
 * blocking mix showed for about half of all sleeps.
 *
 * Called under @next's runqueue lock, so @next runs nowhere: its notifier
 * list and its ->sleeping change only when it runs. Its flags may still
 * gain UNBOUND from the hotplug teardown on another CPU, after our read;
 * then its sched_in does not count it in, and the teardown, which counts
 * the pool's workers out under pool->lock, wakes a worker itself if work
 * is left (unbind_workers()).
 */
static bool next_counts_in(struct task_struct *next, struct cmwq_pool *pool)
{
	struct preempt_notifier *pn;

	if (!next)
		return false;
	hlist_for_each_entry(pn, &next->preempt_notifiers, link) {
		struct cmwq_worker *w;

		if (pn->ops != &cmwq_sched_ops)
			continue;
		w = container_of(pn, struct cmwq_worker, sched_hook);
		return w->pool == pool && READ_ONCE(w->sleeping) &&
		       !(READ_ONCE(w->flags) & CMWQ_WORKER_NOT_RUNNING);
	}
	return false;
}

static void count_out_and_kick(struct cmwq_worker *worker,
			       struct task_struct *next)
{
	struct cmwq_pool *pool = worker->pool;

	/*
	 * Full barrier (a value-returning atomic): the decrement is visible
	 * before we read the worklist. Pairs with the smp_mb() between
	 * inserting a work and reading nr_running in __cmwq_queue_work().
	 */
	if (cmwq_worker_count_out(worker) == 0 &&
	    !list_empty(&pool->worklist) && !next_counts_in(next, pool)) {
		/*
		 * The stats are pool->lock's: the irq_work counts the wake-up
		 * for our pwq. Our work keeps the pwq alive until we run again,
		 * and destroy waits for the irq_work before freeing pwqs.
		 */
		WRITE_ONCE(pool->cm_sleeper_pwq, worker->current_pwq);
		WRITE_ONCE(pool->cm_sleeper_class, worker->current_class);
		irq_work_queue(&pool->cm_irq_work);
	}
}

static void cmwq_sched_in(struct preempt_notifier *pn, int cpu)
{
	struct cmwq_worker *worker = container_of(pn, struct cmwq_worker,
						  sched_hook);

	unsigned long flags;

	if (!READ_ONCE(worker->sleeping))
		return;
	/*
	 * finish_task_switch() enables IRQs before sched_in runs: keep the hog
	 * watch out while we count ourselves back in (see hog.c).
	 */
	local_irq_save(flags);
	if (!(READ_ONCE(worker->flags) & CMWQ_WORKER_NOT_RUNNING) &&
	    cmwq_worker_count_in(worker)) {
		/*
		 * Store buffering with the hotplug teardown, full barriers on
		 * both sides: we mark ourselves counted, then read the flags;
		 * it sets UNBOUND, then counts us out. Either it found us
		 * counted, or we see UNBOUND here and leave ourselves.
		 */
		if (READ_ONCE(worker->flags) & CMWQ_WORKER_NOT_RUNNING)
			count_out_and_kick(worker, NULL);
		else
			cmwq_hog_watch_start(worker->pool);
	}
	/* A hog is a work that runs this long without sleeping. */
	WRITE_ONCE(worker->hog_at, current->se.sum_exec_runtime);
	WRITE_ONCE(worker->sleeping, 0);
	local_irq_restore(flags);
}

static void cmwq_sched_out(struct preempt_notifier *pn,
			   struct task_struct *next)
{
	struct cmwq_worker *worker = container_of(pn, struct cmwq_worker,
						  sched_hook);

	/* Out of concurrency management, so not counted (see sched_in). */
	if (READ_ONCE(worker->flags) & CMWQ_WORKER_NOT_RUNNING)
		return;
	/*
	 * Preempted, not sleeping: still runnable, still counted. A sleeper
	 * that EEVDF keeps queued until its lag is paid (delayed dequeue,
	 * 6.12) is not runnable all the same: see compat.h. The scheduler
	 * holds our runqueue lock, so on_rq and sched_delayed are stable.
	 */
	if (task_is_runnable(current))
		return;
	/*
	 * PREEMPT_RT: blocked on a sleeping spinlock_t or rwlock_t. To its
	 * users that is still a spinlock, and upstream's schedule_rtlock()
	 * never reports the worker as sleeping: waking a second worker for
	 * every contended lock would undo concurrency management. A wake-up
	 * racing with this switch may already have changed the state: that
	 * counts a sleep which sched_in undoes as soon as we run again.
	 */
	if (READ_ONCE(current->__state) == TASK_RTLOCK_WAIT)
		return;
	if (WARN_ON_ONCE(READ_ONCE(worker->sleeping)))
		return;
	WRITE_ONCE(worker->sleeping, 1);
	count_out_and_kick(worker, next);
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
EXPORT_SYMBOL_NS_GPL(cmwq_cm_available, CMWQ_NS);

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
 * cmwq_sched_hook_init - prepare the current worker's scheduler hook
 * @worker: the worker, which is current
 *
 * Context: the worker's own kthread, once, before it runs anything.
 */
void cmwq_sched_hook_init(struct cmwq_worker *worker)
{
	preempt_notifier_init(&worker->sched_hook, &cmwq_sched_ops);
}

/**
 * cmwq_sched_hook_attach - hook the current worker into the scheduler
 * @worker: the worker, which is current and about to count as running
 *
 * The hook is attached only while the worker counts in nr_running: an
 * idle worker's wake-ups and sleeps cost the scheduler no call into us.
 *
 * Context: the worker's own kthread, preemption disabled (pool->lock).
 */
void cmwq_sched_hook_attach(struct cmwq_worker *worker)
{
	/*
	 * Per-CPU workers only; one whose CPU went offline (UNBOUND for now)
	 * keeps or gets its hook, which ignores it until it is rebound.
	 */
	if (worker->hooked || (worker->pool->flags & CMWQ_POOL_UNBOUND))
		return;
	preempt_notifier_register(&worker->sched_hook);
	worker->hooked = true;
}

/**
 * cmwq_sched_hook_detach - unhook the current worker
 * @worker: the worker, which is current and counted out (PREP) again
 *
 * Context: the worker's own kthread, preemption disabled (pool->lock).
 */
void cmwq_sched_hook_detach(struct cmwq_worker *worker)
{
	if (!worker->hooked)
		return;
	preempt_notifier_unregister(&worker->sched_hook);
	worker->hooked = false;
}

#else /* !CONFIG_PREEMPT_NOTIFIERS */

bool cmwq_cm_available(void)
{
	return false;
}
EXPORT_SYMBOL_NS_GPL(cmwq_cm_available, CMWQ_NS);

int cmwq_sched_hooks_init(void)
{
	pr_info("cmwq: no CONFIG_PREEMPT_NOTIFIERS: workers are not concurrency managed\n");
	return 0;
}

void cmwq_sched_hooks_exit(void)
{
}

void cmwq_sched_hook_init(struct cmwq_worker *worker)
{
}

void cmwq_sched_hook_attach(struct cmwq_worker *worker)
{
}

void cmwq_sched_hook_detach(struct cmwq_worker *worker)
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
	enum cmwq_work_class class;
	struct cmwq_pwq *pwq;

	raw_spin_lock(&pool->lock);
	pwq = READ_ONCE(pool->cm_sleeper_pwq);
	class = READ_ONCE(pool->cm_sleeper_class);
	WRITE_ONCE(pool->cm_sleeper_pwq, NULL);
	/*
	 * The sleeper may be back, or a queuer may have woken someone. With
	 * a blocked window (cm_policy.c) its timer wakes, or not, later; that
	 * wake-up is the pool's to count, as the pwq may be gone by then.
	 */
	if (cmwq_need_more_worker(pool) && !cmwq_cm_window_hold(pool, class)) {
		if (pwq)
			pwq->stats[CMWQ_PWQ_STAT_CM_WAKEUP]++;
		cmwq_cm_count_wake(pool, class);
		cmwq_wake_up_worker(pool);
	}
	raw_spin_unlock(&pool->lock);
}
