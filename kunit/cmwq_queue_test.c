// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_queue: creating workqueues, queueing work where it was
 * asked for, exactly once, never on two workers at once, within
 * max_active.
 */
#include "cmwq_test_util.h"

/*
 * Each allocation of cmwq_alloc_workqueue() in turn fails (fail_alloc_wq,
 * "space" lets k - 1 of them pass): every error path returns -ENOMEM and
 * frees what it had, until all of them succeed.
 */
static void cmwq_alloc_workqueue_fails_test(struct kunit *test)
{
#ifndef CONFIG_FAULT_INJECTION
	kunit_skip(test, "no CONFIG_FAULT_INJECTION");
#else
	struct cmwq_workqueue *wq;
	int k, failures = 0;

	cmwq_fail_alloc_wq.verbose = 0;
	cmwq_fail_alloc_wq.probability = 100;
	for (k = 1; k < nr_cpu_ids + 8; k++) {
		atomic_set(&cmwq_fail_alloc_wq.space, k);
		atomic_set(&cmwq_fail_alloc_wq.times, 1);
		wq = cmwq_alloc_workqueue("kunit_fail", CMWQ_MEM_RECLAIM, 0);
		if (!IS_ERR(wq))
			break;
		KUNIT_EXPECT_EQ_MSG(test, PTR_ERR(wq), -ENOMEM,
				    "allocation %d failed", k);
		failures++;
	}
	atomic_set(&cmwq_fail_alloc_wq.times, 0);
	cmwq_fail_alloc_wq.probability = 0;
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(wq), "still failing after %d", k);
	/* The workqueue, its table, a pwq per possible CPU, the rescuer. */
	KUNIT_EXPECT_EQ(test, failures, 3 + (int)num_possible_cpus());
	cmwq_destroy_workqueue(wq);
#endif
}

/* Bad flags or max_active are refused with -EINVAL. */
static void cmwq_alloc_workqueue_invalid_test(struct kunit *test)
{
	struct cmwq_workqueue *wq;

	wq = cmwq_alloc_workqueue("bad", __CMWQ_ORDERED, 1);
	KUNIT_EXPECT_EQ(test, PTR_ERR(wq), -EINVAL);
	wq = cmwq_alloc_workqueue("bad", CMWQ_UNBOUND | __CMWQ_ORDERED, 2);
	KUNIT_EXPECT_EQ(test, PTR_ERR(wq), -EINVAL);
	wq = cmwq_alloc_workqueue("bad", CMWQ_UNBOUND | CMWQ_CPU_INTENSIVE, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(wq), -EINVAL);
	wq = cmwq_alloc_workqueue("bad", 1 << 30, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(wq), -EINVAL);
	wq = cmwq_alloc_workqueue("bad", 0, CMWQ_MAX_ACTIVE + 1);
	KUNIT_EXPECT_EQ(test, PTR_ERR(wq), -EINVAL);
	wq = cmwq_alloc_workqueue("bad", 0, -1);
	KUNIT_EXPECT_EQ(test, PTR_ERR(wq), -EINVAL);

	wq = cmwq_alloc_workqueue("good_%d", CMWQ_HIGHPRI | CMWQ_FREEZABLE, 0,
				  7);
	KUNIT_ASSERT_FALSE(test, IS_ERR(wq));
	KUNIT_EXPECT_STREQ(test, cmwq_workqueue_name(wq), "good_7");
	KUNIT_EXPECT_EQ(test, wq->saved_max_active, CMWQ_DFL_ACTIVE);
	cmwq_destroy_workqueue(wq);
}

/* cmwq_queue_work() runs on the queueing CPU's normal pool. */
static void cmwq_queue_work_local_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, 1);
	int cpu;

	preempt_disable();
	cpu = smp_processor_id();
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work(wq, cmwq_test_work(it)));
	preempt_enable();
	cmwq_test_wait_done(test, it);
	KUNIT_EXPECT_EQ(test, it->cpu, cpu);
	KUNIT_EXPECT_EQ(test, it->nice, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 1);
	cmwq_destroy_workqueue(wq);
}

/* cmwq_queue_work_on() runs on that CPU, highpri at nice -20. */
static void cmwq_queue_work_on_test(struct kunit *test)
{
	int cpu, n = 0, which;

	for (which = 0; which < CMWQ_NR_STD_POOLS; which++) {
		bool hi = which == CMWQ_HIGHPRI_POOL;
		struct cmwq_workqueue *wq =
			cmwq_test_alloc_wq(test, hi ? CMWQ_HIGHPRI : 0, 0);

		for_each_online_cpu(cpu) {
			struct cmwq_test_item *it = cmwq_test_items(test, 1);
			char want[TASK_COMM_LEN];

			KUNIT_EXPECT_TRUE(test, cmwq_queue_work_on(cpu, wq,
						cmwq_test_work(it)));
			cmwq_test_wait_done(test, it);
			KUNIT_EXPECT_EQ(test, it->cpu, cpu);
			KUNIT_EXPECT_EQ(test, it->nice,
					hi ? CMWQ_HIGHPRI_NICE : 0);
			snprintf(want, sizeof(want), "cmwq/%d:", cpu);
			KUNIT_EXPECT_EQ_MSG(test, strncmp(it->task->comm, want,
							  strlen(want)), 0,
					    "ran on %s", it->task->comm);
			n++;
		}
		cmwq_destroy_workqueue(wq);
	}
	KUNIT_EXPECT_EQ(test, n, 2 * num_online_cpus());
}

/* A pending work is not queued twice; it runs once. */
static void cmwq_queue_work_pending_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 1);
	struct cmwq_test_item *it = cmwq_test_items(test, 2);
	struct cmwq_test_gate gate;

	/* it[0] holds the only active slot, so it[1] stays pending. */
	cmwq_test_gate_init(&gate);
	it[0].gate = &gate;
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work_on(0, wq, cmwq_test_work(&it[0])));
	wait_for_completion(&it[0].started);
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work_on(0, wq, cmwq_test_work(&it[1])));
	KUNIT_EXPECT_TRUE(test, cmwq_work_pending(cmwq_test_work(&it[1])));
	KUNIT_EXPECT_FALSE(test, cmwq_queue_work_on(0, wq, cmwq_test_work(&it[1])));
	KUNIT_EXPECT_FALSE(test, cmwq_queue_work(wq, cmwq_test_work(&it[1])));
	KUNIT_EXPECT_EQ(test, cmwq_work_busy(cmwq_test_work(&it[1])),
			(unsigned int)CMWQ_BUSY_PENDING);
	KUNIT_EXPECT_EQ(test, cmwq_work_busy(cmwq_test_work(&it[0])),
			(unsigned int)CMWQ_BUSY_RUNNING);

	cmwq_test_gate_open(&gate);
	cmwq_test_wait_done(test, &it[1]);
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 1);
	KUNIT_EXPECT_FALSE(test, cmwq_work_pending(cmwq_test_work(&it[1])));
	KUNIT_EXPECT_EQ(test, cmwq_work_busy(cmwq_test_work(&it[1])), 0U);
	cmwq_destroy_workqueue(wq);
}

/* Requeued to another CPU while it runs, a work waits for itself. */
static void cmwq_queue_work_non_reentrant_test(struct kunit *test)
{
	/* First: it skips on one CPU, before anything needs freeing. */
	int other = cmwq_test_other_cpu(test);
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, 1);
	int first = cpumask_first(cpu_online_mask);
	struct cmwq_test_tracker tr = {};
	struct cmwq_test_gate gate;

	cmwq_test_gate_init(&gate);
	it->gate = &gate;
	it->tracker = &tr;
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work_on(first, wq, cmwq_test_work(it)));
	wait_for_completion(&it->started);
	reinit_completion(&it->started);
	/* Running on @first: queued again, on @other. */
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work_on(other, wq, cmwq_test_work(it)));
	msleep(50);
	KUNIT_EXPECT_EQ(test, atomic_read(&tr.running), 1);
	cmwq_test_gate_open(&gate);
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&tr.max_running), 1);
	/* Queued behind itself, on the pool it was running on. */
	KUNIT_EXPECT_EQ(test, it->cpu, first);
	cmwq_destroy_workqueue(wq);
}

/* Beyond max_active, works wait inactive and start in queueing order. */
static void cmwq_max_active_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 2);
	struct cmwq_test_item *it = cmwq_test_items(test, 6);
	struct cmwq_test_tracker tr = {};
	struct cmwq_test_gate gate;
	struct cmwq_pwq *pwq = wq->cpu_pwqs[0];
	int i, nr_active, nr_inactive = 0;
	struct cmwq_work *w;

	cmwq_test_gate_init(&gate);
	for (i = 0; i < 6; i++) {
		it[i].gate = &gate;
		it[i].tracker = &tr;
		KUNIT_ASSERT_TRUE(test, cmwq_queue_work_on(0, wq,
							   cmwq_test_work(&it[i])));
	}
	wait_for_completion(&it[0].started);
	wait_for_completion(&it[1].started);
	msleep(50);

	/* Read under the lock, expected outside: a failure allocates. */
	raw_spin_lock_irq(&pwq->pool->lock);
	nr_active = pwq->nr_active;
	list_for_each_entry(w, &pwq->inactive_works, entry)
		nr_inactive++;
	raw_spin_unlock_irq(&pwq->pool->lock);
	KUNIT_EXPECT_EQ(test, nr_active, 2);
	KUNIT_EXPECT_EQ(test, nr_inactive, 4);
	KUNIT_EXPECT_EQ(test, atomic_read(&tr.running), 2);

	cmwq_test_gate_open(&gate);
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&tr.max_running), 2);
	for (i = 0; i < 6; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&it[i].runs), 1);
	KUNIT_EXPECT_EQ(test, pwq->nr_active, 0);
	cmwq_destroy_workqueue(wq);
}

/* With max_active 1, inactive works start strictly in queueing order. */
static void cmwq_max_active_order_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 1);
	struct cmwq_test_item *it = cmwq_test_items(test, 5);
	struct cmwq_test_tracker tr = {};
	struct cmwq_test_gate gate;
	int i;

	cmwq_test_gate_init(&gate);
	it[0].gate = &gate;
	for (i = 0; i < 5; i++) {
		it[i].tracker = &tr;
		cmwq_queue_work_on(0, wq, cmwq_test_work(&it[i]));
	}
	wait_for_completion(&it[0].started);
	cmwq_test_gate_open(&gate);
	cmwq_flush_workqueue(wq);
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ_MSG(test, it[i].seq, i + 1, "item %d", i);
	KUNIT_EXPECT_EQ(test, atomic_read(&tr.max_running), 1);
	cmwq_destroy_workqueue(wq);
}

/* Raising max_active starts waiting works at once; bad values fail. */
static void cmwq_set_max_active_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 1);
	struct cmwq_test_item *it = cmwq_test_items(test, 4);
	struct cmwq_test_tracker tr = {};
	struct cmwq_test_gate gate;
	int i;

	cmwq_test_gate_init(&gate);
	for (i = 0; i < 4; i++) {
		it[i].gate = &gate;
		it[i].tracker = &tr;
		cmwq_queue_work_on(0, wq, cmwq_test_work(&it[i]));
	}
	wait_for_completion(&it[0].started);
	KUNIT_EXPECT_EQ(test, cmwq_workqueue_set_max_active(wq, -1), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmwq_workqueue_set_max_active(wq, 513), -EINVAL);
	KUNIT_EXPECT_EQ(test, wq->saved_max_active, 1);
	KUNIT_EXPECT_EQ(test, cmwq_workqueue_set_max_active(wq, 3), 0);
	for (i = 1; i < 3; i++)
		KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&it[i].started,
								  5 * HZ), 0);
	KUNIT_EXPECT_EQ(test, wq->cpu_pwqs[0]->nr_active, 3);
	KUNIT_EXPECT_FALSE(test, completion_done(&it[3].started));
	cmwq_test_gate_open(&gate);
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&tr.max_running), 3);
	cmwq_destroy_workqueue(wq);
}

static long cmwq_test_cpu_fn(void *arg)
{
	return raw_smp_processor_id() * 10 + (long)arg;
}

/* cmwq_work_on_cpu() runs the function there and returns its result. */
static void cmwq_work_on_cpu_test(struct kunit *test)
{
	int cpu;

	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ(test, cmwq_work_on_cpu(cpu, cmwq_test_cpu_fn,
						       (void *)3L),
				cpu * 10L + 3);
	KUNIT_EXPECT_EQ(test, cmwq_work_on_cpu(-1, cmwq_test_cpu_fn, NULL),
			(long)-EINVAL);
	KUNIT_EXPECT_EQ(test, cmwq_work_on_cpu(nr_cpu_ids, cmwq_test_cpu_fn,
					       NULL), (long)-EINVAL);
}

/* Started and completed counts are kept per pwq. */
static void cmwq_pwq_stats_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, 5);
	struct cmwq_pwq *pwq = wq->cpu_pwqs[0];
	int i;

	for (i = 0; i < 5; i++) {
		it[i].spin_us = 2000;
		cmwq_queue_work_on(0, wq, cmwq_test_work(&it[i]));
	}
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, pwq->stats[CMWQ_PWQ_STAT_STARTED], 5ULL);
	KUNIT_EXPECT_EQ(test, pwq->stats[CMWQ_PWQ_STAT_COMPLETED], 5ULL);
	/* 5 x 2 ms of spinning, in usecs; the scheduler's clock is coarse. */
	KUNIT_EXPECT_GE(test, pwq->stats[CMWQ_PWQ_STAT_CPU_TIME], 5000ULL);
	cmwq_destroy_workqueue(wq);
}

static struct kunit_case cmwq_queue_test_cases[] = {
	KUNIT_CASE(cmwq_alloc_workqueue_invalid_test),
	KUNIT_CASE(cmwq_alloc_workqueue_fails_test),
	KUNIT_CASE(cmwq_queue_work_local_test),
	KUNIT_CASE(cmwq_queue_work_on_test),
	KUNIT_CASE(cmwq_queue_work_pending_test),
	KUNIT_CASE(cmwq_queue_work_non_reentrant_test),
	KUNIT_CASE(cmwq_max_active_test),
	KUNIT_CASE(cmwq_max_active_order_test),
	KUNIT_CASE(cmwq_set_max_active_test),
	KUNIT_CASE(cmwq_work_on_cpu_test),
	KUNIT_CASE(cmwq_pwq_stats_test),
	{}
};

static struct kunit_suite cmwq_queue_test_suite = {
	.name = "cmwq_queue",
	.test_cases = cmwq_queue_test_cases,
};
kunit_test_suite(cmwq_queue_test_suite);
