// SPDX-License-Identifier: GPL-2.0
/*
 * The state dump: what every busy workqueue has in flight and what every
 * busy pool's workers do, in the format of upstream's
 * show_all_workqueues() (kernel/workqueue.c), adapted to cmwq's fields:
 *
 *   workqueue wd: flags=- max_active=256
 *     pwq 6: cpus=3 node=1 flags=P nice=0 active=4/256 refcnt=5
 *       in-flight: 181:synth_fn [cmwq], 183:disk_fn [drv] (sda1)
 *       pending: 3*synth_fn [cmwq]
 *       inactive: synth_fn [cmwq]
 *   pool 6: cpus=3 node=1 flags=P nice=0 hung=2s workers=3 idle: 182
 *
 * A running work's description (cmwq_set_worker_desc()) follows its
 * function in parentheses. Runs of one function are written "N*func", as
 * newer kernels do; a list names at most CMWQ_DUMP_GROUPS runs and then
 * says how many works it left out. It goes to the kernel log (the "dump"
 * command, and after a lockup report) or to the debugfs file "state".
 *
 * Locking: cmwq_pool_mutex keeps the workqueues and the pools from going
 * away; each pwq's and each pool's lines are built into a buffer under its
 * pool->lock, held only for that, and written out after it is dropped, so
 * no raw lock is held across printk or seq_file. Process context only.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hashtable.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "internal.h"

#define CMWQ_DUMP_BUF_LEN	4096
#define CMWQ_DUMP_GROUPS	8	/* runs of a function per list line */
#define CMWQ_DUMP_INFLIGHT	16	/* running workers per pwq line */
#define CMWQ_DUMP_IDLE		16	/* idle worker pids per pool line */

struct cmwq_dump {
	struct seq_file	*m;		/* NULL: the kernel log */
	char		*buf;		/* lines not yet written out */
	size_t		len;
};

static __printf(2, 3) void dump_add(struct cmwq_dump *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	d->len += vscnprintf(d->buf + d->len, CMWQ_DUMP_BUF_LEN - d->len, fmt,
			     ap);
	va_end(ap);
}

/* Write out the buffered lines. Context: no raw lock held. */
static void dump_flush(struct cmwq_dump *d)
{
	char *line = d->buf, *end = d->buf + d->len, *nl;

	if (d->m) {
		seq_write(d->m, d->buf, d->len);
	} else {
		for (; line < end; line = nl + 1) {
			nl = memchr(line, '\n', end - line);
			if (!nl)
				nl = end;
			pr_info("%.*s\n", (int)(nl - line), line);
		}
	}
	d->len = 0;
}

/**
 * cmwq_pool_desc - "cpus=C node=N flags=F nice=N" of a pool, for reports
 * @pool: the pool
 * @buf: where to write
 * @size: size of @buf, %CMWQ_POOL_DESC_LEN is enough
 *
 * Flags are the letters of the ``pools`` file (cmwq_pool_flags_str()),
 * cpus the CPUs its workers may run on.
 *
 * Context: pool->lock held, or @pool's flags otherwise stable.
 * Return: @buf.
 */
char *cmwq_pool_desc(struct cmwq_pool *pool, char *buf, size_t size)
{
	char flags[CMWQ_POOL_FLAGS_LEN];

	snprintf(buf, size, "cpus=%*pbl node=%d flags=%s nice=%d",
		 cpumask_pr_args(cmwq_pool_allowed_cpus(pool)), pool->node,
		 cmwq_pool_flags_str(pool, flags), pool->nice);
	return buf;
}

/* One list line of works: " N*func" runs, "," between them. */
struct dump_runs {
	cmwq_func_t	func;
	int		count;		/* of the current run */
	int		groups;		/* runs written */
	int		left_out;	/* works past CMWQ_DUMP_GROUPS runs */
};

static void runs_end(struct cmwq_dump *d, struct dump_runs *r)
{
	if (!r->count)
		return;
	if (r->groups == CMWQ_DUMP_GROUPS) {
		r->left_out += r->count;
	} else {
		dump_add(d, "%s ", r->groups ? "," : "");
		if (r->count > 1)
			dump_add(d, "%d*", r->count);
		dump_add(d, "%ps", r->func);
		r->groups++;
	}
	r->count = 0;
}

static void runs_add(struct cmwq_dump *d, struct dump_runs *r,
		     cmwq_func_t func)
{
	if (r->count && r->func != func)
		runs_end(d, r);
	r->func = func;
	r->count++;
}

static void runs_finish(struct cmwq_dump *d, struct dump_runs *r)
{
	runs_end(d, r);
	if (r->left_out)
		dump_add(d, ", ... %d more", r->left_out);
	dump_add(d, "\n");
}

/* Does @pwq have anything queued or running? Context: pool->lock. */
static bool pwq_in_flight(struct cmwq_pwq *pwq)
{
	int i;

	for (i = 0; i < CMWQ_NR_COLORS; i++)
		if (pwq->nr_in_flight[i])
			return true;
	return pwq->nr_active || !list_empty(&pwq->inactive_works);
}

/* The lines of one pwq. Context: pwq->pool->lock held. */
static void dump_pwq(struct cmwq_dump *d, struct cmwq_pwq *pwq)
{
	struct cmwq_pool *pool = pwq->pool;
	char desc[CMWQ_POOL_DESC_LEN];
	struct dump_runs runs = {};
	struct cmwq_worker *worker;
	struct cmwq_work *work;
	int bkt, n = 0;
	bool mayday;

	raw_spin_lock(&cmwq_mayday_lock);
	mayday = !list_empty(&pwq->mayday_node);
	raw_spin_unlock(&cmwq_mayday_lock);
	dump_add(d, "  pwq %d: %s active=%d/%d refcnt=%d%s\n", pool->id,
		 cmwq_pool_desc(pool, desc, sizeof(desc)), pwq->nr_active,
		 pwq->max_active,
		 pwq->refcnt, mayday ? " MAYDAY" : "");

	hash_for_each(pool->busy_hash, bkt, worker, hentry) {
		if (worker->current_pwq != pwq)
			continue;
		if (n++ == CMWQ_DUMP_INFLIGHT)
			continue;
		/* A BH worker has no task: "bh" stands for its pid. */
		if (worker->task)
			dump_add(d, "%s %d%s:%ps",
				 n > 1 ? "," : "    in-flight:",
				 task_pid_nr(worker->task),
				 worker->rescue_wq ? "(RESCUER)" : "",
				 worker->current_func);
		else
			dump_add(d, "%s bh:%ps",
				 n > 1 ? "," : "    in-flight:",
				 worker->current_func);
		if (worker->desc[0])
			dump_add(d, " (%s)", worker->desc);
	}
	if (n > CMWQ_DUMP_INFLIGHT)
		dump_add(d, ", ... %d more", n - CMWQ_DUMP_INFLIGHT);
	if (n)
		dump_add(d, "\n");

	list_for_each_entry(work, &pool->worklist, entry) {
		if (cmwq_get_work_pwq(work) != pwq)
			continue;
		if (!runs.count && !runs.groups)
			dump_add(d, "    pending:");
		runs_add(d, &runs, work->func);
	}
	if (runs.count)
		runs_finish(d, &runs);

	memset(&runs, 0, sizeof(runs));
	list_for_each_entry(work, &pwq->inactive_works, entry) {
		if (!runs.count && !runs.groups)
			dump_add(d, "    inactive:");
		runs_add(d, &runs, work->func);
	}
	if (runs.count)
		runs_finish(d, &runs);
}

/*
 * The pwqs of @wq with something in flight, under cmwq_pool_mutex; RCU
 * for the list, whose unbound pwqs come and go under wq->mutex.
 */
static void dump_workqueue(struct cmwq_dump *d, struct cmwq_workqueue *wq)
{
	char flags[64];
	struct cmwq_pwq *pwq;
	bool header = false;

	rcu_read_lock();
	list_for_each_entry_rcu(pwq, &wq->pwqs, pwqs_node) {
		struct cmwq_pool *pool = pwq->pool;

		raw_spin_lock_irq(&pool->lock);
		if (pwq_in_flight(pwq)) {
			if (!header)
				dump_add(d, "workqueue %s: flags=%s max_active=%d\n",
					 wq->name,
					 cmwq_flags_str(wq->flags, flags,
							sizeof(flags)),
					 READ_ONCE(wq->saved_max_active));
			header = true;
			dump_pwq(d, pwq);
		}
		raw_spin_unlock_irq(&pool->lock);
		dump_flush(d);
	}
	rcu_read_unlock();
}

/* A pool with a worker not idle, or work waiting, under cmwq_pool_mutex. */
static void dump_pool(struct cmwq_dump *d, struct cmwq_pool *pool, int id)
{
	char desc[CMWQ_POOL_DESC_LEN];
	struct cmwq_worker *worker;
	unsigned long hung = 0;
	int n = 0;

	raw_spin_lock_irq(&pool->lock);
	if (pool->nr_workers == pool->nr_idle &&
	    list_empty(&pool->worklist)) {
		raw_spin_unlock_irq(&pool->lock);
		return;
	}
	if (!list_empty(&pool->worklist))
		hung = jiffies_to_msecs(jiffies - pool->watchdog_ts) / 1000;
	dump_add(d, "pool %d: %s hung=%lus workers=%d", id,
		 cmwq_pool_desc(pool, desc, sizeof(desc)), hung,
		 pool->nr_workers);
	if (pool->manager)
		dump_add(d, " manager: %d", task_pid_nr(pool->manager->task));
	list_for_each_entry(worker, &pool->idle_list, entry) {
		if (n == CMWQ_DUMP_IDLE) {
			dump_add(d, " ... %d more", pool->nr_idle - n);
			break;
		}
		dump_add(d, " %s%d", n++ ? "" : "idle: ",
			 task_pid_nr(worker->task));
	}
	dump_add(d, "\n");
	raw_spin_unlock_irq(&pool->lock);
	dump_flush(d);
}

/**
 * cmwq_dump_workqueue - show one workqueue's busy pwqs, as the state dump
 * @m: a seq_file, or %NULL for the kernel log
 * @wq: the workqueue, which the caller keeps from being destroyed
 *
 * Nothing if @wq has nothing queued or running; otherwise its lines of
 * cmwq_dump_state(), without the pools.
 *
 * Context: process context, may sleep; takes cmwq_pool_mutex, then each
 * pool->lock briefly.
 * Return: 0, or -ENOMEM (nothing shown).
 */
int cmwq_dump_workqueue(struct seq_file *m, struct cmwq_workqueue *wq)
{
	struct cmwq_dump d = { .m = m };

	d.buf = kmalloc(CMWQ_DUMP_BUF_LEN, GFP_KERNEL);
	if (!d.buf)
		return -ENOMEM;
	mutex_lock(&cmwq_pool_mutex);
	dump_workqueue(&d, wq);
	mutex_unlock(&cmwq_pool_mutex);
	kfree(d.buf);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(cmwq_dump_workqueue, CMWQ_NS);

/**
 * cmwq_show_one_workqueue - log what a workqueue has queued and running
 * @wq: the workqueue, which the caller keeps from being destroyed
 *
 * Upstream's show_one_workqueue() for cmwq: its busy pwqs in the kernel
 * log, in the format of the state dump (see the top of the file); nothing
 * if it is idle. Unlike upstream's, it may sleep.
 *
 * Context: process context, may sleep.
 */
void cmwq_show_one_workqueue(struct cmwq_workqueue *wq)
{
	cmwq_dump_workqueue(NULL, wq);
}
EXPORT_SYMBOL_GPL(cmwq_show_one_workqueue);

/**
 * cmwq_show_all_workqueues - log every busy workqueue and pool
 *
 * Upstream's show_all_workqueues() for cmwq: cmwq_dump_state() to the
 * kernel log. Unlike upstream's, it may sleep.
 *
 * Context: process context, may sleep.
 */
void cmwq_show_all_workqueues(void)
{
	cmwq_dump_state(NULL);
}
EXPORT_SYMBOL_GPL(cmwq_show_all_workqueues);

/**
 * cmwq_dump_freezable - show the busy freezable workqueues
 * @m: a seq_file, or %NULL for the kernel log
 *
 * A "freezable workqueues still busy:" line, then the lines of
 * cmwq_dump_workqueue() for each freezable workqueue with works queued
 * or running: what holds up, or will be held by, a freeze.
 *
 * Context: process context, may sleep; takes cmwq_pool_mutex, then each
 * pool->lock briefly.
 * Return: 0, or -ENOMEM (nothing shown).
 */
int cmwq_dump_freezable(struct seq_file *m)
{
	struct cmwq_dump d = { .m = m };
	struct cmwq_workqueue *wq;

	d.buf = kmalloc(CMWQ_DUMP_BUF_LEN, GFP_KERNEL);
	if (!d.buf)
		return -ENOMEM;
	mutex_lock(&cmwq_pool_mutex);
	dump_add(&d, "freezable workqueues still busy:\n");
	dump_flush(&d);
	list_for_each_entry(wq, &cmwq_workqueues, list)
		if (wq->flags & CMWQ_FREEZABLE)
			dump_workqueue(&d, wq);
	mutex_unlock(&cmwq_pool_mutex);
	kfree(d.buf);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(cmwq_dump_freezable, CMWQ_NS);

/**
 * cmwq_show_freezable_workqueues - log the busy freezable workqueues
 *
 * Upstream's show_freezable_workqueues() for cmwq: cmwq_dump_freezable()
 * to the kernel log. A freeze that gives up calls it. It may sleep.
 *
 * Context: process context, may sleep.
 */
void cmwq_show_freezable_workqueues(void)
{
	cmwq_dump_freezable(NULL);
}
EXPORT_SYMBOL_GPL(cmwq_show_freezable_workqueues);

/**
 * cmwq_dump_state - show every busy workqueue and pool
 * @m: the seq_file of the debugfs ``state`` file, or %NULL for the kernel
 *     log (each line with the module's "cmwq: " prefix)
 *
 * The first line is "busy workqueues and worker pools:"; then, for each
 * workqueue with works queued or running, its pwqs that have some, with
 * their running (pid:function, then the "(description)" a work set with
 * cmwq_set_worker_desc()), pending and inactive works; then each
 * pool that has a worker not idle or works waiting, with how long its
 * worklist has waited for progress (hung), its workers and its idle
 * workers' pids. See the top of the file for the format.
 *
 * Context: process context, may sleep; takes cmwq_pool_mutex, then each
 * pool->lock briefly.
 * Return: 0, or -ENOMEM (nothing shown).
 */
int cmwq_dump_state(struct seq_file *m)
{
	struct cmwq_dump d = { .m = m };
	struct cmwq_workqueue *wq;
	struct cmwq_pool *pool;
	int id;

	d.buf = kmalloc(CMWQ_DUMP_BUF_LEN, GFP_KERNEL);
	if (!d.buf)
		return -ENOMEM;
	mutex_lock(&cmwq_pool_mutex);
	dump_add(&d, "busy workqueues and worker pools:\n");
	dump_flush(&d);
	list_for_each_entry(wq, &cmwq_workqueues, list)
		dump_workqueue(&d, wq);
	idr_for_each_entry(&cmwq_pool_idr, pool, id)
		dump_pool(&d, pool, id);
	mutex_unlock(&cmwq_pool_mutex);
	kfree(d.buf);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(cmwq_dump_state, CMWQ_NS);
