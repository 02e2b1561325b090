// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: cmwq_cancel_work_match(), io-wq's io_wq_cancel_cb()
 * (module/cancel_match.c). It finds pending works wherever they wait
 * (active, inactive, parked behind a hashed key) with exact counts, takes
 * them back, and flags the running ones it picks, which see the flag.
 */
#include "cmwq_test_util.h"

struct mitem {
	struct cmwq_work	work;
	int			tag;
	struct cmwq_test_gate	*gate;
	bool			stopped;	/* saw cmwq_work_should_stop() */
	atomic_t		runs;
	struct completion	started, done;
};

/* Held by its gate, unless asked to stop; 10 s at most either way. */
static void mitem_fn(struct cmwq_work *work)
{
	struct mitem *it = container_of(work, struct mitem, work);
	unsigned long end = jiffies + 10 * HZ;

	complete(&it->started);
	while (it->gate && !READ_ONCE(it->gate->open) &&
	       time_before(jiffies, end)) {
		if (cmwq_work_should_stop()) {
			it->stopped = true;
			break;
		}
		usleep_range(1000, 2000);
	}
	atomic_inc(&it->runs);
	complete(&it->done);
}

static bool match_tag(struct cmwq_work *work, void *data)
{
	return container_of(work, struct mitem, work)->tag == *(int *)data;
}

static u64 wq_stat(struct cmwq_workqueue *wq, enum cmwq_pwq_stat stat)
{
	struct cmwq_pwq *pwq;
	u64 sum = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(pwq, &wq->pwqs, pwqs_node) {
		raw_spin_lock_irq(&pwq->pool->lock);
		sum += pwq->stats[stat];
		raw_spin_unlock_irq(&pwq->pool->lock);
	}
	rcu_read_unlock();
	return sum;
}

enum { R1, R2, H1, P1, P2, I1, I2, I3, NR_M };

/*
 * On one CPU of a max_active 2 workqueue: R1 (tag 1) and R2 (tag 2)
 * running; H1 (tag 1) the queued head of hashed key 7, inactive, with P1
 * (tag 1) and P2 (tag 2) parked behind it; I1, I3 (tag 1) and I2 (tag 2)
 * inactive. Cancelling tag 1 finds 4 pending (H1, P1, I1, I3) and 1
 * running (R1), which stops; everything of tag 2 runs, P2 included (the
 * key went on to it), and nothing of tag 1 ever runs again.
 */
static void cmwq_cancel_match_counts_test(struct kunit *test)
{
	struct cmwq_cancel_match_result res = { 99, 99 };
	struct cmwq_test_gate gate;
	struct cmwq_workqueue *wq;
	struct mitem *it;
	int tag, cpu, i;

	cmwq_test_gate_init(&gate);
	wq = cmwq_test_alloc_wq(test, 0, 2);
	it = CMWQ_TEST_ALLOC_ITEMS(test, NR_M, struct mitem, mitem_fn);
	for (i = 0; i < NR_M; i++)
		it[i].tag = 1;
	it[R2].tag = it[P2].tag = it[I2].tag = 2;
	it[R1].gate = it[R2].gate = &gate;

	/* Hashed works queue on the local CPU: keep everything there. */
	cpu = get_cpu();
	cmwq_queue_work_on(cpu, wq, &it[R1].work);
	cmwq_queue_work_on(cpu, wq, &it[R2].work);
	cmwq_queue_work_hashed(wq, &it[H1].work, 7);
	cmwq_queue_work_hashed(wq, &it[P1].work, 7);
	cmwq_queue_work_hashed(wq, &it[P2].work, 7);
	cmwq_queue_work_on(cpu, wq, &it[I1].work);
	cmwq_queue_work_on(cpu, wq, &it[I2].work);
	cmwq_queue_work_on(cpu, wq, &it[I3].work);
	put_cpu();
	cmwq_test_wait_completion(test, &it[R1].started);
	cmwq_test_wait_completion(test, &it[R2].started);
	for (i = H1; i < NR_M; i++)
		KUNIT_ASSERT_TRUE_MSG(test, cmwq_work_pending(&it[i].work),
				      "item %d", i);
	KUNIT_ASSERT_TRUE(test, atomic_long_read(&it[P1].work.data) &
			  CMWQ_WORK_PARKED);

	tag = 1;
	KUNIT_EXPECT_EQ(test, cmwq_cancel_work_match(wq, match_tag, &tag, &res),
			5);
	KUNIT_EXPECT_EQ(test, res.pending, 4);
	KUNIT_EXPECT_EQ(test, res.running, 1);
	KUNIT_EXPECT_EQ(test, wq_stat(wq, CMWQ_PWQ_STAT_CANCEL_MATCH_PENDING),
			4);
	KUNIT_EXPECT_EQ(test, wq_stat(wq, CMWQ_PWQ_STAT_CANCEL_MATCH_RUNNING),
			1);
	for (i = 0; i < NR_M; i++)
		if (it[i].tag == 1 && i != R1)
			KUNIT_EXPECT_FALSE_MSG(test,
				cmwq_work_pending(&it[i].work), "item %d", i);
	/* R1 ends by itself: only the stop flag lets it out early. */
	cmwq_test_wait_completion(test, &it[R1].done);
	/* Until its function returns, its worker still runs it. */
	cmwq_flush_work(&it[R1].work);
	KUNIT_EXPECT_TRUE(test, it[R1].stopped);
	KUNIT_EXPECT_FALSE(test, completion_done(&it[R2].done));

	/* Nothing of tag 1 is left to find. */
	KUNIT_EXPECT_EQ(test, cmwq_cancel_work_match(wq, match_tag, &tag, &res),
			0);
	KUNIT_EXPECT_EQ(test, res.pending, 0);
	KUNIT_EXPECT_EQ(test, res.running, 0);

	cmwq_test_gate_open(&gate);
	cmwq_test_wait_completion(test, &it[R2].done);
	cmwq_test_wait_completion(test, &it[P2].done);
	cmwq_test_wait_completion(test, &it[I2].done);
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_FALSE(test, it[R2].stopped);
	for (i = 0; i < NR_M; i++)
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&it[i].runs),
				    i == R1 || it[i].tag == 2 ? 1 : 0,
				    "item %d", i);
	cmwq_destroy_workqueue(wq);
}

static bool match_none(struct cmwq_work *work, void *data)
{
	return false;
}

/*
 * A predicate that picks nothing finds nothing and leaves the works
 * alone: nobody is asked to stop. Outside a work the flag reads false.
 */
static void cmwq_cancel_match_none_test(struct kunit *test)
{
	struct cmwq_cancel_match_result res = { 99, 99 };
	struct cmwq_test_gate gate;
	struct cmwq_workqueue *wq;
	struct mitem *it;

	cmwq_test_gate_init(&gate);
	wq = cmwq_test_alloc_wq(test, CMWQ_UNBOUND, 1);
	it = CMWQ_TEST_ALLOC_ITEMS(test, 2, struct mitem, mitem_fn);
	it[0].gate = &gate;
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work(wq, &it[0].work));
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work(wq, &it[1].work));
	cmwq_test_wait_completion(test, &it[0].started);
	KUNIT_EXPECT_EQ(test, cmwq_cancel_work_match(wq, match_none, NULL,
						     &res), 0);
	KUNIT_EXPECT_EQ(test, res.pending, 0);
	KUNIT_EXPECT_EQ(test, res.running, 0);
	KUNIT_EXPECT_TRUE(test, cmwq_work_pending(&it[1].work));
	KUNIT_EXPECT_FALSE(test, cmwq_work_should_stop());
	cmwq_test_gate_open(&gate);
	cmwq_test_wait_completion(test, &it[1].done);
	KUNIT_EXPECT_FALSE(test, it[0].stopped);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 1);
	cmwq_destroy_workqueue(wq);
}

/*
 * A running and a pending work of one tag: both found; the pending one
 * is idle afterwards (flush_work() has nothing to wait for); a flag set
 * for one run does not reach the next run on the same worker.
 */
static void cmwq_cancel_match_flush_test(struct kunit *test)
{
	struct cmwq_cancel_match_result res;
	struct cmwq_test_gate gate;
	struct cmwq_workqueue *wq;
	struct mitem *it;
	int tag = 5;

	cmwq_test_gate_init(&gate);
	wq = cmwq_test_alloc_wq(test, CMWQ_UNBOUND, 1);
	it = CMWQ_TEST_ALLOC_ITEMS(test, 3, struct mitem, mitem_fn);
	it[0].gate = &gate;
	it[0].tag = 5;
	it[1].tag = 5;
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work(wq, &it[0].work));
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work(wq, &it[1].work));
	cmwq_test_wait_completion(test, &it[0].started);
	KUNIT_EXPECT_EQ(test, cmwq_cancel_work_match(wq, match_tag, &tag,
						     &res), 2);
	KUNIT_EXPECT_EQ(test, res.pending, 1);
	KUNIT_EXPECT_EQ(test, res.running, 1);
	KUNIT_EXPECT_FALSE(test, cmwq_flush_work(&it[1].work));
	cmwq_test_wait_completion(test, &it[0].done);
	KUNIT_EXPECT_TRUE(test, it[0].stopped);
	/* The next work, gated, is not told to stop by the old request. */
	it[2].gate = &gate;
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work(wq, &it[2].work));
	cmwq_test_wait_completion(test, &it[2].started);
	cmwq_test_gate_open(&gate);
	cmwq_test_wait_completion(test, &it[2].done);
	KUNIT_EXPECT_FALSE(test, it[2].stopped);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 0);
	cmwq_destroy_workqueue(wq);
}

static struct kunit_case cmwq_cancel_match_test_cases[] = {
	KUNIT_CASE(cmwq_cancel_match_counts_test),
	KUNIT_CASE(cmwq_cancel_match_none_test),
	KUNIT_CASE(cmwq_cancel_match_flush_test),
	{}
};

static struct kunit_suite cmwq_cancel_match_test_suite = {
	.name = "cmwq_cancel_match",
	.test_cases = cmwq_cancel_match_test_cases,
};
kunit_test_suite(cmwq_cancel_match_test_suite);
