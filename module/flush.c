// SPDX-License-Identifier: GPL-2.0
/*
 * Waiting for work: flush_work() with waiters on the work's pool or
 * worker, flush_workqueue() with flush colours, and drain_workqueue().
 *
 * flush_work() waits for the queueing of a work that was last seen: the
 * pending one if the work is pending, else the running one. Upstream
 * queues a barrier work behind it, which a worker then runs like any
 * other work (dequeue, lockdep maps, bookkeeping) only to complete the
 * flusher. cmwq hangs a waiter on the work instead: on the pool's
 * flush_waiters while the work is pending, moved to the worker that starts
 * it, completed by that worker when the work returns, under the pool lock
 * that every step holds. A pending work taken off its pool without running
 * (cancel, disable) hands its waiters to the worker still running an
 * earlier queueing of it, or completes them. The hot path pays one test of
 * a word for this when nobody flushes (internal.h).
 *
 * flush_workqueue() must wait for every work queued before it and for no
 * work queued after it. Each work carries the colour its pwq had when it
 * was queued; a flush moves the workqueue to the next colour and waits for
 * the in-flight count of the old colour to drop to zero on every pwq.
 * Concurrent flushers queue up behind the first one, each waiting for its
 * own colour, so none starves; when all colours are in use the overflow
 * list waits for one to free up.
 */
#include <linux/bottom_half.h>
#include <linux/module.h>
#include <linux/sched.h>

#include "internal.h"

/**
 * __cmwq_flush_waiters_follow - a worker starts a work: take its waiters
 * @worker: the worker, about to run @work
 * @work: the work, just taken off its pool
 *
 * Context: pool->lock held.
 */
void __cmwq_flush_waiters_follow(struct cmwq_worker *worker,
				 struct cmwq_work *work)
{
	struct cmwq_pool *pool = worker->pool;
	struct cmwq_flush_waiter *waiter;
	struct hlist_node *tmp;

	hash_for_each_possible_safe(pool->flush_waiters, waiter, tmp, node,
				    (unsigned long)work) {
		if (waiter->work != work)
			continue;
		hash_del(&waiter->node);
		pool->nr_flush_waiters--;
		hlist_add_head(&waiter->node, &worker->flush_waiters);
	}
}

/**
 * __cmwq_flush_waiters_wake - complete every waiter of a list
 * @waiters: the list, emptied
 *
 * A waiter lives on its flusher's stack: once completed, it may be gone,
 * so each is unlinked before its completion.
 *
 * Context: pool->lock held.
 */
void __cmwq_flush_waiters_wake(struct hlist_head *waiters)
{
	struct cmwq_flush_waiter *waiter;
	struct hlist_node *tmp;

	hlist_for_each_entry_safe(waiter, tmp, waiters, node) {
		hlist_del_init(&waiter->node);
		complete(&waiter->done);
	}
}

/**
 * __cmwq_flush_waiters_taken - a pending work left its pool unrun
 * @pool: the pool it was pending on
 * @work: the work, now off queue
 *
 * Its waiters waited for this queueing, which will not run: they now wait
 * for the one still running, if any, or are done.
 *
 * Context: pool->lock held.
 */
void __cmwq_flush_waiters_taken(struct cmwq_pool *pool, struct cmwq_work *work)
{
	struct cmwq_worker *worker = cmwq_find_worker_executing_work(pool, work);
	struct cmwq_flush_waiter *waiter;
	struct hlist_node *tmp;

	hash_for_each_possible_safe(pool->flush_waiters, waiter, tmp, node,
				    (unsigned long)work) {
		if (waiter->work != work)
			continue;
		hash_del(&waiter->node);
		pool->nr_flush_waiters--;
		if (worker)
			hlist_add_head(&waiter->node, &worker->flush_waiters);
		else
			complete(&waiter->done);
	}
}

/*
 * Hang @waiter on @work if it is pending or running; return the workqueue
 * it is queued on or running for, or %NULL if @work is idle.
 */
static struct cmwq_workqueue *start_flush_work(struct cmwq_work *work,
					       struct cmwq_flush_waiter *waiter)
{
	struct cmwq_workqueue *wq = NULL;
	struct cmwq_worker *worker;
	struct cmwq_pool *pool;
	struct cmwq_pwq *pwq;

	pool = cmwq_get_work_pool(work);
	if (!pool)
		return NULL;
	raw_spin_lock_irq(&pool->lock);
	/* Stable under the lock: the work cannot move to or off this pool. */
	pwq = cmwq_get_work_pwq(work);
	if (pwq) {
		if (unlikely(pwq->pool != pool))
			goto out;
		hash_add(pool->flush_waiters, &waiter->node,
			 (unsigned long)work);
		pool->nr_flush_waiters++;
	} else {
		worker = cmwq_find_worker_executing_work(pool, work);
		if (!worker)
			goto out;
		pwq = worker->current_pwq;
		hlist_add_head(&waiter->node, &worker->flush_waiters);
	}
	wq = pwq->wq;
out:
	raw_spin_unlock_irq(&pool->lock);
	return wq;
}

/*
 * A cancel waits for a BH work by spinning, as upstream does: the caller
 * may be atomic or in softirq itself (cancel_work_sync() of BH works is
 * allowed there), and the run it waits for is a softirq on another CPU
 * that ends without needing anything from us. On PREEMPT_RT softirqs run
 * in preemptible tasks: the run may be one we preempted on this CPU, so
 * each pass takes and drops this CPU's BH lock, which lets it finish.
 * The waiter's completion is completed under the pool lock by the BH
 * worker; try_wait_for_completion() takes the completion's own lock, which
 * orders everything the work did before its completion with our return.
 */
static void bh_spin_wait(struct completion *done)
{
	while (!try_wait_for_completion(done)) {
		if (IS_ENABLED(CONFIG_PREEMPT_RT)) {
			local_bh_disable();
			local_bh_enable();
		} else {
			cpu_relax();
		}
	}
}

/**
 * __cmwq_flush_work - wait for a work item's last queueing to finish
 * @work: the work item
 * @from_cancel: called by cancel or disable (see lockdep.c)
 *
 * Context: process context, may sleep; with @from_cancel and a BH work,
 * any context but hard IRQ (it spins).
 * Return: %true if it waited, %false if @work was idle.
 */
bool __cmwq_flush_work(struct cmwq_work *work, bool from_cancel)
{
	struct cmwq_flush_waiter waiter = { .work = work };
	struct cmwq_workqueue *wq;
	bool bh;

	if (WARN_ON(!work->func))
		return false;
	init_completion(&waiter.done);
	/*
	 * RCU keeps the pool found in work->data, and @wq for the lockdep
	 * touch after the lock is dropped: the work may end and its
	 * workqueue be destroyed meanwhile, but destroy frees it only after
	 * a grace period (lockdep_unregister_key() waits for one, lockdep.c).
	 */
	rcu_read_lock();
	wq = start_flush_work(work, &waiter);
	if (!wq) {
		rcu_read_unlock();
		return false;
	}
	cmwq_lockdep_flush_work(work, wq, from_cancel);
	bh = READ_ONCE(wq->flags) & CMWQ_BH;
	rcu_read_unlock();
	if (from_cancel && bh)
		bh_spin_wait(&waiter.done);
	else
		wait_for_completion(&waiter.done);
	return true;
}

/**
 * cmwq_flush_work - wait for a work item's last queueing to finish
 * @work: the work item
 *
 * Waits until @work, if pending or running when called, has run. Works
 * queued meanwhile by others are not waited for.
 *
 * Context: process context, may sleep.
 * Return: %true if it waited, %false if @work was idle.
 */
bool cmwq_flush_work(struct cmwq_work *work)
{
	return __cmwq_flush_work(work, false);
}
EXPORT_SYMBOL_GPL(cmwq_flush_work);

/**
 * cmwq_flush_delayed_work - run a delayed work now and wait for it
 * @dwork: the delayed work item
 *
 * An armed timer is cut short: the work is queued at once.
 *
 * Context: process context, may sleep.
 * Return: %true if it waited, %false if @dwork was idle.
 */
bool cmwq_flush_delayed_work(struct cmwq_delayed_work *dwork)
{
	local_irq_disable();
	cmwq_delayed_work_kick(dwork);
	local_irq_enable();
	return cmwq_flush_work(&dwork->work);
}
EXPORT_SYMBOL_GPL(cmwq_flush_delayed_work);

static int next_color(int color)
{
	return (color + 1) % CMWQ_NR_COLORS;
}

/*
 * Arm the pwqs of @wq for a flush of @flush_color (if >= 0) and move them
 * to @work_color (if >= 0). Returns whether any pwq has works of
 * @flush_color in flight; if none has, the flush is already complete.
 */
static bool flush_prep_pwqs(struct cmwq_workqueue *wq, int flush_color,
			    int work_color)
{
	struct cmwq_pwq *pwq;
	bool wait = false;

	lockdep_assert_held(&wq->mutex);
	if (flush_color >= 0) {
		WARN_ON_ONCE(atomic_read(&wq->nr_pwqs_to_flush));
		/* Our own count, dropped below: no completion before then. */
		atomic_set(&wq->nr_pwqs_to_flush, 1);
	}

	list_for_each_entry(pwq, &wq->pwqs, pwqs_node) {
		struct cmwq_pool *pool = pwq->pool;

		raw_spin_lock_irq(&pool->lock);
		if (flush_color >= 0) {
			WARN_ON_ONCE(pwq->flush_color != -1);
			if (pwq->nr_in_flight[flush_color]) {
				pwq->flush_color = flush_color;
				atomic_inc(&wq->nr_pwqs_to_flush);
				wait = true;
			}
		}
		if (work_color >= 0) {
			WARN_ON_ONCE(work_color != next_color(pwq->work_color));
			pwq->work_color = work_color;
		}
		raw_spin_unlock_irq(&pool->lock);
	}

	if (flush_color >= 0 && atomic_dec_and_test(&wq->nr_pwqs_to_flush))
		complete(&wq->first_flusher->done);
	return wait;
}

/*
 * The first flusher's colour is done: complete every flusher of that
 * colour, give freed colours to overflowed flushers and hand the first
 * flusher role to the next in line.
 */
static void flush_cascade(struct cmwq_workqueue *wq)
{
	struct cmwq_flusher *next, *tmp;

	lockdep_assert_held(&wq->mutex);
	for (;;) {
		list_for_each_entry_safe(next, tmp, &wq->flusher_queue, list) {
			if (next->flush_color != wq->flush_color)
				break;
			list_del_init(&next->list);
			complete(&next->done);
		}

		wq->flush_color = next_color(wq->flush_color);

		/* A colour is free again: the overflow gets the next one. */
		if (!list_empty(&wq->flusher_overflow)) {
			list_for_each_entry(tmp, &wq->flusher_overflow, list)
				tmp->flush_color = wq->work_color;
			wq->work_color = next_color(wq->work_color);
			list_splice_tail_init(&wq->flusher_overflow,
					      &wq->flusher_queue);
			flush_prep_pwqs(wq, -1, wq->work_color);
		}

		if (list_empty(&wq->flusher_queue)) {
			WARN_ON_ONCE(wq->flush_color != wq->work_color);
			return;
		}

		/* The next flusher in line waits for its colour now. */
		next = list_first_entry(&wq->flusher_queue,
					struct cmwq_flusher, list);
		WARN_ON_ONCE(wq->flush_color != next->flush_color);
		list_del_init(&next->list);
		wq->first_flusher = next;
		if (flush_prep_pwqs(wq, wq->flush_color, -1))
			return;
		/* Nothing of that colour in flight: it is done already. */
		wq->first_flusher = NULL;
	}
}

/**
 * cmwq_flush_workqueue - wait for every work queued so far to finish
 * @wq: the workqueue
 *
 * Works queued after the call are not waited for.
 *
 * Context: process context, may sleep.
 */
void cmwq_flush_workqueue(struct cmwq_workqueue *wq)
{
	struct cmwq_flusher self = {
		.list = LIST_HEAD_INIT(self.list),
		.flush_color = -1,
	};
	int next;

	might_sleep();
	cmwq_lockdep_flush_wq(wq);
	init_completion(&self.done);

	mutex_lock(&wq->mutex);
	next = next_color(wq->work_color);
	if (next != wq->flush_color) {
		/* A colour is free: flush the current one, move to the next. */
		WARN_ON_ONCE(!list_empty(&wq->flusher_overflow));
		self.flush_color = wq->work_color;
		wq->work_color = next;
		if (!wq->first_flusher) {
			WARN_ON_ONCE(wq->flush_color != self.flush_color);
			wq->first_flusher = &self;
			if (!flush_prep_pwqs(wq, wq->flush_color,
					     wq->work_color)) {
				/* Nothing in flight: done. */
				wq->flush_color = next;
				wq->first_flusher = NULL;
				goto out_unlock;
			}
		} else {
			WARN_ON_ONCE(wq->flush_color == self.flush_color);
			list_add_tail(&self.list, &wq->flusher_queue);
			flush_prep_pwqs(wq, -1, wq->work_color);
		}
	} else {
		/* Every colour is in use: wait for one to free up. */
		list_add_tail(&self.list, &wq->flusher_overflow);
	}
	mutex_unlock(&wq->mutex);

	wait_for_completion(&self.done);

	/* Only the first flusher cascades; others were completed by it. */
	if (READ_ONCE(wq->first_flusher) != &self)
		return;
	mutex_lock(&wq->mutex);
	if (wq->first_flusher != &self)
		goto out_unlock;
	WRITE_ONCE(wq->first_flusher, NULL);
	WARN_ON_ONCE(!list_empty(&self.list));
	WARN_ON_ONCE(wq->flush_color != self.flush_color);
	flush_cascade(wq);
out_unlock:
	mutex_unlock(&wq->mutex);
}
EXPORT_SYMBOL_GPL(cmwq_flush_workqueue);

/**
 * cmwq_drain_workqueue - flush until a workqueue is empty
 * @wq: the workqueue
 *
 * Also waits for works that the workqueue's own works queue meanwhile
 * (chains); works queued from outside are refused until it returns.
 *
 * Context: process context, may sleep.
 */
void cmwq_drain_workqueue(struct cmwq_workqueue *wq)
{
	unsigned int flush_cnt = 0;
	struct cmwq_pwq *pwq;

	mutex_lock(&wq->mutex);
	if (!wq->nr_drainers++)
		WRITE_ONCE(wq->flags, wq->flags | __CMWQ_DRAINING);
	mutex_unlock(&wq->mutex);
reflush:
	cmwq_flush_workqueue(wq);

	mutex_lock(&wq->mutex);
	list_for_each_entry(pwq, &wq->pwqs, pwqs_node) {
		bool drained;

		raw_spin_lock_irq(&pwq->pool->lock);
		drained = !pwq->nr_active && list_empty(&pwq->inactive_works);
		raw_spin_unlock_irq(&pwq->pool->lock);
		if (drained)
			continue;
		if (++flush_cnt == 10 ||
		    (flush_cnt % 100 == 0 && flush_cnt <= 1000))
			pr_warn("cmwq: %s isn't draining after %u tries\n",
				wq->name, flush_cnt);
		mutex_unlock(&wq->mutex);
		goto reflush;
	}
	if (!--wq->nr_drainers)
		WRITE_ONCE(wq->flags, wq->flags & ~__CMWQ_DRAINING);
	mutex_unlock(&wq->mutex);
}
EXPORT_SYMBOL_GPL(cmwq_drain_workqueue);
