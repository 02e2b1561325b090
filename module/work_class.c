// SPDX-License-Identifier: GPL-2.0
/*
 * Work classes with per-pool caps, after io_uring io-wq's two accounting
 * classes (IO_WQ_ACCT_BOUND, IO_WQ_ACCT_UNBOUND) and their runtime
 * max_workers (IORING_REGISTER_IOWQ_MAX_WORKERS).
 *
 * A work queued with cmwq_queue_work_class_on() is bounded (it blocks for
 * a bounded time, disk-like) or unbounded (it may block indefinitely,
 * network-like). Each pool caps, per class, how many works of the class
 * are in progress on it at once: claimed, that is queued on one of its
 * lists (worklist, a pwq's inactive list, a worker's scheduled list) or
 * running. A cap of 0, the default, is no cap. Works queued without a
 * class are never counted nor held. So unbounded works at their cap
 * cannot take the pool from bounded ones: the bounded ones are never
 * behind them in a queue they cannot leave.
 *
 * Unlike io-wq, which caps its worker threads, cmwq caps works: workers
 * are shared by every workqueue of the pool and made by concurrency
 * management, so a cap on works in progress is what keeps a class from
 * filling the pool.
 *
 * A work over its class's cap is parked on the pool's FIFO of the class,
 * as hashed.c parks a busy key's works: on no pool list, so no worker
 * sees it or waits for it, but pending all the same (data names its pwq,
 * with PARKED and INACTIVE), counted in its pwq's nr_in_flight for its
 * flush colour and holding a pwq reference, so cancel, flush_work,
 * flush_workqueue, drain and destroy see it. A slot is given back when a
 * claimed work ends (cmwq_class_finish(): the first parked work of the
 * class goes to the finishing worker's scheduled list, which it runs
 * next, as hashed.c's cmwq_hash_finish() does), when a claimed work is
 * taken back before it ran (cmwq_class_taken(): the parked work goes on
 * the pool's worklist), and when a cap is raised. A worker never waits
 * for a slot.
 *
 * The class of a work: data has one bit for it, CMWQ_WORK_CLASSED, and
 * the HASHED bit, free on a classed work since hashed and classed
 * together are refused, says bounded (clear) or unbounded (set). While
 * it runs the worker holds it (worker->current_class), for its end and
 * for concurrency management's decisions (cm_policy.c).
 *
 * Locking: everything here is under the pool->lock of the work's pwq (L
 * in internal.h); a parked work's pwq is on the pool of the FIFO it is
 * on, so nothing here takes a second pool lock, nor wq->hash_lock: the
 * lock order of hashed.c (pool->lock, then wq->hash_lock) is unchanged.
 * The one lockless read is cmwq_pool_get_class_max()'s READ_ONCE() of a
 * cap, for display: a cap is one word, written with WRITE_ONCE() under
 * pool->lock, and every decision reads it under that lock.
 *
 * Known limits: BH workqueues take no class (their works may not block,
 * which is what classes are about); caps are per pool, so an unbound
 * workqueue whose pods use several pools gets the cap on each.
 */
#include <linux/module.h>
#include <linux/seq_file.h>

#include "internal.h"
#include "trace.h"

#define CMWQ_WORK_COLOR_MASK \
	(((1UL << CMWQ_WORK_COLOR_BITS) - 1) << CMWQ_WORK_COLOR_SHIFT)

/**
 * cmwq_class_pool_init - a new pool: no cap, nothing claimed or parked
 * @pool: the pool being created
 *
 * Context: process context, before @pool is in use.
 */
void cmwq_class_pool_init(struct cmwq_pool *pool)
{
	int c;

	for (c = 0; c < CMWQ_NR_CLASSES; c++)
		INIT_LIST_HEAD(&pool->wclass[c].parked);
}

/**
 * cmwq_class_flags - the data flags of a work of @class
 * @class: the class, %CMWQ_CLASS_NONE included
 *
 * Return: 0, CLASSED (bounded), or CLASSED | HASHED (unbounded).
 */
unsigned long cmwq_class_flags(enum cmwq_work_class class)
{
	switch (class) {
	case CMWQ_CLASS_BOUNDED:
		return CMWQ_WORK_CLASSED;
	case CMWQ_CLASS_UNBOUNDED:
		return CMWQ_WORK_CLASSED | CMWQ_WORK_HASHED;
	default:
		return 0;
	}
}

static bool class_full(struct cmwq_class_state *cs)
{
	return cs->max && cs->nr_claimed >= cs->max;
}

/**
 * cmwq_class_claim - take a slot of @class for @work, or park it
 * @pwq: the pwq @work is being queued on
 * @work: the work, PENDING owned by the caller, on no list
 * @class: its class
 *
 * With a slot free and nobody parked before it, the slot is @work's (the
 * caller queues it as usual). Otherwise @work is parked at the end of the
 * class's FIFO, in flight in the colour of its queueing, not active:
 * max_active is asked when it is handed on.
 *
 * Context: pwq->pool->lock held.
 * Return: %true if @work was parked (queued: the caller is done).
 */
bool cmwq_class_claim(struct cmwq_pwq *pwq, struct cmwq_work *work,
		      enum cmwq_work_class class)
{
	struct cmwq_pool *pool = pwq->pool;
	struct cmwq_class_state *cs = &pool->wclass[class];
	unsigned long color;

	lockdep_assert_held(&pool->lock);
	if (!class_full(cs) && list_empty(&cs->parked)) {
		cs->nr_claimed++;
		return false;
	}
	color = pwq->work_color;
	pwq->nr_in_flight[color]++;
	cmwq_work_debug_activate(work);
	cmwq_insert_work(pwq, work, &cs->parked,
			 (color << CMWQ_WORK_COLOR_SHIFT) | CMWQ_WORK_PARKED |
			 CMWQ_WORK_INACTIVE | cmwq_class_flags(class));
	cs->nr_parked++;
	cs->cap_reached++;
	pwq->stats[CMWQ_PWQ_STAT_CLASS_PARKED]++;
	trace_cmwq_class_cap(pool->id, class, cs->max, cs->nr_claimed,
			     cs->nr_parked);
	return true;
}

/*
 * Give the first parked works of @class the slots free now: to @run_list
 * (a finishing worker's scheduled list) for the first, the pool's
 * worklist for the others.
 */
static void hand_on(struct cmwq_pool *pool, enum cmwq_work_class class,
		    struct list_head *run_list)
{
	struct cmwq_class_state *cs = &pool->wclass[class];
	struct cmwq_work *next;
	unsigned long data;

	lockdep_assert_held(&pool->lock);
	while (!class_full(cs) &&
	       (next = list_first_entry_or_null(&cs->parked, struct cmwq_work,
						entry))) {
		list_del_init(&next->entry);
		cs->nr_parked--;
		cs->nr_claimed++;
		cs->handed_on++;
		/* Parked under this lock, so its data names its pwq. */
		data = atomic_long_read(&next->data);
		cmwq_queue_parked(cmwq_get_work_pwq(next), next,
				  (data & CMWQ_WORK_COLOR_MASK) |
				  cmwq_class_flags(class), run_list);
		run_list = NULL;
	}
}

/**
 * cmwq_class_finish - the worker's classed work ended: give its slot on
 * @worker: the worker; its current_class is cleared
 *
 * The first parked work of the class, if any, goes to @worker's scheduled
 * list (a BH worker has none, but BH pools take no class).
 *
 * Context: worker->pool->lock held.
 */
void cmwq_class_finish(struct cmwq_worker *worker)
{
	struct cmwq_pool *pool = worker->pool;
	enum cmwq_work_class class = worker->current_class;

	lockdep_assert_held(&pool->lock);
	worker->current_class = CMWQ_CLASS_NONE;
	if (WARN_ON_ONCE(!pool->wclass[class].nr_claimed))
		return;
	pool->wclass[class].nr_claimed--;
	hand_on(pool, class, worker->task ? &worker->scheduled : NULL);
}

/**
 * cmwq_class_taken - a classed work was taken back before it ran
 * @pool: its pool
 * @work: the work, PENDING owned by the taker, still on its list
 * @data: its data, read under the lock
 *
 * A parked work leaves the FIFO; a claimed one gives its slot to the
 * first parked work, queued on the pool.
 *
 * Context: pool->lock held.
 */
void cmwq_class_taken(struct cmwq_pool *pool, struct cmwq_work *work,
		      unsigned long data)
{
	enum cmwq_work_class class = cmwq_data_class(data);
	struct cmwq_class_state *cs = &pool->wclass[class];

	lockdep_assert_held(&pool->lock);
	if (data & CMWQ_WORK_PARKED) {
		list_del_init(&work->entry);
		cs->nr_parked--;
		return;
	}
	if (WARN_ON_ONCE(!cs->nr_claimed))
		return;
	cs->nr_claimed--;
	hand_on(pool, class, NULL);
}

static bool class_valid(enum cmwq_work_class class)
{
	return class == CMWQ_CLASS_BOUNDED || class == CMWQ_CLASS_UNBOUNDED;
}

/**
 * cmwq_queue_work_class_on - queue a work item in a work class
 * @cpu: the CPU, or %CMWQ_CPU_UNBOUND for the local one
 * @wq: the workqueue: per-CPU or unbound, not BH
 * @work: the work item
 * @class: %CMWQ_CLASS_BOUNDED or %CMWQ_CLASS_UNBOUNDED
 *
 * As cmwq_queue_work_on(), and the work takes a slot of @class on the
 * pool it goes to: if the pool's cap for @class (cmwq_pool_set_class_max())
 * is reached, or works of @class are parked already, it is parked until a
 * slot is free. Parked, it is pending: cancel, flush and drain see it.
 *
 * A work must not be queued with a class while an earlier queueing of it
 * runs on another pool: as for hashed works, only the pool it last ran on
 * is found for non-reentrancy.
 *
 * Context: any, IRQs included.
 * Return: %true if @work was queued (or parked); %false if it was pending
 * or disabled, if @wq is being drained or destroyed, or (with a warning,
 * nothing queued) if @class is not a class or @wq is a BH workqueue.
 */
bool cmwq_queue_work_class_on(int cpu, struct cmwq_workqueue *wq,
			      struct cmwq_work *work,
			      enum cmwq_work_class class)
{
	unsigned long flags;
	bool ret = false;

	if (!class_valid(class) || (READ_ONCE(wq->flags) & CMWQ_BH)) {
		pr_warn_ratelimited("cmwq: %s: %ps not queued: %s\n", wq->name,
				    work->func, class_valid(class) ?
				    "a BH workqueue takes no work class" :
				    "not a work class");
		return false;
	}
	if (cpu != CMWQ_CPU_UNBOUND &&
	    WARN_ONCE(cpu < 0 || cpu >= nr_cpu_ids || !cpu_possible(cpu),
		      "cmwq: CPU %d is not a possible CPU\n", cpu))
		return false;
	local_irq_save(flags);
	if (!test_and_set_bit(CMWQ_WORK_PENDING_BIT,
			      (unsigned long *)&work->data) &&
	    !cmwq_clear_pending_if_disabled(work))
		ret = __cmwq_queue_work_class(cpu, wq, work, class);
	local_irq_restore(flags);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(cmwq_queue_work_class_on, CMWQ_NS);

/**
 * cmwq_pool_set_class_max - change a pool's cap of a work class
 * @pool: the pool, which stays alive meanwhile (see control.c)
 * @class: %CMWQ_CLASS_BOUNDED or %CMWQ_CLASS_UNBOUNDED
 * @max: works of @class in progress at once on @pool; 0 for no cap
 *
 * A higher cap hands parked works on at once; a lower one lets the works
 * in progress finish and parks new ones until the count is under it.
 *
 * Context: process context, pool->lock not held.
 * Return: 0; -EINVAL for a bad @class or a BH pool; -ERANGE for @max
 * over %CMWQ_CLASS_MAX_CAP. Nothing changes on error.
 */
int cmwq_pool_set_class_max(struct cmwq_pool *pool,
			    enum cmwq_work_class class, unsigned int max)
{
	if (!class_valid(class) || (pool->flags & CMWQ_POOL_BH))
		return -EINVAL;
	if (max > CMWQ_CLASS_MAX_CAP)
		return -ERANGE;
	raw_spin_lock_irq(&pool->lock);
	/* WRITE_ONCE: cmwq_pool_get_class_max() reads it without the lock. */
	WRITE_ONCE(pool->wclass[class].max, max);
	hand_on(pool, class, NULL);
	raw_spin_unlock_irq(&pool->lock);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(cmwq_pool_set_class_max, CMWQ_NS);

/**
 * cmwq_pool_get_class_max - a pool's cap of a work class
 * @pool: the pool
 * @class: %CMWQ_CLASS_BOUNDED or %CMWQ_CLASS_UNBOUNDED
 *
 * Context: any. One lockless read (pairs with the WRITE_ONCE() above):
 * the value may be stale by the time it is used.
 * Return: the cap (0: none), or -EINVAL for a bad @class.
 */
int cmwq_pool_get_class_max(struct cmwq_pool *pool,
			    enum cmwq_work_class class)
{
	if (!class_valid(class))
		return -EINVAL;
	return READ_ONCE(pool->wclass[class].max);
}
EXPORT_SYMBOL_NS_GPL(cmwq_pool_get_class_max, CMWQ_NS);

/**
 * cmwq_class_stat - a pool's parked count or cap_reached of a class
 * @pool: the pool
 * @class: %CMWQ_CLASS_BOUNDED or %CMWQ_CLASS_UNBOUNDED
 * @parked: %true for the works parked now, %false for class_cap_reached
 *
 * Context: process context, pool->lock not held.
 */
u64 cmwq_class_stat(struct cmwq_pool *pool, enum cmwq_work_class class,
		    bool parked)
{
	u64 v;

	if (!class_valid(class))
		return 0;
	raw_spin_lock_irq(&pool->lock);
	v = parked ? pool->wclass[class].nr_parked :
		     pool->wclass[class].cap_reached;
	raw_spin_unlock_irq(&pool->lock);
	return v;
}
EXPORT_SYMBOL_NS_GPL(cmwq_class_stat, CMWQ_NS);

/**
 * cmwq_class_pool_show - the pools file's class columns, and newline
 * @m: the seq_file of the pools file
 * @pool: the pool of this line
 *
 * Columns, for bounded then unbounded: <class>_max <class>_claimed
 * <class>_parked <class>_cap_reached.
 *
 * Context: process context, pool->lock not held.
 */
void cmwq_class_pool_show(struct seq_file *m, struct cmwq_pool *pool)
{
	struct cmwq_class_state cs[CMWQ_NR_CLASSES];
	int c;

	raw_spin_lock_irq(&pool->lock);
	memcpy(cs, pool->wclass, sizeof(cs));
	raw_spin_unlock_irq(&pool->lock);
	for (c = CMWQ_CLASS_BOUNDED; c < CMWQ_NR_CLASSES; c++)
		seq_printf(m, " %u %u %u %llu", cs[c].max, cs[c].nr_claimed,
			   cs[c].nr_parked, cs[c].cap_reached);
	seq_putc(m, '\n');
}
