// SPDX-License-Identifier: GPL-2.0
/*
 * Workers: the kthreads of a pool. A per-CPU pool's workers are bound to the
 * pool's CPU and named like kworkers, "cmwq/<cpu>:<id>" with an "H" suffix in
 * highpri pools, so ps and top tell them apart from the kernel's own.
 */
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "internal.h"

/* Move an idle worker off the idle list; the caller holds pool->lock. */
static void cmwq_worker_leave_idle(struct cmwq_worker *worker)
{
	struct cmwq_pool *pool = worker->pool;

	lockdep_assert_held(&pool->lock);
	if (!(worker->flags & CMWQ_WORKER_IDLE))
		return;
	worker->flags &= ~CMWQ_WORKER_IDLE;
	pool->nr_idle--;
	list_del_init(&worker->entry);
}

static int cmwq_worker_thread(void *arg)
{
	for (;;) {
		set_current_state(TASK_IDLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/**
 * cmwq_create_worker - start one more worker in a pool
 * @pool: the pool
 *
 * The worker starts idle, bound to the pool's CPU for a per-CPU pool, at the
 * pool's nice level.
 *
 * Context: process context, may sleep.
 * Return: 0, or a negative errno with the pool unchanged.
 */
int cmwq_create_worker(struct cmwq_pool *pool)
{
	struct cmwq_worker *worker;
	struct task_struct *task;
	int id, ret;

	id = ida_alloc(&pool->worker_ida, GFP_KERNEL);
	if (id < 0)
		return id;
	worker = kzalloc_node(sizeof(*worker), GFP_KERNEL, pool->node);
	if (!worker) {
		ret = -ENOMEM;
		goto free_id;
	}
	INIT_LIST_HEAD(&worker->entry);
	INIT_LIST_HEAD(&worker->node);
	worker->pool = pool;
	worker->id = id;

	task = kthread_create_on_node(cmwq_worker_thread, worker, pool->node,
				      "cmwq/%d:%d%s", pool->cpu, id,
				      pool->flags & CMWQ_POOL_HIGHPRI ? "H" : "");
	if (IS_ERR(task)) {
		ret = PTR_ERR(task);
		goto free_worker;
	}
	worker->task = task;
	set_user_nice(task, pool->nice);
	if (pool->flags & CMWQ_POOL_PERCPU)
		kthread_bind(task, pool->cpu);

	mutex_lock(&pool->attach_mutex);
	list_add_tail(&worker->node, &pool->workers);
	raw_spin_lock_irq(&pool->lock);
	pool->nr_workers++;
	worker->flags |= CMWQ_WORKER_IDLE;
	pool->nr_idle++;
	list_add(&worker->entry, &pool->idle_list);
	raw_spin_unlock_irq(&pool->lock);
	mutex_unlock(&pool->attach_mutex);

	wake_up_process(task);
	return 0;

free_worker:
	kfree(worker);
free_id:
	ida_free(&pool->worker_ida, id);
	return ret;
}

/**
 * cmwq_destroy_workers - stop and free every worker of a pool
 * @pool: the pool, which must have no work left
 *
 * Context: process context, may sleep.
 */
void cmwq_destroy_workers(struct cmwq_pool *pool)
{
	struct cmwq_worker *worker, *tmp;

	mutex_lock(&pool->attach_mutex);
	raw_spin_lock_irq(&pool->lock);
	pool->flags |= CMWQ_POOL_DYING;
	raw_spin_unlock_irq(&pool->lock);

	list_for_each_entry_safe(worker, tmp, &pool->workers, node) {
		raw_spin_lock_irq(&pool->lock);
		cmwq_worker_leave_idle(worker);
		pool->nr_workers--;
		raw_spin_unlock_irq(&pool->lock);
		list_del(&worker->node);

		kthread_stop(worker->task);
		ida_free(&pool->worker_ida, worker->id);
		kfree(worker);
	}
	mutex_unlock(&pool->attach_mutex);
}
