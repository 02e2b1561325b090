// SPDX-License-Identifier: GPL-2.0
/*
 * Active works: how many of a pwq's works may be on its pool's worklist.
 *
 * A per-CPU pwq has its own max_active. An unbound workqueue's max_active
 * is system-wide, as upstream's since 6.9: each NUMA node gets a share in
 * proportion to its online CPUs (of the workqueue's cpumask), never below
 * min_active, so that no node starves; pods over several nodes (the
 * system scope) and ordered workqueues count against a share of their
 * own, the whole max_active. Every pwq of the workqueue on a node draws
 * from that node's count (struct cmwq_node_nr_active).
 *
 * A pwq that finds its node's share used up goes on the node's pending
 * list with its inactive works. When a work of the node ends, the slot
 * goes to the pending pwqs in turn; that needs the other pwq's pool lock,
 * which must not be waited for under ours (two pools, either order). The
 * work's end hands the slot over itself when that lock is free (a
 * trylock, which cannot deadlock); only when it is not does a kernel
 * work, kick_work, hand the slots out under one lock at a time. Upstream
 * drops and retakes the caller's pool lock instead. Through kick_work
 * alone, a kworker round trip per slot made a contended node's unbound
 * throughput 0.35 to 0.7 of the kernel's (Documentation/performance.rst).
 *
 * Locking: node->lock (raw) nests inside pool->lock; max, nr and the
 * pending list are under it. pwq->nr_active is under pool->lock.
 */
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/nodemask.h>
#include <linux/slab.h>
#include <linux/topology.h>
#include <linux/workqueue.h>

#include "internal.h"

/*
 * Runs kick_work: a rescuer, since a MEM_RECLAIM workqueue's inactive
 * works wait for it, and highpri, since they wait.
 */
static struct workqueue_struct *cmwq_kick_wq;

/**
 * cmwq_nr_active_init - the workqueue that hands out freed slots
 *
 * Context: module load.
 * Return: 0 or -ENOMEM.
 */
int cmwq_nr_active_init(void)
{
	cmwq_kick_wq = alloc_workqueue("cmwq_kick", WQ_UNBOUND | WQ_HIGHPRI |
				       WQ_MEM_RECLAIM, 0);
	return cmwq_kick_wq ? 0 : -ENOMEM;
}

/**
 * cmwq_nr_active_exit - undo cmwq_nr_active_init()
 *
 * Context: module unload, after every workqueue is gone.
 */
void cmwq_nr_active_exit(void)
{
	destroy_workqueue(cmwq_kick_wq);
}

/* Upstream's WQ_DFL_MIN_ACTIVE */
#define CMWQ_DFL_MIN_ACTIVE	8

/* The slot of pods over several nodes: after the real nodes. */
static int node_index(int node)
{
	return node == NUMA_NO_NODE ? nr_node_ids : node;
}

/**
 * cmwq_pwq_node_nr_active - the node count an unbound pwq draws from
 * @wq: its workqueue
 * @pool: its pool
 *
 * Return: the count, or %NULL for a per-CPU workqueue.
 */
struct cmwq_node_nr_active *cmwq_pwq_node_nr_active(struct cmwq_workqueue *wq,
						    struct cmwq_pool *pool)
{
	if (!wq->node_nr_active)
		return NULL;
	return &wq->node_nr_active[node_index(pool->node)];
}

static void kick_workfn(struct work_struct *work);

/**
 * cmwq_node_nr_active_alloc - the node counts of an unbound workqueue
 * @wq: the workqueue, with saved_max_active set
 *
 * Context: process context, may sleep.
 * Return: 0 or -ENOMEM.
 */
int cmwq_node_nr_active_alloc(struct cmwq_workqueue *wq)
{
	int i;

	wq->node_nr_active = kcalloc(nr_node_ids + 1,
				     sizeof(*wq->node_nr_active), GFP_KERNEL);
	if (!wq->node_nr_active)
		return -ENOMEM;
	for (i = 0; i <= nr_node_ids; i++) {
		struct cmwq_node_nr_active *nna = &wq->node_nr_active[i];

		raw_spin_lock_init(&nna->lock);
		INIT_LIST_HEAD(&nna->pending_pwqs);
		nna->max = wq->saved_max_active;
	}
	wq->min_active = min(wq->saved_max_active, CMWQ_DFL_MIN_ACTIVE);
	INIT_WORK(&wq->kick_work, kick_workfn);
	return 0;
}

/**
 * cmwq_node_nr_active_free - free them, with no work left
 * @wq: the workqueue
 *
 * Context: process context, may sleep.
 */
void cmwq_node_nr_active_free(struct cmwq_workqueue *wq)
{
	if (!wq->node_nr_active)
		return;
	cancel_work_sync(&wq->kick_work);
	kfree(wq->node_nr_active);
	wq->node_nr_active = NULL;
}

/**
 * cmwq_pwq_tryinc_node - take a slot of @pwq's node for one more work
 * @pwq: a pwq of an unbound workqueue, under its max_active
 * @claim: as for cmwq_pwq_tryinc_active() (internal.h), whose node half
 *         this is
 *
 * Refused a slot of its node, @pwq waits on the node's list, in turn: no
 * pwq can keep a node's slots from the others, and none waits without
 * being on the list.
 *
 * Context: pwq->pool->lock held.
 * Return: %true if counted in the node.
 */
bool cmwq_pwq_tryinc_node(struct cmwq_pwq *pwq, enum cmwq_slot_claim claim)
{
	struct cmwq_node_nr_active *nna = pwq->nna;
	struct cmwq_pwq *first;

	raw_spin_lock(&nna->lock);
	first = list_first_entry_or_null(&nna->pending_pwqs,
					 struct cmwq_pwq, pending_node);
	if (claim != CMWQ_CLAIM_FORCED &&
	    (nna->nr >= nna->max ||
	     (claim == CMWQ_CLAIM_QUEUED && first && first != pwq))) {
		if (list_empty(&pwq->pending_node))
			list_add_tail(&pwq->pending_node, &nna->pending_pwqs);
		raw_spin_unlock(&nna->lock);
		return false;
	}
	/* Served: back in line if it asks again. */
	list_del_init(&pwq->pending_node);
	nna->nr++;
	raw_spin_unlock(&nna->lock);
	return true;
}

/* A pwq waits for a slot of @nna, and one is free. nna->lock held. */
static bool node_has_waiter(struct cmwq_node_nr_active *nna)
{
	return !list_empty(&nna->pending_pwqs) && nna->nr < nna->max;
}

/*
 * @pwq's turn for its node's slots came (it is off the waiting list):
 * activate what the node lets in and wake a worker for it. Refused
 * again, it is back on the list, at the end. Context: its pool->lock.
 */
static void pwq_take_turn(struct cmwq_pwq *pwq)
{
	while (cmwq_pwq_activate_inactive(pwq, CMWQ_CLAIM_KICKED))
		;
	if (cmwq_need_more_worker(pwq->pool))
		cmwq_wake_up_worker(pwq->pool);
}

/*
 * Give free slots of @nna to its waiting pwqs, oldest first, from under
 * @locked's lock: a pwq of @locked at once, one of another pool if its
 * lock is free. A waiting pwq stays alive while we hold its pool's lock
 * (taken while it is on the list): pwqs are freed after a grace period,
 * and IRQs are off. Return: %false if a waiter is left for kick_work.
 */
static bool node_hand_over(struct cmwq_node_nr_active *nna,
			   struct cmwq_pool *locked)
{
	struct cmwq_pwq *pwq;
	struct cmwq_pool *pool;

	lockdep_assert_held(&locked->lock);
	for (;;) {
		raw_spin_lock(&nna->lock);
		pwq = list_first_entry_or_null(&nna->pending_pwqs,
					       struct cmwq_pwq, pending_node);
		if (!pwq || nna->nr >= nna->max) {
			raw_spin_unlock(&nna->lock);
			return true;
		}
		pool = pwq->pool;
		if (pool != locked && !raw_spin_trylock(&pool->lock)) {
			raw_spin_unlock(&nna->lock);
			return false;
		}
		list_del_init(&pwq->pending_node);
		raw_spin_unlock(&nna->lock);
		pwq_take_turn(pwq);
		if (pool != locked)
			raw_spin_unlock(&pool->lock);
	}
}

/**
 * cmwq_pwq_dec_active - one active work of @pwq ended
 * @pwq: the pwq
 *
 * The slot goes to @pwq's next inactive work unless other pwqs of the
 * node wait before it; those get theirs in turn, from here if their pool
 * lock is free, else from kick_work.
 *
 * Context: pwq->pool->lock held.
 */
void cmwq_pwq_dec_active(struct cmwq_pwq *pwq)
{
	struct cmwq_node_nr_active *nna = pwq->nna;
	bool own_waiting = !list_empty(&pwq->inactive_works);
	bool waiting = false;

	lockdep_assert_held(&pwq->pool->lock);
	pwq->nr_active--;
	if (nna) {
		raw_spin_lock(&nna->lock);
		nna->nr--;
		/* Nothing of ours to activate: whether others wait is known now. */
		if (!own_waiting)
			waiting = node_has_waiter(nna);
		raw_spin_unlock(&nna->lock);
	}
	if (own_waiting) {
		while (cmwq_pwq_activate_inactive(pwq, CMWQ_CLAIM_QUEUED))
			;
		if (nna) {
			raw_spin_lock(&nna->lock);
			waiting = node_has_waiter(nna);
			raw_spin_unlock(&nna->lock);
		}
	}
	if (waiting && !node_hand_over(nna, pwq->pool))
		queue_work(cmwq_kick_wq, &pwq->wq->kick_work);
}

/* Give free slots of @nna to its pending pwqs, oldest first. */
static void kick_node(struct cmwq_node_nr_active *nna)
{
	struct cmwq_pwq *pwq;
	struct cmwq_pool *pool;

	for (;;) {
		raw_spin_lock_irq(&nna->lock);
		pwq = list_first_entry_or_null(&nna->pending_pwqs,
					       struct cmwq_pwq, pending_node);
		if (!pwq || nna->nr >= nna->max) {
			raw_spin_unlock_irq(&nna->lock);
			return;
		}
		/*
		 * Off the list, nothing of ours holds it: its works may be
		 * cancelled or started meanwhile and a replaced pwq released.
		 * Pwqs and pools are freed after a grace period, and an
		 * emptied pwq activates nothing.
		 */
		rcu_read_lock();
		list_del_init(&pwq->pending_node);
		raw_spin_unlock_irq(&nna->lock);

		pool = pwq->pool;
		raw_spin_lock_irq(&pool->lock);
		pwq_take_turn(pwq);
		raw_spin_unlock_irq(&pool->lock);
		rcu_read_unlock();
	}
}

static void kick_workfn(struct work_struct *work)
{
	struct cmwq_workqueue *wq = container_of(work, struct cmwq_workqueue,
						 kick_work);
	int i;

	for (i = 0; i <= nr_node_ids; i++)
		kick_node(&wq->node_nr_active[i]);
}

/**
 * cmwq_pwq_unlink_pending - take a released pwq off its node's list
 * @pwq: the pwq, with no work left
 *
 * Context: process context.
 */
void cmwq_pwq_unlink_pending(struct cmwq_pwq *pwq)
{
	struct cmwq_node_nr_active *nna = pwq->nna;

	if (!nna)
		return;
	raw_spin_lock_irq(&nna->lock);
	list_del_init(&pwq->pending_node);
	raw_spin_unlock_irq(&nna->lock);
}

/**
 * cmwq_node_nr_active_update - share max_active out among the nodes
 * @wq: an unbound workqueue
 *
 * Each node gets max_active in proportion to its online CPUs of the
 * cpumask, at least min_active (and at most max_active); ordered
 * workqueues and pods over several nodes use the whole max_active.
 * Slots that this frees go to waiting pwqs.
 *
 * Context: wq->mutex held; CPU hotplug locked or cmwq_unbound_mutex held.
 */
void cmwq_node_nr_active_update(struct cmwq_workqueue *wq)
{
	const struct cpumask *online = cmwq_online_cpus();
	int max = wq->saved_max_active, min = wq->min_active;
	int node, total, cpus;

	lockdep_assert_held(&wq->mutex);
	if (!wq->node_nr_active)
		return;
	total = cpumask_weight_and(wq->unbound_attrs->cpumask, online);
	for_each_node(node) {
		struct cmwq_node_nr_active *nna = &wq->node_nr_active[node];
		int share = max;

		if (!(wq->flags & __CMWQ_ORDERED)) {
			cpus = 0;
			if (total) {
				int cpu;

				for_each_cpu_and(cpu, cpumask_of_node(node),
						 wq->unbound_attrs->cpumask)
					cpus += cpumask_test_cpu(cpu, online);
			}
			share = total ? DIV_ROUND_UP(max * cpus, total) : max;
			share = clamp(share, min, max);
		}
		raw_spin_lock_irq(&nna->lock);
		nna->max = share;
		raw_spin_unlock_irq(&nna->lock);
	}
	raw_spin_lock_irq(&wq->node_nr_active[nr_node_ids].lock);
	wq->node_nr_active[nr_node_ids].max = max;
	raw_spin_unlock_irq(&wq->node_nr_active[nr_node_ids].lock);
	queue_work(cmwq_kick_wq, &wq->kick_work);
}

/**
 * cmwq_workqueue_set_min_active - the floor of an unbound workqueue's node shares
 * @wq: an unbound, not ordered, workqueue
 * @min_active: 1 to its max_active
 *
 * Each node may run at least @min_active works of @wq at once, however
 * few of its CPUs are online, so that no node starves; the default is
 * 8, or max_active if lower.
 *
 * Context: process context, may sleep.
 * Return: 0, or -EINVAL (nothing changed, the kernel log says why).
 */
int cmwq_workqueue_set_min_active(struct cmwq_workqueue *wq, int min_active)
{
	int ret = 0;

	if (!(wq->flags & CMWQ_UNBOUND) || (wq->flags & __CMWQ_ORDERED)) {
		pr_warn("cmwq: %s: min_active is for unbound, not ordered, workqueues\n",
			wq->name);
		return -EINVAL;
	}
	cpus_read_lock();
	mutex_lock(&wq->mutex);
	if (min_active < 1 || min_active > wq->saved_max_active) {
		pr_warn("cmwq: %s: min_active %d is out of range [1, %d]\n",
			wq->name, min_active, wq->saved_max_active);
		ret = -EINVAL;
	} else {
		wq->min_active = min_active;
		cmwq_node_nr_active_update(wq);
	}
	mutex_unlock(&wq->mutex);
	cpus_read_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(cmwq_workqueue_set_min_active);
