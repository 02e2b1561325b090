// SPDX-License-Identifier: GPL-2.0
/*
 * Workqueues: creation with their per-CPU pool_workqueues (an unbound
 * workqueue's come from its attrs: unbound.c), max_active, destruction,
 * and the module's own system workqueue.
 */
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "internal.h"

static struct kmem_cache *cmwq_pwq_cache;

/* M: every workqueue, for debugfs and for the unload check */
LIST_HEAD(cmwq_workqueues);
EXPORT_SYMBOL_NS_GPL(cmwq_workqueues, CMWQ_NS);

/* The module's own per-CPU workqueue, for cmwq_work_on_cpu(). */

/**
 * cmwq_workqueue_name - the name a workqueue was created with
 * @wq: the workqueue
 *
 * Return: the name.
 */
const char *cmwq_workqueue_name(struct cmwq_workqueue *wq)
{
	return wq->name;
}
EXPORT_SYMBOL_GPL(cmwq_workqueue_name);

/**
 * cmwq_alloc_pwq - allocate a pool_workqueue of @wq on @pool
 * @wq: the workqueue
 * @pool: the pool
 *
 * It holds its base reference, dropped when @wq stops using it.
 *
 * Context: process context, may sleep.
 * Return: the pwq, not linked anywhere yet, or %NULL.
 */
struct cmwq_pwq *cmwq_alloc_pwq(struct cmwq_workqueue *wq,
				struct cmwq_pool *pool)
{
	struct cmwq_pwq *pwq;

	if (cmwq_should_fail_alloc_wq())
		return NULL;
	pwq = kmem_cache_alloc_node(cmwq_pwq_cache, GFP_KERNEL | __GFP_ZERO,
				    pool->node);
	if (!pwq)
		return NULL;
	pwq->pool = pool;
	pwq->wq = wq;
	pwq->flush_color = -1;
	/* The base reference, dropped when the workqueue goes. */
	pwq->refcnt = 1;
	pwq->max_active = cmwq_wq_pwq_max_active(wq);
	INIT_LIST_HEAD(&pwq->inactive_works);
	INIT_LIST_HEAD(&pwq->pwqs_node);
	INIT_LIST_HEAD(&pwq->mayday_node);
	INIT_LIST_HEAD(&pwq->pending_node);
	pwq->nna = cmwq_pwq_node_nr_active(wq, pool);
	return pwq;
}

static void free_pwq_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(cmwq_pwq_cache,
			container_of(rcu, struct cmwq_pwq, rcu));
}

/**
 * cmwq_free_pwq - free a pool_workqueue after an RCU grace period
 * @pwq: the pwq, on no list and with no reference left
 *
 * Queueing paths may still look at an unbound pwq they read from a CPU
 * slot before it was replaced (under rcu_read_lock()).
 *
 * Context: any.
 */
void cmwq_free_pwq(struct cmwq_pwq *pwq)
{
	call_rcu(&pwq->rcu, free_pwq_rcu);
}

/* The per-CPU pwqs of a per-CPU workqueue that was never used. */
static void free_percpu_pwqs(struct cmwq_workqueue *wq)
{
	int cpu;

	if (!wq->cpu_pwqs)
		return;
	for_each_possible_cpu(cpu)
		if (wq->cpu_pwqs[cpu])
			cmwq_free_pwq(rcu_dereference_protected(
					wq->cpu_pwqs[cpu], true));
	kfree(wq->cpu_pwqs);
}

static int alloc_and_link_pwqs(struct cmwq_workqueue *wq)
{
	enum cmwq_std_pool which = wq->flags & CMWQ_HIGHPRI ?
				   CMWQ_HIGHPRI_POOL : CMWQ_NORMAL_POOL;
	struct cmwq_pwq *pwq;
	int cpu;

	if (!cmwq_should_fail_alloc_wq())
		wq->cpu_pwqs = kcalloc(nr_cpu_ids, sizeof(*wq->cpu_pwqs),
				       GFP_KERNEL);
	if (!wq->cpu_pwqs)
		return -ENOMEM;
	if (wq->flags & CMWQ_UNBOUND) {
		if (cmwq_node_nr_active_alloc(wq))
			return -ENOMEM;
		return cmwq_unbound_wq_init(wq);
	}
	for_each_possible_cpu(cpu) {
		pwq = cmwq_alloc_pwq(wq, wq->flags & CMWQ_BH ?
				     cmwq_bh_pool(cpu, which) :
				     cmwq_cpu_pool(cpu, which));
		if (!pwq)
			return -ENOMEM;
		RCU_INIT_POINTER(wq->cpu_pwqs[cpu], pwq);
		/* Not visible to anyone yet: no locks needed. */
		list_add_tail(&pwq->pwqs_node, &wq->pwqs);
	}
	return 0;
}

static int check_max_active(const char *name, int max_active)
{
	if (max_active < 0 || max_active > CMWQ_MAX_ACTIVE) {
		pr_warn("cmwq: max_active %d for %s is out of range [0 (default), %d]\n",
			max_active, name, CMWQ_MAX_ACTIVE);
		return -EINVAL;
	}
	return 0;
}

/**
 * cmwq_alloc_workqueue - create a workqueue
 * @fmt: printf format of the name
 * @flags: CMWQ_UNBOUND, CMWQ_HIGHPRI, CMWQ_CPU_INTENSIVE, CMWQ_MEM_RECLAIM,
 *         CMWQ_FREEZABLE (paused by system suspend and hibernation, see
 *         freezer.c), CMWQ_POWER_EFFICIENT (unbound if the
 *         power_efficient parameter says so, see system_wq.c), CMWQ_SYSFS (attribute files in
 *         /sys/bus/cmwq/devices/<name>/, see sysfs.c); __CMWQ_ORDERED
 *         through cmwq_alloc_ordered_workqueue(); CMWQ_BH (works run in
 *         softirq on the queueing CPU, see bh.c), alone or with
 *         CMWQ_HIGHPRI, and with @max_active 0
 * @max_active: works of this workqueue that may run at once per CPU, or
 *              system-wide if unbound (shared out per node, see
 *              nr_active.c), 1 to %CMWQ_MAX_ACTIVE; 0 for
 *              %CMWQ_DFL_ACTIVE (a BH workqueue has no limit)
 *
 * An unbound workqueue starts with the default attrs: nice 0 (-20 with
 * CMWQ_HIGHPRI), every possible CPU, the module's default affinity scope,
 * not strict. cmwq_apply_workqueue_attrs() changes them.
 * @...: arguments of @fmt
 *
 * Context: process context, may sleep.
 * Return: the workqueue, ERR_PTR(-EINVAL) for unknown or not yet
 * supported flags or an out-of-range @max_active (the kernel log says
 * which), ERR_PTR(-EEXIST) with CMWQ_SYSFS when another workqueue of that
 * name has its sysfs directory, or ERR_PTR(-ENOMEM).
 */
struct cmwq_workqueue *cmwq_alloc_workqueue(const char *fmt, unsigned int flags,
					    int max_active, ...)
{
	struct cmwq_workqueue *wq;
	va_list args;
	int len, ret;

	if (cmwq_should_fail_alloc_wq())
		return ERR_PTR(-ENOMEM);
	wq = kzalloc(sizeof(*wq), GFP_KERNEL);
	if (!wq)
		return ERR_PTR(-ENOMEM);
	va_start(args, max_active);
	len = vsnprintf(wq->name, sizeof(wq->name), fmt, args);
	va_end(args);
	if (len >= sizeof(wq->name))
		pr_warn("cmwq: workqueue name truncated to \"%s\"\n", wq->name);

	ret = -EINVAL;
	if (flags & ~CMWQ_USER_FLAGS) {
		pr_warn("cmwq: %s: flags 0x%x unknown or not supported yet\n",
			wq->name, flags & ~CMWQ_USER_FLAGS);
		goto free_wq;
	}
	/*
	 * Upstream's WQ_BH rules: per-CPU softirq execution takes nothing but
	 * CMWQ_HIGHPRI (no rescuer, no unbound or ordered execution, no CPU
	 * intensive or freezable threads, no sysfs files), and its works all
	 * run, one after the other, with no max_active to set.
	 */
	if ((flags & CMWQ_BH) && (flags & ~CMWQ_BH_ALLOWS)) {
		pr_warn("cmwq: %s: a BH workqueue runs in softirq on each CPU and takes no flag but CMWQ_HIGHPRI (0x%x given)\n",
			wq->name, flags & ~CMWQ_BH_ALLOWS);
		goto free_wq;
	}
	if ((flags & CMWQ_BH) && max_active) {
		pr_warn("cmwq: %s: a BH workqueue has no max_active: give 0, not %d\n",
			wq->name, max_active);
		goto free_wq;
	}
	if (check_max_active(wq->name, max_active))
		goto free_wq;
	/* CPU-intensive means nothing once unbound. */
	if ((flags & CMWQ_POWER_EFFICIENT) && cmwq_power_efficient)
		flags = (flags | CMWQ_UNBOUND) & ~CMWQ_CPU_INTENSIVE;
	if ((flags & __CMWQ_ORDERED) &&
	    ((flags & (CMWQ_UNBOUND | CMWQ_CPU_INTENSIVE)) != CMWQ_UNBOUND ||
	     max_active != 1)) {
		pr_warn("cmwq: %s: an ordered workqueue is unbound, not CPU-intensive, with max_active 1\n",
			wq->name);
		goto free_wq;
	}
	if ((flags & (CMWQ_UNBOUND | CMWQ_CPU_INTENSIVE)) ==
	    (CMWQ_UNBOUND | CMWQ_CPU_INTENSIVE)) {
		pr_warn("cmwq: %s: CMWQ_CPU_INTENSIVE means nothing for an unbound workqueue\n",
			wq->name);
		goto free_wq;
	}

	wq->flags = flags;
	/* A BH pool runs its works one at a time anyway: no limit. */
	if (flags & CMWQ_BH)
		wq->saved_max_active = INT_MAX;
	else
		wq->saved_max_active = max_active ?: CMWQ_DFL_ACTIVE;
	mutex_init(&wq->mutex);
	INIT_LIST_HEAD(&wq->pwqs);
	INIT_LIST_HEAD(&wq->flusher_queue);
	INIT_LIST_HEAD(&wq->flusher_overflow);
	INIT_LIST_HEAD(&wq->maydays);
	cmwq_hashed_wq_init(wq);
	INIT_LIST_HEAD(&wq->list);
	cmwq_lockdep_wq_init(wq);

	ret = alloc_and_link_pwqs(wq);
	if (ret)
		goto free_pwqs;
	if (flags & CMWQ_MEM_RECLAIM) {
		ret = cmwq_create_rescuer(wq);
		if (ret)
			goto free_pwqs;
	}
	/* Complete first: its files may be written from now on. */
	if (flags & CMWQ_SYSFS) {
		ret = cmwq_sysfs_register(wq);
		if (ret)
			goto destroy_rescuer;
	}

	mutex_lock(&cmwq_pool_mutex);
	list_add_tail(&wq->list, &cmwq_workqueues);
	/* A freeze that began before it was listed did not see its pwqs. */
	if ((flags & CMWQ_FREEZABLE) && cmwq_freezing()) {
		mutex_lock(&wq->mutex);
		cmwq_wq_apply_max_active(wq);
		mutex_unlock(&wq->mutex);
	}
	mutex_unlock(&cmwq_pool_mutex);
	return wq;

destroy_rescuer:
	cmwq_destroy_rescuer(wq);
free_pwqs:
	cmwq_lockdep_wq_exit(wq);
	if (flags & CMWQ_UNBOUND) {
		cmwq_unbound_wq_release(wq);
		cmwq_node_nr_active_free(wq);
	} else {
		free_percpu_pwqs(wq);
	}
free_wq:
	kfree(wq);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(cmwq_alloc_workqueue);

/* Does @pwq hold anything besides its base reference? */
static bool pwq_busy(struct cmwq_pwq *pwq)
{
	int i;

	for (i = 0; i < CMWQ_NR_COLORS; i++)
		if (pwq->nr_in_flight[i])
			return true;
	return pwq->refcnt > 1 || pwq->nr_active ||
	       !list_empty(&pwq->inactive_works);
}

/**
 * cmwq_destroy_workqueue - drain and free a workqueue
 * @wq: the workqueue
 *
 * Work still queued runs first (cmwq_drain_workqueue()). From the call
 * on, only @wq's own works may queue more (chains, which the drain waits
 * for); every other queueing is refused, a delayed work whose timer fires
 * included: the caller must cancel those first.
 *
 * Context: process context, may sleep; not from a work of @wq.
 */
void cmwq_destroy_workqueue(struct cmwq_workqueue *wq)
{
	struct cmwq_pwq *pwq;

	/* First: no show() or store() of its files runs after this. */
	cmwq_sysfs_unregister(wq);

	/* Pairs with READ_ONCE() in the queueing path: see work.c. */
	mutex_lock(&wq->mutex);
	WRITE_ONCE(wq->flags, wq->flags | __CMWQ_DESTROYING);
	mutex_unlock(&wq->mutex);

	cmwq_drain_workqueue(wq);
	cmwq_hashed_wq_exit(wq);
	cmwq_destroy_rescuer(wq);

	mutex_lock(&cmwq_pool_mutex);
	list_del(&wq->list);
	mutex_unlock(&cmwq_pool_mutex);

	if (wq->flags & CMWQ_UNBOUND) {
		/* Its pwqs go with their last reference (unbound.c). */
		if (!cmwq_unbound_wq_release(wq)) {
			/* Leaked, but no work of ours may run after unload. */
			cancel_work_sync(&wq->kick_work);
			return;
		}
		cmwq_node_nr_active_free(wq);
		cmwq_lockdep_wq_exit(wq);
		kfree(wq);
		return;
	}

	mutex_lock(&wq->mutex);
	list_for_each_entry(pwq, &wq->pwqs, pwqs_node) {
		bool busy;

		raw_spin_lock_irq(&pwq->pool->lock);
		busy = pwq_busy(pwq);
		raw_spin_unlock_irq(&pwq->pool->lock);
		/* Freeing would free a pwq that works still point to. */
		if (WARN(busy, "cmwq: %s still busy after drain, leaking it\n",
			 wq->name)) {
			mutex_unlock(&wq->mutex);
			return;
		}
	}
	mutex_unlock(&wq->mutex);
	/*
	 * A sleeping worker may have left one of our pwqs to its pool's
	 * concurrency-management irq_work, for the CM_WAKEUP count: let it
	 * run before the pwqs go.
	 */
	list_for_each_entry(pwq, &wq->pwqs, pwqs_node)
		irq_work_sync(&pwq->pool->cm_irq_work);
	cmwq_lockdep_wq_exit(wq);
	free_percpu_pwqs(wq);
	kfree(wq);
}
EXPORT_SYMBOL_GPL(cmwq_destroy_workqueue);

/**
 * cmwq_wq_pwq_max_active - the max_active @wq's pwqs should have now
 * @wq: the workqueue
 *
 * Its saved_max_active, or 0 while a freezable workqueue is frozen or
 * freezing (freezer.c): its works then wait on the inactive lists.
 *
 * Context: wq->mutex or cmwq_pool_mutex held, so that a freeze or thaw
 * that follows sees the pwq this value goes into.
 */
int cmwq_wq_pwq_max_active(struct cmwq_workqueue *wq)
{
	if ((wq->flags & CMWQ_FREEZABLE) && cmwq_freezing())
		return 0;
	return wq->saved_max_active;
}

/**
 * cmwq_wq_apply_max_active - give @wq's pwqs their max_active, start works
 * @wq: the workqueue
 *
 * Inactive works that now fit start at once, oldest first.
 *
 * Context: wq->mutex held; takes the pool locks.
 */
void cmwq_wq_apply_max_active(struct cmwq_workqueue *wq)
{
	struct cmwq_pwq *pwq;

	lockdep_assert_held(&wq->mutex);
	list_for_each_entry(pwq, &wq->pwqs, pwqs_node) {
		struct cmwq_pool *pool = pwq->pool;

		raw_spin_lock_irq(&pool->lock);
		/* A plugged pwq waits for its elder: see unbound.c. */
		if (!pwq->plugged)
			pwq->max_active = cmwq_wq_pwq_max_active(wq);
		while (cmwq_pwq_activate_inactive(pwq, CMWQ_CLAIM_QUEUED))
			;
		if (cmwq_need_more_worker(pool))
			cmwq_wake_up_worker(pool);
		raw_spin_unlock_irq(&pool->lock);
	}
}

/**
 * cmwq_workqueue_set_max_active - change a workqueue's max_active
 * @wq: the workqueue
 * @max_active: 1 to %CMWQ_MAX_ACTIVE, or 0 for %CMWQ_DFL_ACTIVE
 *
 * Inactive works that now fit are started at once, oldest first; a frozen
 * freezable workqueue keeps the value for its thaw.
 *
 * Context: process context, may sleep.
 * Return: 0, or -EINVAL (nothing changed) for an out-of-range value, an
 * ordered or a BH workqueue.
 */
int cmwq_workqueue_set_max_active(struct cmwq_workqueue *wq, int max_active)
{
	if (check_max_active(wq->name, max_active))
		return -EINVAL;
	if (READ_ONCE(wq->flags) & __CMWQ_ORDERED) {
		pr_warn("cmwq: %s is ordered: its max_active stays 1\n",
			wq->name);
		return -EINVAL;
	}
	if (READ_ONCE(wq->flags) & CMWQ_BH) {
		pr_warn("cmwq: %s is a BH workqueue: it has no max_active\n",
			wq->name);
		return -EINVAL;
	}
	cpus_read_lock();
	mutex_lock(&wq->mutex);
	wq->saved_max_active = max_active ?: CMWQ_DFL_ACTIVE;
	if (wq->node_nr_active) {
		wq->min_active = min(wq->min_active, wq->saved_max_active);
		cmwq_node_nr_active_update(wq);
	}
	cmwq_wq_apply_max_active(wq);
	mutex_unlock(&wq->mutex);
	cpus_read_unlock();
	return 0;
}
EXPORT_SYMBOL_GPL(cmwq_workqueue_set_max_active);

struct cmwq_work_for_cpu {
	struct cmwq_work	work;
	long			(*fn)(void *arg);
	void			*arg;
	long			ret;
};

static void work_for_cpu_fn(struct cmwq_work *work)
{
	struct cmwq_work_for_cpu *wfc = container_of(work,
						     struct cmwq_work_for_cpu,
						     work);

	wfc->ret = wfc->fn(wfc->arg);
}

/**
 * cmwq_work_on_cpu_key - run a function on a CPU's pool and wait for it
 * @cpu: a possible CPU
 * @fn: the function
 * @arg: its argument
 * @key: the lockdep class of the on-stack work, one per call site (the
 *       cmwq_work_on_cpu() macro passes its own)
 *
 * Context: process context, may sleep.
 * Return: what @fn returned; -EINVAL for a CPU that is not possible, or
 * -EBUSY, without running @fn, while cmwq's system workqueue refuses work
 * (it is being torn down at unload).
 */
long cmwq_work_on_cpu_key(int cpu, long (*fn)(void *arg), void *arg,
			  struct lock_class_key *key)
{
	struct cmwq_work_for_cpu wfc = { .fn = fn, .arg = arg };

	if (cpu < 0 || cpu >= nr_cpu_ids || !cpu_possible(cpu))
		return -EINVAL;
	/* On this stack: debugobjects must know, and forget it on return. */
	__CMWQ_INIT_WORK_KEY(&wfc.work, work_for_cpu_fn, key, true);
	if (cmwq_queue_work_on(cpu, cmwq_system_wq, &wfc.work))
		cmwq_flush_work(&wfc.work);
	else
		wfc.ret = -EBUSY;
	cmwq_destroy_work_on_stack(&wfc.work);
	return wfc.ret;
}
EXPORT_SYMBOL_GPL(cmwq_work_on_cpu_key);

/**
 * cmwq_workqueues_init - the pwq cache
 *
 * Context: module load, after the pools.
 * Return: 0 or -ENOMEM.
 */
int cmwq_workqueues_init(void)
{
	/* work->data keeps flags in the low bits of the pwq pointer. */
	cmwq_pwq_cache = kmem_cache_create("cmwq_pwq", sizeof(struct cmwq_pwq),
					   1 << CMWQ_WORK_FLAG_BITS, 0, NULL);
	return cmwq_pwq_cache ? 0 : -ENOMEM;
}

/**
 * cmwq_workqueues_exit - destroy every workqueue left, then the cache
 *
 * Modules that use cmwq hold a reference on it and the system workqueues
 * are gone (system_wq.c), so what is left here was created through
 * debugfs.
 *
 * Context: module unload.
 */
void cmwq_workqueues_exit(void)
{
	struct cmwq_workqueue *wq;

	for (;;) {
		mutex_lock(&cmwq_pool_mutex);
		wq = list_first_entry_or_null(&cmwq_workqueues,
					      struct cmwq_workqueue, list);
		mutex_unlock(&cmwq_pool_mutex);
		if (!wq)
			break;
		pr_info("cmwq: destroying workqueue %s at unload\n", wq->name);
		cmwq_destroy_workqueue(wq);
	}
	/* The pwqs freed by RCU callbacks first. */
	rcu_barrier();
	kmem_cache_destroy(cmwq_pwq_cache);
}

/* The attrs columns of the workqueues file. */
static void show_attrs(struct seq_file *m, struct cmwq_workqueue *wq)
{
	struct cmwq_workqueue_attrs *attrs;

	if (!(wq->flags & CMWQ_UNBOUND)) {
		seq_puts(m, " - - - -\n");
		return;
	}
	mutex_lock(&wq->mutex);
	attrs = wq->unbound_attrs;
	seq_printf(m, " %d %*pbl %s %d\n", attrs->nice,
		   cpumask_pr_args(attrs->cpumask),
		   cmwq_affn_scope_name(attrs->affn_scope), attrs->affn_strict);
	mutex_unlock(&wq->mutex);
}

/**
 * cmwq_workqueues_show - one line per workqueue, for debugfs
 * @m: the seq_file of the ``workqueues`` file
 *
 * Columns: name flags max_active, then the per-pwq statistics summed over
 * the workqueue's pwqs: started completed cpu_time_us cpu_intensive
 * cm_wakeup repatriated mayday rescued started_frozen max_active_reached
 * hashed_parked hashed_handoff cancel_match_pending cancel_match_running
 * class_parked,
 * and in_flight (works queued, parked or running now); for an unbound
 * workqueue then its attrs, nice cpus scope
 * strict, which are "-" for a per-CPU one.
 *
 * Context: process context; takes cmwq_pool_mutex and pool locks.
 */
void cmwq_workqueues_show(struct seq_file *m)
{
	struct cmwq_workqueue *wq;
	struct cmwq_pwq *pwq;
	char flags[64];
	int i;

	seq_puts(m, "name flags max_active started completed cpu_time_us cpu_intensive cm_wakeup repatriated mayday rescued started_frozen max_active_reached hashed_parked hashed_handoff cancel_match_pending cancel_match_running class_parked in_flight nice cpus scope strict\n");
	mutex_lock(&cmwq_pool_mutex);
	list_for_each_entry(wq, &cmwq_workqueues, list) {
		u64 stats[CMWQ_PWQ_NR_STATS] = {};
		long in_flight = 0;

		/* Unbound pwqs come and go under wq->mutex: RCU here. */
		rcu_read_lock();
		list_for_each_entry_rcu(pwq, &wq->pwqs, pwqs_node) {
			raw_spin_lock_irq(&pwq->pool->lock);
			for (i = 0; i < CMWQ_PWQ_NR_STATS; i++)
				stats[i] += pwq->stats[i];
			for (i = 0; i < CMWQ_NR_COLORS; i++)
				in_flight += pwq->nr_in_flight[i];
			raw_spin_unlock_irq(&pwq->pool->lock);
		}
		rcu_read_unlock();
		seq_printf(m, "%s %s %d", wq->name,
			   cmwq_flags_str(wq->flags, flags, sizeof(flags)),
			   READ_ONCE(wq->saved_max_active));
		for (i = 0; i < CMWQ_PWQ_NR_STATS; i++)
			seq_printf(m, " %llu", stats[i]);
		seq_printf(m, " %ld", in_flight);
		show_attrs(m, wq);
	}
	mutex_unlock(&cmwq_pool_mutex);
}

/**
 * cmwq_workqueues_reset_stats - zero per-pwq statistics
 * @wq: the workqueue, or %NULL for every workqueue
 *
 * Context: process context; takes cmwq_pool_mutex and pool locks.
 */
void cmwq_workqueues_reset_stats(struct cmwq_workqueue *wq)
{
	struct cmwq_workqueue *iter;
	struct cmwq_pwq *pwq;

	mutex_lock(&cmwq_pool_mutex);
	list_for_each_entry(iter, &cmwq_workqueues, list) {
		if (wq && iter != wq)
			continue;
		rcu_read_lock();
		list_for_each_entry_rcu(pwq, &iter->pwqs, pwqs_node) {
			raw_spin_lock_irq(&pwq->pool->lock);
			memset(pwq->stats, 0, sizeof(pwq->stats));
			raw_spin_unlock_irq(&pwq->pool->lock);
		}
		rcu_read_unlock();
	}
	mutex_unlock(&cmwq_pool_mutex);
}
