// SPDX-License-Identifier: GPL-2.0
/*
 * Worker pools: creation of the per-CPU normal and highpri pools (unbound
 * pools come and go with their users: unbound.c), lookup by CPU and by ID,
 * and their line in debugfs.
 *
 * Pools are freed after an RCU grace period, once out of cmwq_pool_idr:
 * lockless readers that found a pool by the ID in a work's data (under
 * rcu_read_lock()) may still look at it.
 */
#include <linux/cpumask.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/seq_file.h>
#include <linux/topology.h>

#include "internal.h"

/* Guards the set of pools (cmwq_pool_idr); the KUnit suites take it too. */
struct mutex cmwq_pool_mutex = __MUTEX_INITIALIZER(cmwq_pool_mutex);
EXPORT_SYMBOL_NS_GPL(cmwq_pool_mutex, CMWQ_NS);
DEFINE_IDR(cmwq_pool_idr);
EXPORT_SYMBOL_NS_GPL(cmwq_pool_idr, CMWQ_NS);

/* I: the two pools of every possible CPU, allocated on the CPU's node */
static struct cmwq_pool *cmwq_cpu_pools[NR_CPUS][CMWQ_NR_STD_POOLS];

/**
 * cmwq_cpu_pool - the per-CPU pool of a CPU
 * @cpu: a possible CPU
 * @which: %CMWQ_NORMAL_POOL or %CMWQ_HIGHPRI_POOL
 *
 * Context: any; the pools live as long as the module.
 * Return: the pool.
 */
struct cmwq_pool *cmwq_cpu_pool(int cpu, enum cmwq_std_pool which)
{
	return cmwq_cpu_pools[cpu][which];
}
EXPORT_SYMBOL_NS_GPL(cmwq_cpu_pool, CMWQ_NS);

/**
 * cmwq_pool_get_by_id - look a pool up by its ID
 * @id: the pool ID, as shown in debugfs
 *
 * Context: cmwq_pool_mutex held.
 * Return: the pool, or %NULL if there is none with that ID.
 */
struct cmwq_pool *cmwq_pool_get_by_id(int id)
{
	lockdep_assert_held(&cmwq_pool_mutex);
	return id < 0 ? NULL : idr_find(&cmwq_pool_idr, id);
}
EXPORT_SYMBOL_NS_GPL(cmwq_pool_get_by_id, CMWQ_NS);

/**
 * cmwq_pool_create - allocate a pool and give it an ID
 * @cpu: the CPU of a per-CPU pool, -1 for an unbound one
 * @node: the NUMA node of its memory and workers, or %NUMA_NO_NODE
 * @nice: the nice level of its workers
 * @flags: CMWQ_POOL_* it starts with
 * @attrs: an unbound pool's attrs (nice, cpumask, strictness), or %NULL
 * @pod_cpus: an unbound pool's pod, or %NULL
 *
 * The pool has no worker yet: cmwq_create_worker() gives it its first.
 *
 * Context: process context, may sleep; takes cmwq_pool_mutex.
 * Return: the pool, or %NULL.
 */
struct cmwq_pool *cmwq_pool_create(int cpu, int node, int nice,
				   unsigned int flags,
				   const struct cmwq_workqueue_attrs *attrs,
				   const struct cpumask *pod_cpus)
{
	struct cmwq_pool *pool;
	int id;

	pool = kzalloc_node(sizeof(*pool), GFP_KERNEL, node);
	if (!pool)
		return NULL;
	if (attrs) {
		pool->attrs = cmwq_alloc_workqueue_attrs();
		if (!pool->attrs ||
		    !zalloc_cpumask_var(&pool->pod_cpus, GFP_KERNEL))
			goto free;
		cmwq_attrs_copy(pool->attrs, attrs);
		cpumask_copy(pool->pod_cpus, pod_cpus);
	}
	raw_spin_lock_init(&pool->lock);
	pool->cpu = cpu;
	pool->node = node;
	pool->nice = nice;
	pool->flags = flags;
	INIT_LIST_HEAD(&pool->worklist);
	pool->watchdog_ts = jiffies;
	atomic_set(&pool->nr_running, 0);
	/*
	 * Hard: on PREEMPT_RT a plain irq_work runs in a per-CPU thread, so a
	 * wake-up after a sleep would wait behind the thread's scheduling.
	 */
	pool->cm_irq_work = IRQ_WORK_INIT_HARD(cmwq_cm_irq_work_fn);
	cmwq_cm_policy_init(pool);
	cmwq_class_pool_init(pool);
	INIT_LIST_HEAD(&pool->idle_list);
	timer_setup(&pool->idle_timer, cmwq_idle_timeout, TIMER_DEFERRABLE);
	INIT_WORK(&pool->idle_cull_work, cmwq_idle_cull_fn);
	timer_setup(&pool->mayday_timer, cmwq_mayday_timeout, 0);
	hash_init(pool->busy_hash);
	hash_init(pool->flush_waiters);
	mutex_init(&pool->attach_mutex);
	INIT_LIST_HEAD(&pool->workers);
	ida_init(&pool->worker_ida);
	INIT_HLIST_NODE(&pool->hash_node);

	mutex_lock(&cmwq_pool_mutex);
	id = idr_alloc(&cmwq_pool_idr, pool, 0, 0, GFP_KERNEL);
	mutex_unlock(&cmwq_pool_mutex);
	if (id < 0)
		goto free;
	pool->id = id;
	return pool;
free:
	cmwq_free_workqueue_attrs(pool->attrs);
	free_cpumask_var(pool->pod_cpus);
	kfree(pool);
	return NULL;
}

static void pool_free_rcu(struct rcu_head *rcu)
{
	struct cmwq_pool *pool = container_of(rcu, struct cmwq_pool, rcu);

	cmwq_free_workqueue_attrs(pool->attrs);
	free_cpumask_var(pool->pod_cpus);
	kfree(pool);
}

/**
 * cmwq_pool_free - stop a pool's workers and free it
 * @pool: the pool, with no work left and no user
 *
 * Context: process context, may sleep; takes cmwq_pool_mutex.
 */
void cmwq_pool_free(struct cmwq_pool *pool)
{
	WARN_ON_ONCE(!list_empty(&pool->worklist));
	cmwq_destroy_workers(pool);
	timer_delete_sync(&pool->mayday_timer);
	irq_work_sync(&pool->cm_irq_work);
	/* After the irq_work, the only one to arm the window timer. */
	cmwq_cm_policy_exit(pool);
	mutex_lock(&cmwq_pool_mutex);
	idr_remove(&cmwq_pool_idr, pool->id);
	mutex_unlock(&cmwq_pool_mutex);
	ida_destroy(&pool->worker_ida);
	/* The lockup watchdog may still be looking at it, under RCU. */
	call_rcu(&pool->rcu, pool_free_rcu);
}

/**
 * cmwq_pools_init - create the per-CPU pools, each with its first worker
 *
 * Context: process context, at module load.
 * Return: 0, or a negative errno with nothing left allocated.
 */
int cmwq_pools_init(void)
{
	struct cmwq_pool *pool;
	int cpu, which, ret;

	for_each_possible_cpu(cpu) {
		for (which = 0; which < CMWQ_NR_STD_POOLS; which++) {
			bool highpri = which == CMWQ_HIGHPRI_POOL;

			pool = cmwq_pool_create(cpu, cpu_to_node(cpu),
						highpri ? CMWQ_HIGHPRI_NICE : 0,
						CMWQ_POOL_PERCPU |
						(highpri ? CMWQ_POOL_HIGHPRI : 0) |
						/* until its CPU is seen online */
						CMWQ_POOL_DISASSOCIATED,
						NULL, NULL);
			if (!pool) {
				ret = -ENOMEM;
				goto fail;
			}
			cmwq_cpu_pools[cpu][which] = pool;
			ret = cmwq_create_worker(pool);
			if (ret)
				goto fail;
		}
	}
	return 0;
fail:
	cmwq_pools_exit();
	return ret;
}

/**
 * cmwq_pools_exit - stop every worker and free every per-CPU pool
 *
 * Context: process context, at module unload or failed load.
 */
void cmwq_pools_exit(void)
{
	int cpu, which;

	for_each_possible_cpu(cpu) {
		for (which = 0; which < CMWQ_NR_STD_POOLS; which++) {
			if (!cmwq_cpu_pools[cpu][which])
				continue;
			cmwq_pool_free(cmwq_cpu_pools[cpu][which]);
			cmwq_cpu_pools[cpu][which] = NULL;
		}
	}
	/* pool_free_rcu() is module code. */
	rcu_barrier();
}

/**
 * cmwq_pool_flags_str - a pool's flags as letters
 * @pool: the pool
 * @buf: at least %CMWQ_POOL_FLAGS_LEN bytes
 *
 * ``P`` per-CPU, ``H`` highpri, ``B`` BH (softirq, no workers: bh.c),
 * ``U`` unbound, ``S`` unbound and strict to its pod, ``X`` per-CPU with
 * its CPU offline (disassociated), ``D`` dying; ``-`` when none is set.
 *
 * Context: pool->lock held, or a snapshot that may be stale.
 * Return: @buf.
 */
char *cmwq_pool_flags_str(struct cmwq_pool *pool, char *buf)
{
	unsigned int f = READ_ONCE(pool->flags);
	int n = 0;

	if (f & CMWQ_POOL_PERCPU)
		buf[n++] = 'P';
	if (f & CMWQ_POOL_HIGHPRI)
		buf[n++] = 'H';
	if (f & CMWQ_POOL_BH)
		buf[n++] = 'B';
	if (f & CMWQ_POOL_UNBOUND)
		buf[n++] = 'U';
	if (pool->attrs && pool->attrs->affn_strict)
		buf[n++] = 'S';
	if (f & CMWQ_POOL_DISASSOCIATED)
		buf[n++] = 'X';
	if (f & CMWQ_POOL_DYING)
		buf[n++] = 'D';
	if (!n)
		buf[n++] = '-';
	buf[n] = '\0';
	return buf;
}

/**
 * cmwq_pools_show - one line per pool, for the debugfs ``pools`` file
 * @m: the seq_file to print to
 *
 * Columns: id cpu node nice workers idle running flags cpus, where
 * running is nr_running (concurrency-managed workers running now) and cpus
 * the CPUs its workers may run on. Flags are letters: ``P`` per-CPU,
 * ``H`` highpri, ``B`` BH (no workers; cpus is the CPU it runs on), ``U`` unbound, ``S`` unbound and strict to its pod, ``X``
 * per-CPU with its CPU offline (disassociated), ``D`` dying; ``-`` when none is set. cpu is -1 and node may be -1 for unbound
 * pools. Then the pool's options and decision counters (cm_policy.c):
 * blocked_window_us create_interval_us reap cm_woken cm_create cm_held
 * created create_deferred create_failed, the first three again by the
 * class of the blocked work (cm_none cm_bounded cm_unbounded, each
 * woken/create/held), then per work class (work_class.c), bounded then
 * unbounded: max claimed parked cap_reached.
 *
 * Context: process context; takes cmwq_pool_mutex and each pool->lock.
 */
void cmwq_pools_show(struct seq_file *m)
{
	struct cmwq_pool *pool;
	char flags[CMWQ_POOL_FLAGS_LEN];
	int id;

	seq_puts(m, "id cpu node nice workers idle running flags cpus blocked_window_us create_interval_us reap cm_woken cm_create cm_held created create_deferred create_failed cm_none cm_bounded cm_unbounded bounded_max bounded_claimed bounded_parked bounded_cap_reached unbounded_max unbounded_claimed unbounded_parked unbounded_cap_reached\n");
	mutex_lock(&cmwq_pool_mutex);
	idr_for_each_entry(&cmwq_pool_idr, pool, id) {
		int workers, idle;

		raw_spin_lock_irq(&pool->lock);
		workers = pool->nr_workers;
		idle = pool->nr_idle;
		cmwq_pool_flags_str(pool, flags);
		raw_spin_unlock_irq(&pool->lock);

		seq_printf(m, "%d %d %d %d %d %d %d %s %*pbl", pool->id,
			   pool->cpu, pool->node, pool->nice, workers, idle,
			   atomic_read(&pool->nr_running), flags,
			   cpumask_pr_args(cmwq_pool_allowed_cpus(pool)));
		cmwq_cm_pool_show(m, pool);
		cmwq_class_pool_show(m, pool);
	}
	mutex_unlock(&cmwq_pool_mutex);
}
