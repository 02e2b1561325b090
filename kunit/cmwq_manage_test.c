// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_manage: the manager creates workers when a pool needs
 * them, surplus idle workers are reaped after idle_timeout_ms, and when
 * worker creation fails the mayday timer sends the work to the rescuer.
 */
#include "cmwq_test_util.h"

static int pool_workers(struct cmwq_pool *pool, int *idle)
{
	int n;

	raw_spin_lock_irq(&pool->lock);
	n = pool->nr_workers;
	if (idle)
		*idle = pool->nr_idle;
	raw_spin_unlock_irq(&pool->lock);
	return n;
}

/*
 * Sleeping works make the pool grow (the manager keeps an idle worker in
 * reserve); once idle for idle_timeout_ms, the surplus is reaped down to
 * two idle workers.
 */
static void cmwq_manage_grow_and_reap_test(struct kunit *test)
{
	unsigned int timeout = cmwq_idle_timeout_ms;
	int cpu = cpumask_last(cpu_online_mask), i, grown, idle, n;
	struct cmwq_pool *pool = cmwq_cpu_pool(cpu, CMWQ_HIGHPRI_POOL);
	struct cmwq_workqueue *wq;
	struct cmwq_test_item *it;
	struct cmwq_test_gate gate;
	unsigned long deadline;

	cmwq_test_require_cm(test);
	WRITE_ONCE(cmwq_idle_timeout_ms, 100);
	wq = cmwq_test_alloc_wq(test, CMWQ_HIGHPRI, 0);
	it = cmwq_test_items(test, 10);
	cmwq_test_gate_init(&gate);
	for (i = 0; i < 10; i++) {
		it[i].gate = &gate;
		cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[i]));
	}
	for (i = 0; i < 10; i++)
		KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&it[i].started,
								  10 * HZ), 0UL);
	grown = pool_workers(pool, &idle);
	KUNIT_EXPECT_GE(test, grown, 11);
	cmwq_test_gate_open(&gate);
	cmwq_flush_workqueue(wq);

	/*
	 * The idle timer is deferrable: it waits for its CPU to wake for
	 * something else, which on an idle guest may take a while.
	 */
	deadline = jiffies + 30 * HZ;
	do {
		msleep(50);
		n = pool_workers(pool, &idle);
	} while (n > 2 && time_before(jiffies, deadline));
	kunit_info(test, "pool %d: %d workers while busy, %d (%d idle) after reaping\n",
		   pool->id, grown, n, idle);
	WRITE_ONCE(cmwq_idle_timeout_ms, timeout);
	KUNIT_EXPECT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, idle, 2);
	cmwq_destroy_workqueue(wq);
}

/* With the default timeout, idle workers stay. */
static void cmwq_manage_no_early_reap_test(struct kunit *test)
{
	int cpu = cpumask_first(cpu_online_mask), i, before;
	struct cmwq_pool *pool = cmwq_cpu_pool(cpu, CMWQ_HIGHPRI_POOL);
	struct cmwq_test_gate gate;
	struct cmwq_workqueue *wq;
	struct cmwq_test_item *it;

	cmwq_test_require_cm(test);
	wq = cmwq_test_alloc_wq(test, CMWQ_HIGHPRI, 0);
	it = cmwq_test_items(test, 6);
	cmwq_test_gate_init(&gate);
	/* Asleep at once, however slow the host: six workers needed. */
	for (i = 0; i < 6; i++) {
		it[i].gate = &gate;
		cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[i]));
	}
	for (i = 0; i < 6; i++)
		KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&it[i].started,
								  10 * HZ), 0);
	cmwq_test_gate_open(&gate);
	cmwq_flush_workqueue(wq);
	before = pool_workers(pool, NULL);
	msleep(300);
	KUNIT_EXPECT_EQ(test, pool_workers(pool, NULL), before);
	KUNIT_EXPECT_GE(test, before, 6);
	cmwq_destroy_workqueue(wq);
}

#ifdef CONFIG_FAULT_INJECTION
/*
 * With every worker creation failing, a CMWQ_MEM_RECLAIM workqueue still
 * makes progress: the mayday timer calls its rescuer, which runs the works.
 * Gated works of a plain workqueue first take every worker of the pool, so
 * the last one becomes a manager that cannot create anything.
 */
static void cmwq_manage_rescuer_test(struct kunit *test)
{
	int cpu = cpumask_first(cpu_online_mask), i, nr_blockers;
	struct cmwq_pool *pool = cmwq_cpu_pool(cpu, CMWQ_NORMAL_POOL);
	struct cmwq_test_item *it, *blockers;
	struct cmwq_workqueue *wq, *plain;
	struct cmwq_test_gate gate;
	struct cmwq_pwq *pwq;

	cmwq_test_require_cm(test);
	wq = cmwq_test_alloc_wq(test, CMWQ_MEM_RECLAIM, 0);
	plain = cmwq_test_alloc_wq(test, 0, 0);
	KUNIT_ASSERT_NOT_NULL(test, wq->rescuer);
	pwq = wq->cpu_pwqs[cpu];

	cmwq_fail_create_worker.verbose = 0;
	cmwq_fail_create_worker.probability = 100;
	atomic_set(&cmwq_fail_create_worker.times, -1);

	nr_blockers = pool_workers(pool, NULL);
	blockers = cmwq_test_items(test, nr_blockers);
	cmwq_test_gate_init(&gate);
	for (i = 0; i < nr_blockers; i++) {
		blockers[i].gate = &gate;
		cmwq_queue_work_on(cpu, plain, cmwq_test_work(&blockers[i]));
	}
	/* All but the last worker hold a blocker; the last one manages. */
	for (i = 0; i < nr_blockers - 1; i++)
		KUNIT_ASSERT_NE(test,
				wait_for_completion_timeout(&blockers[i].started,
							    10 * HZ), 0UL);

	it = cmwq_test_items(test, 4);
	for (i = 0; i < 4; i++) {
		it[i].sleep_ms = 5;
		cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[i]));
	}
	for (i = 0; i < 4; i++)
		cmwq_test_wait_done(test, &it[i]);
	KUNIT_EXPECT_EQ(test, pool_workers(pool, NULL), nr_blockers);

	atomic_set(&cmwq_fail_create_worker.times, 0);
	cmwq_fail_create_worker.probability = 0;
	cmwq_test_gate_open(&gate);
	cmwq_flush_workqueue(plain);

	kunit_info(test, "pool %d: %d workers, mayday %llu, rescued %llu\n",
		   pool->id, nr_blockers, pwq->stats[CMWQ_PWQ_STAT_MAYDAY],
		   pwq->stats[CMWQ_PWQ_STAT_RESCUED]);
	KUNIT_EXPECT_GT(test, pwq->stats[CMWQ_PWQ_STAT_MAYDAY], 0ULL);
	KUNIT_EXPECT_EQ(test, pwq->stats[CMWQ_PWQ_STAT_RESCUED], 4ULL);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&it[i].runs), 1);
	for (i = 0; i < nr_blockers; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&blockers[i].runs), 1);
	cmwq_destroy_workqueue(plain);
	cmwq_destroy_workqueue(wq);
}
#endif

static struct kunit_case cmwq_manage_test_cases[] = {
	KUNIT_CASE(cmwq_manage_grow_and_reap_test),
	KUNIT_CASE(cmwq_manage_no_early_reap_test),
#ifdef CONFIG_FAULT_INJECTION
	KUNIT_CASE(cmwq_manage_rescuer_test),
#endif
	{}
};

static struct kunit_suite cmwq_manage_test_suite = {
	.name = "cmwq_manage",
	.test_cases = cmwq_manage_test_cases,
};
kunit_test_suite(cmwq_manage_test_suite);
