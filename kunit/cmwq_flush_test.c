// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_flush: flush_work() waits for one work, flush_workqueue()
 * for what was queued before it (and not after), concurrent flushers all
 * finish, drain_workqueue() waits for chains and refuses outsiders.
 */
#include <linux/kthread.h>

#include "cmwq_test_util.h"

/* flush_work() waits for that work only, and says whether it waited. */
static void cmwq_flush_work_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, 2);
	struct cmwq_test_gate gate;

	cmwq_test_gate_init(&gate);
	it[0].sleep_ms = 50;
	it[1].gate = &gate;
	cmwq_queue_work_on(0, wq, cmwq_test_work(&it[1]));
	cmwq_queue_work_on(0, wq, cmwq_test_work(&it[0]));
	KUNIT_EXPECT_TRUE(test, cmwq_flush_work(cmwq_test_work(&it[0])));
	KUNIT_EXPECT_EQ(test, atomic_read(&it[0].runs), 1);
	/* it[1] is still held at its gate. */
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 0);
	KUNIT_EXPECT_FALSE(test, cmwq_flush_work(cmwq_test_work(&it[0])));
	cmwq_test_gate_open(&gate);
	/* It may or may not finish before the flush: either way it ran. */
	cmwq_flush_work(cmwq_test_work(&it[1]));
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 1);
	cmwq_destroy_workqueue(wq);
}

/* A pending (inactive) work is flushed too: the waiter follows it. */
static void cmwq_flush_work_pending_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 1);
	struct cmwq_test_item *it = cmwq_test_items(test, 2);

	it[0].sleep_ms = 30;
	cmwq_queue_work_on(0, wq, cmwq_test_work(&it[0]));
	cmwq_queue_work_on(0, wq, cmwq_test_work(&it[1]));
	KUNIT_EXPECT_TRUE(test, cmwq_flush_work(cmwq_test_work(&it[1])));
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[0].runs), 1);
	cmwq_destroy_workqueue(wq);
}

/* A kthread in flush_work(): what it returned and what it saw then. */
struct work_flusher {
	struct cmwq_test_item	*item;
	bool			waited;
	int			runs_seen;	/* item's runs at return */
	struct completion	done;
};

static int work_flusher_fn(void *data)
{
	struct work_flusher *f = data;

	f->waited = cmwq_flush_work(cmwq_test_work(f->item));
	f->runs_seen = atomic_read(&f->item->runs);
	complete(&f->done);
	return 0;
}

/* Start @n flushers of @items and wait until all are hung on @pool. */
static void start_work_flushers(struct kunit *test, struct work_flusher *f,
				struct cmwq_test_item *items, int n,
				struct cmwq_pool *pool)
{
	unsigned long end = jiffies + 10 * HZ;
	int i;

	for (i = 0; i < n; i++) {
		f[i].item = &items[i];
		init_completion(&f[i].done);
		KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(work_flusher_fn,
							    &f[i],
							    "cmwq_kunit_flush")));
	}
	while (READ_ONCE(pool->nr_flush_waiters) < n) {
		KUNIT_ASSERT_TRUE_MSG(test, time_before(jiffies, end),
				      "%u of %d flushers waiting after 10 s",
				      READ_ONCE(pool->nr_flush_waiters), n);
		usleep_range(1000, 2000);
	}
}

/*
 * Several flushers of pending works, each returns only once its own work
 * has run, in whatever order the works run.
 */
static void cmwq_flush_work_many_waiters_test(struct kunit *test)
{
	struct cmwq_pool *pool = cmwq_cpu_pool(0, CMWQ_NORMAL_POOL);
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 1);
	struct cmwq_test_item *it = cmwq_test_items(test, 9);
	struct work_flusher *f;
	struct cmwq_test_gate gate;
	int i;

	f = kunit_kcalloc(test, 8, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	cmwq_test_hold_on(wq, &it[8], &gate, 0);
	/* Behind it[8], with max_active 1: all pending. */
	for (i = 0; i < 8; i++)
		cmwq_queue_work_on(0, wq, cmwq_test_work(&it[i]));
	start_work_flushers(test, f, it, 8, pool);
	cmwq_test_gate_open(&gate);
	for (i = 0; i < 8; i++) {
		KUNIT_ASSERT_NE_MSG(test, wait_for_completion_timeout(&f[i].done,
								      10 * HZ),
				    0UL, "flusher %d still waits", i);
		KUNIT_EXPECT_TRUE(test, f[i].waited);
		KUNIT_EXPECT_EQ_MSG(test, f[i].runs_seen, 1, "item %d", i);
	}
	KUNIT_EXPECT_EQ(test, READ_ONCE(pool->nr_flush_waiters), 0U);
	cmwq_destroy_workqueue(wq);
}

/* A flusher of a pending work that is cancelled returns: it will not run. */
static void cmwq_flush_work_cancelled_test(struct kunit *test)
{
	struct cmwq_pool *pool = cmwq_cpu_pool(0, CMWQ_NORMAL_POOL);
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 1);
	struct cmwq_test_item *it = cmwq_test_items(test, 2);
	struct cmwq_test_gate gate;
	struct work_flusher f;

	cmwq_test_hold_on(wq, &it[0], &gate, 0);
	cmwq_queue_work_on(0, wq, cmwq_test_work(&it[1]));
	start_work_flushers(test, &f, &it[1], 1, pool);
	KUNIT_EXPECT_TRUE(test, cmwq_cancel_work(cmwq_test_work(&it[1])));
	KUNIT_EXPECT_NE_MSG(test, wait_for_completion_timeout(&f.done, 10 * HZ),
			    0UL, "the flusher of a cancelled work still waits");
	KUNIT_EXPECT_EQ(test, READ_ONCE(pool->nr_flush_waiters), 0U);
	cmwq_test_gate_open(&gate);
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 0);
	cmwq_destroy_workqueue(wq);
}

/*
 * A work pending again while it runs: its flusher waits for the pending
 * queueing; cancelling that one leaves it waiting for the running one.
 */
static void cmwq_flush_work_cancelled_while_running_test(struct kunit *test)
{
	struct cmwq_pool *pool = cmwq_cpu_pool(0, CMWQ_NORMAL_POOL);
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, 1);
	struct cmwq_test_gate gate;
	struct work_flusher f;

	cmwq_test_hold_on(wq, it, &gate, 0);
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work_on(0, wq, cmwq_test_work(it)));
	start_work_flushers(test, &f, it, 1, pool);
	KUNIT_EXPECT_TRUE(test, cmwq_cancel_work(cmwq_test_work(it)));
	/* Can only pass wrongly under load, never fail wrongly. */
	msleep(50);
	KUNIT_EXPECT_FALSE_MSG(test, completion_done(&f.done),
			       "flush_work() returned while its work ran");
	cmwq_test_gate_open(&gate);
	KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&f.done, 10 * HZ),
			0UL);
	KUNIT_EXPECT_TRUE(test, f.waited);
	KUNIT_EXPECT_EQ(test, f.runs_seen, 1);
	cmwq_destroy_workqueue(wq);
}

struct flusher_arg {
	struct cmwq_workqueue	*wq;
	struct completion	done;
};

static int flusher_fn(void *data)
{
	struct flusher_arg *arg = data;

	cmwq_flush_workqueue(arg->wq);
	complete(&arg->done);
	return 0;
}

/*
 * flush_workqueue() waits for works queued before it, on every CPU, and
 * not for works queued after it started.
 */
static void cmwq_flush_workqueue_colors_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, 2);
	struct cmwq_test_gate before, after;
	struct flusher_arg arg = { .wq = wq };
	struct task_struct *task;
	int i;

	cmwq_test_gate_init(&before);
	cmwq_test_gate_init(&after);
	init_completion(&arg.done);
	it[0].gate = &before;
	it[1].gate = &after;
	cmwq_queue_work(wq, cmwq_test_work(&it[0]));
	task = kthread_run(flusher_fn, &arg, "cmwq_kunit_flush");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	/* Wait for the flush to begin, however late its thread runs. */
	for (i = 0; i < 500 && !READ_ONCE(wq->first_flusher); i++)
		msleep(20);
	KUNIT_ASSERT_NOT_NULL_MSG(test, READ_ONCE(wq->first_flusher),
				  "the flush did not begin in 10 s");
	KUNIT_EXPECT_FALSE(test, completion_done(&arg.done));
	/* Queued after the flush began: not waited for. */
	cmwq_queue_work(wq, cmwq_test_work(&it[1]));
	cmwq_test_gate_open(&before);
	KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&arg.done, 5 * HZ),
			0UL);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 0);
	cmwq_test_gate_open(&after);
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 1);
	cmwq_destroy_workqueue(wq);
}

#define CMWQ_NR_FLUSHERS	24

/*
 * More concurrent flushers than colours, with works coming and going: all
 * of them finish (the overflow list waits for free colours).
 */
static void cmwq_flush_workqueue_concurrent_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, CMWQ_NR_FLUSHERS);
	struct flusher_arg *args;
	int i, cpu = 0;

	args = kunit_kcalloc(test, CMWQ_NR_FLUSHERS, sizeof(*args), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, args);
	for (i = 0; i < CMWQ_NR_FLUSHERS; i++) {
		struct task_struct *task;

		it[i].sleep_ms = 5;
		cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[i]));
		cpu = cmwq_test_next_online_cpu(cpu);
		args[i].wq = wq;
		init_completion(&args[i].done);
		task = kthread_run(flusher_fn, &args[i], "cmwq_kunit_f%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	}
	for (i = 0; i < CMWQ_NR_FLUSHERS; i++)
		KUNIT_EXPECT_NE_MSG(test,
				    wait_for_completion_timeout(&args[i].done,
								10 * HZ),
				    0UL, "flusher %d", i);
	for (i = 0; i < CMWQ_NR_FLUSHERS; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&it[i].runs), 1);
	KUNIT_EXPECT_NULL(test, wq->first_flusher);
	KUNIT_EXPECT_EQ(test, wq->flush_color, wq->work_color);
	cmwq_destroy_workqueue(wq);
}

/* drain_workqueue() waits for a work that keeps requeueing itself. */
static void cmwq_drain_workqueue_chain_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, 1);

	it->sleep_ms = 2;
	it->requeue_wq = wq;
	atomic_set(&it->requeues, 20);
	cmwq_queue_work(wq, cmwq_test_work(it));
	cmwq_drain_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 21);
	KUNIT_EXPECT_FALSE(test, cmwq_work_pending(cmwq_test_work(it)));
	/* Usable again after the drain. */
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work(wq, cmwq_test_work(it)));
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 22);
	cmwq_destroy_workqueue(wq);
}

struct drain_arg {
	struct cmwq_workqueue	*wq;
	struct completion	done;
};

static int drainer_fn(void *data)
{
	struct drain_arg *arg = data;

	cmwq_drain_workqueue(arg->wq);
	complete(&arg->done);
	return 0;
}

static int destroyer_fn(void *data)
{
	struct drain_arg *arg = data;

	cmwq_destroy_workqueue(arg->wq);
	complete(&arg->done);
	return 0;
}

/* Start draining @wq in a kthread and wait until it is marked so. */
static void start_drain(struct kunit *test, struct drain_arg *arg)
{
	unsigned long end = jiffies + 5 * HZ;

	init_completion(&arg->done);
	KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(drainer_fn, arg,
						    "cmwq_kunit_drain")));
	/* Sleep, not spin: on UML the drainer needs this CPU. */
	while (!(READ_ONCE(arg->wq->flags) & __CMWQ_DRAINING)) {
		KUNIT_ASSERT_TRUE_MSG(test, time_before(jiffies, end),
				      "the drain did not start");
		usleep_range(1000, 2000);
	}
}

/* While draining, works from outside the workqueue are refused. */
static void cmwq_drain_workqueue_refuses_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, 2);
	struct drain_arg arg = { .wq = wq };
	struct cmwq_test_gate gate;

	cmwq_test_gate_init(&gate);
	it[0].gate = &gate;
	cmwq_queue_work(wq, cmwq_test_work(&it[0]));
	wait_for_completion(&it[0].started);
	start_drain(test, &arg);
	KUNIT_EXPECT_FALSE(test, cmwq_queue_work(wq, cmwq_test_work(&it[1])));
	KUNIT_EXPECT_FALSE(test, cmwq_work_pending(cmwq_test_work(&it[1])));
	cmwq_test_gate_open(&gate);
	KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&arg.done, 5 * HZ),
			0UL);
	KUNIT_EXPECT_FALSE(test, wq->flags & __CMWQ_DRAINING);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 0);
	cmwq_destroy_workqueue(wq);
}

/*
 * A delayed work armed before a drain whose timer fires during it is
 * queued and drained, not dropped: a queued work is never lost.
 */
static void cmwq_drain_workqueue_timer_fires_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, 2);
	struct drain_arg arg = { .wq = wq };
	struct cmwq_test_gate gate;
	int i;

	cmwq_test_hold_on(wq, &it[0], &gate, CMWQ_CPU_UNBOUND);
	KUNIT_ASSERT_TRUE(test, cmwq_queue_delayed_work(wq, &it[1].dwork, 2));
	start_drain(test, &arg);
	/* The timer fires while the gate holds the drain. */
	for (i = 0; i < 500 && timer_pending(&it[1].dwork.timer); i++)
		msleep(20);
	KUNIT_EXPECT_FALSE(test, timer_pending(&it[1].dwork.timer));
	cmwq_test_gate_open(&gate);
	KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&arg.done, 5 * HZ),
			0UL);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 1);
	KUNIT_EXPECT_FALSE(test, cmwq_work_pending(cmwq_test_work(&it[1])));
	cmwq_destroy_workqueue(wq);
}

/* A timer that interrupts a worker and queues from its softirq. */
struct softirq_probe {
	struct timer_list	timer;
	struct cmwq_workqueue	*wq;
	struct cmwq_test_item	*item;		/* what the timer queues */
	struct task_struct	*worker;	/* the task it should interrupt */
	bool			on_worker;	/* it did */
	bool			queued;		/* the queueing was accepted */
	struct completion	fired;
};

static void softirq_probe_fn(struct timer_list *t)
{
	struct softirq_probe *p = timer_container_of(p, t, timer);

	p->on_worker = current == p->worker;
	p->queued = cmwq_queue_work(p->wq, cmwq_test_work(p->item));
	complete(&p->fired);
}

/*
 * A softirq that interrupts a worker of a draining workqueue is not that
 * worker: what it queues is not a chained work and is refused.
 */
static void cmwq_drain_refuses_softirq_on_worker_test(struct kunit *test)
{
	int cpu = cpumask_last(cpu_online_mask);
	struct drain_arg arg = {};
	struct cmwq_workqueue *wq;
	struct cmwq_test_gate gate;
	struct softirq_probe *p;
	struct cmwq_test_item *it;
	int tries;

	/* The test must run beside the spinning worker. */
	cmwq_test_other_cpu(test);
	wq = cmwq_test_alloc_wq(test, 0, 0);
	arg.wq = wq;
	it = cmwq_test_items(test, 2);
	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	/* It spins until the probing is over, however long that takes. */
	cmwq_test_gate_init(&gate);
	it[0].spin_gate = &gate;
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[0]));
	wait_for_completion(&it[0].started);
	start_drain(test, &arg);
	p->wq = wq;
	p->item = &it[1];
	p->worker = it[0].task;
	timer_setup(&p->timer, softirq_probe_fn, 0);
	/* The spinner's CPU is busy with it: most ticks land on it. */
	for (tries = 0; tries < 20 && !p->on_worker && !p->queued; tries++) {
		init_completion(&p->fired);
		p->timer.expires = jiffies + 1;
		add_timer_on(&p->timer, cpu);
		wait_for_completion(&p->fired);
	}
	timer_delete_sync(&p->timer);
	cmwq_test_gate_open(&gate);
	KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&arg.done, 5 * HZ),
			0UL);
	cmwq_destroy_workqueue(wq);
	KUNIT_EXPECT_FALSE_MSG(test, p->queued,
			       "queued from a softirq during the drain (on the worker: %d)",
			       p->on_worker);
	if (!p->on_worker)
		kunit_skip(test, "the timer never interrupted the worker");
}

/*
 * Destroy refuses every queueing from outside for its whole duration,
 * the timer of a delayed work included: nothing is queued on a
 * workqueue about to be freed.
 */
static void cmwq_destroy_workqueue_refuses_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, 3);
	struct drain_arg arg = { .wq = wq };
	struct cmwq_test_gate gate;

	unsigned long deadline = jiffies + 10 * HZ;

	cmwq_test_hold_on(wq, &it[0], &gate, CMWQ_CPU_UNBOUND);
	init_completion(&arg.done);
	KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(destroyer_fn, &arg,
						    "cmwq_kunit_destroy")));
	/* However slow the host, arm the timer once destroy has begun. */
	while (!(READ_ONCE(wq->flags) & __CMWQ_DESTROYING) &&
	       time_before(jiffies, deadline))
		msleep(20);
	KUNIT_ASSERT_TRUE(test, READ_ONCE(wq->flags) & __CMWQ_DESTROYING);
	KUNIT_ASSERT_TRUE(test, cmwq_queue_delayed_work(wq, &it[2].dwork, 2));
	KUNIT_EXPECT_FALSE(test, cmwq_queue_work(wq, cmwq_test_work(&it[1])));
	/* The timer fires and is refused: PENDING is given back. */
	while (cmwq_work_pending(cmwq_test_work(&it[2])) &&
	       time_before(jiffies, deadline))
		msleep(20);
	KUNIT_EXPECT_FALSE(test, cmwq_work_pending(cmwq_test_work(&it[2])));
	cmwq_test_gate_open(&gate);
	KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&arg.done, 5 * HZ),
			0UL);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[0].runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[2].runs), 0);
}

/* Destroying a workqueue with works queued runs them all first. */
static void cmwq_destroy_workqueue_drains_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 2);
	struct cmwq_test_item *it = cmwq_test_items(test, 10);
	int i;

	for (i = 0; i < 10; i++) {
		it[i].sleep_ms = 3;
		cmwq_queue_work_on(i % num_online_cpus() ?
				   cpumask_last(cpu_online_mask) : 0, wq,
				   cmwq_test_work(&it[i]));
	}
	cmwq_destroy_workqueue(wq);
	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&it[i].runs), 1,
				    "item %d", i);
}

static struct kunit_case cmwq_flush_test_cases[] = {
	KUNIT_CASE(cmwq_flush_work_test),
	KUNIT_CASE(cmwq_flush_work_pending_test),
	KUNIT_CASE(cmwq_flush_work_many_waiters_test),
	KUNIT_CASE(cmwq_flush_work_cancelled_test),
	KUNIT_CASE(cmwq_flush_work_cancelled_while_running_test),
	KUNIT_CASE(cmwq_flush_workqueue_colors_test),
	KUNIT_CASE(cmwq_flush_workqueue_concurrent_test),
	KUNIT_CASE(cmwq_drain_workqueue_chain_test),
	KUNIT_CASE(cmwq_drain_workqueue_refuses_test),
	KUNIT_CASE(cmwq_destroy_workqueue_drains_test),
	KUNIT_CASE(cmwq_drain_workqueue_timer_fires_test),
	KUNIT_CASE(cmwq_drain_refuses_softirq_on_worker_test),
	KUNIT_CASE(cmwq_destroy_workqueue_refuses_test),
	{}
};

static struct kunit_suite cmwq_flush_test_suite = {
	.name = "cmwq_flush",
	.test_cases = cmwq_flush_test_cases,
};
kunit_test_suite(cmwq_flush_test_suite);
