// SPDX-License-Identifier: GPL-2.0
/*
 * Cancel by predicate: cmwq_cancel_work_match(), after io_uring io-wq's
 * io_wq_cancel_cb(). Every pending work of a workqueue that a caller's
 * match function picks is taken back (as cmwq_cancel_work() would); every
 * running one it picks is asked to stop, through a flag its function may
 * poll with cmwq_work_should_stop().
 *
 * Each pwq is done under its pool's lock alone (and its workqueue's
 * hash_lock, inside it, for parked works): first every pending work is
 * matched and moved to a private list, then each is taken back. Taking
 * one back may activate others or hand a hashed key on, which moves works
 * between the lists being walked: the private list keeps the walk and the
 * taking apart.
 *
 * The stop flag, worker->stop_requested, is written under pool->lock
 * while the worker runs the matched work: set here, cleared by the worker
 * when it starts its next work, both under the lock, so a request never
 * reaches a later work. The function reads it without the lock
 * (READ_ONCE): it is a hint with no data attached, and a request made
 * while the function polls is seen at a later poll.
 */
#include <linux/module.h>

#include "internal.h"

typedef bool (*cmwq_match_fn)(struct cmwq_work *work, void *data);

/* Move the works of @pwq on @list that @match picks to @victims. */
static void collect(struct list_head *list, struct cmwq_pwq *pwq,
		    cmwq_match_fn match, void *data,
		    struct list_head *victims)
{
	struct cmwq_work *work, *n;

	list_for_each_entry_safe(work, n, list, entry)
		if (cmwq_get_work_pwq(work) == pwq && match(work, data))
			list_move_tail(&work->entry, victims);
}

static void cancel_match_pwq(struct cmwq_pwq *pwq, cmwq_match_fn match,
			     void *data, struct cmwq_cancel_match_result *r)
{
	struct cmwq_workqueue *wq = pwq->wq;
	struct cmwq_pool *pool = pwq->pool;
	struct cmwq_worker *worker, *rescuer;
	struct cmwq_work *work, *n;
	struct cmwq_hash_key *hk;
	unsigned long flags;
	LIST_HEAD(victims);
	int bkt, c;

	raw_spin_lock_irqsave(&pool->lock, flags);
	/* An unbound pwq on its way out has no work left. */
	if (!pwq->refcnt)
		goto out;
	/* Where a pending work of @pwq can be, besides parked. */
	collect(&pool->worklist, pwq, match, data, &victims);
	collect(&pwq->inactive_works, pwq, match, data, &victims);
	list_for_each_entry(worker, &pool->workers, node)
		collect(&worker->scheduled, pwq, match, data, &victims);
	if (pool->bh_worker)
		collect(&pool->bh_worker->scheduled, pwq, match, data,
			&victims);
	/* A rescuer serving this pool fills its list under this lock. */
	rescuer = wq->rescuer;
	if (rescuer && READ_ONCE(rescuer->pool) == pool)
		collect(&rescuer->scheduled, pwq, match, data, &victims);
	raw_spin_lock(&wq->hash_lock);
	hash_for_each(wq->hash_keys, bkt, hk, key_node)
		if (hk->pwq == pwq)
			collect(&hk->parked, pwq, match, data, &victims);
	raw_spin_unlock(&wq->hash_lock);
	/* Parked for a class at its cap (work_class.c): the pool's FIFOs. */
	for (c = CMWQ_CLASS_BOUNDED; c < CMWQ_NR_CLASSES; c++)
		collect(&pool->wclass[c].parked, pwq, match, data, &victims);

	/* A BH pool's worker is in busy_hash too while it runs a work. */
	hash_for_each(pool->busy_hash, bkt, worker, hentry) {
		if (worker->current_pwq != pwq ||
		    !match(worker->current_work, data))
			continue;
		WRITE_ONCE(worker->stop_requested, true);
		pwq->stats[CMWQ_PWQ_STAT_CANCEL_MATCH_RUNNING]++;
		r->running++;
	}

	list_for_each_entry_safe(work, n, &victims, entry) {
		cmwq_work_take_queued(pool, pwq, work,
				      atomic_long_read(&work->data));
		/* Ours since it was queued: nothing to keep but the pool. */
		cmwq_set_work_pool_and_clear_pending(work, pool->id, 0);
		pwq->stats[CMWQ_PWQ_STAT_CANCEL_MATCH_PENDING]++;
		r->pending++;
	}
out:
	raw_spin_unlock_irqrestore(&pool->lock, flags);
}

/**
 * cmwq_cancel_work_match - cancel a workqueue's works that a predicate picks
 * @wq: the workqueue
 * @match: the predicate; %true picks @work
 * @data: passed to @match
 * @res: if not %NULL, filled with how many were found of each kind
 *
 * Every pending work of @wq (queued, inactive for max_active, handed to a
 * worker's list, parked behind a busy hashed key or for its class's cap)
 * that @match picks is
 * taken back as cmwq_cancel_work() would do: it will not run for that
 * queueing, its flush_work() waiters are released, and it may be queued
 * again. Every running work of @wq that @match picks is asked to stop:
 * cmwq_work_should_stop() returns %true in its function from then until
 * it returns. Nothing is waited for: use cmwq_flush_work() or
 * cmwq_flush_workqueue() for that.
 *
 * Not covered: a delayed work whose timer is still armed is not pending
 * on @wq yet (its timer holds it) and is not seen; cancel it with
 * cmwq_cancel_delayed_work(). Works queued while this runs may be missed.
 *
 * @match is called with a pool's raw spinlock held and IRQs off (and
 * @wq's hash_lock for parked works): it must not sleep, queue or cancel
 * cmwq works, or take a lock that is held around those. It may be called
 * for a running work, whose function may have freed it: a caller whose
 * works free themselves must not let @match read them (match on the
 * address alone, say).
 *
 * Context: any; does not sleep. Takes each pool lock of @wq in turn.
 * Return: the number of works found, pending (cancelled) and running
 * (asked to stop) together: 0 if none matched.
 */
int cmwq_cancel_work_match(struct cmwq_workqueue *wq, cmwq_match_fn match,
			   void *data, struct cmwq_cancel_match_result *res)
{
	struct cmwq_cancel_match_result r = {};
	struct cmwq_pwq *pwq;

	if (WARN_ON_ONCE(!wq || !match))
		return -EINVAL;
	/* Unbound pwqs come and go under wq->mutex: RCU keeps the list. */
	rcu_read_lock();
	list_for_each_entry_rcu(pwq, &wq->pwqs, pwqs_node)
		cancel_match_pwq(pwq, match, data, &r);
	rcu_read_unlock();
	if (res)
		*res = r;
	return r.pending + r.running;
}
EXPORT_SYMBOL_NS_GPL(cmwq_cancel_work_match, CMWQ_NS);

/**
 * cmwq_work_should_stop - was the running work asked to stop?
 *
 * For a work function to poll: %true once cmwq_cancel_work_match() picked
 * the work it is running, until it returns. Stopping is up to it.
 *
 * Context: a work function (kworker, rescuer or BH).
 * Return: %true if the current work was asked to stop; %false otherwise,
 * and outside a work function.
 */
bool cmwq_work_should_stop(void)
{
	struct cmwq_worker *worker = cmwq_current_worker();

	if (!worker)
		worker = cmwq_bh_current_worker();
	return worker && READ_ONCE(worker->stop_requested);
}
EXPORT_SYMBOL_NS_GPL(cmwq_work_should_stop, CMWQ_NS);
