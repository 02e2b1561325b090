// SPDX-License-Identifier: GPL-2.0
/*
 * Rescuers: one extra worker for each CMWQ_MEM_RECLAIM workqueue.
 *
 * A workqueue used on the memory-reclaim path must make progress even when
 * no new worker can be created (creating one allocates memory). When a
 * pool's manager fails to create a worker for long enough, the mayday timer
 * (worker.c) puts the pwqs with work waiting on their workqueue's maydays
 * list; the rescuer, created with the workqueue, moves to the pool's CPU,
 * runs those pwqs' works and goes back to sleep.
 */
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "internal.h"

/* Guards every wq->maydays; nests inside pool->lock. */
DEFINE_RAW_SPINLOCK(cmwq_mayday_lock);

/* Take every work of @pwq off its pool's worklist, onto our own list. */
static bool rescuer_collect(struct cmwq_worker *rescuer, struct cmwq_pwq *pwq)
{
	struct cmwq_pool *pool = pwq->pool;
	struct cmwq_work *work, *n;
	bool first = true;

	lockdep_assert_held(&pool->lock);
	WARN_ON_ONCE(!list_empty(&rescuer->scheduled));
	list_for_each_entry_safe(work, n, &pool->worklist, entry) {
		if (cmwq_get_work_pwq(work) != pwq)
			continue;
		if (first)
			pool->watchdog_ts = jiffies;
		first = false;
		list_move_tail(&work->entry, &rescuer->scheduled);
		pwq->stats[CMWQ_PWQ_STAT_RESCUED]++;
	}
	return !list_empty(&rescuer->scheduled);
}

/* Serve one pwq's mayday on its pool. */
static void rescue_pwq(struct cmwq_worker *rescuer, struct cmwq_pwq *pwq)
{
	struct cmwq_workqueue *wq = rescuer->rescue_wq;
	struct cmwq_pool *pool = pwq->pool;

	set_cpus_allowed_ptr(current, cmwq_pool_allowed_cpus(pool));
	rescuer->pool = pool;

	raw_spin_lock_irq(&pool->lock);
	if (rescuer_collect(rescuer, pwq)) {
		cmwq_process_scheduled_works(rescuer);
		/* Still short of workers: stay on the list for another go. */
		if (pwq->nr_active && cmwq_need_to_create_worker(pool)) {
			raw_spin_lock(&cmwq_mayday_lock);
			if (list_empty(&pwq->mayday_node)) {
				cmwq_get_pwq(pwq);
				list_add_tail(&pwq->mayday_node, &wq->maydays);
			}
			raw_spin_unlock(&cmwq_mayday_lock);
		}
	}
	/* The reference send_mayday() took. */
	cmwq_put_pwq(pwq);
	/* Leave the pool with a worker on what is left. */
	if (cmwq_need_more_worker(pool))
		cmwq_wake_up_worker(pool);
	raw_spin_unlock_irq(&pool->lock);
	rescuer->pool = NULL;
}

/**
 * cmwq_rescuer_thread - the rescuer's kthread
 * @arg: the rescuer
 *
 * Return: 0, when stopped with kthread_stop() and nothing left to rescue.
 */
int cmwq_rescuer_thread(void *arg)
{
	struct cmwq_worker *rescuer = arg;
	struct cmwq_workqueue *wq = rescuer->rescue_wq;
	bool should_stop;

	for (;;) {
		set_current_state(TASK_IDLE);
		/* Checked first, so that a last mayday is still served. */
		should_stop = kthread_should_stop();

		raw_spin_lock_irq(&cmwq_mayday_lock);
		while (!list_empty(&wq->maydays)) {
			struct cmwq_pwq *pwq =
				list_first_entry(&wq->maydays, struct cmwq_pwq,
						 mayday_node);

			__set_current_state(TASK_RUNNING);
			list_del_init(&pwq->mayday_node);
			raw_spin_unlock_irq(&cmwq_mayday_lock);
			rescue_pwq(rescuer, pwq);
			raw_spin_lock_irq(&cmwq_mayday_lock);
		}
		raw_spin_unlock_irq(&cmwq_mayday_lock);

		if (should_stop)
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/**
 * cmwq_create_rescuer - give a CMWQ_MEM_RECLAIM workqueue its rescuer
 * @wq: the workqueue
 *
 * Context: process context, may sleep.
 * Return: 0 or a negative errno.
 */
int cmwq_create_rescuer(struct cmwq_workqueue *wq)
{
	struct cmwq_worker *rescuer;

	if (cmwq_should_fail_alloc_wq())
		return -ENOMEM;
	rescuer = cmwq_alloc_worker(NUMA_NO_NODE);
	if (!rescuer)
		return -ENOMEM;
	rescuer->rescue_wq = wq;
	rescuer->task = kthread_create(cmwq_rescuer_thread, rescuer, "cmwq_%s",
				       wq->name);
	if (IS_ERR(rescuer->task)) {
		int ret = PTR_ERR(rescuer->task);

		kfree(rescuer);
		return ret;
	}
	wq->rescuer = rescuer;
	wake_up_process(rescuer->task);
	return 0;
}

/**
 * cmwq_destroy_rescuer - stop a workqueue's rescuer
 * @wq: the workqueue, drained
 *
 * Context: process context, may sleep.
 */
void cmwq_destroy_rescuer(struct cmwq_workqueue *wq)
{
	struct cmwq_worker *rescuer = wq->rescuer;

	if (!rescuer)
		return;
	raw_spin_lock_irq(&cmwq_mayday_lock);
	wq->rescuer = NULL;
	raw_spin_unlock_irq(&cmwq_mayday_lock);
	kthread_stop(rescuer->task);
	kfree(rescuer);
}
