// SPDX-License-Identifier: GPL-2.0
/*
 * Hashed serialisation: cmwq_queue_work_hashed(), after io_uring io-wq's
 * hash chains, with exact keys instead of io-wq's buckets.
 *
 * A key is busy from the queueing of its first work (its head) until the
 * last of its works ends or is cancelled. While it is busy it has a
 * struct cmwq_hash_key on its workqueue's hash_keys: the pwq every work
 * of the key is accounted on, the head (while queued, also on hash_heads
 * so that the worker starting it or a cancel finds the key), and the FIFO
 * of parked works. A parked work is on no pool list, so no worker sees it
 * or waits for it; it is pending all the same (data names the pwq, with
 * PARKED and INACTIVE) and counts in the pwq's nr_in_flight for its flush
 * colour from its queueing, so cancel, flush_work, flush_workqueue and
 * drain all see it. When the head ends (its worker, hash_finish) or is
 * taken back (a cancel, hash_taken), the first parked work becomes the
 * head: the finishing worker runs it next itself, a cancel queues it on
 * the pool; with no parked work left the key is forgotten.
 *
 * Every work of a busy key is on the head's pwq, so all the work of a key
 * is done under one pool lock: nothing here takes two pool locks.
 *
 * Lock order: pool->lock, then wq->hash_lock (raw, IRQ-safe). The queueing
 * side, which must find the key's pool before it may take that pool's
 * lock, looks the key up under hash_lock alone, drops it, takes the pool
 * lock and hash_lock, and looks again: the pwq it found may only be freed
 * a grace period after its last work is gone, so RCU covers the gap, and
 * the second look decides. The fields marked H in internal.h change only
 * under hash_lock, and in fact always under the key's pool lock as well.
 */
#include <linux/hashtable.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "internal.h"

#define CMWQ_WORK_COLOR_MASK \
	(((1UL << CMWQ_WORK_COLOR_BITS) - 1) << CMWQ_WORK_COLOR_SHIFT)

/**
 * cmwq_hashed_wq_init - a new workqueue has no busy key
 * @wq: the workqueue
 *
 * Context: process context, before @wq is in use.
 */
void cmwq_hashed_wq_init(struct cmwq_workqueue *wq)
{
	raw_spin_lock_init(&wq->hash_lock);
	hash_init(wq->hash_keys);
	hash_init(wq->hash_heads);
	INIT_HLIST_HEAD(&wq->hash_spare);
}

/**
 * cmwq_hashed_wq_exit - free the spare entries of a drained workqueue
 * @wq: the workqueue, drained: it must have no busy key left
 *
 * Context: process context.
 */
void cmwq_hashed_wq_exit(struct cmwq_workqueue *wq)
{
	struct cmwq_hash_key *hk;
	struct hlist_node *tmp;
	unsigned long flags;
	HLIST_HEAD(spare);
	bool busy;

	raw_spin_lock_irqsave(&wq->hash_lock, flags);
	busy = !hash_empty(wq->hash_keys) || !hash_empty(wq->hash_heads);
	hlist_move_list(&wq->hash_spare, &spare);
	raw_spin_unlock_irqrestore(&wq->hash_lock, flags);
	WARN(busy, "cmwq: %s has busy hashed keys after its drain\n",
	     wq->name);
	hlist_for_each_entry_safe(hk, tmp, &spare, key_node)
		kfree(hk);
}

/*
 * Entries of keys gone idle are kept on wq->hash_spare for the next new
 * key, and freed with the workqueue: nothing is freed under a raw lock,
 * and a busy workqueue allocates only up to its peak of busy keys.
 */
static void spare_put(struct cmwq_workqueue *wq, struct cmwq_hash_key *hk)
{
	lockdep_assert_held(&wq->hash_lock);
	hlist_add_head(&hk->key_node, &wq->hash_spare);
}

static struct cmwq_hash_key *spare_get(struct cmwq_workqueue *wq)
{
	struct cmwq_hash_key *hk;

	raw_spin_lock(&wq->hash_lock);
	hk = hlist_entry_safe(wq->hash_spare.first, struct cmwq_hash_key,
			      key_node);
	if (hk)
		hlist_del(&hk->key_node);
	raw_spin_unlock(&wq->hash_lock);
	return hk;
}

static struct cmwq_hash_key *key_find(struct cmwq_workqueue *wq,
				      unsigned long key)
{
	struct cmwq_hash_key *hk;

	lockdep_assert_held(&wq->hash_lock);
	hash_for_each_possible(wq->hash_keys, hk, key_node, key)
		if (hk->key == key)
			return hk;
	return NULL;
}

/* The key whose queued head @work is: a pending work has one queueing. */
static struct cmwq_hash_key *head_find(struct cmwq_workqueue *wq,
				       struct cmwq_work *work)
{
	struct cmwq_hash_key *hk;

	lockdep_assert_held(&wq->hash_lock);
	hash_for_each_possible(wq->hash_heads, hk, head_node,
			       (unsigned long)work)
		if (hk->head == work)
			return hk;
	return NULL;
}

/**
 * cmwq_hash_claim - make a key busy with @work as its head
 * @pwq: the pwq @work is being queued on
 * @work: the work, PENDING owned by the caller, not on any list yet
 * @hnew: the new entry, its key set
 *
 * Context: pwq->pool->lock held.
 * Return: %true if the key was idle and is now @hnew's; %false if it is
 * busy (nothing done: the caller parks @work instead).
 */
bool cmwq_hash_claim(struct cmwq_pwq *pwq, struct cmwq_work *work,
		     struct cmwq_hash_key *hnew)
{
	struct cmwq_workqueue *wq = pwq->wq;
	bool claimed = false;

	lockdep_assert_held(&pwq->pool->lock);
	raw_spin_lock(&wq->hash_lock);
	if (!key_find(wq, hnew->key)) {
		hnew->pwq = pwq;
		hnew->head = work;
		INIT_LIST_HEAD(&hnew->parked);
		hash_add(wq->hash_keys, &hnew->key_node, hnew->key);
		hash_add(wq->hash_heads, &hnew->head_node, (unsigned long)work);
		claimed = true;
	}
	raw_spin_unlock(&wq->hash_lock);
	return claimed;
}

/**
 * cmwq_hash_start - a worker starts the head of a key
 * @wq: the workqueue
 * @work: the head, just taken off its list
 *
 * Context: the pool->lock of the key's pwq held.
 * Return: the key, for cmwq_hash_finish() when @work ends.
 */
struct cmwq_hash_key *cmwq_hash_start(struct cmwq_workqueue *wq,
				      struct cmwq_work *work)
{
	struct cmwq_hash_key *hk;

	raw_spin_lock(&wq->hash_lock);
	hk = head_find(wq, work);
	if (!WARN_ON_ONCE(!hk)) {
		/* Its function may free @work: forget the address. */
		hash_del(&hk->head_node);
		hk->head = NULL;
	}
	raw_spin_unlock(&wq->hash_lock);
	return hk;
}

/*
 * The head of @hk is gone (ended or taken back): make the first parked
 * work the head, or forget the key (@hk becomes a spare). Returns the new
 * head, or NULL when the key went idle.
 */
static struct cmwq_work *hand_on(struct cmwq_workqueue *wq,
				 struct cmwq_hash_key *hk)
{
	struct cmwq_work *next;

	lockdep_assert_held(&wq->hash_lock);
	next = list_first_entry_or_null(&hk->parked, struct cmwq_work, entry);
	if (!next) {
		hash_del(&hk->key_node);
		spare_put(wq, hk);
		return NULL;
	}
	list_del_init(&next->entry);
	hk->head = next;
	hash_add(wq->hash_heads, &hk->head_node, (unsigned long)next);
	return next;
}

/**
 * cmwq_queue_parked - queue a parked work that was just handed on
 * @pwq: the pwq its data names
 * @work: the work, off its parked list, PENDING still set
 * @flags: the data flags it is queued with: its colour, and HASHED (a
 *         key's new head) or its class's flags (work_class.c)
 * @run_list: the finishing worker's scheduled list, or %NULL for the pool
 *
 * Queued on @pwq like a newly queued work, its colour and pwq reference
 * kept: on @run_list (or the pool's worklist) if an active slot is free
 * and no inactive work waits before it, else as inactive.
 *
 * Context: pwq->pool->lock held.
 */
void cmwq_queue_parked(struct cmwq_pwq *pwq, struct cmwq_work *work,
		       unsigned long flags, struct list_head *run_list)
{
	struct cmwq_pool *pool = pwq->pool;
	struct list_head *head;

	lockdep_assert_held(&pool->lock);
	if (list_empty(&pwq->inactive_works) &&
	    cmwq_pwq_tryinc_active(pwq, CMWQ_CLAIM_QUEUED)) {
		head = run_list;
		if (!head) {
			head = &pool->worklist;
			if (list_empty(head))
				pool->watchdog_ts = jiffies;
		}
	} else {
		flags |= CMWQ_WORK_INACTIVE;
		head = &pwq->inactive_works;
	}
	/* Under the pool lock, as every switch of data between pwq forms. */
	cmwq_set_work_pwq(work, pwq, flags);
	list_add_tail(&work->entry, head);
	if (head == &pool->worklist) {
		/* As in __cmwq_queue_work(): pairs with the scheduler hooks. */
		smp_mb();
		if (cmwq_need_more_worker(pool))
			cmwq_wake_up_worker(pool);
	}
}

/* A parked work of @pwq's key is its head now: queue it. */
static void queue_head(struct cmwq_pwq *pwq, struct cmwq_work *work,
		       struct list_head *run_list)
{
	pwq->stats[CMWQ_PWQ_STAT_HASHED_HANDOFF]++;
	cmwq_queue_parked(pwq, work,
			  (atomic_long_read(&work->data) &
			   CMWQ_WORK_COLOR_MASK) | CMWQ_WORK_HASHED,
			  run_list);
}

/**
 * cmwq_hash_finish - the head of a key ended: hand the key on
 * @worker: the worker that ran it; its current_hkey is cleared
 * @pwq: the head's pwq, still holding the head's reference
 *
 * The next parked work goes to @worker's scheduled list, which it runs
 * before going back to the pool (a BH worker puts it on the worklist: its
 * round has a budget).
 *
 * Context: pwq->pool->lock held.
 */
void cmwq_hash_finish(struct cmwq_worker *worker, struct cmwq_pwq *pwq)
{
	struct cmwq_hash_key *hk = worker->current_hkey;
	struct cmwq_workqueue *wq = pwq->wq;
	struct cmwq_work *next;

	lockdep_assert_held(&pwq->pool->lock);
	worker->current_hkey = NULL;
	WARN_ON_ONCE(hk->pwq != pwq);
	raw_spin_lock(&wq->hash_lock);
	next = hand_on(wq, hk);
	raw_spin_unlock(&wq->hash_lock);
	if (next)
		queue_head(pwq, next, worker->task ? &worker->scheduled : NULL);
}

/**
 * cmwq_hash_taken - a hashed work was taken back before it ran
 * @pwq: its pwq
 * @work: the work, PENDING owned by the taker
 * @data: its data: %CMWQ_WORK_PARKED or %CMWQ_WORK_HASHED (the head)
 *
 * A parked work leaves its key's FIFO; a head hands the key on, its
 * next work queued on the pool.
 *
 * Context: pwq->pool->lock held.
 */
void cmwq_hash_taken(struct cmwq_pwq *pwq, struct cmwq_work *work,
		     unsigned long data)
{
	struct cmwq_workqueue *wq = pwq->wq;
	struct cmwq_hash_key *hk;
	struct cmwq_work *next;

	lockdep_assert_held(&pwq->pool->lock);
	raw_spin_lock(&wq->hash_lock);
	if (data & CMWQ_WORK_PARKED) {
		list_del_init(&work->entry);
		raw_spin_unlock(&wq->hash_lock);
		return;
	}
	hk = head_find(wq, work);
	if (WARN_ON_ONCE(!hk)) {
		raw_spin_unlock(&wq->hash_lock);
		return;
	}
	hash_del(&hk->head_node);
	hk->head = NULL;
	next = hand_on(wq, hk);
	raw_spin_unlock(&wq->hash_lock);
	if (next)
		queue_head(pwq, next, NULL);
}

/* Give PENDING back, nothing queued. */
static void release_pending(struct cmwq_work *work)
{
	unsigned long data = atomic_long_read(&work->data);

	cmwq_set_work_pool_and_clear_pending(work,
					     data >> CMWQ_OFFQ_POOL_SHIFT, 0);
}

/*
 * Park @work behind @key if the key is busy. Returns 1 if parked, 0 if
 * the key is idle (queue @work as its head), -EBUSY if @wq refuses works
 * (PENDING released).
 */
static int park(struct cmwq_workqueue *wq, struct cmwq_work *work,
		unsigned long key)
{
	struct cmwq_hash_key *hk;
	struct cmwq_pool *pool;
	struct cmwq_pwq *pwq;
	unsigned long color;

	rcu_read_lock();
again:
	raw_spin_lock(&wq->hash_lock);
	hk = key_find(wq, key);
	pwq = hk ? hk->pwq : NULL;
	raw_spin_unlock(&wq->hash_lock);
	if (!pwq) {
		rcu_read_unlock();
		return 0;
	}
	/* RCU keeps pwq and its pool; the look under both locks decides. */
	pool = pwq->pool;
	raw_spin_lock(&pool->lock);
	raw_spin_lock(&wq->hash_lock);
	hk = key_find(wq, key);
	if (unlikely(!hk || hk->pwq != pwq)) {
		raw_spin_unlock(&wq->hash_lock);
		raw_spin_unlock(&pool->lock);
		cpu_relax();
		goto again;
	}
	rcu_read_unlock();
	if (unlikely(cmwq_queue_refused(wq, CMWQ_QUEUER_CALLER))) {
		raw_spin_unlock(&wq->hash_lock);
		raw_spin_unlock(&pool->lock);
		pr_warn_ratelimited("cmwq: %s is being %s: %ps not queued\n",
				    wq->name,
				    READ_ONCE(wq->flags) & __CMWQ_DESTROYING ?
				    "destroyed" : "drained", work->func);
		release_pending(work);
		return -EBUSY;
	}
	/*
	 * In flight for flush_workqueue() from now, in the colour of its
	 * queueing, but not active: max_active is asked when it is handed
	 * on. The key's head holds @pwq's reference meanwhile; ours is taken
	 * here for the parked work itself.
	 */
	color = pwq->work_color;
	pwq->nr_in_flight[color]++;
	cmwq_work_debug_activate(work);
	cmwq_insert_work(pwq, work, &hk->parked,
			 (color << CMWQ_WORK_COLOR_SHIFT) | CMWQ_WORK_PARKED |
			 CMWQ_WORK_INACTIVE);
	pwq->stats[CMWQ_PWQ_STAT_HASHED_PARKED]++;
	raw_spin_unlock(&wq->hash_lock);
	raw_spin_unlock(&pool->lock);
	return 1;
}

bool cmwq_queue_work_hashed(struct cmwq_workqueue *wq, struct cmwq_work *work,
			    unsigned long key)
{
	struct cmwq_hash_key *hnew = NULL;
	unsigned long flags;
	bool ret = false;
	int r;

	/*
	 * PREEMPT_RT cannot allocate with IRQs off, as we must be while we
	 * own PENDING off any queue: when the key may turn out idle and no
	 * spare is left, allocate now if the caller's context allows it.
	 * Unused, it becomes a spare.
	 */
	if (IS_ENABLED(CONFIG_PREEMPT_RT) && preemptible() &&
	    hlist_empty(&wq->hash_spare))
		hnew = kmalloc(sizeof(*hnew), GFP_ATOMIC | __GFP_NOWARN);

	local_irq_save(flags);
	if (test_and_set_bit(CMWQ_WORK_PENDING_BIT,
			     (unsigned long *)&work->data) ||
	    cmwq_clear_pending_if_disabled(work))
		goto out;
	for (;;) {
		r = park(wq, work, key);
		if (r) {
			ret = r > 0;
			break;
		}
		if (!hnew)
			hnew = spare_get(wq);
		if (!hnew && !IS_ENABLED(CONFIG_PREEMPT_RT))
			hnew = kmalloc(sizeof(*hnew), GFP_ATOMIC | __GFP_NOWARN);
		if (!hnew) {
			pr_warn_ratelimited("cmwq: %s: no memory for hashed key %lu: %ps not queued\n",
					    wq->name, key, work->func);
			release_pending(work);
			break;
		}
		hnew->key = key;
		r = __cmwq_queue_work_hashed(CMWQ_CPU_UNBOUND, wq, work, hnew);
		/* Made busy by another CPU meanwhile: park behind it. */
		if (r == -EAGAIN)
			continue;
		if (r > 0)
			hnew = NULL;
		ret = r > 0;
		break;
	}
out:
	if (hnew) {
		raw_spin_lock(&wq->hash_lock);
		spare_put(wq, hnew);
		raw_spin_unlock(&wq->hash_lock);
	}
	local_irq_restore(flags);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(cmwq_queue_work_hashed, CMWQ_NS);
