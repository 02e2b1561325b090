// SPDX-License-Identifier: GPL-2.0
/*
 * cmwq_race.ko: several kthreads race queue, flush, work_busy, cancel,
 * cancel_sync, disable, enable and mod_delayed_work on the same few work
 * items of one workqueue, for a given time, and then check that nothing
 * was lost: for every item, the queueings that returned true equal its
 * runs plus the cancels that took it while pending. It also checks that an
 * item never runs on two workers at once. (A flush that says it waited
 * does not prove a run: a cancel or a re-arm may take the item from under
 * the barrier, as upstream.)
 *
 * Loaded with seconds=N it runs once at load and fails the load (-EIO,
 * the report in the kernel log) on a violation: that is
 * selftests/cmwq_race.sh. The KUnit suite cmwq_race calls
 * cmwq_race_run() directly.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "cmwq.h"
#include "cmwq_race.h"

/*
 * Three sets of items, each used the way its API allows:
 * - delayed items, disabled and enabled by one thread;
 * - delayed items re-armed with mod_delayed_work by another: mod's return
 *   value only tells "queued" from "re-armed" when nobody disables the
 *   item (cancel_sync disables for a while too, so it stays off them);
 * - plain items, whose timer is never armed: cancel_work() and friends on
 *   a delayed work with its timer armed would busy-wait for the timer
 *   (as upstream, where that is a bug), and on a uniprocessor kernel
 *   without preemption the timer's softirq thread would never run.
 */
#define RACE_DISABLE_ITEMS	4
#define RACE_MOD_ITEMS		2
#define RACE_PLAIN_ITEMS	2
#define RACE_NR_DELAYED		(RACE_DISABLE_ITEMS + RACE_MOD_ITEMS)
#define RACE_NR_ITEMS		(RACE_NR_DELAYED + RACE_PLAIN_ITEMS)

struct race_item {
	struct cmwq_delayed_work dwork;
	atomic_t		running;	/* at most 1, or reentered */
	atomic64_t		queued;
	atomic64_t		ran;
	atomic64_t		cancelled;
	atomic64_t		reentered;
};

struct race {
	struct cmwq_workqueue	*wq;
	struct race_item	items[RACE_NR_ITEMS];
	unsigned long		deadline;	/* jiffies */
	atomic64_t		ops;
};

/*
 * A cheap per-thread generator (xorshift32): the kernel's get_random_u32()
 * costs far more than the calls it would pick between, under TCG above
 * all, and would slow the race down to nothing.
 */
static u32 race_rand(u32 *seed, u32 below)
{
	u32 x = *seed;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*seed = x;
	return x % below;
}

static struct race_item *any_item(struct race *r, u32 *seed)
{
	return &r->items[race_rand(seed, RACE_NR_ITEMS)];
}

static struct race_item *disable_item(struct race *r, u32 *seed)
{
	return &r->items[race_rand(seed, RACE_DISABLE_ITEMS)];
}

static struct race_item *mod_item(struct race *r, u32 *seed)
{
	return &r->items[RACE_DISABLE_ITEMS + race_rand(seed, RACE_MOD_ITEMS)];
}

static struct race_item *plain_item(struct race *r, u32 *seed)
{
	return &r->items[RACE_NR_DELAYED + race_rand(seed, RACE_PLAIN_ITEMS)];
}

static struct race_item *delayed_item(struct race *r, u32 *seed)
{
	return &r->items[race_rand(seed, RACE_NR_DELAYED)];
}

static bool is_plain(struct race *r, struct race_item *it)
{
	return it - r->items >= RACE_NR_DELAYED;
}

/* A distinct, non-zero seed for each thread. */
static u32 race_seed(void)
{
	return get_random_u32() | 1;
}

/* An online CPU, or "local": queueing moves items between pools. */
static int race_cpu(u32 *seed)
{
	int cpu = race_rand(seed, nr_cpu_ids + 1);

	return cpu < nr_cpu_ids && cpu_online(cpu) ? cpu : CMWQ_CPU_UNBOUND;
}

static void race_fn(struct cmwq_work *work)
{
	struct race_item *it = container_of(work, struct race_item,
					    dwork.work);

	if (atomic_inc_return(&it->running) != 1)
		atomic64_inc(&it->reentered);
	/* Sometimes long enough for the others to find it running. */
	if (!(atomic64_read(&it->ran) & 3))
		udelay(10);
	atomic_dec(&it->running);
	atomic64_inc(&it->ran);
}

static void count(atomic64_t *counter, bool happened)
{
	if (happened)
		atomic64_inc(counter);
}

/*
 * The threads race until cmwq_race_run() stops them. They yield when the
 * scheduler asks: without preemption (UML) a thread that never does
 * would keep the CPU, and the stopper off it, forever.
 */
static bool race_running(struct race *r)
{
	atomic64_inc(&r->ops);
	cond_resched();
	return !kthread_should_stop();
}

/* A short, random pause so the threads meet in every state. */
static void race_pause(u32 *seed)
{
	udelay(race_rand(seed, 3));
}

static int race_queuer(void *arg)
{
	struct race *r = arg;
	u32 seed = race_seed();

	while (race_running(r)) {
		struct race_item *it = any_item(r, &seed);

		if (is_plain(r, it) || race_rand(&seed, 2))
			count(&it->queued,
			      cmwq_queue_work_on(race_cpu(&seed), r->wq,
						 &it->dwork.work));
		else
			count(&it->queued,
			      cmwq_queue_delayed_work_on(race_cpu(&seed), r->wq,
							 &it->dwork,
							 race_rand(&seed, 3)));
		race_pause(&seed);
	}
	return 0;
}

static int race_flusher(void *arg)
{
	struct race *r = arg;
	u32 seed = race_seed();

	while (race_running(r)) {
		struct race_item *it = any_item(r, &seed);

		if (is_plain(r, it) || race_rand(&seed, 2))
			cmwq_flush_work(&it->dwork.work);
		else
			cmwq_flush_delayed_work(&it->dwork);
	}
	return 0;
}

static int race_busy(void *arg)
{
	struct race *r = arg;
	u32 seed = race_seed();

	while (race_running(r))
		cmwq_work_busy(&any_item(r, &seed)->dwork.work);
	return 0;
}

/*
 * The ways to take an item back, each with the items it may be used on:
 * the non-delayed API on plain items only (see the top of this file), the
 * syncing and disabling ones never on the items mod_delayed_work re-arms.
 */
struct race_take {
	struct race_item *(*pick)(struct race *r, u32 *seed);
	bool (*work_op)(struct cmwq_work *work);
	bool (*dwork_op)(struct cmwq_delayed_work *dwork);
};

static const struct race_take race_cancels[] = {
	{ plain_item, cmwq_cancel_work, NULL },
	{ plain_item, cmwq_cancel_work_sync, NULL },
	{ delayed_item, NULL, cmwq_cancel_delayed_work },
	{ disable_item, NULL, cmwq_cancel_delayed_work_sync },
};

static const struct race_take race_disables[] = {
	{ plain_item, cmwq_disable_work, NULL },
	{ plain_item, cmwq_disable_work_sync, NULL },
	{ disable_item, NULL, cmwq_disable_delayed_work },
	{ disable_item, NULL, cmwq_disable_delayed_work_sync },
};

/* Take a random item back one of the ways of @takes; count a hit. */
static struct race_item *race_take(struct race *r, u32 *seed,
				   const struct race_take *takes, int n)
{
	const struct race_take *t = &takes[race_rand(seed, n)];
	struct race_item *it = t->pick(r, seed);

	count(&it->cancelled, t->work_op ? t->work_op(&it->dwork.work) :
					   t->dwork_op(&it->dwork));
	return it;
}

static int race_canceller(void *arg)
{
	struct race *r = arg;
	u32 seed = race_seed();

	while (race_running(r)) {
		race_take(r, &seed, race_cancels, ARRAY_SIZE(race_cancels));
		race_pause(&seed);
	}
	return 0;
}

static int race_disabler(void *arg)
{
	struct race *r = arg;
	u32 seed = race_seed();

	while (race_running(r)) {
		struct race_item *it = race_take(r, &seed, race_disables,
						 ARRAY_SIZE(race_disables));

		race_pause(&seed);
		/* Every disable is undone: the item must work afterwards. */
		if (is_plain(r, it))
			cmwq_enable_work(&it->dwork.work);
		else
			cmwq_enable_delayed_work(&it->dwork);
		race_pause(&seed);
	}
	return 0;
}

static int race_modder(void *arg)
{
	struct race *r = arg;
	u32 seed = race_seed();

	while (race_running(r)) {
		struct race_item *it = mod_item(r, &seed);

		/* False: it was idle and is queued now; true: re-armed. */
		count(&it->queued,
		      !cmwq_mod_delayed_work_on(race_cpu(&seed), r->wq, &it->dwork,
						race_rand(&seed, 3)));
		race_pause(&seed);
	}
	return 0;
}

/* Flushers and work_busy() callers in numbers: they read work->data racily. */
static int (*const race_threads[])(void *arg) = {
	race_queuer, race_queuer, race_flusher, race_flusher, race_busy,
	race_busy, race_canceller, race_disabler, race_modder,
};

/* Let the last armed timers fire and every run end. */
static void race_settle(struct race *r)
{
	int i;

	for (i = 0; i < RACE_NR_ITEMS; i++)
		cmwq_flush_delayed_work(&r->items[i].dwork);
	cmwq_flush_workqueue(r->wq);
}

static void race_check(struct race *r, struct cmwq_race_report *rep)
{
	int i;

	rep->ops = atomic64_read(&r->ops);
	for (i = 0; i < RACE_NR_ITEMS; i++) {
		struct race_item *it = &r->items[i];
		s64 q = atomic64_read(&it->queued);
		s64 ran = atomic64_read(&it->ran);
		s64 c = atomic64_read(&it->cancelled);

		rep->queued += q;
		rep->ran += ran;
		rep->cancelled += c;
		rep->reentered += atomic64_read(&it->reentered);
		if (cmwq_work_busy(&it->dwork.work)) {
			rep->still_busy++;
			if (!rep->why[0])
				snprintf(rep->why, sizeof(rep->why),
					 "item %d still pending or running", i);
		}
		if (q != ran + c) {
			rep->lost += abs(q - ran - c);
			if (!rep->why[0])
				snprintf(rep->why, sizeof(rep->why),
					 "item %d: queued %lld, ran %lld, cancelled %lld",
					 i, q, ran, c);
		}
	}
	if (rep->reentered && !rep->why[0])
		snprintf(rep->why, sizeof(rep->why),
			 "an item ran on two workers at once %llu times",
			 rep->reentered);
}

/* Which of race_threads[] run: for narrowing a failure down. */
static unsigned int threads = ~0U;
module_param(threads, uint, 0444);
MODULE_PARM_DESC(threads, "Bit mask of the racing threads to start (default: all)");

/**
 * cmwq_race_run - race the work-item API for a while and check the result
 * @seconds: how long the threads race
 * @rep: the report, filled in
 *
 * Context: process context, may sleep for @seconds and more.
 * Return: 0 if nothing was lost, -EIO on a violation (@rep->why says
 * which), or -ENOMEM / the error of thread creation.
 */
int cmwq_race_run(unsigned int seconds, struct cmwq_race_report *rep)
{
	struct task_struct *tasks[ARRAY_SIZE(race_threads)] = {};
	struct race *r;
	int i, ret = 0;

	memset(rep, 0, sizeof(*rep));
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	/* max_active 2: items also wait on the inactive list. */
	r->wq = cmwq_alloc_workqueue("cmwq_race", 0, 2);
	if (IS_ERR(r->wq)) {
		ret = PTR_ERR(r->wq);
		goto free;
	}
	for (i = 0; i < RACE_NR_ITEMS; i++)
		CMWQ_INIT_DELAYED_WORK(&r->items[i].dwork, race_fn);
	r->deadline = jiffies + seconds * HZ;

	for (i = 0; i < ARRAY_SIZE(race_threads); i++) {
		if (!(threads & BIT(i)))
			continue;
		tasks[i] = kthread_run(race_threads[i], r, "cmwq_race/%d", i);
		if (IS_ERR(tasks[i])) {
			ret = PTR_ERR(tasks[i]);
			tasks[i] = NULL;
			break;
		}
	}
	while (!ret && time_before(jiffies, r->deadline))
		msleep(100);
	for (i = 0; i < ARRAY_SIZE(race_threads); i++)
		if (tasks[i])
			kthread_stop(tasks[i]);

	race_settle(r);
	race_check(r, rep);
	if (!ret && rep->why[0])
		ret = -EIO;
	cmwq_destroy_workqueue(r->wq);
free:
	kfree(r);
	return ret;
}
EXPORT_SYMBOL_GPL(cmwq_race_run);

static unsigned int seconds;
module_param(seconds, uint, 0444);
MODULE_PARM_DESC(seconds, "Race this long at load and fail the load on a violation (0: do not run)");

static int __init cmwq_race_init(void)
{
	struct cmwq_race_report rep;
	int ret;

	if (!seconds)
		return 0;
	if (seconds > 3600) {
		pr_err("seconds=%u: want 0 to 3600\n", seconds);
		return -EINVAL;
	}
	ret = cmwq_race_run(seconds, &rep);
	pr_info("%u s: %llu calls, %llu queued, %llu ran, %llu cancelled, %llu lost, %llu reentered, %llu still busy\n",
		seconds, rep.ops, rep.queued, rep.ran, rep.cancelled, rep.lost,
		rep.reentered, rep.still_busy);
	if (ret)
		pr_err("FAILED (%d): %s\n", ret, rep.why[0] ? rep.why : "setup");
	return ret;
}

static void __exit cmwq_race_exit(void)
{
}

module_init(cmwq_race_init);
module_exit(cmwq_race_exit);

MODULE_DESCRIPTION("Races the cmwq work-item API and checks nothing is lost");
MODULE_LICENSE("GPL");
