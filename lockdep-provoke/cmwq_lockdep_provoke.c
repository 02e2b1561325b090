// SPDX-License-Identifier: GPL-2.0
/*
 * cmwq_lockdep_provoke.ko: makes one deadlock pattern of cmwq's users on
 * purpose, so that a test can check that lockdep reports it (and that
 * cmwq's lockdep maps are in place). scripts/lockdep-check loads it once per
 * pattern, each in a fresh guest: lockdep stops after its first report.
 *
 * pattern=
 *   none               the calls of the patterns below, without a lock
 *                      held across any wait: no report (the control)
 *   self_flush_wq      a work flushes its own workqueue: recursive
 *                      locking on the workqueue's map
 *   mutex_flush_work   a mutex held across flush_work() of a work that
 *                      takes it: circular, through the work's map
 *   mutex_flush_wq     a mutex held across flush_workqueue() of a
 *                      workqueue whose work takes it: circular, through
 *                      the workqueue's map
 *   mutex_cancel_sync  a mutex held across cancel_work_sync() of a work
 *                      that takes it: circular, through the work's map
 *   mutex_destroy      a mutex held across destroy of a workqueue whose
 *                      work takes it: circular, through the workqueue's map
 *
 * The deadlocks are only shown to lockdep, never entered: the work first
 * takes the mutex once while nobody holds it (so lockdep learns "map, then
 * mutex"), and the run under the held mutex does not take it. A wait for a
 * running work is made certain to start while the work runs: the work
 * returns only once the loading task sleeps uninterruptibly (in the wait)
 * or after 5 s. self_flush_wq is the exception: a work that flushes its
 * own workqueue waits for itself forever. Its worker stays blocked and
 * the module pins itself; the guest powers off after the check.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "cmwq.h"

static char *pattern = "none";
module_param(pattern, charp, 0444);
MODULE_PARM_DESC(pattern, "none, self_flush_wq, mutex_flush_work, mutex_flush_wq, mutex_cancel_sync or mutex_destroy");

/* What the work does on its next run. */
enum provoke_step {
	STEP_TAKE_LOCK,		/* take provoke_lock and drop it */
	STEP_HOLD,		/* run until the loader waits for us */
	STEP_SELF_FLUSH,	/* flush our own workqueue */
};

static DEFINE_MUTEX(provoke_lock);

static struct provoke {
	struct cmwq_workqueue	*wq;
	struct cmwq_work	work;
	enum provoke_step	step;
	struct task_struct	*loader;	/* the task running init */
	struct task_struct	*worker;	/* the one that self-flushes */
	bool			missed;		/* the loader did not wait */
	struct completion	started;
} pv;

/* Is @p asleep in TASK_UNINTERRUPTIBLE, as in wait_for_completion()? */
static bool sleeps_uninterruptibly(struct task_struct *p)
{
	return READ_ONCE(p->__state) == TASK_UNINTERRUPTIBLE;
}

/* Poll (20 ms) until @p sleeps uninterruptibly; false after 5 s. */
static bool wait_until_sleeping(struct task_struct *p)
{
	unsigned long end = jiffies + 5 * HZ;

	while (!sleeps_uninterruptibly(p)) {
		if (time_after(jiffies, end))
			return false;
		msleep(20);
	}
	return true;
}

static void provoke_fn(struct cmwq_work *work)
{
	switch (pv.step) {
	case STEP_TAKE_LOCK:
		mutex_lock(&provoke_lock);
		mutex_unlock(&provoke_lock);
		break;
	case STEP_HOLD:
		complete(&pv.started);
		pv.missed = !wait_until_sleeping(pv.loader);
		break;
	case STEP_SELF_FLUSH:
		pv.worker = current;
		complete(&pv.started);
		cmwq_flush_workqueue(pv.wq);
		break;
	}
}

/* Run the work once and wait for it, holding nothing. */
static void run_once(enum provoke_step step)
{
	pv.step = step;
	cmwq_queue_work(pv.wq, &pv.work);
	cmwq_flush_work(&pv.work);
}

/* Queue the work to hold, and return once it runs. */
static int start_holding(void)
{
	pv.step = STEP_HOLD;
	pv.missed = false;
	reinit_completion(&pv.started);
	cmwq_queue_work(pv.wq, &pv.work);
	if (!wait_for_completion_timeout(&pv.started, 10 * HZ)) {
		pr_err("the work did not start in 10 s\n");
		return -ETIMEDOUT;
	}
	return 0;
}

/* A work that waits for its own workqueue: never returns. */
static int self_flush_wq(void)
{
	pv.step = STEP_SELF_FLUSH;
	cmwq_queue_work(pv.wq, &pv.work);
	if (!wait_for_completion_timeout(&pv.started, 10 * HZ)) {
		pr_err("the work did not start in 10 s\n");
		return -ETIMEDOUT;
	}
	/* The report comes before the wait: return once the work waits. */
	if (!wait_until_sleeping(pv.worker))
		pr_err("the work did not wait for its workqueue\n");
	/* The workqueue and this module can never go now. */
	pv.wq = NULL;
	__module_get(THIS_MODULE);
	return 0;
}

/* Did the held work give up before the loader waited for it? */
static int check_missed(void)
{
	if (!pv.missed)
		return 0;
	pr_err("the work was not waited for within 5 s\n");
	return -ETIMEDOUT;
}

static int wait_flush_work(void)
{
	int ret = start_holding();

	if (!ret && !cmwq_flush_work(&pv.work))
		ret = -EIO;	/* it was not running: nothing tested */
	return ret ?: check_missed();
}

static int wait_cancel_sync(void)
{
	int ret = start_holding();

	/* Running, not pending: cancel finds nothing queued and waits. */
	if (!ret && cmwq_cancel_work_sync(&pv.work))
		ret = -EIO;
	return ret ?: check_missed();
}

static int wait_flush_wq(void)
{
	cmwq_flush_workqueue(pv.wq);
	return 0;
}

static int wait_destroy(void)
{
	cmwq_destroy_workqueue(pv.wq);
	pv.wq = NULL;
	return 0;
}

/* The waits that provoke_lock is held across, by pattern name. */
static const struct {
	const char	*name;
	int		(*wait)(void);
} lock_across[] = {
	{ "mutex_flush_work",	wait_flush_work },
	{ "mutex_flush_wq",	wait_flush_wq },
	{ "mutex_cancel_sync",	wait_cancel_sync },
	{ "mutex_destroy",	wait_destroy },
};

/* The work takes the lock once, then the lock is held across @wait. */
static int lock_across_wait(int (*wait)(void))
{
	int ret;

	run_once(STEP_TAKE_LOCK);
	mutex_lock(&provoke_lock);
	ret = wait();
	mutex_unlock(&provoke_lock);
	return ret;
}

/* The control: the same calls, with no lock held across any wait. */
static int none(void)
{
	run_once(STEP_TAKE_LOCK);
	return wait_flush_work() ?: wait_cancel_sync() ?: wait_flush_wq() ?:
	       wait_destroy();
}

static int run_pattern(void)
{
	int i;

	if (!strcmp(pattern, "none"))
		return none();
	if (!strcmp(pattern, "self_flush_wq"))
		return self_flush_wq();
	for (i = 0; i < ARRAY_SIZE(lock_across); i++)
		if (!strcmp(pattern, lock_across[i].name))
			return lock_across_wait(lock_across[i].wait);
	pr_err("unknown pattern %s\n", pattern);
	return -EINVAL;
}

static int __init provoke_init(void)
{
	int ret;

	pv.wq = cmwq_alloc_workqueue("lockdep_provoke", 0, 0);
	if (IS_ERR(pv.wq))
		return PTR_ERR(pv.wq);
	CMWQ_INIT_WORK(&pv.work, provoke_fn);
	init_completion(&pv.started);
	pv.loader = current;

	ret = run_pattern();
	pr_info("pattern %s: %s\n", pattern, ret ? "failed" : "done");
	if (ret && pv.wq)
		cmwq_destroy_workqueue(pv.wq);
	return ret;
}

static void __exit provoke_exit(void)
{
	if (pv.wq)
		cmwq_destroy_workqueue(pv.wq);
}

module_init(provoke_init);
module_exit(provoke_exit);
MODULE_DESCRIPTION("cmwq: provoke one lockdep report on purpose");
MODULE_LICENSE("GPL");
