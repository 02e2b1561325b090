// SPDX-License-Identifier: GPL-2.0
/*
 * CPU hotplug: per-CPU pools lose and regain their CPU, unbound
 * workqueues follow the online CPUs of their pods.
 *
 * Going offline (the teardown of a dynamic AP state, on the dying CPU;
 * it runs after sched_cpu_deactivate(), from which on a bound worker woken
 * there runs elsewhere: see the note in design.rst):
 * its two pools become disassociated. Every worker is marked UNBOUND,
 * which takes it out of concurrency management (nr_running drops to zero
 * once a racing scheduler hook of a pushed worker is done) and the workers
 * may run on any CPU: work queued there, before or after, still runs,
 * served like an unbound pool. The CPU's hog watch stops with it. Coming
 * online (on the new CPU): the workers are bound to it again and marked
 * REBOUND, which each clears from its next work on, counting itself in
 * under the pool lock. Upstream's unbind_workers() / rebind_workers() do
 * the same.
 *
 * Unbound workqueues: a pod whose online CPUs (of the cpumask) all went
 * away has its CPUs served by the default pwq, and gets a pwq again when
 * one comes back. Only workqueues for which that changes are re-applied.
 *
 * One single-instance state (CPUHP_AP_ONLINE_DYN): per-CPU pools must be
 * disassociated and pods updated for every CPU event in one known order,
 * which the instances of a multi-instance state would not give. BH pools
 * (bh.c) follow the CPU in the same callbacks, and a second state
 * (CPUHP_BP_PREPARE_DYN, teardown only) kicks what a dead CPU's BH pools
 * still hold on the CPU that took it down.
 */
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/sched.h>

#include "internal.h"

static enum cpuhp_state cmwq_hp_state;
static enum cpuhp_state cmwq_hp_dead_state;

/*
 * The CPUs unbound pods count as online. U for writes: it leaves a
 * dying CPU before the pods are recomputed, while cpu_online_mask still
 * has it.
 */
static cpumask_var_t cmwq_online;

/**
 * cmwq_online_cpus - the online CPUs as unbound workqueues see them
 *
 * Context: cmwq_unbound_mutex held, or cpus_read_lock().
 */
const struct cpumask *cmwq_online_cpus(void)
{
	return cmwq_online;
}

/* The dying CPU's pool lets go of its CPU. Context: on @pool->cpu. */
static void unbind_workers(struct cmwq_pool *pool)
{
	struct cmwq_worker *worker;

	mutex_lock(&pool->attach_mutex);
	raw_spin_lock_irq(&pool->lock);
	/*
	 * Every worker leaves concurrency management. One pushed to another
	 * CPU since sched_cpu_deactivate() may be in a scheduler hook right
	 * now: the xchg() in count_out() decides which of us uncounts it, so
	 * nr_running is not zeroed blindly, and a sched_in that counted it
	 * in just now sees UNBOUND and counts it out again (sched_hooks.c).
	 */
	list_for_each_entry(worker, &pool->workers, node) {
		WRITE_ONCE(worker->flags, worker->flags | CMWQ_WORKER_UNBOUND);
		cmwq_worker_count_out(worker);
	}
	pool->flags |= CMWQ_POOL_DISASSOCIATED;
	raw_spin_unlock_irq(&pool->lock);

	list_for_each_entry(worker, &pool->workers, node)
		WARN_ON_ONCE(set_cpus_allowed_ptr(worker->task,
						  cpu_possible_mask) < 0);
	mutex_unlock(&pool->attach_mutex);

	/* No blocked window without the CPU: what it holds is woken now. */
	cmwq_cm_window_cancel(pool);
	raw_spin_lock_irq(&pool->lock);
	if (cmwq_need_more_worker(pool))
		cmwq_wake_up_worker(pool);
	raw_spin_unlock_irq(&pool->lock);
}

/* @pool's CPU is back: bind its workers to it again. */
static void rebind_workers(struct cmwq_pool *pool)
{
	struct cmwq_worker *worker;

	mutex_lock(&pool->attach_mutex);
	list_for_each_entry(worker, &pool->workers, node)
		WARN_ON_ONCE(set_cpus_allowed_ptr(worker->task,
						  cpumask_of(pool->cpu)) < 0);
	raw_spin_lock_irq(&pool->lock);
	pool->flags &= ~CMWQ_POOL_DISASSOCIATED;
	/* Without preempt notifiers workers stay unmanaged (UNBOUND). */
	if (cmwq_cm_available()) {
		list_for_each_entry(worker, &pool->workers, node)
			WRITE_ONCE(worker->flags,
				   (worker->flags & ~CMWQ_WORKER_UNBOUND) |
				   CMWQ_WORKER_REBOUND);
	}
	raw_spin_unlock_irq(&pool->lock);
	mutex_unlock(&pool->attach_mutex);
}

static int cmwq_cpu_online(unsigned int cpu)
{
	int which;

	for (which = 0; which < CMWQ_NR_STD_POOLS; which++)
		rebind_workers(cmwq_cpu_pool(cpu, which));
	cmwq_bh_cpu_online(cpu);
	mutex_lock(&cmwq_unbound_mutex);
	cpumask_set_cpu(cpu, cmwq_online);
	cmwq_unbound_update_pods(cpu);
	mutex_unlock(&cmwq_unbound_mutex);
	return 0;
}

static int cmwq_cpu_offline(unsigned int cpu)
{
	int which;

	mutex_lock(&cmwq_unbound_mutex);
	cpumask_clear_cpu(cpu, cmwq_online);
	cmwq_unbound_update_pods(cpu);
	mutex_unlock(&cmwq_unbound_mutex);
	for (which = 0; which < CMWQ_NR_STD_POOLS; which++)
		unbind_workers(cmwq_cpu_pool(cpu, which));
	cmwq_bh_cpu_offline(cpu);
	cmwq_hog_watch_stop_local();
	return 0;
}

/* After @cpu died, on the CPU that took it down: see bh.c. */
static int cmwq_cpu_dead(unsigned int cpu)
{
	cmwq_bh_cpu_dead(cpu);
	return 0;
}

/**
 * cmwq_hotplug_init - follow CPU hotplug from now on
 *
 * The per-CPU pools start disassociated; this binds those of the online
 * CPUs (the state's startup callback runs for each).
 *
 * Context: module load, after the pools and before any unbound workqueue.
 * Return: 0 or a negative errno.
 */
int cmwq_hotplug_init(void)
{
	int ret;

	if (!zalloc_cpumask_var(&cmwq_online, GFP_KERNEL))
		return -ENOMEM;
	/*
	 * A dead CPU's BH pools are kicked from the CPU that took it down,
	 * once it is dead: a PREPARE state's teardown runs there then.
	 */
	ret = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN, "cmwq:dead",
					NULL, cmwq_cpu_dead);
	if (ret < 0)
		goto free_mask;
	cmwq_hp_dead_state = ret;
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "cmwq:online",
				cmwq_cpu_online, cmwq_cpu_offline);
	if (ret < 0)
		goto remove_dead;
	cmwq_hp_state = ret;
	return 0;

remove_dead:
	cpuhp_remove_state_nocalls(cmwq_hp_dead_state);
free_mask:
	free_cpumask_var(cmwq_online);
	return ret;
}

/**
 * cmwq_hotplug_exit - stop following CPU hotplug
 *
 * Context: module unload, after every workqueue is gone.
 */
void cmwq_hotplug_exit(void)
{
	cpuhp_remove_state_nocalls(cmwq_hp_state);
	cpuhp_remove_state_nocalls(cmwq_hp_dead_state);
	free_cpumask_var(cmwq_online);
}
