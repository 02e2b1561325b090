// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_cancel: cancel, disable and enable, and delayed work
 * (timers, re-arming, zero delay).
 */
#include "cmwq_test_util.h"

/* Cancelling a pending work returns true and it never runs. */
static void cmwq_cancel_work_sync_pending_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 1);
	struct cmwq_test_item *it = cmwq_test_items(test, 2);
	struct cmwq_test_gate gate;

	cmwq_test_hold_on(wq, &it[0], &gate, 0);
	cmwq_queue_work_on(0, wq, cmwq_test_work(&it[1]));
	KUNIT_EXPECT_TRUE(test, cmwq_cancel_work_sync(cmwq_test_work(&it[1])));
	KUNIT_EXPECT_FALSE(test, cmwq_work_pending(cmwq_test_work(&it[1])));
	KUNIT_EXPECT_EQ(test, wq->cpu_pwqs[0]->nr_active, 1);
	cmwq_test_gate_open(&gate);
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 0);
	KUNIT_EXPECT_FALSE(test, cmwq_cancel_work_sync(cmwq_test_work(&it[1])));
	/* It can be queued again afterwards. */
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work(wq, cmwq_test_work(&it[1])));
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 1);
	cmwq_destroy_workqueue(wq);
}

/* Cancelling a running work waits for it to finish. */
static void cmwq_cancel_work_sync_running_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, 1);

	it->sleep_ms = 60;
	cmwq_queue_work(wq, cmwq_test_work(it));
	wait_for_completion(&it->started);
	KUNIT_EXPECT_FALSE(test, cmwq_cancel_work_sync(cmwq_test_work(it)));
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 1);
	KUNIT_EXPECT_EQ(test, cmwq_work_busy(cmwq_test_work(it)), 0U);
	cmwq_destroy_workqueue(wq);
}

/* A running work that requeues itself is stopped by cancel_work_sync. */
static void cmwq_cancel_work_sync_requeue_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, 1);
	int runs;

	it->sleep_ms = 5;
	it->requeue_wq = wq;
	atomic_set(&it->requeues, 1000);
	cmwq_queue_work(wq, cmwq_test_work(it));
	msleep(30);
	cmwq_cancel_work_sync(cmwq_test_work(it));
	runs = atomic_read(&it->runs);
	msleep(30);
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), runs);
	KUNIT_EXPECT_LT(test, runs, 1000);
	KUNIT_EXPECT_EQ(test, cmwq_work_busy(cmwq_test_work(it)), 0U);
	cmwq_destroy_workqueue(wq);
}

/* A delayed work with its timer armed is cancelled before it runs. */
static void cmwq_cancel_delayed_work_sync_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, 1);

	KUNIT_EXPECT_TRUE(test, cmwq_queue_delayed_work(wq, &it->dwork, 10 * HZ));
	KUNIT_EXPECT_TRUE(test, timer_pending(&it->dwork.timer));
	KUNIT_EXPECT_TRUE(test, cmwq_cancel_delayed_work_sync(&it->dwork));
	KUNIT_EXPECT_FALSE(test, timer_pending(&it->dwork.timer));
	KUNIT_EXPECT_FALSE(test, cmwq_work_pending(cmwq_test_work(it)));
	KUNIT_EXPECT_FALSE(test, cmwq_cancel_delayed_work(&it->dwork));
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 0);
	cmwq_destroy_workqueue(wq);
}

/* Disabling counts; a disabled work is not queued; enable undoes it. */
static void cmwq_disable_enable_work_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 1);
	struct cmwq_test_item *it = cmwq_test_items(test, 2);
	struct cmwq_work *work = cmwq_test_work(&it[1]);
	struct cmwq_test_gate gate;

	cmwq_test_hold_on(wq, &it[0], &gate, 0);
	cmwq_queue_work_on(0, wq, work);
	/* Disabling a pending work cancels it. */
	KUNIT_EXPECT_TRUE(test, cmwq_disable_work(work));
	KUNIT_EXPECT_FALSE(test, cmwq_disable_work(work));
	KUNIT_EXPECT_FALSE(test, cmwq_queue_work(wq, work));
	KUNIT_EXPECT_FALSE(test, cmwq_enable_work(work));
	KUNIT_EXPECT_FALSE(test, cmwq_queue_work(wq, work));
	KUNIT_EXPECT_FALSE(test, cmwq_queue_delayed_work(wq, &it[1].dwork, 1));
	KUNIT_EXPECT_TRUE(test, cmwq_enable_work(work));
	cmwq_test_gate_open(&gate);
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 0);
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work(wq, work));
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 1);

	/* disable_work_sync waits for a running instance. */
	it[1].sleep_ms = 40;
	reinit_completion(&it[1].started);
	cmwq_queue_work(wq, work);
	wait_for_completion(&it[1].started);
	KUNIT_EXPECT_FALSE(test, cmwq_disable_work_sync(work));
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 2);
	KUNIT_EXPECT_FALSE(test, cmwq_queue_work(wq, work));
	KUNIT_EXPECT_TRUE(test, cmwq_enable_work(work));
	cmwq_destroy_workqueue(wq);
}

/* A delayed work runs after its delay, not before. */
static void cmwq_delayed_work_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, 1);
	unsigned long delay = msecs_to_jiffies(100);
	ktime_t start = ktime_get();
	int cpu = cpumask_last(cpu_online_mask);

	KUNIT_EXPECT_TRUE(test, cmwq_queue_delayed_work_on(cpu, wq, &it->dwork,
							   delay));
	KUNIT_EXPECT_FALSE(test, cmwq_queue_delayed_work_on(cpu, wq,
							    &it->dwork, 1));
	KUNIT_EXPECT_EQ(test, cmwq_work_busy(cmwq_test_work(it)),
			(unsigned int)CMWQ_BUSY_PENDING);
	cmwq_test_wait_done(test, it);
	/*
	 * The timer counts jiffies, which lag the clock while the host
	 * stalls the vCPU that keeps them: allow half the delay.
	 */
	KUNIT_EXPECT_GE(test, ktime_ms_delta(it->start, start),
			(s64)jiffies_to_msecs(delay) / 2);
	KUNIT_EXPECT_EQ(test, it->cpu, cpu);
	cmwq_destroy_workqueue(wq);
}

/* mod_delayed_work re-arms a pending timer; 0 queues at once. */
static void cmwq_mod_delayed_work_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, 2);
	ktime_t start = ktime_get();

	KUNIT_EXPECT_TRUE(test, cmwq_queue_delayed_work(wq, &it[0].dwork,
							100 * HZ));
	KUNIT_EXPECT_TRUE(test, cmwq_mod_delayed_work(wq, &it[0].dwork, 0));
	cmwq_test_wait_done(test, &it[0]);
	KUNIT_EXPECT_LT(test, ktime_ms_delta(it[0].start, start), 2000LL);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[0].runs), 1);

	/*
	 * An idle work is queued; a pending one re-armed. Both delays are
	 * far beyond what they must outlast: the host may stall us a while.
	 */
	KUNIT_EXPECT_FALSE(test, cmwq_mod_delayed_work(wq, &it[1].dwork,
						       10 * HZ));
	KUNIT_EXPECT_TRUE(test, cmwq_mod_delayed_work(wq, &it[1].dwork,
						      msecs_to_jiffies(1500)));
	msleep(150);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 0);
	cmwq_test_wait_done(test, &it[1]);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 1);
	cmwq_destroy_workqueue(wq);
}

/* Zero delay queues at once; flush_delayed_work cuts a timer short. */
static void cmwq_delayed_work_zero_and_flush_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, 2);

	KUNIT_EXPECT_TRUE(test, cmwq_queue_delayed_work(wq, &it[0].dwork, 0));
	KUNIT_EXPECT_FALSE(test, timer_pending(&it[0].dwork.timer));
	cmwq_test_wait_done(test, &it[0]);

	KUNIT_EXPECT_TRUE(test, cmwq_queue_delayed_work(wq, &it[1].dwork,
							100 * HZ));
	/* Whether it still had to wait depends on the race with the worker. */
	cmwq_flush_delayed_work(&it[1].dwork);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 1);
	KUNIT_EXPECT_FALSE(test, timer_pending(&it[1].dwork.timer));
	cmwq_destroy_workqueue(wq);
}

static struct kunit_case cmwq_cancel_test_cases[] = {
	KUNIT_CASE(cmwq_cancel_work_sync_pending_test),
	KUNIT_CASE(cmwq_cancel_work_sync_running_test),
	KUNIT_CASE(cmwq_cancel_work_sync_requeue_test),
	KUNIT_CASE(cmwq_cancel_delayed_work_sync_test),
	KUNIT_CASE(cmwq_disable_enable_work_test),
	KUNIT_CASE(cmwq_delayed_work_test),
	KUNIT_CASE(cmwq_mod_delayed_work_test),
	KUNIT_CASE(cmwq_delayed_work_zero_and_flush_test),
	{}
};

static struct kunit_suite cmwq_cancel_test_suite = {
	.name = "cmwq_cancel",
	.test_cases = cmwq_cancel_test_cases,
};
kunit_test_suite(cmwq_cancel_test_suite);
