// SPDX-License-Identifier: GPL-2.0
/*
 * cmwq_odebug_provoke.ko: frees an on-stack work while it is still queued,
 * on purpose, so that a test can check that debugobjects reports it ("free
 * active", cmwq's work descriptor) and that cmwq's fixup cancels the work:
 * nothing runs from the dead frame and the system stays sane.
 * scripts/odebug-check loads it once per mode, each in a fresh guest.
 * Built only where the kernel tracks works (CONFIG_DEBUG_OBJECTS_WORK).
 *
 * mode=
 *   none         the same calls, but the work is flushed before it is
 *                destroyed: no report (the control)
 *   free_active  the work is destroyed while pending behind a held work:
 *                one "ODEBUG: free active" report, and the fixup cancels
 *                it before the frame ends
 *
 * The load fails (and the check with it) if the work is still pending
 * after the destroy, or ran when it should not have (free_active), or did
 * not run (none).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/module.h>
#include <linux/string.h>

#include "cmwq.h"

static char *mode = "none";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "none or free_active");

/* A work that holds the ordered workqueue until released (10 s at most). */
static struct {
	struct cmwq_work	work;
	struct completion	started;
	struct completion	release;
} hold;

static void hold_fn(struct cmwq_work *work)
{
	complete(&hold.started);
	wait_for_completion_timeout(&hold.release, 10 * HZ);
}

struct victim {
	struct cmwq_work	work;
	atomic_t		runs;
};

static void victim_fn(struct cmwq_work *work)
{
	struct victim *v = container_of(work, struct victim, work);

	atomic_inc(&v->runs);
}

/*
 * The frame the victim work lives in. Returns 0 if what happened is what
 * @free_active asks for, -EIO otherwise.
 */
static int provoke(struct cmwq_workqueue *wq, bool free_active)
{
	struct victim v = { .runs = ATOMIC_INIT(0) };
	bool pending;
	int runs;

	CMWQ_INIT_WORK_ONSTACK(&v.work, victim_fn);
	if (!cmwq_queue_work(wq, &v.work)) {
		pr_err("the victim was not queued\n");
		complete(&hold.release);
		return -EIO;
	}
	if (!free_active) {
		complete(&hold.release);
		cmwq_flush_work(&v.work);
	}
	/* free_active: still queued behind the held work, hence reported. */
	cmwq_destroy_work_on_stack(&v.work);
	pending = cmwq_work_pending(&v.work);
	complete(&hold.release);
	cmwq_flush_workqueue(wq);
	runs = atomic_read(&v.runs);
	pr_info("%s: after the destroy the victim is %spending and ran %d times\n",
		mode, pending ? "" : "not ", runs);
	if (pending || runs != (free_active ? 0 : 1))
		return -EIO;
	return 0;
}

static int __init odebug_provoke_init(void)
{
	struct cmwq_workqueue *wq;
	bool free_active;
	int ret;

	if (!strcmp(mode, "free_active"))
		free_active = true;
	else if (!strcmp(mode, "none"))
		free_active = false;
	else
		return -EINVAL;

	/* Ordered: one worker, so the victim waits behind the held work. */
	wq = cmwq_alloc_ordered_workqueue("odebug_provoke", 0);
	if (IS_ERR(wq))
		return PTR_ERR(wq);
	CMWQ_INIT_WORK(&hold.work, hold_fn);
	init_completion(&hold.started);
	init_completion(&hold.release);
	cmwq_queue_work(wq, &hold.work);
	wait_for_completion(&hold.started);

	ret = provoke(wq, free_active);
	cmwq_destroy_workqueue(wq);
	return ret;
}

static void __exit odebug_provoke_exit(void)
{
}

module_init(odebug_provoke_init);
module_exit(odebug_provoke_exit);

MODULE_DESCRIPTION("Provokes one debugobjects report of cmwq on purpose");
MODULE_LICENSE("GPL");
