// SPDX-License-Identifier: GPL-2.0
/*
 * Per-pool policies after XNU's pthread workqueue (bsd/pthread/
 * pthread_workqueue.c), and the exported decisions of concurrency
 * management. Every option is off by default, and a pool with all of them
 * off behaves exactly as upstream's; they are set at runtime with the
 * control file's set_pool verb and shown in the pools file.
 *
 * Blocked window (blocked_window_us, XNU's wq_stalled_window, 200 us): a
 * worker that just blocked still counts as busy for a while. When the last
 * running worker of a pool blocks with work pending, the CM irq_work
 * (sched_hooks.c) arms the pool's window timer instead of waking a worker;
 * when it fires, the timer wakes one only if work is still pending and no
 * worker runs. A sleeper back within the window, or a worklist emptied
 * meanwhile, costs no wake-up and no extra worker: the decision counts as
 * "held". Nothing is stranded by the wait: queueing a work wakes a worker
 * on its own when nr_running is 0 (__cmwq_queue_work()), and whoever stops
 * the timer early (CPU going down, the option turned off, the pool freed)
 * wakes a worker if one is needed (cmwq_cm_window_cancel()).
 *
 * Paced creation (create_interval_us, XNU paces thread creation): the
 * manager creates a pool's workers no faster than one per interval; one
 * asked for too soon waits for its turn, counted as "deferred", and is
 * not created at all if the need went away meanwhile. The mayday timer
 * runs during the wait as during a slow creation: a pool short of workers
 * for 10 ms calls the rescuers, pacing or not.
 *
 * Load-scaled reaping (reap=scaled, XNU's workq_kill_delay_for_idle_thread
 * decays its 5 s reap delay with the number of idle threads): the idle
 * timeout of a pool with n > 2 idle workers is idle_timeout_ms * 2 / n, not
 * below 50 ms, so a burst's hundreds of workers go in a fraction of the
 * timeout while a pool with its two idle workers keeps them (upstream
 * never reaps those anyway: too_many_workers()).
 *
 * Decisions: each one adds to a counter of the pool (enum cmwq_cm_stat,
 * under pool->lock) and emits the cmwq_cm_decision tracepoint. Those a
 * block led to (woken, create, held) also add to a counter of the class
 * of the blocked worker's work (work_class.c; none for a work queued
 * without one): the per-class counters add up to the pool's. A window
 * counts under the class of the block that opened it.
 *
 * Ordering: every option and counter is read and written under pool->lock,
 * except create_interval_us, which the manager reads without it (a racy
 * read of one word is fine: a change applies from the next creation) and
 * last_create_ns, which only the manager touches (MANAGER_ACTIVE makes
 * it one worker at a time). The window timer is pinned (armed from the
 * irq_work on the pool's CPU) and hard (its handler takes the raw
 * pool->lock in hard IRQ, even on PREEMPT_RT); it is cancelled without
 * pool->lock held, since its handler takes it.
 */
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

#include "internal.h"
#include "trace.h"

static void cm_count(struct cmwq_pool *pool, enum cmwq_cm_stat stat,
		     enum cmwq_work_class class)
{
	lockdep_assert_held(&pool->lock);
	pool->cm_policy.stats[stat]++;
	if (stat <= CMWQ_CM_STAT_HELD)
		pool->cm_policy.class_stats[class][stat]++;
	trace_cmwq_cm_decision(pool->id, stat, class);
}

/**
 * cmwq_cm_count_wake - count a wake-up that a block led to
 * @pool: the pool, about to wake an idle worker for a sleeper
 * @class: the class of the sleeper's work
 *
 * The worker woken takes over, and becomes the manager to create another
 * if it was the last idle one (the pool keeps one in reserve); with none
 * idle, the manager is creating one already. Counted as seen now.
 *
 * Context: pool->lock held.
 */
void cmwq_cm_count_wake(struct cmwq_pool *pool, enum cmwq_work_class class)
{
	cm_count(pool, pool->nr_idle >= 2 ? CMWQ_CM_STAT_WOKEN :
					    CMWQ_CM_STAT_CREATE, class);
}

static enum hrtimer_restart cm_window_fn(struct hrtimer *t)
{
	struct cmwq_pool *pool = container_of(t, struct cmwq_pool,
					      cm_policy.window_timer);

	/* Hard IRQ (HRTIMER_MODE_*_HARD): IRQs are off. */
	raw_spin_lock(&pool->lock);
	if (cmwq_need_more_worker(pool)) {
		cmwq_cm_count_wake(pool, pool->cm_policy.window_class);
		cmwq_wake_up_worker(pool);
	} else {
		cm_count(pool, CMWQ_CM_STAT_HELD, pool->cm_policy.window_class);
	}
	raw_spin_unlock(&pool->lock);
	return HRTIMER_NORESTART;
}

/**
 * cmwq_cm_window_hold - wait for the blocked window instead of waking?
 * @pool: a pool whose last running worker blocked with work pending
 * @class: the class of its work, which the window's verdict counts under
 *
 * Arms the window timer unless it runs already: the window counts from
 * the first block, so a pool whose workers keep blocking still gets a
 * worker at the end of it. Not for a pool without its CPU or dying: those
 * wake at once, as without the option.
 *
 * Context: the CM irq_work, pool->lock held.
 * Return: %true if the timer decides, %false to wake a worker now.
 */
bool cmwq_cm_window_hold(struct cmwq_pool *pool, enum cmwq_work_class class)
{
	struct cmwq_cm_policy *cp = &pool->cm_policy;

	lockdep_assert_held(&pool->lock);
	if (!cp->blocked_window_us ||
	    (pool->flags & (CMWQ_POOL_DISASSOCIATED | CMWQ_POOL_DYING)))
		return false;
	if (!hrtimer_is_queued(&cp->window_timer)) {
		cp->window_class = class;
		hrtimer_start(&cp->window_timer,
			      ns_to_ktime((u64)cp->blocked_window_us *
					  NSEC_PER_USEC),
			      HRTIMER_MODE_REL_PINNED_HARD);
	}
	return true;
}

/**
 * cmwq_cm_window_cancel - end a pool's blocked window early
 * @pool: the pool
 *
 * Whatever the window held back is woken for now, so that no work waits
 * for a timer that will not fire. Called when the pool loses its CPU
 * (after it is marked disassociated: the irq_work arms no timer from
 * then on), when the option changes, and before the pool is freed.
 *
 * Context: process context, pool->lock not held.
 */
void cmwq_cm_window_cancel(struct cmwq_pool *pool)
{
	hrtimer_cancel(&pool->cm_policy.window_timer);
	raw_spin_lock_irq(&pool->lock);
	if (cmwq_need_more_worker(pool))
		cmwq_wake_up_worker(pool);
	raw_spin_unlock_irq(&pool->lock);
}

/**
 * cmwq_cm_pace_creation - wait until the pool may create a worker
 * @pool: the pool whose manager is about to create one
 *
 * Context: the manager, process context, pool->lock not held; may sleep
 * up to create_interval_us.
 * Return: %true to create it, %false if none is needed any more.
 */
bool cmwq_cm_pace_creation(struct cmwq_pool *pool)
{
	struct cmwq_cm_policy *cp = &pool->cm_policy;
	u64 interval = (u64)READ_ONCE(cp->create_interval_us) * NSEC_PER_USEC;
	u64 next = cp->last_create_ns + interval;
	ktime_t expires = ns_to_ktime(next);

	if (!interval || !cp->last_create_ns || ktime_get_ns() >= next)
		return true;
	raw_spin_lock_irq(&pool->lock);
	cm_count(pool, CMWQ_CM_STAT_DEFERRED, CMWQ_CLASS_NONE);
	raw_spin_unlock_irq(&pool->lock);
	/* Nobody wakes the manager early, but be safe against it. */
	do {
		set_current_state(TASK_IDLE);
		schedule_hrtimeout(&expires, HRTIMER_MODE_ABS);
	} while (ktime_get_ns() < next);
	return cmwq_need_to_create_worker(pool);
}

/**
 * cmwq_cm_creation_done - count the manager's creation of a worker
 * @pool: the pool
 * @ret: what cmwq_create_worker() returned
 *
 * The pace counts from the end of a successful creation: the next worker
 * forks at least create_interval_us after this one did.
 *
 * Context: the manager, process context, pool->lock not held.
 */
void cmwq_cm_creation_done(struct cmwq_pool *pool, int ret)
{
	raw_spin_lock_irq(&pool->lock);
	cm_count(pool, ret ? CMWQ_CM_STAT_FAILED : CMWQ_CM_STAT_CREATED,
		 CMWQ_CLASS_NONE);
	raw_spin_unlock_irq(&pool->lock);
	if (!ret)
		pool->cm_policy.last_create_ns = ktime_get_ns();
}

/**
 * cmwq_cm_idle_timeout - how long a pool's idle worker lives
 * @pool: the pool
 *
 * Context: pool->lock held.
 * Return: idle_timeout_ms in jiffies, scaled down by the number of idle
 * workers when the pool reaps load-scaled.
 */
unsigned long cmwq_cm_idle_timeout(struct cmwq_pool *pool)
{
	unsigned int ms = READ_ONCE(cmwq_idle_timeout_ms);
	unsigned int n = pool->nr_idle;

	lockdep_assert_held(&pool->lock);
	if (pool->cm_policy.reap_scaled && n > 2)
		ms = max_t(unsigned int, div_u64((u64)ms * 2, n),
			   min_t(unsigned int, ms, CMWQ_CM_REAP_FLOOR_MS));
	return msecs_to_jiffies(ms);
}

/**
 * cmwq_cm_policy_set - change a pool's options
 * @pool: the pool, which stays alive meanwhile (see control.c)
 * @o: the new values; a negative one leaves its option as it is
 *
 * All or nothing: an error changes no option.
 *
 * Context: process context, pool->lock not held.
 * Return: 0; -EINVAL for a BH pool (no workers); -EOPNOTSUPP for a
 * blocked window on a pool without concurrency management (unbound, or
 * no preempt notifiers); -ERANGE for a value over its maximum.
 */
int cmwq_cm_policy_set(struct cmwq_pool *pool, const struct cmwq_cm_opts *o)
{
	struct cmwq_cm_policy *cp = &pool->cm_policy;
	bool cancel = false;

	if (pool->flags & CMWQ_POOL_BH)
		return -EINVAL;
	if (o->blocked_window_us > 0 &&
	    (!cmwq_cm_available() || (pool->flags & CMWQ_POOL_UNBOUND)))
		return -EOPNOTSUPP;
	if (o->blocked_window_us > CMWQ_CM_MAX_WINDOW_US ||
	    o->create_interval_us > CMWQ_CM_MAX_CREATE_INTERVAL_US ||
	    o->reap_scaled > 1)
		return -ERANGE;

	raw_spin_lock_irq(&pool->lock);
	if (o->blocked_window_us >= 0 &&
	    o->blocked_window_us != cp->blocked_window_us) {
		/* A window open now ends, whatever the new one is. */
		cancel = cp->blocked_window_us;
		cp->blocked_window_us = o->blocked_window_us;
	}
	if (o->create_interval_us >= 0)
		WRITE_ONCE(cp->create_interval_us, o->create_interval_us);
	if (o->reap_scaled >= 0 && o->reap_scaled != cp->reap_scaled) {
		cp->reap_scaled = o->reap_scaled;
		/* Let the reaper judge the idle workers by the new rule. */
		if (pool->nr_idle > 2 && !(pool->flags & CMWQ_POOL_DYING))
			mod_timer(&pool->idle_timer, jiffies);
	}
	raw_spin_unlock_irq(&pool->lock);
	if (cancel)
		cmwq_cm_window_cancel(pool);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(cmwq_cm_policy_set, CMWQ_NS);

/**
 * cmwq_cm_stat - one of a pool's decision counters
 * @pool: the pool
 * @stat: which
 *
 * Context: process context, pool->lock not held.
 */
u64 cmwq_cm_stat(struct cmwq_pool *pool, enum cmwq_cm_stat stat)
{
	u64 v;

	raw_spin_lock_irq(&pool->lock);
	v = pool->cm_policy.stats[stat];
	raw_spin_unlock_irq(&pool->lock);
	return v;
}
EXPORT_SYMBOL_NS_GPL(cmwq_cm_stat, CMWQ_NS);

/**
 * cmwq_cm_class_stat - a pool's count of a block's decision, by class
 * @pool: the pool
 * @stat: %CMWQ_CM_STAT_WOKEN, %CMWQ_CM_STAT_CREATE or %CMWQ_CM_STAT_HELD
 * @class: the class of the blocked worker's work, %CMWQ_CLASS_NONE too
 *
 * Context: process context, pool->lock not held.
 * Return: the count; 0 for a @stat or @class out of range.
 */
u64 cmwq_cm_class_stat(struct cmwq_pool *pool, enum cmwq_cm_stat stat,
		       enum cmwq_work_class class)
{
	u64 v;

	if (stat > CMWQ_CM_STAT_HELD || class >= CMWQ_NR_CLASSES)
		return 0;
	raw_spin_lock_irq(&pool->lock);
	v = pool->cm_policy.class_stats[class][stat];
	raw_spin_unlock_irq(&pool->lock);
	return v;
}
EXPORT_SYMBOL_NS_GPL(cmwq_cm_class_stat, CMWQ_NS);

/**
 * cmwq_cm_pool_show - the pools file's columns of this file
 * @m: the seq_file of the pools file
 * @pool: the pool of this line
 *
 * Columns: blocked_window_us create_interval_us reap (fixed or scaled),
 * then the counters cm_woken cm_create cm_held created create_deferred
 * create_failed (enum cmwq_cm_stat, in order), then the first three by
 * the class of the blocked work: cm_none cm_bounded cm_unbounded, each
 * as woken/create/held. No newline: the class columns follow.
 *
 * Context: process context, pool->lock not held.
 */
void cmwq_cm_pool_show(struct seq_file *m, struct cmwq_pool *pool)
{
	struct cmwq_cm_policy cp;
	int i;

	raw_spin_lock_irq(&pool->lock);
	cp.blocked_window_us = pool->cm_policy.blocked_window_us;
	cp.create_interval_us = pool->cm_policy.create_interval_us;
	cp.reap_scaled = pool->cm_policy.reap_scaled;
	memcpy(cp.stats, pool->cm_policy.stats, sizeof(cp.stats));
	memcpy(cp.class_stats, pool->cm_policy.class_stats,
	       sizeof(cp.class_stats));
	raw_spin_unlock_irq(&pool->lock);

	seq_printf(m, " %u %u %s", cp.blocked_window_us,
		   cp.create_interval_us, cp.reap_scaled ? "scaled" : "fixed");
	for (i = 0; i < CMWQ_CM_NR_STATS; i++)
		seq_printf(m, " %llu", cp.stats[i]);
	for (i = 0; i < CMWQ_NR_CLASSES; i++)
		seq_printf(m, " %llu/%llu/%llu",
			   cp.class_stats[i][CMWQ_CM_STAT_WOKEN],
			   cp.class_stats[i][CMWQ_CM_STAT_CREATE],
			   cp.class_stats[i][CMWQ_CM_STAT_HELD]);
}

/**
 * cmwq_cm_policy_init - a new pool's options, all off
 * @pool: the pool being created
 *
 * Context: process context.
 */
void cmwq_cm_policy_init(struct cmwq_pool *pool)
{
	hrtimer_setup(&pool->cm_policy.window_timer, cm_window_fn,
		      CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
}

/**
 * cmwq_cm_policy_exit - a pool goes: no window timer may stay armed
 * @pool: the pool, with no worker left and its irq_work synced
 *
 * Context: process context.
 */
void cmwq_cm_policy_exit(struct cmwq_pool *pool)
{
	hrtimer_cancel(&pool->cm_policy.window_timer);
}
