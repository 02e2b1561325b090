// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_rcu_work: works queued after an RCU grace period
 * (module/rcu_work.c). The work runs only once every reader that could
 * see the state before the queueing is gone; queueing a pending one
 * returns false; flush_rcu_work() waits for the grace period and the
 * run; cancel_work_sync() in the RCU stage waits for the callback to
 * queue the work, then takes it back before it runs, as upstream.
 */
#include <linux/delay.h>
#include <linux/rcupdate.h>

#include "cmwq_test_util.h"

struct rcu_probe {
	struct cmwq_rcu_work	rwork;
	unsigned long		cookie;	/* RCU state when queued */
	bool			gp_done; /* a grace period since, in the work */
	atomic_t		runs;
	struct completion	done;
};

static void rcu_probe_fn(struct cmwq_work *work)
{
	struct rcu_probe *p = container_of(to_cmwq_rcu_work(work),
					   struct rcu_probe, rwork);

	p->gp_done = poll_state_synchronize_rcu(p->cookie);
	atomic_inc(&p->runs);
	complete(&p->done);	/* the last touch of @p */
}

static struct rcu_probe *rcu_probe_alloc(struct kunit *test)
{
	struct rcu_probe *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	CMWQ_INIT_RCU_WORK(&p->rwork, rcu_probe_fn);
	init_completion(&p->done);
	return p;
}

static void rcu_wait(struct kunit *test, struct rcu_probe *p)
{
	KUNIT_ASSERT_NE_MSG(test, wait_for_completion_timeout(&p->done,
							      10 * HZ), 0UL,
			    "the RCU work did not run in 10 s");
}

/*
 * The work runs after a grace period that began after the queueing: not
 * while a reader that was there before still runs (on an unbound
 * workqueue, whose idle workers on the other CPUs would run it at once
 * if it were queued at once), and the RCU state taken at the queueing is
 * a completed grace period by the time it runs.
 */
static void cmwq_rcu_work_grace_period_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, CMWQ_UNBOUND, 0);
	struct rcu_probe *p = rcu_probe_alloc(test);
	int i, early;

	rcu_read_lock();
	p->cookie = get_state_synchronize_rcu();
	KUNIT_EXPECT_TRUE(test, cmwq_queue_rcu_work(wq, &p->rwork));
	/* 200 ms inside the reader; a work queued at once would run. */
	for (i = 0; i < 200 && !atomic_read(&p->runs); i++)
		mdelay(1);
	early = atomic_read(&p->runs);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ_MSG(test, early, 0,
			    "the work ran inside an RCU reader older than it");
	rcu_wait(test, p);
	KUNIT_EXPECT_TRUE_MSG(test, p->gp_done,
			      "the work ran before a full grace period");
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 1);
	cmwq_destroy_workqueue(wq);
}

/*
 * A pending RCU work is not queued again (the reader holds the grace
 * period, so the second call certainly finds it pending); once it ran, it
 * can be queued again.
 */
static void cmwq_rcu_work_double_queue_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct rcu_probe *p = rcu_probe_alloc(test);

	rcu_read_lock();
	KUNIT_EXPECT_TRUE(test, cmwq_queue_rcu_work(wq, &p->rwork));
	KUNIT_EXPECT_TRUE(test, cmwq_work_pending(&p->rwork.work));
	KUNIT_EXPECT_FALSE(test, cmwq_queue_rcu_work(wq, &p->rwork));
	rcu_read_unlock();
	rcu_wait(test, p);
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 1);

	reinit_completion(&p->done);
	p->cookie = get_state_synchronize_rcu();
	KUNIT_EXPECT_TRUE(test, cmwq_queue_rcu_work(wq, &p->rwork));
	rcu_wait(test, p);
	KUNIT_EXPECT_TRUE(test, p->gp_done);
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 2);
	cmwq_destroy_workqueue(wq);
}

/*
 * cmwq_flush_rcu_work() of a work still in its RCU stage waits for the
 * grace period and the run, and says so; of an idle one it returns false
 * at once.
 */
static void cmwq_rcu_work_flush_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct rcu_probe *p = rcu_probe_alloc(test);

	p->cookie = get_state_synchronize_rcu();
	KUNIT_EXPECT_TRUE(test, cmwq_queue_rcu_work(wq, &p->rwork));
	KUNIT_EXPECT_TRUE(test, cmwq_flush_rcu_work(&p->rwork));
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&p->runs), 1,
			    "flush_rcu_work() returned before the work ran");
	KUNIT_EXPECT_TRUE(test, p->gp_done);
	KUNIT_EXPECT_FALSE(test, cmwq_work_pending(&p->rwork.work));
	KUNIT_EXPECT_FALSE(test, cmwq_flush_rcu_work(&p->rwork));
	cmwq_destroy_workqueue(wq);
}

/*
 * cancel_work_sync() of an RCU work in its RCU stage: the work is pending
 * on no queue, so the cancel waits until the callback has queued it, then
 * takes it back, as upstream; it never runs and can be queued again. The
 * ordered workqueue is held by a gated work, so that a grace period that
 * ends before the cancel starts leaves the work queued behind it, not
 * run: the outcome is the same either way, and which stage the cancel
 * found it in is logged.
 */
static void cmwq_rcu_work_cancel_test(struct kunit *test)
{
	struct cmwq_workqueue *wq;
	struct cmwq_test_item *hold = cmwq_test_items(test, 1);
	struct rcu_probe *p = rcu_probe_alloc(test);
	struct cmwq_test_gate gate;
	bool in_rcu_stage;

	wq = cmwq_alloc_ordered_workqueue("kunit_rcu", 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(wq));
	cmwq_test_gate_init(&gate);
	hold->gate = &gate;
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work(wq, cmwq_test_work(hold)));
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&hold->started,
							  10 * HZ), 0UL);

	KUNIT_EXPECT_TRUE(test, cmwq_queue_rcu_work(wq, &p->rwork));
	in_rcu_stage = !(atomic_long_read(&p->rwork.work.data) &
			  CMWQ_WORK_PWQ);
	KUNIT_EXPECT_TRUE(test, cmwq_cancel_work_sync(&p->rwork.work));
	kunit_info(test, "the cancel found the work %s",
		   in_rcu_stage ? "in its RCU stage" : "queued already");
	KUNIT_EXPECT_FALSE(test, cmwq_work_pending(&p->rwork.work));
	cmwq_test_gate_open(&gate);
	cmwq_test_wait_done(test, hold);
	/* Any callback of ours has run by now, and the queue is empty. */
	rcu_barrier();
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&p->runs), 0,
			    "a cancelled RCU work ran");

	p->cookie = get_state_synchronize_rcu();
	KUNIT_EXPECT_TRUE(test, cmwq_queue_rcu_work(wq, &p->rwork));
	KUNIT_EXPECT_TRUE(test, cmwq_flush_rcu_work(&p->rwork));
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 1);
	cmwq_destroy_workqueue(wq);
}

static struct kunit_case cmwq_rcu_work_test_cases[] = {
	KUNIT_CASE(cmwq_rcu_work_grace_period_test),
	KUNIT_CASE(cmwq_rcu_work_double_queue_test),
	KUNIT_CASE(cmwq_rcu_work_flush_test),
	KUNIT_CASE(cmwq_rcu_work_cancel_test),
	{}
};

static struct kunit_suite cmwq_rcu_work_test_suite = {
	.name = "cmwq_rcu_work",
	.test_cases = cmwq_rcu_work_test_cases,
};
kunit_test_suite(cmwq_rcu_work_test_suite);
