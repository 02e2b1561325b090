// SPDX-License-Identifier: GPL-2.0
/*
 * The lockup watchdog: a pool that has work ready to run and has started
 * none for watchdog_thresh seconds is reported, once per stall, with a
 * line the test harness knows,
 *
 *   BUG: cmwq lockup - pool 6 cpus=3 node=1 flags=P nice=0 stuck for 5s!
 *
 * followed by the functions the pool is running and, from process
 * context, the state dump of dump.c. Like upstream's workqueue watchdog,
 * "progress" is pool->watchdog_ts: set when a worker or rescuer takes a
 * work off the worklist and when the worklist goes from empty to
 * non-empty. Work waiting for max_active (inactive) is not on the
 * worklist, so it never makes a pool look stuck; neither does an idle
 * pool, nor one whose works start, however slowly, within the threshold.
 *
 * One timer (not deferrable: a stalled pool does not wake an idle CPU, so
 * a deferrable timer there could put the report off indefinitely) looks at
 * every pool every watchdog_thresh / 4. It walks cmwq_pool_idr under
 * rcu_read_lock(), since a timer cannot take cmwq_pool_mutex. That is safe
 * because of a rule every pool's lifetime must keep, per-CPU pools and
 * the unbound ones alike: a pool is freed only after an RCU grace period
 * that follows its idr_remove() (cmwq_pool_free() frees it from an RCU callback). A
 * pool found in the IDR may be on its way out; its lock and fields stay
 * valid until then, and a dying pool has no work left to report. A pool
 * created at run time needs nothing else: it is checked from the moment it
 * is in the IDR, with its watchdog_ts set at allocation.
 *
 * Once per stall: the pool's watchdog_ts at the time of a report is kept
 * (pool->watchdog_reported_ts); the pool is not reported again until its
 * watchdog_ts moves, i.e. until it made progress. Upstream reports a pool
 * again at every check while it stays stuck.
 *
 * Setting watchdog_thresh restarts every pool's clock (like upstream's
 * wq_watchdog_set_thresh()), so a lower threshold never reports a stall
 * retroactively; 0 stops the timer.
 *
 * cmwq_wq_watchdog_touch(cpu) restarts the clock of that CPU's per-CPU
 * pools, and of the unbound pools (whose workers may run there), for code
 * that knows it kept a CPU busy on purpose; a negative cpu restarts every
 * pool's. A pool's stall counts from the latest of its watchdog_ts and
 * the touches that apply to it.
 */
#include <linux/idr.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timer.h>
#include <linux/workqueue.h>

#include "internal.h"

#define CMWQ_WATCHDOG_MAX_THRESH	3600	/* seconds */
/* In-flight functions named in the report line; the dump has them all. */
#define CMWQ_WATCHDOG_INFLIGHT_LEN	256

/* Seconds; 0 turns the watchdog off. The KUnit suites may change it. */
unsigned long cmwq_watchdog_thresh = 30;
EXPORT_SYMBOL_NS_GPL(cmwq_watchdog_thresh, CMWQ_NS);

static struct timer_list cmwq_watchdog_timer;
/*
 * jiffies when the threshold last changed, or every pool was touched: no
 * pool is stuck from before.
 */
static unsigned long cmwq_watchdog_touched;
/* Touches of one CPU: its per-CPU pools, and all unbound pools. */
static DEFINE_PER_CPU(unsigned long, cmwq_watchdog_touched_cpu);
static unsigned long cmwq_watchdog_touched_unbound;
/* cmwq_watchdog_lock: the timer may be armed (between init and exit). */
static bool cmwq_watchdog_ready;
static DEFINE_SPINLOCK(cmwq_watchdog_lock);

static void cmwq_watchdog_dump_fn(struct work_struct *work)
{
	cmwq_dump_state(NULL);
}
static DECLARE_WORK(cmwq_watchdog_dump_work, cmwq_watchdog_dump_fn);

static unsigned long watchdog_interval(unsigned long thresh_s)
{
	return max_t(unsigned long, thresh_s * HZ / 4, 1);
}

/* (Re)arm or stop the timer for @thresh_s. Context: cmwq_watchdog_lock. */
static void watchdog_arm(unsigned long thresh_s)
{
	lockdep_assert_held(&cmwq_watchdog_lock);
	if (!cmwq_watchdog_ready)
		return;
	if (thresh_s)
		mod_timer(&cmwq_watchdog_timer,
			  jiffies + watchdog_interval(thresh_s));
	else
		timer_delete(&cmwq_watchdog_timer);
}

/* The later of two jiffies stamps. */
static unsigned long later(unsigned long a, unsigned long b)
{
	return time_after(a, b) ? a : b;
}

/*
 * Has @pool had ready work and started none for longer than @thresh
 * jiffies, counting from its last progress or touch? Context: pool->lock.
 */
static bool watchdog_stalled(struct cmwq_pool *pool, unsigned long now,
			     unsigned long thresh)
{
	unsigned long since;

	lockdep_assert_held(&pool->lock);
	if (list_empty(&pool->worklist) || (pool->flags & CMWQ_POOL_DYING))
		return false;
	since = later(pool->watchdog_ts, READ_ONCE(cmwq_watchdog_touched));
	if (pool->cpu >= 0)
		since = later(since, READ_ONCE(per_cpu(cmwq_watchdog_touched_cpu,
						       pool->cpu)));
	else
		since = later(since, READ_ONCE(cmwq_watchdog_touched_unbound));
	return time_after(now, since + thresh);
}

/**
 * cmwq_watchdog_pool_stalled - would the watchdog call @pool stuck?
 * @pool: the pool
 * @thresh: the threshold, in jiffies
 *
 * The watchdog's test, with @thresh in place of watchdog_thresh, at the
 * current jiffies, whether or not this stall was reported already. For
 * the KUnit suites.
 *
 * Context: any; takes pool->lock.
 */
bool cmwq_watchdog_pool_stalled(struct cmwq_pool *pool, unsigned long thresh)
{
	unsigned long flags;
	bool ret;

	raw_spin_lock_irqsave(&pool->lock, flags);
	ret = watchdog_stalled(pool, jiffies, thresh);
	raw_spin_unlock_irqrestore(&pool->lock, flags);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(cmwq_watchdog_pool_stalled, CMWQ_NS);

/**
 * cmwq_wq_watchdog_touch - tell the lockup watchdog a CPU is busy on purpose
 * @cpu: the CPU, or a negative number for every CPU
 *
 * Restarts the stall clock of @cpu's per-CPU pools and of the unbound
 * pools, or of every pool if @cpu is negative: a pool is reported only
 * if it then again starts no ready work for watchdog_thresh. For code
 * that keeps a CPU from running its workers for a long time on purpose,
 * as upstream's wq_watchdog_touch() is for the kernel's workqueue.
 *
 * Context: any, NMI included.
 */
notrace void cmwq_wq_watchdog_touch(int cpu)
{
	unsigned long thresh = READ_ONCE(cmwq_watchdog_thresh) * HZ;
	unsigned long now = jiffies;

	if (cpu < 0) {
		WRITE_ONCE(cmwq_watchdog_touched, now);
		return;
	}
	if (cpu >= nr_cpu_ids || !cpu_possible(cpu))
		return;
	WRITE_ONCE(per_cpu(cmwq_watchdog_touched_cpu, cpu), now);
	/* Spare the shared cache line a write at every touch. */
	if (time_after(now, READ_ONCE(cmwq_watchdog_touched_unbound) +
			    thresh / 4))
		WRITE_ONCE(cmwq_watchdog_touched_unbound, now);
}
EXPORT_SYMBOL_GPL(cmwq_wq_watchdog_touch);

/*
 * Check one pool. A stall is decided and marked reported under pool->lock,
 * and the in-flight functions are gathered there; the lines are printed
 * after the lock is dropped. Return: whether it was reported.
 */
static bool watchdog_check_pool(struct cmwq_pool *pool, int id,
				unsigned long now, unsigned long thresh)
{
	char inflight[CMWQ_WATCHDOG_INFLIGHT_LEN], desc[CMWQ_POOL_DESC_LEN];
	unsigned long flags, ts;
	struct cmwq_worker *worker;
	struct cmwq_work *work;
	int bkt, len = 0, pending = 0;

	raw_spin_lock_irqsave(&pool->lock, flags);
	ts = pool->watchdog_ts;
	if (!watchdog_stalled(pool, now, thresh) ||
	    (pool->watchdog_reported && pool->watchdog_reported_ts == ts)) {
		raw_spin_unlock_irqrestore(&pool->lock, flags);
		return false;
	}
	pool->watchdog_reported = true;
	pool->watchdog_reported_ts = ts;

	inflight[0] = '\0';
	hash_for_each(pool->busy_hash, bkt, worker, hentry) {
		/* A BH pool's worker has no task: "bh" for its pid. */
		if (!worker->task)
			len += scnprintf(inflight + len, sizeof(inflight) - len,
					 "%s bh:%ps", len ? "," : "",
					 worker->current_func);
		else
			len += scnprintf(inflight + len, sizeof(inflight) - len,
					 "%s %d:%ps", len ? "," : "",
					 task_pid_nr(worker->task),
					 worker->current_func);
	}
	/* Bounded, as the lock is raw: the dump counts them all. */
	list_for_each_entry(work, &pool->worklist, entry)
		if (++pending == 1000)
			break;
	cmwq_pool_desc(pool, desc, sizeof(desc));
	raw_spin_unlock_irqrestore(&pool->lock, flags);

	/* No "cmwq: " prefix: the line starts with "BUG:" as splats do. */
	pr_err("BUG: cmwq lockup - pool %d %s stuck for %us!\n", id, desc,
	       jiffies_to_msecs(now - ts) / 1000);
	pr_err("cmwq: pool %d in-flight:%s; pending: %d%s\n", id,
	       len ? inflight : " none", pending, pending == 1000 ? "+" : "");
	return true;
}

static void cmwq_watchdog_fn(struct timer_list *t)
{
	unsigned long thresh_s = READ_ONCE(cmwq_watchdog_thresh);
	unsigned long now = jiffies;
	struct cmwq_pool *pool;
	bool reported = false;
	int id;

	if (!thresh_s)
		return;
	/* See the top of the file for why RCU is enough here. */
	rcu_read_lock();
	idr_for_each_entry(&cmwq_pool_idr, pool, id)
		reported |= watchdog_check_pool(pool, id, now, thresh_s * HZ);
	rcu_read_unlock();
	/*
	 * The dump walks the workqueues under cmwq_pool_mutex: the kernel's
	 * own workqueue runs it, on any CPU, as a stuck cmwq could not.
	 */
	if (reported)
		queue_work(system_unbound_wq, &cmwq_watchdog_dump_work);
	/*
	 * A re-arm racing with cmwq_watchdog_exit() is undone there:
	 * timer_delete_sync() removes what a running callback re-armed.
	 */
	if (READ_ONCE(cmwq_watchdog_ready))
		mod_timer(&cmwq_watchdog_timer, now + watchdog_interval(thresh_s));
}

/* Accept [0, 3600] seconds; 0 turns the watchdog off. */
static int watchdog_thresh_set(const char *val, const struct kernel_param *kp)
{
	unsigned long v;
	int ret;

	ret = kstrtoul(val, 0, &v);
	if (ret || v > CMWQ_WATCHDOG_MAX_THRESH) {
		pr_warn("cmwq: watchdog_thresh=%.*s: want 0 (off) to %d seconds\n",
			(int)strcspn(val, "\n"), val, CMWQ_WATCHDOG_MAX_THRESH);
		return -EINVAL;
	}
	spin_lock(&cmwq_watchdog_lock);
	WRITE_ONCE(cmwq_watchdog_touched, jiffies);
	WRITE_ONCE(cmwq_watchdog_thresh, v);
	watchdog_arm(v);
	spin_unlock(&cmwq_watchdog_lock);
	return 0;
}

static const struct kernel_param_ops watchdog_thresh_ops = {
	.set = watchdog_thresh_set,
	.get = param_get_ulong,
};
module_param_cb(watchdog_thresh, &watchdog_thresh_ops, &cmwq_watchdog_thresh,
		0644);
MODULE_PARM_DESC(watchdog_thresh,
		 "Report a pool that started no ready work for this long (s, 0 = off, default 30)");

/**
 * cmwq_watchdog_init - start the lockup watchdog
 *
 * Context: module load, once the per-CPU pools exist.
 */
void cmwq_watchdog_init(void)
{
	int cpu;

	timer_setup(&cmwq_watchdog_timer, cmwq_watchdog_fn, 0);
	for_each_possible_cpu(cpu)
		per_cpu(cmwq_watchdog_touched_cpu, cpu) = jiffies;
	cmwq_watchdog_touched_unbound = jiffies;
	spin_lock(&cmwq_watchdog_lock);
	cmwq_watchdog_touched = jiffies;
	cmwq_watchdog_ready = true;
	watchdog_arm(cmwq_watchdog_thresh);
	spin_unlock(&cmwq_watchdog_lock);
}

/**
 * cmwq_watchdog_exit - stop the lockup watchdog and a dump it queued
 *
 * Context: module unload, before the pools go; may sleep.
 */
void cmwq_watchdog_exit(void)
{
	spin_lock(&cmwq_watchdog_lock);
	cmwq_watchdog_ready = false;
	spin_unlock(&cmwq_watchdog_lock);
	/* Nobody arms it now; this also removes the callback's own re-arm. */
	timer_delete_sync(&cmwq_watchdog_timer);
	cancel_work_sync(&cmwq_watchdog_dump_work);
}
