// SPDX-License-Identifier: GPL-2.0
/*
 * The ledger: every queueing of an item is claimed in its state word
 * before the queueing call (IDLE -> QUEUED), consumed exactly once, by
 * the run of the work function (QUEUED -> RUNNING -> IDLE) or by a cancel
 * that says it took the item back (QUEUED -> IDLE), and counted on both
 * sides. A run that finds its item not QUEUED ran without a queueing, or
 * twice; a cancel that took back an item not QUEUED cancelled nothing; an
 * item still QUEUED after its workqueue was destroyed was lost.
 *
 * Orders are numbered under a lock held across the queueing call, so the
 * numbers follow the order the queueings took effect in: per hashed key,
 * and per ordered workqueue for the items queued at once (a delayed or
 * RCU item enters the queue later, when its timer or grace period ends:
 * it carries no number and only the one-at-a-time check applies to it).
 */
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/nodemask.h>
#include <linux/preempt.h>

#include "cmwq_torture.h"
#include "internal.h"

/**
 * tort_claim - take an idle item for a queueing
 * @it: the item
 *
 * Return: %true if it was idle and is ours to queue now.
 */
bool tort_claim(struct tort_item *it)
{
	return atomic_cmpxchg(&it->state, TI_IDLE, TI_QUEUED) == TI_IDLE;
}

/* A claimed item was not queued after all: idle again. */
void tort_unclaim(struct tort_item *it)
{
	if (atomic_cmpxchg(&it->state, TI_QUEUED, TI_IDLE) != TI_QUEUED)
		tort_violation(TS_DUP, it,
			       "state changed under a queueing that failed");
}

/* Label the queueing about to be made of a claimed item. */
void tort_fill(struct tort_item *it, u64 oseq)
{
	it->seq = tort_next_seq();
	it->oseq = oseq;
	it->gen = READ_ONCE(it->tw->gen);
}

/**
 * tort_queue_ordered - queue a claimed item at once, numbered if ordered
 * @it: the item
 * @cpu: the CPU, or %CMWQ_CPU_UNBOUND
 *
 * Context: any; takes the workqueue's order lock.
 * Return: what cmwq_queue_work_on() returned.
 */
bool tort_queue_ordered(struct tort_item *it, int cpu)
{
	struct tort_wq *tw = it->tw;
	struct tort_order *ord = &tw->order;
	unsigned long flags;
	bool ok;

	if (!(tw->flags & __CMWQ_ORDERED)) {
		tort_fill(it, 0);
		return cmwq_queue_work_on(cpu, tw->wq, &it->work);
	}
	spin_lock_irqsave(&ord->lock, flags);
	tort_fill(it, ++ord->next);
	ok = cmwq_queue_work_on(cpu, tw->wq, &it->work);
	spin_unlock_irqrestore(&ord->lock, flags);
	return ok;
}

/* Queue a claimed item under its key, numbered in the key's order. */
bool tort_queue_hashed(struct tort_item *it)
{
	struct tort_order *ord = &it->tw->keys[it->key];
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&ord->lock, flags);
	tort_fill(it, ++ord->next);
	ok = cmwq_queue_work_hashed(it->tw->wq, &it->work, it->key + 1);
	spin_unlock_irqrestore(&ord->lock, flags);
	return ok;
}

/**
 * tort_took_back - account a cancel or disable
 * @it: the item
 * @took: what the call returned: it took a pending queueing back
 * @how: the call, for the report
 */
void tort_took_back(struct tort_item *it, bool took, const char *how)
{
	if (!took)
		return;
	if (atomic_cmpxchg(&it->state, TI_QUEUED, TI_IDLE) != TI_QUEUED)
		tort_violation(TS_DUP, it, "%s took back an item not queued",
			       how);
	atomic64_inc(&it->tw->cancelled);
	tort_count(TS_CANCELLED);
}

static struct tort_order *item_order(struct tort_item *it)
{
	if (!it->oseq)
		return NULL;
	return it->type == TI_HASHED ? &it->tw->keys[it->key] : &it->tw->order;
}

/* One at a time and in order, within its key or ordered workqueue. */
static void order_enter(struct tort_item *it, struct tort_order *ord)
{
	if (atomic_inc_return(&ord->running) != 1)
		tort_violation(TS_MISORDER, it, "ran beside another of its %s",
			       it->type == TI_HASHED ? "key" : "ordered wq");
	if (it->oseq <= ord->last_ran)
		tort_violation(TS_MISORDER, it,
			       "order %llu ran after order %llu", it->oseq,
			       ord->last_ran);
	ord->last_ran = it->oseq;
}

/*
 * The node share an unbound pwq's runs count against (module/nr_active.c):
 * its pool's node, or the one after the nodes for a pool over several.
 */
static int node_share(void)
{
	struct cmwq_worker *worker = cmwq_current_worker();
	int node;

	if (WARN_ON_ONCE(!worker || !worker->current_pwq))
		return nr_node_ids;
	node = worker->current_pwq->pool->node;
	return node == NUMA_NO_NODE ? nr_node_ids : node;
}

/*
 * Count the run against max_active: per CPU on a per-CPU workqueue; on
 * an unbound one, per node share, each at most max_active (so a workqueue
 * whose pwqs are on both nodes and on a pool over both may run three
 * times max_active at once, as upstream's since 6.9); an ordered one has
 * one pwq at a time, and the whole of max_active. Returns the counter to
 * drop.
 */
static atomic_t *active_enter(struct tort_item *it)
{
	struct tort_wq *tw = it->tw;
	atomic_t *active = &tw->active;
	int limit = READ_ONCE(tw->limit);
	int n;

	if (tw->flags & CMWQ_BH) {
		atomic_inc(active);
		return active;
	}
	if (!(tw->flags & CMWQ_UNBOUND)) {
		active = &tw->slot_active[raw_smp_processor_id()];
		/* A pool without its CPU runs anywhere: see hotplug.c. */
		if (tort_hotplug)
			limit = INT_MAX;
	} else if (!(tw->flags & __CMWQ_ORDERED)) {
		active = &tw->slot_active[node_share()];
	}
	n = atomic_inc_return(active);
	if (n > limit)
		tort_violation(TS_OVER_MAX, it, "%d running%s, max_active %d",
			       n, active == &tw->active ? "" : " in its share",
			       limit);
	return active;
}

/*
 * The context the work runs in: softirq for BH only. A run by a rescuer
 * is counted: under injected worker-creation failures, that is how a
 * mem_reclaim workqueue makes progress.
 */
static void check_context(struct tort_item *it)
{
	bool bh = it->tw->flags & CMWQ_BH;
	struct cmwq_worker *worker;

	if (bh && !in_serving_softirq()) {
		tort_violation(TS_BH_CTX, it, "BH work out of softirq");
	} else if (!bh && !in_task()) {
		tort_violation(TS_BH_CTX, it, "work out of task context");
	} else if (!bh) {
		worker = cmwq_current_worker();
		if (worker && worker->rescue_wq)
			tort_count(TS_RESCUED);
	}
}

/* What a run does meanwhile: nothing, spin, or (not BH) sleep. */
static void tort_work_body(struct tort_item *it)
{
	switch (tort_rand(&it->rnd, 8)) {
	case 0:
		udelay(tort_rand(&it->rnd, 20));
		break;
	case 1:
		if (!(it->tw->flags & CMWQ_BH))
			usleep_range(20, 100);
		break;
	}
}

/* Queue the item again from its own run, the same way it came. */
static bool tort_requeue(struct tort_item *it)
{
	struct tort_wq *tw = it->tw;

	switch (it->type) {
	case TI_HASHED:
		return tort_queue_hashed(it);
	case TI_DELAYED:
		tort_fill(it, 0);
		return cmwq_queue_delayed_work_on(CMWQ_CPU_UNBOUND, tw->wq,
						  &it->dwork, 0);
	default:
		/* RCU items too: an RCU callback is refused during drain. */
		return tort_queue_ordered(it, tort_online_cpu(&it->rnd));
	}
}

/* The end of a run: idle, or queued again (at most 3 times in a row). */
static void tort_work_end(struct tort_item *it)
{
	struct tort_wq *tw = it->tw;

	if (!tort_enabled(TF_REQUEUE) || READ_ONCE(tw->closing) ||
	    it->chain >= 3 || tort_rand(&it->rnd, 4)) {
		it->chain = 0;
		atomic_set_release(&it->state, TI_IDLE);
		return;
	}
	it->chain++;
	atomic_set(&it->state, TI_QUEUED);
	if (!tort_requeue(it)) {
		tort_unclaim(it);
		return;
	}
	atomic64_inc(&tw->queued);
	tort_count(TS_QUEUED);
	tort_count(TS_REQUEUED);
	tort_count_family(TF_REQUEUE);
}

/**
 * tort_work_fn - the function of every item: consume the queueing, check
 * @work: the item's work
 */
void tort_work_fn(struct cmwq_work *work)
{
	struct tort_item *it = container_of(work, struct tort_item, work);
	struct tort_wq *tw = it->tw;
	struct tort_order *ord;
	atomic_t *active;
	int old;

	old = atomic_cmpxchg(&it->state, TI_QUEUED, TI_RUNNING);
	atomic64_inc(&tw->ran);
	tort_count(TS_RAN);
	if (old != TI_QUEUED) {
		tort_violation(TS_DUP, it, "ran while %s",
			       old == TI_IDLE ? "not queued" : "running");
		return;
	}
	if (it->gen != READ_ONCE(tw->gen))
		tort_violation(TS_AFTER_DESTROY, it,
			       "queued in generation %u, ran in %u", it->gen,
			       READ_ONCE(tw->gen));
	check_context(it);
	active = active_enter(it);
	ord = item_order(it);
	if (ord)
		order_enter(it, ord);

	tort_work_body(it);

	if (ord)
		atomic_dec(&ord->running);
	atomic_dec(active);
	tort_work_end(it);
}

/**
 * tort_check_idle - after a destroy: every queueing was consumed
 * @tw: the torture workqueue, its cmwq workqueue destroyed
 */
void tort_check_idle(struct tort_wq *tw)
{
	s64 q = atomic64_read(&tw->queued);
	s64 r = atomic64_read(&tw->ran);
	s64 c = atomic64_read(&tw->cancelled);
	int i;

	for (i = 0; i < TORT_NR_ITEMS; i++)
		if (atomic_read(&tw->items[i].state) != TI_IDLE)
			tort_violation(TS_LOST, &tw->items[i],
				       "still %s after destroy",
				       atomic_read(&tw->items[i].state) ==
				       TI_QUEUED ? "queued" : "running");
	if (q != r + c)
		tort_violation(q > r + c ? TS_LOST : TS_DUP, NULL,
			       "%s: queued %lld, ran %lld, cancelled %lld",
			       tw->kind, q, r, c);
}
