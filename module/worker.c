// SPDX-License-Identifier: GPL-2.0
/*
 * Workers: the kthreads of a pool, and what they do.
 *
 * A worker sleeps on its pool's idle list until woken, runs works off the
 * pool's worklist while concurrency management allows (one running worker
 * per CPU, plus those counted out because they sleep or hog the CPU), and
 * goes back to sleep. A worker that finds no idle worker left to take over
 * becomes the pool's manager and creates one; if that stalls, the mayday
 * timer asks rescuers for help. Idle workers beyond what the pool needs are
 * reaped after cmwq_idle_timeout_ms.
 *
 * Per-CPU pools' workers are bound to the CPU and named like kworkers,
 * "cmwq/<cpu>:<id>" with an "H" suffix in highpri pools. Unbound pools'
 * workers are "cmwq/u<pool>:<id>", not concurrency managed, and may run on
 * the pool's CPUs (cmwq_pool_allowed_cpus()).
 */
#include <linux/debug_locks.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/seq_file.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "internal.h"
#include "trace.h"

/* Keep up to this many idle workers per busy one, at least 2. */
#define CMWQ_MAX_IDLE_WORKERS_RATIO	4
#define CMWQ_MAYDAY_INITIAL_TIMEOUT	(HZ / 100 >= 2 ? HZ / 100 : 2)
#define CMWQ_MAYDAY_INTERVAL		(HZ / 10)
#define CMWQ_CREATE_COOLDOWN		HZ

static int cmwq_worker_thread(void *arg);

/**
 * cmwq_task_is_worker - is @p a live pool worker (not a rescuer) of cmwq?
 * @p: a task
 *
 * An exiting worker is not: its reaper frees it once kthread_stop()
 * returns, which waits for do_exit() to pass exit_mm(), well after
 * exit_signals() set PF_EXITING. So kthread_data() of a task found here
 * is a worker that stays allocated while @p runs on without exiting; a
 * caller that interrupted @p on its CPU (the hog watch) can use it until
 * it returns.
 *
 * Context: any; @p is current or pinned by the caller.
 */
bool cmwq_task_is_worker(struct task_struct *p)
{
	return (p->flags & (PF_KTHREAD | PF_EXITING)) == PF_KTHREAD &&
	       kthread_func(p) == cmwq_worker_thread && kthread_data(p);
}

/**
 * cmwq_current_worker - the cmwq worker that current is, if any
 *
 * An interrupt or softirq running on a worker's stack is not that worker:
 * what it queues is not the worker's chained work.
 *
 * Context: any.
 * Return: the worker, or %NULL if current is not a cmwq worker or rescuer,
 * or if we are not in task context.
 */
struct cmwq_worker *cmwq_current_worker(void)
{
	void *fn;

	/* Exiting, its worker may be freed already (see cmwq_task_is_worker()). */
	if (!in_task() || (current->flags & (PF_KTHREAD | PF_EXITING)) !=
			  PF_KTHREAD)
		return NULL;
	fn = kthread_func(current);
	if (fn != cmwq_worker_thread && fn != cmwq_rescuer_thread)
		return NULL;
	return kthread_data(current);
}
EXPORT_SYMBOL_NS_GPL(cmwq_current_worker, CMWQ_NS);

/* May the running worker go on with the next work? */
static bool keep_working(struct cmwq_pool *pool)
{
	return !list_empty(&pool->worklist) &&
	       atomic_read(&pool->nr_running) <= 1;
}

/**
 * cmwq_need_to_create_worker - is a worker needed and none idle?
 * @pool: the pool
 *
 * Context: pool->lock held, or a racy hint without it.
 */
bool cmwq_need_to_create_worker(struct cmwq_pool *pool)
{
	return cmwq_need_more_worker(pool) && !pool->nr_idle;
}

/* More idle workers than the busy ones justify? */
static bool too_many_workers(struct cmwq_pool *pool)
{
	bool managing = pool->flags & CMWQ_POOL_MANAGER_ACTIVE;
	int nr_idle = pool->nr_idle + managing;
	int nr_busy = pool->nr_workers - nr_idle;

	return nr_idle > 2 &&
	       (nr_idle - 2) * CMWQ_MAX_IDLE_WORKERS_RATIO >= nr_busy;
}

/**
 * cmwq_wake_up_worker - wake the pool's most recently idle worker
 * @pool: the pool
 *
 * Context: pool->lock held.
 */
void cmwq_wake_up_worker(struct cmwq_pool *pool)
{
	struct cmwq_worker *worker;

	/* A BH pool has no thread to wake: its tasklet runs the works. */
	if (pool->flags & CMWQ_POOL_BH) {
		cmwq_bh_kick(pool);
		return;
	}
	worker = list_first_entry_or_null(&pool->idle_list, struct cmwq_worker,
					  entry);
	/*
	 * Woken and not running yet, it takes the worklist under this lock
	 * as soon as it runs: waking it again would only cost a pi_lock
	 * round trip, once per queueing of a producer that keeps the CPU
	 * (a burst, Documentation/performance.rst). Upstream pays it.
	 */
	if (likely(worker) && !worker->wake_pending) {
		worker->wake_pending = true;
		if (pool->flags & CMWQ_POOL_UNBOUND)
			cmwq_worker_repatriate(worker);
		wake_up_process(worker->task);
	}
}

/**
 * cmwq_worker_count_in - count @worker in its pool's nr_running
 * @worker: a worker of a per-CPU pool
 *
 * The worker's scheduler hooks, the worker itself and the hotplug teardown
 * may decide about one worker at once: the hooks of a worker the scheduler
 * pushed off its dying CPU run on another CPU (see hotplug.c). The xchg()
 * of worker->cm_counted picks one of them to change nr_running, so the
 * count matches the workers marked counted whatever the interleaving, and
 * is never below it in between. Both xchg() and the value-returning
 * atomics are full barriers.
 *
 * Return: %true if it was not counted before.
 */
bool cmwq_worker_count_in(struct cmwq_worker *worker)
{
	atomic_t *nr_running = &worker->pool->nr_running;

	/*
	 * Count first, mark after: a count_out() racing with us then never
	 * takes nr_running below the workers marked counted, nor below zero.
	 */
	atomic_inc(nr_running);
	if (!xchg(&worker->cm_counted, 1))
		return true;
	atomic_dec(nr_running);
	return false;
}

/**
 * cmwq_worker_count_out - stop counting @worker in nr_running
 * @worker: a worker of a per-CPU pool
 *
 * See cmwq_worker_count_in().
 *
 * Return: the pool's nr_running after the change, or -1 if @worker was
 * not counted.
 */
int cmwq_worker_count_out(struct cmwq_worker *worker)
{
	int nr;

	if (!xchg(&worker->cm_counted, 0))
		return -1;
	nr = atomic_dec_return(&worker->pool->nr_running);
	/* Below zero, need_more_worker() would never wake anyone. */
	WARN_ON_ONCE(nr < 0);
	return nr;
}

/**
 * cmwq_worker_set_flags - set flags of the current worker
 * @worker: the worker, which is current
 * @flags: CMWQ_WORKER_* to set
 *
 * A worker that takes a NOT_RUNNING flag stops counting in nr_running.
 *
 * Context: pool->lock held, by the worker itself or the hog watch that
 * interrupted it.
 */
void cmwq_worker_set_flags(struct cmwq_worker *worker, unsigned int flags)
{
	lockdep_assert_held(&worker->pool->lock);
	WRITE_ONCE(worker->flags, worker->flags | flags);
	if (flags & CMWQ_WORKER_NOT_RUNNING)
		cmwq_worker_count_out(worker);
}

/**
 * cmwq_worker_clr_flags - clear flags of the current worker
 * @worker: the worker, which is current
 * @flags: CMWQ_WORKER_* to clear
 *
 * A worker that drops its last NOT_RUNNING flag counts in nr_running again,
 * and its CPU's hog watch runs.
 *
 * Context: pool->lock held, by the worker itself.
 */
void cmwq_worker_clr_flags(struct cmwq_worker *worker, unsigned int flags)
{
	struct cmwq_pool *pool = worker->pool;
	unsigned int oflags = worker->flags;

	lockdep_assert_held(&pool->lock);
	WRITE_ONCE(worker->flags, worker->flags & ~flags);
	if ((flags & CMWQ_WORKER_NOT_RUNNING) &&
	    (oflags & CMWQ_WORKER_NOT_RUNNING) &&
	    !(worker->flags & CMWQ_WORKER_NOT_RUNNING) &&
	    cmwq_worker_count_in(worker))
		cmwq_hog_watch_start(pool);
}

static void worker_enter_idle(struct cmwq_worker *worker)
{
	struct cmwq_pool *pool = worker->pool;
	struct cmwq_worker *oldest;

	if (WARN_ON_ONCE(worker->flags & CMWQ_WORKER_IDLE) ||
	    WARN_ON_ONCE(!list_empty(&worker->entry)))
		return;
	WRITE_ONCE(worker->flags, worker->flags | CMWQ_WORKER_IDLE);
	pool->nr_idle++;
	worker->last_active = jiffies;
	list_add(&worker->entry, &pool->idle_list);

	if (!too_many_workers(pool) || (pool->flags & CMWQ_POOL_DYING))
		return;
	/*
	 * Due when the oldest idle worker has idled its time (shorter with
	 * load-scaled reaping, cm_policy.c). timer_reduce() only ever brings
	 * the timer forward: a lowered idle_timeout_ms takes effect at the
	 * next worker going idle, not after the old timeout.
	 */
	oldest = list_last_entry(&pool->idle_list, struct cmwq_worker, entry);
	timer_reduce(&pool->idle_timer,
		     oldest->last_active + cmwq_cm_idle_timeout(pool));
}

static void worker_leave_idle(struct cmwq_worker *worker)
{
	struct cmwq_pool *pool = worker->pool;

	lockdep_assert_held(&pool->lock);
	if (WARN_ON_ONCE(!(worker->flags & CMWQ_WORKER_IDLE)))
		return;
	WRITE_ONCE(worker->flags, worker->flags & ~CMWQ_WORKER_IDLE);
	worker->wake_pending = false;
	pool->nr_idle--;
	list_del_init(&worker->entry);
}

/**
 * cmwq_find_worker_executing_work - which worker runs this work?
 * @pool: the pool to look in
 * @work: the work item
 *
 * A work is identified by its address and function: a freed and reused
 * work struct running something else is a different work.
 *
 * Context: pool->lock held.
 * Return: the worker, or %NULL.
 */
struct cmwq_worker *cmwq_find_worker_executing_work(struct cmwq_pool *pool,
						    struct cmwq_work *work)
{
	struct cmwq_worker *worker;

	hash_for_each_possible(pool->busy_hash, worker, hentry,
			       (unsigned long)work)
		if (worker->current_work == work &&
		    worker->current_func == work->func)
			return worker;
	return NULL;
}

/*
 * The task's runtime so far, in ns (for CPU time and hog detection). A BH
 * worker has no task: its works run on whatever task the softirq
 * interrupted, so their time is the clock's while they run.
 */
static u64 worker_runtime(struct cmwq_worker *worker)
{
	if (!worker->task)
		return local_clock();
	return READ_ONCE(worker->task->se.sum_exec_runtime);
}

/*
 * What a work's function must leave as it found it: a kworker starts it
 * with nothing held and preemption on, a BH worker inside the softirq
 * (SOFTIRQ_OFFSET, and whatever locks the interrupted task holds).
 */
struct cmwq_run_state {
	unsigned int	preempt;	/* preempt_count() */
	unsigned int	softirq;	/* softirq_count(): apart on PREEMPT_RT */
	bool		irqs_off;
	unsigned int	lockdep_depth;	/* locks held by current */
};

static void run_state_save(struct cmwq_run_state *st)
{
	st->preempt = preempt_count();
	st->softirq = softirq_count();
	st->irqs_off = irqs_disabled();
	st->lockdep_depth = lockdep_depth(current);
}

/*
 * Upstream's "leaked lock or atomic" check, for every worker kind: a work
 * that returns with preemption, softirqs or IRQs disabled, or a lock held,
 * broke the context of whatever runs next on this worker or softirq.
 */
static void run_state_check(const struct cmwq_run_state *st,
			    struct cmwq_worker *worker)
{
	struct cmwq_run_state now;

	run_state_save(&now);
	/*
	 * A lockdep report inside the work turns lockdep off, and the depth
	 * reads 0 from then on: only compare it while lockdep still runs.
	 */
	if (likely(now.preempt == st->preempt &&
		   now.softirq == st->softirq &&
		   now.irqs_off == st->irqs_off &&
		   (now.lockdep_depth == st->lockdep_depth || !debug_locks)))
		return;
	pr_err("BUG: cmwq leaked lock or atomic: %s/0x%08x/%d%s\n"
	       "     last function: %ps\n",
	       current->comm, preempt_count(), task_pid_nr(current),
	       worker->task ? "" : " (BH work)", worker->current_func);
	pr_err("     before: preempt 0x%08x softirq 0x%x irqs %s locks %u; after: preempt 0x%08x softirq 0x%x irqs %s locks %u\n",
	       st->preempt, st->softirq, st->irqs_off ? "off" : "on",
	       st->lockdep_depth, now.preempt, now.softirq,
	       now.irqs_off ? "off" : "on", now.lockdep_depth);
	debug_show_held_locks(current);
	dump_stack();
}

/**
 * cmwq_process_one_work - run one work of a worker's pool
 * @worker: the worker: a kthread of the pool, its rescuer, or a BH pool's
 *          worker in the pool's tasklet (bh.c)
 * @work: the first work of the pool's worklist, or of @worker's scheduled
 *
 * Drops pool->lock around the work's function. If the same work is
 * already running on another worker of this pool, it is handed to that
 * worker's scheduled list instead: a work never runs twice at once.
 *
 * Context: pool->lock held, IRQs off; dropped and retaken.
 */
void cmwq_process_one_work(struct cmwq_worker *worker, struct cmwq_work *work)
	__releases(&pool->lock) __acquires(&pool->lock)
{
	struct cmwq_pwq *pwq = cmwq_get_work_pwq(work);
	struct cmwq_pool *pool = worker->pool;
	struct cmwq_lockdep_run lockdep_run;
	struct cmwq_run_state run_state;
	struct cmwq_worker *collision;
	unsigned long work_data;
	u64 runtime;

	collision = cmwq_find_worker_executing_work(pool, work);
	if (unlikely(collision)) {
		list_move_tail(&work->entry, &collision->scheduled);
		return;
	}

	hash_add(pool->busy_hash, &worker->hentry, (unsigned long)work);
	worker->current_work = work;
	worker->current_func = work->func;
	worker->current_pwq = pwq;
	worker->desc[0] = '\0';
	worker->current_at = worker_runtime(worker);
	worker->hog_at = worker->current_at;
	work_data = atomic_long_read(&work->data);
	worker->current_color = cmwq_work_color(work_data);
	/*
	 * io-wq options: a hashed key stays busy until this work ends; a
	 * classed work keeps its class's slot (work_class.c).
	 */
	if (unlikely(cmwq_data_hashed(work_data)))
		worker->current_hkey = cmwq_hash_start(pwq->wq, work);
	worker->current_class = cmwq_data_class(work_data);
	WRITE_ONCE(worker->stop_requested, false);
	/* Off its queue: from here it may be freed by its function. */
	cmwq_work_debug_deactivate(work);
	list_del_init(&work->entry);
	cmwq_flush_waiters_follow(worker, work);

	if (unlikely(READ_ONCE(pwq->wq->flags) & CMWQ_CPU_INTENSIVE))
		cmwq_worker_set_flags(worker, CMWQ_WORKER_CPU_INTENSIVE);
	/*
	 * Intensive or not, others may run meanwhile if we do not count. A
	 * BH pool's round kicks the tasklet again itself when it ends.
	 */
	if (worker->task && cmwq_need_more_worker(pool))
		cmwq_wake_up_worker(pool);

	/*
	 * From here on, anyone may queue the work again: everything we need
	 * of it (function, colour, pwq) was read above, under the lock. The
	 * barriers inside pair with a queuer's test_and_set_bit() (work.c).
	 */
	cmwq_set_work_pool_and_clear_pending(work, pool->id, 0);
	pwq->stats[CMWQ_PWQ_STAT_STARTED]++;
	if (unlikely(cmwq_system_frozen()))
		pwq->stats[CMWQ_PWQ_STAT_STARTED_FROZEN]++;
	raw_spin_unlock_irq(&pool->lock);

	run_state_save(&run_state);
	cmwq_lockdep_run_begin(&lockdep_run, pwq->wq, work);
	trace_cmwq_execute_start(work);
	worker->current_func(work);
	/* @work may be freed now: only its address is used from here on. */
	trace_cmwq_execute_end(work, worker->current_func);
	cmwq_lockdep_run_end(&lockdep_run, pwq->wq);
	run_state_check(&run_state, worker);
	/* A softirq cannot reschedule: its round's budget bounds it instead. */
	if (worker->task)
		cond_resched();

	runtime = worker_runtime(worker) - worker->current_at;
	raw_spin_lock_irq(&pool->lock);
	pwq->stats[CMWQ_PWQ_STAT_CPU_TIME] += div_u64(runtime, NSEC_PER_USEC);
	pwq->stats[CMWQ_PWQ_STAT_COMPLETED]++;
	if (worker->flags & CMWQ_WORKER_CPU_INTENSIVE)
		cmwq_worker_clr_flags(worker, CMWQ_WORKER_CPU_INTENSIVE);

	worker->last_func = worker->current_func;
	hash_del(&worker->hentry);
	worker->current_work = NULL;
	worker->current_func = NULL;
	worker->current_pwq = NULL;
	worker->current_color = INT_MAX;
	cmwq_flush_waiters_wake(worker);
	/* The key's next work, if any, is ours to run next (hashed.c). */
	if (unlikely(worker->current_hkey))
		cmwq_hash_finish(worker, pwq);
	/* Its class's slot goes to the first parked work, ours to run. */
	if (unlikely(worker->current_class))
		cmwq_class_finish(worker);
	cmwq_pwq_dec_nr_in_flight(pwq, work_data);

	/*
	 * The hog watch marks us only while current_pwq is set, under this
	 * lock: what it said is final now. Report outside the raw lock.
	 */
	if (unlikely(worker->hogged)) {
		worker->hogged = false;
		raw_spin_unlock_irq(&pool->lock);
		cmwq_hog_report(worker->last_func);
		raw_spin_lock_irq(&pool->lock);
	}
}

/**
 * cmwq_process_scheduled_works - run the works on a worker's own list
 * @worker: the worker
 *
 * Context: pool->lock held; dropped and retaken around each work.
 */
void cmwq_process_scheduled_works(struct cmwq_worker *worker)
{
	struct cmwq_work *work;

	while ((work = list_first_entry_or_null(&worker->scheduled,
						struct cmwq_work, entry)))
		cmwq_process_one_work(worker, work);
}

/**
 * cmwq_alloc_worker - allocate and initialise a worker, not yet started
 * @node: the NUMA node for its memory
 *
 * Context: process context, may sleep.
 * Return: the worker, or %NULL.
 */
struct cmwq_worker *cmwq_alloc_worker(int node)
{
	struct cmwq_worker *worker;

	worker = kzalloc_node(sizeof(*worker), GFP_KERNEL, node);
	if (!worker)
		return NULL;
	INIT_LIST_HEAD(&worker->entry);
	INIT_LIST_HEAD(&worker->scheduled);
	INIT_HLIST_HEAD(&worker->flush_waiters);
	INIT_LIST_HEAD(&worker->node);
	worker->current_color = INT_MAX;
	/* Until it takes a work, a worker does not count as running. */
	worker->flags = CMWQ_WORKER_PREP;
	return worker;
}

/* The worker's kthread, unless fault injection says creation fails. */
static struct task_struct *create_worker_task(struct cmwq_worker *worker)
{
	struct cmwq_pool *pool = worker->pool;

	if (cmwq_should_fail_create_worker())
		return ERR_PTR(-ENOMEM);
	if (pool->flags & CMWQ_POOL_UNBOUND)
		return kthread_create_on_node(cmwq_worker_thread, worker,
					      pool->node, "cmwq/u%d:%d",
					      pool->id, worker->id);
	return kthread_create_on_node(cmwq_worker_thread, worker, pool->node,
				      "cmwq/%d:%d%s", pool->cpu, worker->id,
				      pool->flags & CMWQ_POOL_HIGHPRI ?
				      "H" : "");
}

/**
 * cmwq_create_worker - start one more worker in a pool
 * @pool: the pool
 *
 * The worker starts idle, bound to the pool's CPU for a per-CPU pool, at
 * the pool's nice level.
 *
 * Context: process context, may sleep; pool->lock not held.
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
	worker = cmwq_alloc_worker(pool->node);
	if (!worker) {
		ret = -ENOMEM;
		goto free_id;
	}
	worker->pool = pool;
	worker->id = id;
	if (!cmwq_cm_available() || (pool->flags & CMWQ_POOL_UNBOUND))
		worker->flags |= CMWQ_WORKER_UNBOUND;

	task = create_worker_task(worker);
	if (IS_ERR(task)) {
		ret = PTR_ERR(task);
		goto free_worker;
	}
	/*
	 * Ours until the worker is off pool->workers: kthread_stop() drops
	 * the thread's own reference, and readers of the list still look.
	 */
	worker->task = get_task_struct(task);
	set_user_nice(task, pool->nice);

	/* The pool's CPU may go on- or offline: see hotplug.c. */
	mutex_lock(&pool->attach_mutex);
	if (pool->flags & CMWQ_POOL_DISASSOCIATED) {
		worker->flags |= CMWQ_WORKER_UNBOUND;
		set_cpus_allowed_ptr(task, cpu_possible_mask);
	} else if (pool->flags & CMWQ_POOL_PERCPU) {
		kthread_bind(task, pool->cpu);
	} else {
		set_cpus_allowed_ptr(task, cmwq_pool_allowed_cpus(pool));
	}
	list_add_tail(&worker->node, &pool->workers);
	raw_spin_lock_irq(&pool->lock);
	pool->nr_workers++;
	worker_enter_idle(worker);
	wake_up_process(task);
	raw_spin_unlock_irq(&pool->lock);
	mutex_unlock(&pool->attach_mutex);
	return 0;

free_worker:
	kfree(worker);
free_id:
	ida_free(&pool->worker_ida, id);
	return ret;
}

/* Mark an idle worker to die and take it off the pool's counts. */
static void set_worker_dying(struct cmwq_worker *worker,
			     struct list_head *dying)
{
	struct cmwq_pool *pool = worker->pool;

	lockdep_assert_held(&pool->lock);
	pool->nr_workers--;
	worker_leave_idle(worker);
	WRITE_ONCE(worker->flags, worker->flags | CMWQ_WORKER_DIE);
	list_add_tail(&worker->entry, dying);
}

/* Stop the dying workers' threads and free them. */
static void reap_dying_workers(struct cmwq_pool *pool, struct list_head *dying)
{
	struct cmwq_worker *worker, *tmp;

	list_for_each_entry_safe(worker, tmp, dying, entry) {
		list_del_init(&worker->entry);
		kthread_stop(worker->task);
		mutex_lock(&pool->attach_mutex);
		list_del(&worker->node);
		mutex_unlock(&pool->attach_mutex);
		put_task_struct(worker->task);
		ida_free(&pool->worker_ida, worker->id);
		kfree(worker);
	}
}

/**
 * cmwq_idle_timeout - the idle timer: reap surplus idle workers
 * @t: pool->idle_timer
 *
 * Stopping a kthread sleeps, so the timer only decides whether to and
 * leaves the work to cmwq_idle_cull_fn() on the kernel's workqueue.
 *
 * Context: timer (softirq).
 */
void cmwq_idle_timeout(struct timer_list *t)
{
	struct cmwq_pool *pool = timer_container_of(pool, t, idle_timer);
	bool cull;

	raw_spin_lock_irq(&pool->lock);
	cull = too_many_workers(pool) && !(pool->flags & CMWQ_POOL_DYING);
	raw_spin_unlock_irq(&pool->lock);
	if (cull)
		queue_work(system_unbound_wq, &pool->idle_cull_work);
}

/**
 * cmwq_idle_cull_fn - stop idle workers that have been idle long enough
 * @work: pool->idle_cull_work
 *
 * The oldest idle workers go first, while there are too many; when the
 * oldest has not idled long enough yet, the timer is re-armed for it.
 *
 * Context: process context (kernel workqueue).
 */
void cmwq_idle_cull_fn(struct work_struct *work)
{
	struct cmwq_pool *pool = container_of(work, struct cmwq_pool,
					      idle_cull_work);
	LIST_HEAD(dying);

	raw_spin_lock_irq(&pool->lock);
	while (too_many_workers(pool) && !(pool->flags & CMWQ_POOL_DYING)) {
		struct cmwq_worker *worker;
		unsigned long expires;

		worker = list_last_entry(&pool->idle_list, struct cmwq_worker,
					 entry);
		/* idle_timeout_ms, or less with scaled reaping (cm_policy.c) */
		expires = worker->last_active + cmwq_cm_idle_timeout(pool);
		if (time_before(jiffies, expires)) {
			mod_timer(&pool->idle_timer, expires);
			break;
		}
		set_worker_dying(worker, &dying);
	}
	raw_spin_unlock_irq(&pool->lock);
	reap_dying_workers(pool, &dying);
}

/* Ask the rescuer of @work's workqueue to come and run it. */
static void send_mayday(struct cmwq_work *work)
{
	struct cmwq_pwq *pwq = cmwq_get_work_pwq(work);
	struct cmwq_workqueue *wq = pwq->wq;

	lockdep_assert_held(&cmwq_mayday_lock);
	if (!wq->rescuer)
		return;
	if (list_empty(&pwq->mayday_node)) {
		/* The rescuer drops this reference. */
		cmwq_get_pwq(pwq);
		list_add_tail(&pwq->mayday_node, &wq->maydays);
		wake_up_process(wq->rescuer->task);
		pwq->stats[CMWQ_PWQ_STAT_MAYDAY]++;
	}
}

/**
 * cmwq_mayday_timeout - worker creation is taking too long
 * @t: pool->mayday_timer
 *
 * Every workqueue with work waiting in the pool gets its rescuer called;
 * the timer repeats while the shortage lasts.
 *
 * Context: timer (softirq).
 */
void cmwq_mayday_timeout(struct timer_list *t)
{
	struct cmwq_pool *pool = timer_container_of(pool, t, mayday_timer);
	struct cmwq_work *work;

	raw_spin_lock_irq(&pool->lock);
	raw_spin_lock(&cmwq_mayday_lock);
	if (cmwq_need_to_create_worker(pool)) {
		list_for_each_entry(work, &pool->worklist, entry)
			send_mayday(work);
	}
	raw_spin_unlock(&cmwq_mayday_lock);
	raw_spin_unlock_irq(&pool->lock);
	mod_timer(&pool->mayday_timer, jiffies + CMWQ_MAYDAY_INTERVAL);
}

/* Create workers until one is idle; call for rescue if that stalls. */
static void maybe_create_worker(struct cmwq_pool *pool)
	__releases(&pool->lock) __acquires(&pool->lock)
{
restart:
	raw_spin_unlock_irq(&pool->lock);
	mod_timer(&pool->mayday_timer, jiffies + CMWQ_MAYDAY_INITIAL_TIMEOUT);
	for (;;) {
		int ret;

		/* Paced creation (cm_policy.c): wait for the pool's turn. */
		if (!cmwq_cm_pace_creation(pool))
			break;
		ret = cmwq_create_worker(pool);
		cmwq_cm_creation_done(pool, ret);
		if (!ret || !cmwq_need_to_create_worker(pool))
			break;
		schedule_timeout_interruptible(CMWQ_CREATE_COOLDOWN);
		if (!cmwq_need_to_create_worker(pool))
			break;
	}
	timer_delete_sync(&pool->mayday_timer);
	raw_spin_lock_irq(&pool->lock);
	/* The new worker may have been used up already. */
	if (cmwq_need_to_create_worker(pool))
		goto restart;
}

/* Become the manager if nobody is and make sure a worker is idle. */
static bool manage_workers(struct cmwq_worker *worker)
{
	struct cmwq_pool *pool = worker->pool;

	if (pool->flags & CMWQ_POOL_MANAGER_ACTIVE)
		return false;
	pool->flags |= CMWQ_POOL_MANAGER_ACTIVE;
	pool->manager = worker;
	maybe_create_worker(pool);
	pool->manager = NULL;
	pool->flags &= ~CMWQ_POOL_MANAGER_ACTIVE;
	return true;
}

static int cmwq_worker_thread(void *arg)
{
	struct cmwq_worker *worker = arg;
	struct cmwq_pool *pool = worker->pool;

	cmwq_sched_hook_init(worker);
	raw_spin_lock_irq(&pool->lock);
	for (;;) {
		if (unlikely(worker->flags & CMWQ_WORKER_DIE))
			break;
		worker_leave_idle(worker);
recheck:
		if (!cmwq_need_more_worker(pool))
			goto sleep;
		/* Keep an idle worker in reserve, for when this one sleeps. */
		if (unlikely(!pool->nr_idle) && manage_workers(worker))
			goto recheck;

		WARN_ON_ONCE(!list_empty(&worker->scheduled));
		cmwq_sched_hook_attach(worker);
		/* A rebound worker counts in again from here (hotplug.c). */
		cmwq_worker_clr_flags(worker, CMWQ_WORKER_PREP |
				      CMWQ_WORKER_REBOUND);
		do {
			struct cmwq_work *work =
				list_first_entry(&pool->worklist,
						 struct cmwq_work, entry);

			pool->watchdog_ts = jiffies;
			cmwq_process_one_work(worker, work);
			if (unlikely(!list_empty(&worker->scheduled)))
				cmwq_process_scheduled_works(worker);
		} while (keep_working(pool));
		cmwq_worker_set_flags(worker, CMWQ_WORKER_PREP);
		cmwq_sched_hook_detach(worker);
sleep:
		worker_enter_idle(worker);
		set_current_state(TASK_IDLE);
		raw_spin_unlock_irq(&pool->lock);
		schedule();
		raw_spin_lock_irq(&pool->lock);
	}
	raw_spin_unlock_irq(&pool->lock);

	/* Wait for kthread_stop(): the reaper frees us after that. */
	set_current_state(TASK_IDLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_IDLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
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
	unsigned long start = jiffies;
	LIST_HEAD(dying);
	bool busy;

	/* From now on nothing arms the idle timer or culls. */
	raw_spin_lock_irq(&pool->lock);
	pool->flags |= CMWQ_POOL_DYING;
	raw_spin_unlock_irq(&pool->lock);
	timer_delete_sync(&pool->idle_timer);
	cancel_work_sync(&pool->idle_cull_work);

	/*
	 * No work is left, but a manager may still be between creation
	 * attempts or a worker on its way back to idle: wait for them, since
	 * their code goes away with the module.
	 */
	for (;;) {
		raw_spin_lock_irq(&pool->lock);
		busy = pool->nr_workers != pool->nr_idle ||
		       (pool->flags & CMWQ_POOL_MANAGER_ACTIVE);
		if (!busy)
			break;
		raw_spin_unlock_irq(&pool->lock);
		if (time_after(jiffies, start + 10 * HZ)) {
			pr_warn_once("cmwq: pool %d: waiting for %d busy workers\n",
				     pool->id, pool->nr_workers - pool->nr_idle);
		}
		msleep(20);
	}
	list_for_each_entry_safe(worker, tmp, &pool->idle_list, entry)
		set_worker_dying(worker, &dying);
	raw_spin_unlock_irq(&pool->lock);
	reap_dying_workers(pool, &dying);
}

static const char *worker_state(struct cmwq_worker *worker)
{
	if (worker->pool->manager == worker)
		return "manager";
	if (worker->flags & CMWQ_WORKER_IDLE)
		return "idle";
	if (worker->current_work)
		return worker->flags & CMWQ_WORKER_CPU_INTENSIVE ?
		       "intensive" : "running";
	return "busy";
}

/**
 * cmwq_workers_show - one line per worker, for debugfs
 * @m: the seq_file of the ``workers`` file
 *
 * Columns: pid pool id state function, where state is idle, running,
 * intensive (running, not counted for concurrency), manager or busy
 * (between works), and function the work it runs, or "-", followed by
 * "(description)" if the work set one (cmwq_set_worker_desc()).
 *
 * Context: process context; takes cmwq_pool_mutex, attach_mutex, pool->lock.
 */
void cmwq_workers_show(struct seq_file *m)
{
	struct cmwq_worker *worker;
	struct cmwq_pool *pool;
	int id;

	seq_puts(m, "pid pool id state function\n");
	mutex_lock(&cmwq_pool_mutex);
	idr_for_each_entry(&cmwq_pool_idr, pool, id) {
		mutex_lock(&pool->attach_mutex);
		raw_spin_lock_irq(&pool->lock);
		list_for_each_entry(worker, &pool->workers, node) {
			seq_printf(m, "%d %d %d %s ", task_pid_nr(worker->task),
				   pool->id, worker->id, worker_state(worker));
			if (!worker->current_func)
				seq_puts(m, "-\n");
			else if (worker->desc[0])
				seq_printf(m, "%ps (%s)\n", worker->current_func,
					   worker->desc);
			else
				seq_printf(m, "%ps\n", worker->current_func);
		}
		raw_spin_unlock_irq(&pool->lock);
		mutex_unlock(&pool->attach_mutex);
	}
	mutex_unlock(&cmwq_pool_mutex);
}
