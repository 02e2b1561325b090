// SPDX-License-Identifier: GPL-2.0
/*
 * BH workqueues (CMWQ_BH), upstream 6.9's WQ_BH: works that run in softirq
 * context, on the CPU that queued them, in queueing order per CPU.
 *
 * Every possible CPU has two BH pools, normal and highpri, beside its two
 * kthread pools. A BH pool has no kthread: one worker struct (no task) runs
 * its works from a tasklet of the pool, TASKLET_SOFTIRQ for the normal pool
 * and HI_SOFTIRQ for the highpri one. A module cannot add a softirq of its
 * own; upstream drove its BH pools the same way (from tasklet_action() and
 * tasklet_hi_action()) before it took the tasklet softirqs over.
 * Documentation/design.rst, "BH workqueues", says why a tasklet and not a
 * softirq-expiring hrtimer, and what differs from upstream.
 *
 * A round: the tasklet runs the works of the pool's worklist, oldest
 * first, until CMWQ_BH_BUDGET_ITEMS have run or CMWQ_BH_BUDGET_NS have
 * passed, whichever comes first; if works are left it schedules itself
 * again and returns, so that other softirqs and, once the softirq code
 * hands over to ksoftirqd, tasks get the CPU in between.
 *
 * Kicking (cmwq_bh_kick()): the tasklet must run on the pool's CPU, and
 * tasklet_schedule() queues it on the calling CPU. So a queuer on another
 * CPU kicks it with an IPI, the pool's call_single_data sent to the pool's
 * CPU (upstream uses an irq_work there, but irq_work_queue_on() is not
 * exported to modules). PREEMPT_RT warns when a softirq is raised from
 * an IPI function that the idle loop flushes outside hard IRQ
 * (do_softirq_post_smp_call_flush()); there the IPI function relays the
 * kick to the pool's hard irq_work, whose self-IPI schedules the tasklet
 * in hard IRQ, where RT hands softirqs to ksoftirqd as usual.
 * While the pool's CPU is offline (the pool is DISASSOCIATED, as the
 * kthread pools are) whoever kicks schedules the tasklet on its own CPU:
 * the works of an offline CPU run on the online CPU that queued them, or
 * that took the CPU down (cmwq_bh_cpu_dead()).
 *
 * Locking: pool->lock as for every pool. DISASSOCIATED is flipped under it
 * by the hotplug callbacks while the pool's CPU is still online (going
 * down) or already online (coming up), so a kicker that reads it clear
 * under the lock sends its IPI to an online CPU; the CPU runs its pending
 * IPI functions before it dies, and the tasklet it schedules then is
 * moved to a live CPU by the kernel's tasklet takeover, or kicked again by
 * cmwq_bh_cpu_dead().
 */
#include <linux/cpu.h>
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>

#include "internal.h"

/* I: the two BH pools of every possible CPU */
static struct cmwq_pool *cmwq_bh_pools[NR_CPUS][CMWQ_NR_STD_POOLS];

/*
 * The BH worker whose round runs on this CPU now, or NULL: set and
 * cleared by the round itself, in softirq context on this CPU, and read
 * only there (softirqs do not nest), so no ordering is needed.
 */
static DEFINE_PER_CPU(struct cmwq_worker *, cmwq_bh_running);


/**
 * cmwq_bh_pool - a BH pool of a CPU
 * @cpu: a possible CPU
 * @which: %CMWQ_NORMAL_POOL or %CMWQ_HIGHPRI_POOL
 *
 * Context: any; the pools live as long as the module.
 * Return: the pool.
 */
struct cmwq_pool *cmwq_bh_pool(int cpu, enum cmwq_std_pool which)
{
	return cmwq_bh_pools[cpu][which];
}
EXPORT_SYMBOL_NS_GPL(cmwq_bh_pool, CMWQ_NS);

/**
 * cmwq_bh_current_worker - the BH worker running a work on this CPU
 *
 * Context: any.
 * Return: the worker if called from a BH work's function (softirq), else
 * %NULL.
 */
struct cmwq_worker *cmwq_bh_current_worker(void)
{
	struct cmwq_worker *worker;

	if (!in_serving_softirq() || in_hardirq() || in_nmi())
		return NULL;
	worker = this_cpu_read(cmwq_bh_running);
	return worker && worker->current_work ? worker : NULL;
}
EXPORT_SYMBOL_NS_GPL(cmwq_bh_current_worker, CMWQ_NS);

/* Schedule @pool's tasklet on this CPU. Context: IRQs off. */
static void bh_schedule_here(struct cmwq_pool *pool)
{
	if (pool->flags & CMWQ_POOL_HIGHPRI)
		tasklet_hi_schedule(&pool->bh_tasklet);
	else
		tasklet_schedule(&pool->bh_tasklet);
}

/**
 * cmwq_bh_kick - have a BH pool run a round on its CPU
 * @pool: a BH pool
 *
 * On the pool's CPU, or while that CPU is offline, the tasklet is
 * scheduled here; from another CPU the pool's IPI schedules it there. If
 * the IPI is still on its way (bit 0 of bh_csd_sent), that one will: it
 * schedules the tasklet after we queued our work under the pool lock.
 *
 * The bit, not smp_call_function_single_async()'s -EBUSY, says whether
 * the csd is free: that call reads the csd's lock flag plainly while the
 * IPI releases it (a data race KCSAN reports). Ordering: the bit is set
 * by a fully ordered test_and_set_bit() after our work is on the list,
 * and cleared by the IPI function before it schedules the tasklet,
 * whose round takes the pool lock: a kicker that finds it set is served
 * by that round. An async csd is released before its function runs, so
 * once the bit is clear the csd is free to send again.
 *
 * Context: pool->lock held, IRQs off.
 */
void cmwq_bh_kick(struct cmwq_pool *pool)
{
	lockdep_assert_held(&pool->lock);
	/* A UP kernel (UML) has no remote CPU. */
	if (!IS_ENABLED(CONFIG_SMP) ||
	    (pool->flags & CMWQ_POOL_DISASSOCIATED) ||
	    pool->cpu == raw_smp_processor_id()) {
		bh_schedule_here(pool);
		return;
	}
	if (test_and_set_bit(0, &pool->bh_csd_sent))
		return;
	/* Not sent (the CPU is gone: it cannot be, see the top): run here. */
	if (WARN_ON_ONCE(smp_call_function_single_async(pool->cpu,
							&pool->bh_csd))) {
		clear_bit(0, &pool->bh_csd_sent);
		bh_schedule_here(pool);
	}
}

/*
 * The IPI on the pool's CPU: the kick of a queuer elsewhere. In hard IRQ,
 * or from the idle loop's flush of pending IPI functions (IRQs off).
 */
static void bh_ipi_fn(void *info)
{
	struct cmwq_pool *pool = info;

	/* The csd is free again: see cmwq_bh_kick(). */
	clear_bit(0, &pool->bh_csd_sent);
	if (IS_ENABLED(CONFIG_PREEMPT_RT) && !in_hardirq())
		irq_work_queue(&pool->bh_irq_work);
	else
		bh_schedule_here(pool);
}

/* The RT relay of bh_ipi_fn(), on the pool's CPU in hard IRQ. */
static void bh_irq_work_fn(struct irq_work *work)
{
	bh_schedule_here(container_of(work, struct cmwq_pool, bh_irq_work));
}

static void bh_nop(void *info)
{
}

/* One round of a BH pool: see the budget at the top. */
static void bh_tasklet_fn(struct tasklet_struct *t)
{
	struct cmwq_pool *pool = from_tasklet(pool, t, bh_tasklet);
	struct cmwq_worker *worker = pool->bh_worker;
	u64 end = local_clock() + CMWQ_BH_BUDGET_NS;

	raw_spin_lock_irq(&pool->lock);
	if (list_empty(&pool->worklist))
		goto out;
	this_cpu_write(cmwq_bh_running, worker);
	pool->bh_rounds++;
	pool->bh_round_items = 0;
	do {
		struct cmwq_work *work = list_first_entry(&pool->worklist,
							  struct cmwq_work,
							  entry);

		pool->watchdog_ts = jiffies;
		cmwq_process_one_work(worker, work);
		cmwq_process_scheduled_works(worker);
		pool->bh_round_items++;
	} while (!list_empty(&pool->worklist) &&
		 pool->bh_round_items < CMWQ_BH_BUDGET_ITEMS &&
		 local_clock() < end);
	this_cpu_write(cmwq_bh_running, NULL);
	/* Budget spent with works left: yield, go on in a later round. */
	if (!list_empty(&pool->worklist))
		cmwq_bh_kick(pool);
out:
	raw_spin_unlock_irq(&pool->lock);
}

static struct cmwq_pool *bh_pool_create(int cpu, enum cmwq_std_pool which)
{
	bool highpri = which == CMWQ_HIGHPRI_POOL;
	struct cmwq_worker *worker;
	struct cmwq_pool *pool;

	worker = cmwq_alloc_worker(cpu_to_node(cpu));
	if (!worker)
		return NULL;
	pool = cmwq_pool_create(cpu, cpu_to_node(cpu),
				highpri ? CMWQ_HIGHPRI_NICE : 0,
				CMWQ_POOL_PERCPU | CMWQ_POOL_BH |
				(highpri ? CMWQ_POOL_HIGHPRI : 0) |
				/* until its CPU is seen online */
				CMWQ_POOL_DISASSOCIATED,
				NULL, NULL);
	if (!pool) {
		kfree(worker);
		return NULL;
	}
	/*
	 * Not on pool->workers, not counted in nr_workers: it is no thread,
	 * and never counts in nr_running (UNBOUND: no concurrency
	 * management), so a queueing always kicks the tasklet.
	 */
	worker->pool = pool;
	worker->flags = CMWQ_WORKER_UNBOUND;
	pool->bh_worker = worker;
	tasklet_setup(&pool->bh_tasklet, bh_tasklet_fn);
	INIT_CSD(&pool->bh_csd, bh_ipi_fn, pool);
	pool->bh_irq_work = IRQ_WORK_INIT_HARD(bh_irq_work_fn);
	return pool;
}

static void bh_pool_free(struct cmwq_pool *pool)
{
	/*
	 * No work is left: the last round is all that can still run, after
	 * a relay (a hard irq_work that is pending when its CPU goes down
	 * runs before the CPU dies).
	 */
	irq_work_sync(&pool->bh_irq_work);
	tasklet_kill(&pool->bh_tasklet);
	kfree(pool->bh_worker);
	cmwq_pool_free(pool);
}

/**
 * cmwq_bh_pools_init - create the BH pools of every possible CPU
 *
 * Context: module load, after the kthread pools, before hotplug is
 * followed (which associates the online CPUs' pools).
 * Return: 0, or -ENOMEM with nothing left allocated.
 */
int cmwq_bh_pools_init(void)
{
	int cpu, which;

	for_each_possible_cpu(cpu) {
		for (which = 0; which < CMWQ_NR_STD_POOLS; which++) {
			cmwq_bh_pools[cpu][which] = bh_pool_create(cpu, which);
			if (!cmwq_bh_pools[cpu][which]) {
				cmwq_bh_pools_exit();
				return -ENOMEM;
			}
		}
	}
	return 0;
}

/**
 * cmwq_bh_pools_exit - free every BH pool
 *
 * Context: module unload or failed load, after every workqueue is gone.
 */
void cmwq_bh_pools_exit(void)
{
	int cpu, which;

	/*
	 * A kick's IPI may still be on its way to an online CPU (an offline
	 * one ran its IPIs before it died). A CPU runs its queued IPIs in
	 * the order they were sent: one more, waited for, on every online
	 * CPU comes after all of them.
	 */
	on_each_cpu(bh_nop, NULL, 1);
	for_each_possible_cpu(cpu) {
		for (which = 0; which < CMWQ_NR_STD_POOLS; which++) {
			if (!cmwq_bh_pools[cpu][which])
				continue;
			bh_pool_free(cmwq_bh_pools[cpu][which]);
			cmwq_bh_pools[cpu][which] = NULL;
		}
	}
	/* The pools are freed by RCU callbacks, which are module code. */
	rcu_barrier();
}

/*
 * Set and clear @set and @clear in @cpu's BH pools' flags, and kick the
 * pools that hold works: each then runs where it is kicked.
 */
static void bh_pools_flag_and_kick(unsigned int cpu, unsigned int set,
				   unsigned int clear)
{
	int which;

	for (which = 0; which < CMWQ_NR_STD_POOLS; which++) {
		struct cmwq_pool *pool = cmwq_bh_pool(cpu, which);

		raw_spin_lock_irq(&pool->lock);
		pool->flags = (pool->flags & ~clear) | set;
		if (!list_empty(&pool->worklist))
			cmwq_bh_kick(pool);
		raw_spin_unlock_irq(&pool->lock);
	}
}

/**
 * cmwq_bh_cpu_online - a CPU came up: its BH pools run there again
 * @cpu: the CPU, which we run on
 *
 * A round of a pool running elsewhere while the CPU was out ends there;
 * later kicks from this CPU find the tasklet scheduled or run it here.
 *
 * Context: CPU hotplug, on @cpu.
 */
void cmwq_bh_cpu_online(unsigned int cpu)
{
	bh_pools_flag_and_kick(cpu, 0, CMWQ_POOL_DISASSOCIATED);
}

/**
 * cmwq_bh_cpu_offline - a CPU is going down: its BH pools let go of it
 * @cpu: the CPU, which we run on
 *
 * From now on kicks run the pools where they are made. Works queued
 * already are kicked here: the kernel moves this CPU's scheduled tasklets
 * to a live CPU when it is dead.
 *
 * Context: CPU hotplug, on @cpu, which is still online.
 */
void cmwq_bh_cpu_offline(unsigned int cpu)
{
	bh_pools_flag_and_kick(cpu, CMWQ_POOL_DISASSOCIATED, 0);
}

/**
 * cmwq_bh_cpu_dead - a CPU is dead: run what its BH pools still hold
 * @cpu: the dead CPU
 *
 * Upstream's workqueue_softirq_dead(): whatever reached the pools between
 * the offline callback and the CPU's death runs on this CPU. A tasklet
 * still scheduled on the dead CPU makes this a no-op; the kernel's
 * takeover moves that one here.
 *
 * Context: CPU hotplug, on the CPU that took @cpu down.
 */
void cmwq_bh_cpu_dead(unsigned int cpu)
{
	bh_pools_flag_and_kick(cpu, 0, 0);
}

/**
 * cmwq_work_is_bh - was a work item last queued on a BH workqueue?
 * @work: the work item
 *
 * Context: any.
 * Return: %true if the pool @work is queued on or last ran on is a BH
 * pool.
 */
bool cmwq_work_is_bh(struct cmwq_work *work)
{
	struct cmwq_pool *pool;
	bool bh;

	rcu_read_lock();
	pool = cmwq_get_work_pool(work);
	/* CMWQ_POOL_BH is set at creation and never changes. */
	bh = pool && (READ_ONCE(pool->flags) & CMWQ_POOL_BH);
	rcu_read_unlock();
	return bh;
}

