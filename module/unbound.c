// SPDX-License-Identifier: GPL-2.0
/*
 * Unbound workqueues: attrs, pools shared by equal attrs, one
 * pool_workqueue per pod, and replacing them when the attrs change.
 *
 * An unbound workqueue's attrs (nice, cpumask, affinity scope, strict)
 * split its CPUs into pods (pod.c). Each pod that has an online CPU of the
 * cpumask gets a pwq on an unbound pool whose workers may run on the
 * cpumask (on the pod only if strict); every CPU's slot in wq->cpu_pwqs
 * points to its pod's pwq, so work queued from a CPU runs in its pod.
 * CPUs of pods with no online CPU in the cpumask, and every CPU of an
 * ordered workqueue, use the default pwq, whose pod is the whole cpumask.
 * Pools are shared by every pwq with equal pool attrs (nice, cpumask, pod,
 * strict) and die with the last one.
 *
 * Applying new attrs builds the new pwqs first, then switches the slots
 * and drops the old pwqs' base references: an old pwq runs what it holds
 * and is released with its last reference (release_work: unlinked from
 * wq->pwqs, its pool put, freed after an RCU grace period). Nothing is
 * lost or run twice: a work is on exactly one pwq. An ordered workqueue's
 * new pwq is plugged (activates nothing) until the older one is released,
 * so it stays one at a time, in order, across the switch.
 *
 * Slots and pwqs, memory ordering: the slots are written under wq->mutex
 * with rcu_assign_pointer() and read by queueing paths under
 * rcu_read_lock(). A queuer may read an old pwq just before the switch;
 * it then takes the pwq's pool->lock and checks refcnt: the applier drops
 * the base reference under that lock after switching the slots, so a
 * queuer that sees refcnt 0 sees the new slot when it reads it again
 * (pool->lock orders the two), and one that sees refcnt > 0 queues on the
 * old pwq, which then runs the work before it is released. RCU keeps the
 * old pwq's memory valid in between.
 */
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/hashtable.h>
#include <linux/jhash.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "internal.h"

/* Guards the unbound pool hash and every unbound pool's refcnt. */
DEFINE_MUTEX(cmwq_unbound_mutex);

#define CMWQ_UNBOUND_POOL_HASH_BITS	6
static DEFINE_HASHTABLE(unbound_pool_hash, CMWQ_UNBOUND_POOL_HASH_BITS);

/* U: every unbound workqueue, for CPU hotplug */
static LIST_HEAD(unbound_wqs);

/* Releases pwqs (it sleeps: it puts pools), on the kernel's workqueue. */
static struct workqueue_struct *pwq_release_wq;

static void pwq_release_workfn(struct work_struct *work);

/**
 * cmwq_alloc_workqueue_attrs - allocate attrs with the defaults
 *
 * Defaults: nice 0, every possible CPU, the default affinity scope, not
 * strict.
 *
 * Context: process context, may sleep.
 * Return: the attrs (free with cmwq_free_workqueue_attrs()), or %NULL.
 */
struct cmwq_workqueue_attrs *cmwq_alloc_workqueue_attrs(void)
{
	struct cmwq_workqueue_attrs *attrs;

	attrs = kzalloc(sizeof(*attrs), GFP_KERNEL);
	if (!attrs)
		return NULL;
	if (!zalloc_cpumask_var(&attrs->cpumask, GFP_KERNEL)) {
		kfree(attrs);
		return NULL;
	}
	cpumask_copy(attrs->cpumask, cpu_possible_mask);
	attrs->affn_scope = CMWQ_AFFN_DFL;
	return attrs;
}
EXPORT_SYMBOL_GPL(cmwq_alloc_workqueue_attrs);

/**
 * cmwq_free_workqueue_attrs - free attrs
 * @attrs: the attrs, or %NULL
 */
void cmwq_free_workqueue_attrs(struct cmwq_workqueue_attrs *attrs)
{
	if (!attrs)
		return;
	free_cpumask_var(attrs->cpumask);
	kfree(attrs);
}
EXPORT_SYMBOL_GPL(cmwq_free_workqueue_attrs);

/**
 * cmwq_attrs_copy - copy attrs
 * @to: the destination
 * @from: the source
 */
void cmwq_attrs_copy(struct cmwq_workqueue_attrs *to,
		     const struct cmwq_workqueue_attrs *from)
{
	to->nice = from->nice;
	cpumask_copy(to->cpumask, from->cpumask);
	to->affn_scope = from->affn_scope;
	to->affn_strict = from->affn_strict;
}

/**
 * cmwq_pool_allowed_cpus - the CPUs a pool's workers may run on
 * @pool: the pool
 *
 * Return: the pool's CPU if per-CPU; an unbound pool's pod if strict, its
 * whole cpumask otherwise.
 */
const struct cpumask *cmwq_pool_allowed_cpus(struct cmwq_pool *pool)
{
	if (pool->flags & CMWQ_POOL_PERCPU)
		return cpumask_of(pool->cpu);
	return pool->attrs->affn_strict ? pool->pod_cpus : pool->attrs->cpumask;
}
EXPORT_SYMBOL_NS_GPL(cmwq_pool_allowed_cpus, CMWQ_NS);

/**
 * cmwq_worker_repatriate - wake an unbound worker inside its pool's pod
 * @worker: an idle worker of a non-strict unbound pool, about to be woken
 *
 * A non-strict worker may run anywhere in the cpumask; the scheduler
 * starts a wake-up from the task's wake_cpu, so pointing it into the pod
 * brings the worker back to where the work was queued (upstream does the
 * same in kick_pool()). Counted in the first pending work's pwq.
 *
 * Context: pool->lock held; the worker is idle, so its wake_cpu is ours
 * until we wake it.
 */
void cmwq_worker_repatriate(struct cmwq_worker *worker)
{
#ifdef CONFIG_SMP
	struct cmwq_pool *pool = worker->pool;
	struct task_struct *p = worker->task;
	struct cmwq_work *work;
	int cpu;

	lockdep_assert_held(&pool->lock);
	if (pool->attrs->affn_strict ||
	    cpumask_test_cpu(p->wake_cpu, pool->pod_cpus))
		return;
	cpu = cpumask_any_and_distribute(pool->pod_cpus, cpu_online_mask);
	if (cpu >= nr_cpu_ids)
		return;
	p->wake_cpu = cpu;
	work = list_first_entry_or_null(&pool->worklist, struct cmwq_work,
					entry);
	if (work)
		cmwq_get_work_pwq(work)->stats[CMWQ_PWQ_STAT_REPATRIATED]++;
#endif
}

static u32 pool_attrs_hash(const struct cmwq_workqueue_attrs *attrs,
			   const struct cpumask *pod_cpus)
{
	size_t len = BITS_TO_LONGS(nr_cpu_ids) * sizeof(long);
	u32 hash = jhash_1word(attrs->nice, attrs->affn_strict);

	hash = jhash(cpumask_bits(attrs->cpumask), len, hash);
	return jhash(cpumask_bits(pod_cpus), len, hash);
}

static bool pool_attrs_equal(struct cmwq_pool *pool,
			     const struct cmwq_workqueue_attrs *attrs,
			     const struct cpumask *pod_cpus)
{
	return pool->attrs->nice == attrs->nice &&
	       pool->attrs->affn_strict == attrs->affn_strict &&
	       cpumask_equal(pool->attrs->cpumask, attrs->cpumask) &&
	       cpumask_equal(pool->pod_cpus, pod_cpus);
}

/* The node all of @cpus are on, or NUMA_NO_NODE. */
static int cpus_node(const struct cpumask *cpus)
{
	int cpu, node = NUMA_NO_NODE;

	for_each_cpu(cpu, cpus) {
		if (node == NUMA_NO_NODE)
			node = cpu_to_node(cpu);
		else if (cpu_to_node(cpu) != node)
			return NUMA_NO_NODE;
	}
	return node;
}

/* A reference on the unbound pool for @attrs and @pod_cpus; U held. */
static struct cmwq_pool *get_unbound_pool(const struct cmwq_workqueue_attrs *attrs,
					  const struct cpumask *pod_cpus)
{
	u32 hash = pool_attrs_hash(attrs, pod_cpus);
	struct cmwq_pool *pool;

	lockdep_assert_held(&cmwq_unbound_mutex);
	hash_for_each_possible(unbound_pool_hash, pool, hash_node, hash) {
		if (pool_attrs_equal(pool, attrs, pod_cpus)) {
			pool->refcnt++;
			return pool;
		}
	}
	pool = cmwq_pool_create(-1, cpus_node(pod_cpus), attrs->nice,
				CMWQ_POOL_UNBOUND, attrs, pod_cpus);
	if (!pool)
		return NULL;
	if (cmwq_create_worker(pool)) {
		cmwq_pool_free(pool);
		return NULL;
	}
	pool->refcnt = 1;
	hash_add(unbound_pool_hash, &pool->hash_node, hash);
	return pool;
}

/* Drop a reference; the last one stops the pool's workers. U held. */
static void put_unbound_pool(struct cmwq_pool *pool)
{
	lockdep_assert_held(&cmwq_unbound_mutex);
	if (--pool->refcnt)
		return;
	hash_del(&pool->hash_node);
	cmwq_pool_free(pool);
}

/* A new pwq of @wq for the pod @pod_cpus; U held. */
static struct cmwq_pwq *alloc_unbound_pwq(struct cmwq_workqueue *wq,
					  const struct cmwq_workqueue_attrs *attrs,
					  const struct cpumask *pod_cpus)
{
	struct cmwq_pool *pool;
	struct cmwq_pwq *pwq;

	pool = get_unbound_pool(attrs, pod_cpus);
	if (!pool)
		return NULL;
	pwq = cmwq_alloc_pwq(wq, pool);
	if (!pwq) {
		put_unbound_pool(pool);
		return NULL;
	}
	INIT_WORK(&pwq->release_work, pwq_release_workfn);
	return pwq;
}

/* Free a pwq that was never linked (a failed apply); U held. */
static void discard_unbound_pwq(struct cmwq_pwq *pwq)
{
	struct cmwq_pool *pool = pwq->pool;

	cmwq_free_pwq(pwq);
	put_unbound_pool(pool);
}

/* Let the oldest pwq of an ordered workqueue activate its works. */
static void unplug_oldest_pwq(struct cmwq_workqueue *wq)
{
	struct cmwq_pwq *pwq;
	struct cmwq_pool *pool;

	lockdep_assert_held(&wq->mutex);
	pwq = list_first_entry_or_null(&wq->pwqs, struct cmwq_pwq, pwqs_node);
	if (!pwq)
		return;
	pool = pwq->pool;
	raw_spin_lock_irq(&pool->lock);
	if (pwq->plugged) {
		pwq->plugged = false;
		pwq->max_active = cmwq_wq_pwq_max_active(wq);
		while (cmwq_pwq_activate_inactive(pwq, CMWQ_CLAIM_QUEUED))
			;
		if (cmwq_need_more_worker(pool))
			cmwq_wake_up_worker(pool);
	}
	raw_spin_unlock_irq(&pool->lock);
}

static void pwq_release_workfn(struct work_struct *work)
{
	struct cmwq_pwq *pwq = container_of(work, struct cmwq_pwq,
					    release_work);
	struct cmwq_workqueue *wq = pwq->wq;
	struct cmwq_pool *pool = pwq->pool;

	cmwq_pwq_unlink_pending(pwq);
	mutex_lock(&wq->mutex);
	list_del_rcu(&pwq->pwqs_node);
	if (wq->flags & __CMWQ_ORDERED)
		unplug_oldest_pwq(wq);
	mutex_unlock(&wq->mutex);

	mutex_lock(&cmwq_unbound_mutex);
	put_unbound_pool(pool);
	mutex_unlock(&cmwq_unbound_mutex);
	cmwq_free_pwq(pwq);
}

/**
 * cmwq_pwq_release - an unbound pwq lost its last reference
 * @pwq: the pwq, which holds no work any more
 *
 * Unlinking it sleeps (wq->mutex, the pool's workers): that is left to
 * release_work on the kernel's workqueue. A workqueue being destroyed
 * flushes those before it is freed.
 *
 * Context: pwq->pool->lock held.
 */
void cmwq_pwq_release(struct cmwq_pwq *pwq)
{
	lockdep_assert_held(&pwq->pool->lock);
	queue_work(pwq_release_wq, &pwq->release_work);
}

/* Drop the base reference of an installed pwq; wq->mutex held. */
static void uninstall_pwq(struct cmwq_pwq *pwq)
{
	if (!pwq || !pwq->installed)
		return;
	pwq->installed = false;
	raw_spin_lock_irq(&pwq->pool->lock);
	cmwq_put_pwq(pwq);
	raw_spin_unlock_irq(&pwq->pool->lock);
}

/* What apply builds before it switches anything. */
struct apply_ctx {
	struct cmwq_workqueue_attrs *attrs;	/* scope resolved */
	struct cmwq_pwq		*dfl_pwq;
	struct cmwq_pwq		**pod_pwqs;	/* [pod], NULL: the default */
	struct cmwq_pwq		**tbl;		/* [cpu] */
	struct cmwq_pwq		**old_tbl;	/* [cpu]: what commit replaced */
	int			nr_pods;
};

static void apply_ctx_free(struct apply_ctx *ctx, bool discard)
{
	int pod;

	if (discard) {
		for (pod = 0; ctx->pod_pwqs && pod < ctx->nr_pods; pod++)
			if (ctx->pod_pwqs[pod])
				discard_unbound_pwq(ctx->pod_pwqs[pod]);
		if (ctx->dfl_pwq)
			discard_unbound_pwq(ctx->dfl_pwq);
	}
	kfree(ctx->pod_pwqs);
	kfree(ctx->tbl);
	kfree(ctx->old_tbl);
	cmwq_free_workqueue_attrs(ctx->attrs);
}

/*
 * Build the pwqs for @attrs: the default one, and one per pod with an
 * online CPU of the cpumask whose CPUs are not the whole cpumask. U and
 * cpus_read_lock() held.
 */
static int apply_ctx_prepare(struct apply_ctx *ctx, struct cmwq_workqueue *wq,
			     const struct cmwq_workqueue_attrs *attrs)
{
	const struct cmwq_pod_type *pt;
	cpumask_var_t pod_cpus;
	int cpu, pod, ret = -ENOMEM;

	if (!zalloc_cpumask_var(&pod_cpus, GFP_KERNEL))
		return -ENOMEM;
	ctx->attrs = cmwq_alloc_workqueue_attrs();
	ctx->tbl = kcalloc(nr_cpu_ids, sizeof(*ctx->tbl), GFP_KERNEL);
	ctx->old_tbl = kcalloc(nr_cpu_ids, sizeof(*ctx->old_tbl), GFP_KERNEL);
	if (!ctx->attrs || !ctx->tbl || !ctx->old_tbl)
		goto out;
	cmwq_attrs_copy(ctx->attrs, attrs);
	cpumask_and(ctx->attrs->cpumask, attrs->cpumask, cpu_possible_mask);
	if (ctx->attrs->affn_scope == CMWQ_AFFN_DFL)
		ctx->attrs->affn_scope = cmwq_default_affn_scope();

	ctx->dfl_pwq = alloc_unbound_pwq(wq, ctx->attrs, ctx->attrs->cpumask);
	if (!ctx->dfl_pwq)
		goto out;
	for_each_possible_cpu(cpu)
		ctx->tbl[cpu] = ctx->dfl_pwq;
	/* An ordered workqueue has one pwq: one at a time, in order. */
	if (wq->flags & __CMWQ_ORDERED) {
		ret = 0;
		goto out;
	}

	pt = &cmwq_pod_types[ctx->attrs->affn_scope];
	ctx->nr_pods = pt->nr_pods;
	ctx->pod_pwqs = kcalloc(pt->nr_pods, sizeof(*ctx->pod_pwqs),
				GFP_KERNEL);
	if (!ctx->pod_pwqs)
		goto out;
	for (pod = 0; pod < pt->nr_pods; pod++) {
		cpumask_and(pod_cpus, pt->pod_cpus[pod], ctx->attrs->cpumask);
		if (!cpumask_intersects(pod_cpus, cmwq_online_cpus()) ||
		    cpumask_equal(pod_cpus, ctx->attrs->cpumask))
			continue;
		ctx->pod_pwqs[pod] = alloc_unbound_pwq(wq, ctx->attrs,
						       pod_cpus);
		if (!ctx->pod_pwqs[pod])
			goto out;
	}
	for_each_possible_cpu(cpu) {
		pod = pt->cpu_pod[cpu];
		if (ctx->pod_pwqs[pod])
			ctx->tbl[cpu] = ctx->pod_pwqs[pod];
	}
	ret = 0;
out:
	free_cpumask_var(pod_cpus);
	return ret;
}

/* Link a new pwq into @wq; wq->mutex held. */
static void link_pwq(struct cmwq_workqueue *wq, struct cmwq_pwq *pwq)
{
	lockdep_assert_held(&wq->mutex);
	/*
	 * Not reachable by queuers yet: no pool lock needed. A flush in
	 * progress does not wait for it; the next one does.
	 */
	pwq->work_color = wq->work_color;
	pwq->installed = true;
	/* Under wq->mutex: set_max_active may have run since the alloc. */
	pwq->max_active = cmwq_wq_pwq_max_active(wq);
	if ((wq->flags & __CMWQ_ORDERED) && !list_empty(&wq->pwqs)) {
		pwq->plugged = true;
		pwq->max_active = 0;
	}
	list_add_tail_rcu(&pwq->pwqs_node, &wq->pwqs);
}

/* Switch @wq to the pwqs of @ctx and let the old ones go; wq->mutex held. */
static void apply_ctx_commit(struct apply_ctx *ctx, struct cmwq_workqueue *wq)
{
	struct cmwq_pwq *old_dfl = wq->dfl_pwq;
	int cpu, pod;

	lockdep_assert_held(&wq->mutex);
	link_pwq(wq, ctx->dfl_pwq);
	for (pod = 0; ctx->pod_pwqs && pod < ctx->nr_pods; pod++)
		if (ctx->pod_pwqs[pod])
			link_pwq(wq, ctx->pod_pwqs[pod]);

	for_each_possible_cpu(cpu) {
		ctx->old_tbl[cpu] = rcu_dereference_protected(wq->cpu_pwqs[cpu],
						lockdep_is_held(&wq->mutex));
		rcu_assign_pointer(wq->cpu_pwqs[cpu], ctx->tbl[cpu]);
	}
	wq->dfl_pwq = ctx->dfl_pwq;
	/*
	 * Only once no slot points to them (see the ordering rules at the
	 * top): an old pwq is shared by its pod's CPUs, and a queuer that
	 * finds it emptied retries until its slot changes, with IRQs off.
	 */
	for_each_possible_cpu(cpu)
		uninstall_pwq(ctx->old_tbl[cpu]);
	uninstall_pwq(old_dfl);
	cmwq_attrs_copy(wq->unbound_attrs, ctx->attrs);
	/* The cpumask may have changed the nodes' shares. */
	cmwq_node_nr_active_update(wq);
	/* Now the workqueue's: nothing to discard. */
	ctx->dfl_pwq = NULL;
	kfree(ctx->pod_pwqs);
	ctx->pod_pwqs = NULL;
}

static int check_attrs(struct cmwq_workqueue *wq,
		       const struct cmwq_workqueue_attrs *attrs)
{
	if (!(wq->flags & CMWQ_UNBOUND)) {
		pr_warn("cmwq: %s: attrs apply to unbound workqueues only\n",
			wq->name);
		return -EINVAL;
	}
	if (attrs->nice < MIN_NICE || attrs->nice > MAX_NICE) {
		pr_warn("cmwq: %s: nice %d is out of range [%d, %d]\n",
			wq->name, attrs->nice, MIN_NICE, MAX_NICE);
		return -EINVAL;
	}
	if (attrs->affn_scope < CMWQ_AFFN_DFL ||
	    attrs->affn_scope >= CMWQ_AFFN_NR_TYPES) {
		pr_warn("cmwq: %s: affinity scope %d is unknown\n", wq->name,
			attrs->affn_scope);
		return -EINVAL;
	}
	if (!cpumask_intersects(attrs->cpumask, cmwq_online_cpus())) {
		pr_warn("cmwq: %s: cpumask %*pbl has no online CPU\n",
			wq->name, cpumask_pr_args(attrs->cpumask));
		return -EINVAL;
	}
	return 0;
}

/* Build and install the pwqs of @attrs; CPU hotplug locked, U held. */
static int apply_attrs_locked(struct cmwq_workqueue *wq,
			      const struct cmwq_workqueue_attrs *attrs)
{
	struct apply_ctx ctx = {};
	int ret;

	/*
	 * And cpus_read_lock() or a hotplug callback, which the unexported
	 * lockdep_assert_cpus_held() would check.
	 */
	lockdep_assert_held(&cmwq_unbound_mutex);
	ret = apply_ctx_prepare(&ctx, wq, attrs);
	if (!ret) {
		mutex_lock(&wq->mutex);
		apply_ctx_commit(&ctx, wq);
		mutex_unlock(&wq->mutex);
	}
	apply_ctx_free(&ctx, true);
	return ret;
}

static int apply_attrs(struct cmwq_workqueue *wq,
		       const struct cmwq_workqueue_attrs *attrs)
{
	int ret;

	cpus_read_lock();
	ret = check_attrs(wq, attrs);
	if (!ret) {
		mutex_lock(&cmwq_unbound_mutex);
		ret = apply_attrs_locked(wq, attrs);
		mutex_unlock(&cmwq_unbound_mutex);
	}
	cpus_read_unlock();
	return ret;
}

/* Does @cpu's pod of @wq have its own pwq, or should it? */
static bool pod_needs_update(struct cmwq_workqueue *wq, int cpu)
{
	const struct cmwq_workqueue_attrs *attrs = wq->unbound_attrs;
	const struct cmwq_pod_type *pt = &cmwq_pod_types[attrs->affn_scope];
	const struct cpumask *pod = pt->pod_cpus[pt->cpu_pod[cpu]];
	bool has, wants;

	has = rcu_dereference_protected(wq->cpu_pwqs[cpu],
					lockdep_is_held(&wq->mutex)) !=
	      wq->dfl_pwq;
	wants = cpumask_intersects(pod, attrs->cpumask) &&
		!cpumask_subset(attrs->cpumask, pod);
	if (wants) {
		/* Some CPU of the pod and the cpumask online? */
		int c;

		wants = false;
		for_each_cpu_and(c, pod, attrs->cpumask)
			wants |= cpumask_test_cpu(c, cmwq_online_cpus());
	}
	return has != wants;
}

/**
 * cmwq_unbound_update_pods - @cpu came or went: follow with the pods
 * @cpu: the CPU, already in or out of cmwq_online_cpus()
 *
 * Every unbound workqueue whose pod of @cpu gains its first online CPU or
 * loses its last one gets its attrs applied again: the pod gets a pwq of
 * its own, or its CPUs go to the default pwq. Ordered workqueues have only
 * the default pwq. A failure (no memory) leaves the workqueue as it was,
 * which still runs everything, and says so.
 *
 * Context: a CPU hotplug callback; cmwq_unbound_mutex held.
 */
void cmwq_unbound_update_pods(int cpu)
{
	struct cmwq_workqueue *wq;
	bool update;

	lockdep_assert_held(&cmwq_unbound_mutex);
	list_for_each_entry(wq, &unbound_wqs, unbound_node) {
		mutex_lock(&wq->mutex);
		update = pod_needs_update(wq, cpu);
		/* The node of @cpu has one online CPU more or less. */
		cmwq_node_nr_active_update(wq);
		mutex_unlock(&wq->mutex);
		/* An ordered workqueue has only its default pwq. */
		if (wq->flags & __CMWQ_ORDERED)
			continue;
		if (update && apply_attrs_locked(wq, wq->unbound_attrs))
			pr_warn("cmwq: %s: pods not updated for CPU %d\n",
				wq->name, cpu);
	}
}

/**
 * cmwq_apply_workqueue_attrs - change an unbound workqueue's attrs
 * @wq: the unbound workqueue
 * @attrs: the new attrs; CPUs of the cpumask that are not possible are
 *         ignored
 *
 * New works go to new pwqs at once; works already queued run where they
 * are, each exactly once. An ordered workqueue stays ordered across the
 * change.
 *
 * Context: process context, may sleep; not from a work of @wq.
 * Return: 0; -EINVAL (the kernel log says why, nothing changed) for a
 * per-CPU workqueue, a nice level out of range, an unknown scope or a
 * cpumask without an online CPU; -ENOMEM.
 */
int cmwq_apply_workqueue_attrs(struct cmwq_workqueue *wq,
			       const struct cmwq_workqueue_attrs *attrs)
{
	return apply_attrs(wq, attrs);
}
EXPORT_SYMBOL_GPL(cmwq_apply_workqueue_attrs);

/**
 * cmwq_get_workqueue_attrs - the attrs an unbound workqueue runs with
 * @wq: the unbound workqueue
 * @attrs: where to copy them; the scope is the resolved one, never
 *         %CMWQ_AFFN_DFL
 *
 * Context: process context, may sleep.
 * Return: 0, or -EINVAL for a per-CPU workqueue.
 */
int cmwq_get_workqueue_attrs(struct cmwq_workqueue *wq,
			     struct cmwq_workqueue_attrs *attrs)
{
	if (!(wq->flags & CMWQ_UNBOUND))
		return -EINVAL;
	mutex_lock(&wq->mutex);
	cmwq_attrs_copy(attrs, wq->unbound_attrs);
	mutex_unlock(&wq->mutex);
	return 0;
}
EXPORT_SYMBOL_GPL(cmwq_get_workqueue_attrs);

/**
 * cmwq_unbound_wq_init - give a new unbound workqueue its default pwqs
 * @wq: the workqueue, with cpu_pwqs allocated and nothing else
 *
 * Context: process context, may sleep.
 * Return: 0 or a negative errno (cmwq_unbound_wq_release() cleans up).
 */
int cmwq_unbound_wq_init(struct cmwq_workqueue *wq)
{
	int ret;

	wq->unbound_attrs = cmwq_alloc_workqueue_attrs();
	if (!wq->unbound_attrs)
		return -ENOMEM;
	if (wq->flags & CMWQ_HIGHPRI)
		wq->unbound_attrs->nice = CMWQ_HIGHPRI_NICE;
	INIT_LIST_HEAD(&wq->unbound_node);
	cpus_read_lock();
	mutex_lock(&cmwq_unbound_mutex);
	ret = apply_attrs_locked(wq, wq->unbound_attrs);
	if (!ret)
		list_add_tail(&wq->unbound_node, &unbound_wqs);
	mutex_unlock(&cmwq_unbound_mutex);
	cpus_read_unlock();
	return ret;
}

/**
 * cmwq_unbound_wq_release - release an unbound workqueue's pwqs
 * @wq: the workqueue, drained, or never used
 *
 * Context: process context, may sleep.
 * Return: %true if every pwq is gone and @wq may be freed; %false (with
 * a warning) if one is still busy, when @wq must be leaked.
 */
bool cmwq_unbound_wq_release(struct cmwq_workqueue *wq)
{
	bool gone;
	int cpu;

	mutex_lock(&cmwq_unbound_mutex);
	if (wq->unbound_attrs && !list_empty(&wq->unbound_node))
		list_del_init(&wq->unbound_node);
	mutex_unlock(&cmwq_unbound_mutex);
	if (wq->cpu_pwqs) {
		mutex_lock(&wq->mutex);
		for_each_possible_cpu(cpu)
			uninstall_pwq(rcu_dereference_protected(wq->cpu_pwqs[cpu],
					lockdep_is_held(&wq->mutex)));
		uninstall_pwq(wq->dfl_pwq);
		mutex_unlock(&wq->mutex);
	}
	flush_workqueue(pwq_release_wq);

	mutex_lock(&wq->mutex);
	gone = list_empty(&wq->pwqs);
	mutex_unlock(&wq->mutex);
	if (WARN(!gone, "cmwq: %s still busy after drain, leaking it\n",
		 wq->name))
		return false;
	kfree(wq->cpu_pwqs);
	wq->cpu_pwqs = NULL;
	cmwq_free_workqueue_attrs(wq->unbound_attrs);
	wq->unbound_attrs = NULL;
	return true;
}

/**
 * cmwq_unbound_init - the workqueues that release pwqs and hand out slots
 *
 * Context: module load, before any workqueue.
 * Return: 0 or -ENOMEM.
 */
int cmwq_unbound_init(void)
{
	/* Reclaim may wait for an unplugged ordered pwq: a rescuer. */
	pwq_release_wq = alloc_workqueue("cmwq_pwq_release",
					 WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!pwq_release_wq)
		return -ENOMEM;
	if (cmwq_nr_active_init()) {
		destroy_workqueue(pwq_release_wq);
		return -ENOMEM;
	}
	return 0;
}

/**
 * cmwq_unbound_exit - undo cmwq_unbound_init()
 *
 * Context: module unload, after every workqueue is gone.
 */
void cmwq_unbound_exit(void)
{
	cmwq_nr_active_exit();
	destroy_workqueue(pwq_release_wq);
	WARN_ON_ONCE(!hash_empty(unbound_pool_hash));
}
