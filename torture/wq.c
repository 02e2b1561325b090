// SPDX-License-Identifier: GPL-2.0
/*
 * The workqueues of the torture: each thread has one at a time, of a kind
 * drawn from every kind cmwq offers, with random extra flags, max_active
 * and (unbound) affinity scope; its items are initialised afresh for it.
 * Destroying it stops the requeues, settles every item (flushed or
 * cancelled), destroys the cmwq workqueue, moves the generation on and
 * checks the ledger of that workqueue.
 */
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/nodemask.h>

#include "cmwq_torture.h"

enum tort_kind {
	TK_PERCPU,
	TK_HIGHPRI,
	TK_CPU_INTENSIVE,
	TK_UNBOUND,
	TK_ORDERED,
	TK_BH,
	TK_BH_HIGHPRI,
	TK_NR,
};

static const char *const tort_kind_names[TK_NR] = {
	"percpu", "highpri", "cpu_intensive", "unbound", "ordered", "bh",
	"bh_highpri",
};

static const char *const tort_scope_names[CMWQ_AFFN_NR_TYPES] = {
	"dfl", "cpu", "smt", "cache", "numa", "system",
};

static const unsigned int tort_kind_flags[TK_NR] = {
	[TK_PERCPU]		= 0,
	[TK_HIGHPRI]		= CMWQ_HIGHPRI,
	[TK_CPU_INTENSIVE]	= CMWQ_CPU_INTENSIVE,
	[TK_UNBOUND]		= CMWQ_UNBOUND,
	[TK_ORDERED]		= CMWQ_UNBOUND | __CMWQ_ORDERED,
	[TK_BH]			= CMWQ_BH,
	[TK_BH_HIGHPRI]		= CMWQ_BH | CMWQ_HIGHPRI,
};

/* An online CPU, or "local" one time in four. */
int tort_online_cpu(u64 *rnd)
{
	unsigned int n = num_online_cpus();
	int cpu, i;

	if (!tort_rand(rnd, 4))
		return CMWQ_CPU_UNBOUND;
	i = tort_rand(rnd, n);
	for_each_online_cpu(cpu)
		if (!i--)
			return cpu;
	return CMWQ_CPU_UNBOUND;
}

/*
 * Lockdep: an item's class is held while it runs, in softirq on a BH
 * workqueue and in a task elsewhere; one class for both would be an
 * inconsistent lock state. A class per item type and per context.
 */
static struct lock_class_key tort_work_keys[2][TI_RCU + 1];

static enum tort_item_type tort_item_type(int i)
{
	if (i < TORT_PLAIN)
		return TI_PLAIN;
	if (i < TORT_PLAIN + TORT_HASHED)
		return TI_HASHED;
	if (i < TORT_PLAIN + TORT_HASHED + TORT_DELAYED)
		return TI_DELAYED;
	return TI_RCU;
}

static void tort_items_init(struct tort_thread *t)
{
	struct tort_wq *tw = &t->tw;
	bool bh = tw->flags & CMWQ_BH;
	int i;

	for (i = 0; i < TORT_NR_ITEMS; i++) {
		struct tort_item *it = &tw->items[i];

		it->type = tort_item_type(i);
		__CMWQ_INIT_WORK_KEY(&it->work, tort_work_fn,
				     &tort_work_keys[bh][it->type], false);
		if (it->type == TI_DELAYED)
			timer_setup(&it->dwork.timer,
				    cmwq_delayed_work_timer_fn, TIMER_IRQSAFE);
		it->tw = tw;
		it->key = i % TORT_NR_KEYS;
		it->chain = 0;
		it->rnd = t->rnd ^ ((u64)i << 32) ^ tw->gen;
		atomic_set(&it->state, TI_IDLE);
	}
}

static void tort_order_init(struct tort_order *ord)
{
	spin_lock_init(&ord->lock);
	ord->next = 0;
	ord->last_ran = 0;
	atomic_set(&ord->running, 0);
}

/* Give an unbound workqueue the scope of its kind, strict or not. */
static int tort_set_scope(struct tort_wq *tw, int scope, bool strict)
{
	struct cmwq_workqueue_attrs *attrs = cmwq_alloc_workqueue_attrs();
	int ret;

	if (!attrs)
		return -ENOMEM;
	ret = cmwq_get_workqueue_attrs(tw->wq, attrs);
	if (!ret) {
		attrs->affn_scope = scope;
		attrs->affn_strict = strict;
		ret = cmwq_apply_workqueue_attrs(tw->wq, attrs);
	}
	cmwq_free_workqueue_attrs(attrs);
	return ret;
}

/**
 * tort_wq_create - give a thread a new workqueue of a random kind
 * @t: the thread, without one
 *
 * Return: 0, or the error of the allocation (the thread tries again).
 */
int tort_wq_create(struct tort_thread *t)
{
	struct tort_wq *tw = &t->tw;
	enum tort_kind kind = tort_rand(&t->rnd, TK_NR);
	unsigned int flags = tort_kind_flags[kind];
	int max_active = 0, scope = 0, i;
	bool strict = false;
	int ret;

	if (!(flags & CMWQ_BH)) {
		if (!tort_rand(&t->rnd, 3))
			flags |= CMWQ_MEM_RECLAIM;
		if (!tort_rand(&t->rnd, 4))
			flags |= CMWQ_FREEZABLE;
		if (kind == TK_ORDERED && tort_rand(&t->rnd, 2))
			flags |= CMWQ_HIGHPRI;
		max_active = kind == TK_ORDERED ? 1 :
			     tort_rand(&t->rnd, 4) ? 1 + tort_rand(&t->rnd, 8) : 0;
	}
	if (flags & CMWQ_UNBOUND) {
		scope = tort_rand(&t->rnd, CMWQ_AFFN_NR_TYPES);
		strict = tort_rand(&t->rnd, 2);
	}
	snprintf(tw->kind, sizeof(tw->kind), "%s%s%s%s%s%s",
		 tort_kind_names[kind],
		 flags & CMWQ_UNBOUND ? "/" : "",
		 flags & CMWQ_UNBOUND ? tort_scope_names[scope] : "",
		 strict ? "/strict" : "",
		 flags & CMWQ_MEM_RECLAIM ? "+reclaim" : "",
		 flags & CMWQ_FREEZABLE ? "+freezable" : "");

	tw->flags = flags;
	tw->limit = max_active ? max_active : CMWQ_DFL_ACTIVE;
	tw->target = tw->limit;
	tw->closing = false;
	atomic_set(&tw->active, 0);
	for (i = 0; i < tort_nr_slots(); i++)
		atomic_set(&tw->slot_active[i], 0);
	atomic64_set(&tw->queued, 0);
	atomic64_set(&tw->ran, 0);
	atomic64_set(&tw->cancelled, 0);
	tort_order_init(&tw->order);
	for (i = 0; i < TORT_NR_KEYS; i++)
		tort_order_init(&tw->keys[i]);
	tort_items_init(t);

	tw->wq = cmwq_alloc_workqueue("tort%d_%u", flags, max_active, t->id,
				      tw->gen);
	if (IS_ERR(tw->wq)) {
		ret = PTR_ERR(tw->wq);
		tw->wq = NULL;
		if (!tort_enomem(ret))
			tort_violation(TS_API, NULL, "alloc %s: %d", tw->kind,
				       ret);
		return ret;
	}
	if (flags & CMWQ_UNBOUND) {
		ret = tort_set_scope(tw, scope, strict);
		if (ret && !tort_enomem(ret) && ret != -ENOMEM)
			tort_violation(TS_API, NULL, "scope of %s: %d",
				       tw->kind, ret);
	}
	tort_count(TS_WQ_CREATED);
	return 0;
}

/* Let the item's queueing end: run it now or take it back. */
static void tort_settle(struct tort_thread *t, struct tort_item *it)
{
	bool flush = tort_rand(&t->rnd, 2);

	switch (it->type) {
	case TI_DELAYED:
		if (flush)
			cmwq_flush_delayed_work(&it->dwork);
		tort_took_back(it, cmwq_cancel_delayed_work_sync(&it->dwork),
			       "cancel_delayed_work_sync");
		break;
	case TI_RCU:
		if (flush)
			cmwq_flush_rcu_work(&it->rwork);
		fallthrough;
	default:
		if (flush && it->type != TI_RCU)
			cmwq_flush_work(&it->work);
		tort_took_back(it, cmwq_cancel_work_sync(&it->work),
			       "cancel_work_sync");
	}
}

/**
 * tort_wq_destroy - settle the items, destroy the workqueue, check
 * @t: the thread
 */
void tort_wq_destroy(struct tort_thread *t)
{
	struct tort_wq *tw = &t->tw;
	int i;

	/*
	 * A run that read closing as false may requeue its item once more:
	 * the settle's cancel_sync waits for that run and takes the requeue
	 * back. Nothing else queues the items meanwhile.
	 */
	WRITE_ONCE(tw->closing, true);
	for (i = 0; i < TORT_NR_ITEMS; i++)
		tort_settle(t, &tw->items[i]);
	cmwq_destroy_workqueue(tw->wq);
	tw->wq = NULL;
	/* From here, a run of this generation ran after the destroy. */
	WRITE_ONCE(tw->gen, tw->gen + 1);
	tort_check_idle(tw);
	tort_count(TS_WQ_DESTROYED);
}

/**
 * tort_wq_set_max_active - change max_active, the checks following
 * @t: the thread
 * @max_active: the new value
 *
 * Runs that began under a higher limit may still run after a lower one
 * is set: the checks keep the higher one until a flush of the workqueue
 * (ops.c) has waited for them.
 */
void tort_wq_set_max_active(struct tort_thread *t, int max_active)
{
	struct tort_wq *tw = &t->tw;
	int ret;

	WRITE_ONCE(tw->limit, max(tw->limit, max_active));
	ret = cmwq_workqueue_set_max_active(tw->wq, max_active);
	if (ret && !tort_enomem(ret))
		tort_violation(TS_API, NULL, "set_max_active(%s, %d): %d",
			       tw->kind, max_active, ret);
	else
		tw->target = max_active;
	if (tw->target >= tw->limit)
		WRITE_ONCE(tw->limit, tw->target);
}

/**
 * tort_wq_apply_attrs - random attrs for an unbound workqueue
 * @t: the thread
 */
void tort_wq_apply_attrs(struct tort_thread *t)
{
	struct tort_wq *tw = &t->tw;
	struct cmwq_workqueue_attrs *attrs = cmwq_alloc_workqueue_attrs();
	bool all = tort_rand(&t->rnd, 2);
	int cpu, ret;

	if (!attrs)
		return;
	ret = cmwq_get_workqueue_attrs(tw->wq, attrs);
	if (ret)
		goto out;
	attrs->affn_scope = tort_rand(&t->rnd, CMWQ_AFFN_NR_TYPES);
	attrs->affn_strict = tort_rand(&t->rnd, 2);
	attrs->nice = (int)tort_rand(&t->rnd, 11) - 5;
	if (all) {
		cpumask_copy(attrs->cpumask, cpu_possible_mask);
	} else {
		cpumask_clear(attrs->cpumask);
		for_each_online_cpu(cpu)
			if (tort_rand(&t->rnd, 2))
				cpumask_set_cpu(cpu, attrs->cpumask);
		if (cpumask_empty(attrs->cpumask))
			cpumask_set_cpu(cpumask_first(cpu_online_mask),
					attrs->cpumask);
	}
	ret = cmwq_apply_workqueue_attrs(tw->wq, attrs);
	/* The CPUs picked may all go offline first: -EINVAL, documented. */
	if (ret == -EINVAL && tort_hotplug && !all)
		ret = 0;
	if (ret && !tort_enomem(ret) && ret != -ENOMEM)
		tort_violation(TS_API, NULL, "apply_workqueue_attrs(%s): %d",
			       tw->kind, ret);
out:
	cmwq_free_workqueue_attrs(attrs);
}
