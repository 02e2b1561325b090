// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_cm: concurrency management driven by the scheduler. A
 * worker that sleeps lets another run; CPU-bound works run one at a time;
 * CPU-intensive and CPU-hogging works stop counting.
 */
#include "cmwq_test_util.h"

#define CMWQ_NR_SLEEPERS	16
#define CMWQ_SLEEP_MS		10

/* Queue @n sleepers on @cpu and return how long until all are done. */
static s64 run_sleepers(struct kunit *test, struct cmwq_workqueue *wq,
			int cpu, int n, int *nr_workers)
{
	struct cmwq_test_item *it = cmwq_test_items(test, n);
	struct task_struct *seen[CMWQ_NR_SLEEPERS];
	ktime_t start = ktime_get();
	int i, j, distinct = 0;

	for (i = 0; i < n; i++) {
		it[i].sleep_ms = CMWQ_SLEEP_MS;
		cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[i]));
	}
	for (i = 0; i < n; i++)
		cmwq_test_wait_done(test, &it[i]);
	for (i = 0; i < n; i++) {
		for (j = 0; j < distinct; j++)
			if (seen[j] == it[i].task)
				break;
		if (j == distinct)
			seen[distinct++] = it[i].task;
	}
	*nr_workers = distinct;
	return ktime_ms_delta(ktime_get(), start);
}

/* Queue @n works on @cpu that sleep at a gate: how many start before it opens? */
static int sleepers_at_gate(struct kunit *test, struct cmwq_workqueue *wq,
			    int cpu, int n)
{
	struct cmwq_test_item *it = cmwq_test_items(test, n);
	struct cmwq_test_gate gate;
	int i, started = 0;

	cmwq_test_gate_init(&gate);
	for (i = 0; i < n; i++) {
		it[i].gate = &gate;
		cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[i]));
	}
	for (i = 0; i < n; i++)
		started += wait_for_completion_timeout(&it[i].started,
						       10 * HZ) != 0;
	cmwq_test_gate_open(&gate);
	for (i = 0; i < n; i++)
		cmwq_test_wait_done(test, &it[i]);
	return started;
}

/*
 * 16 works that sleep on one CPU all get to run at once: each sleeping
 * worker lets the next one start (without concurrency management they
 * would run one after the other, and only the first would start while
 * the others wait). Timed, 16 x 10 ms take a small multiple of 10 ms; the
 * time is shown, not judged: a loaded TCG host stretches it at will.
 */
static void cmwq_cm_sleepers_spread_test(struct kunit *test)
{
	struct cmwq_workqueue *wq;
	int cpu = cpumask_last(cpu_online_mask), workers, cold_workers;
	s64 cold, warm;

	cmwq_test_require_cm(test);
	wq = cmwq_test_alloc_wq(test, 0, 0);
	/* The first round also creates the workers, one at a time. */
	cold = run_sleepers(test, wq, cpu, CMWQ_NR_SLEEPERS, &cold_workers);
	warm = run_sleepers(test, wq, cpu, CMWQ_NR_SLEEPERS, &workers);
	kunit_info(test, "16 x msleep(10) on cpu %d: %lld ms with %d workers (first round %lld ms, %d workers)\n",
		   cpu, warm, workers, cold, cold_workers);
	KUNIT_EXPECT_GT(test, workers, 1);
	KUNIT_EXPECT_EQ(test, sleepers_at_gate(test, wq, cpu,
					       CMWQ_NR_SLEEPERS),
			CMWQ_NR_SLEEPERS);
	KUNIT_EXPECT_GT(test, wq->cpu_pwqs[cpu]->stats[CMWQ_PWQ_STAT_CM_WAKEUP],
			0ULL);
	cmwq_destroy_workqueue(wq);
}

/* A worker that wakes counts as running again: nr_running comes back. */
static void cmwq_cm_nr_running_restored_test(struct kunit *test)
{
	unsigned long thresh = cmwq_cpu_intensive_thresh_us;
	struct cmwq_workqueue *wq;
	struct cmwq_test_item *it;
	int cpu = cpumask_first(cpu_online_mask);
	struct cmwq_pool *pool = cmwq_cpu_pool(cpu, CMWQ_NORMAL_POOL);
	struct cmwq_test_gate gate, spin_gate;
	int i;

	cmwq_test_require_cm(test);
	/* The spinner must not be taken out of CM as a hog. */
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, 0);
	wq = cmwq_test_alloc_wq(test, 0, 0);
	it = cmwq_test_items(test, 1);
	/* Asleep on the gate, then spinning until the test says: states
	 * that last however slow the host is.
	 */
	cmwq_test_gate_init(&gate);
	cmwq_test_gate_init(&spin_gate);
	it->gate = &gate;
	it->spin_gate = &spin_gate;
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(it));
	wait_for_completion(&it->started);
	/* Sleeping: not counted (once it has gone to sleep). */
	for (i = 0; i < 500 && atomic_read(&pool->nr_running) != 0; i++)
		msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&pool->nr_running), 0);
	/* Awake and spinning: counted again. */
	cmwq_test_gate_open(&gate);
	for (i = 0; i < 100 && atomic_read(&pool->nr_running) != 1; i++)
		msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&pool->nr_running), 1);
	cmwq_test_gate_open(&spin_gate);
	cmwq_test_wait_done(test, it);
	cmwq_flush_workqueue(wq);
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, thresh);
	/* Idle again: the worker counts itself out before it sleeps. */
	for (i = 0; i < 500 && atomic_read(&pool->nr_running) != 0; i++)
		msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&pool->nr_running), 0);
	cmwq_destroy_workqueue(wq);
}

/* CPU-bound works on one CPU run one at a time. */
static void cmwq_cm_cpu_bound_serial_test(struct kunit *test)
{
	unsigned long thresh = cmwq_cpu_intensive_thresh_us;
	struct cmwq_workqueue *wq;
	struct cmwq_test_tracker tr = {};
	struct cmwq_test_item *it;
	int cpu = cpumask_last(cpu_online_mask), i;

	cmwq_test_require_cm(test);
	/* Hog detection would take the long spinners out of CM. */
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, 0);
	wq = cmwq_test_alloc_wq(test, 0, 0);
	it = cmwq_test_items(test, 6);
	tr.pool = cmwq_cpu_pool(cpu, CMWQ_NORMAL_POOL);
	for (i = 0; i < 6; i++) {
		it[i].spin_us = 15000;
		it[i].tracker = &tr;
		cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[i]));
	}
	cmwq_flush_workqueue(wq);
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, thresh);
	KUNIT_EXPECT_EQ(test, atomic_read(&tr.max_running), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&tr.max_nr_running), 1);
	for (i = 0; i < 6; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&it[i].runs), 1);
	cmwq_destroy_workqueue(wq);
}

/* CMWQ_CPU_INTENSIVE works do not hold others back. */
static void cmwq_cm_cpu_intensive_test(struct kunit *test)
{
	struct cmwq_test_gate gate;
	struct cmwq_workqueue *wq;
	struct cmwq_test_tracker tr = {};
	struct cmwq_test_item *it;
	int cpu = cpumask_last(cpu_online_mask), i;
	struct cmwq_pool *pool = cmwq_cpu_pool(cpu, CMWQ_NORMAL_POOL);

	cmwq_test_require_cm(test);
	wq = cmwq_test_alloc_wq(test, CMWQ_CPU_INTENSIVE, 0);
	it = cmwq_test_items(test, 3);
	tr.pool = pool;
	cmwq_test_gate_init(&gate);
	/*
	 * They spin until all three run: a fixed spin could end before a
	 * slow (TCG, loaded host) worker creation lets the third start.
	 */
	for (i = 0; i < 3; i++) {
		it[i].spin_gate = &gate;
		it[i].tracker = &tr;
		cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[i]));
	}
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&it[i].started,
								  5 * HZ), 0UL);
	KUNIT_EXPECT_EQ(test, atomic_read(&pool->nr_running), 0);
	cmwq_test_gate_open(&gate);
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&tr.max_running), 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&tr.max_nr_running), 0);
	cmwq_destroy_workqueue(wq);
}

/*
 * With cpu_intensive_thresh_us at @thresh_us, run a work spinning
 * @spin_us and, once it started, a second work on the same CPU. Returns
 * the two finished items; *@hogs is the pwq's CPU_INTENSIVE count.
 * Used where nothing may start beside the spinner: then its length
 * decides nothing.
 */
static struct cmwq_test_item *run_after_hog(struct kunit *test,
					    unsigned long thresh_us,
					    unsigned int spin_us, u64 *hogs)
{
	unsigned long thresh = cmwq_cpu_intensive_thresh_us;
	int cpu = cpumask_last(cpu_online_mask);
	struct cmwq_workqueue *wq;
	struct cmwq_test_item *it;

	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, thresh_us);
	wq = cmwq_test_alloc_wq(test, 0, 0);
	it = cmwq_test_items(test, 2);
	it[0].spin_us = spin_us;
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[0]));
	wait_for_completion(&it[0].started);
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[1]));
	cmwq_flush_workqueue(wq);
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, thresh);
	*hogs = wq->cpu_pwqs[cpu]->stats[CMWQ_PWQ_STAT_CPU_INTENSIVE];
	cmwq_destroy_workqueue(wq);
	return it;
}

/*
 * A work that spins past cpu_intensive_thresh_us stops counting, so the
 * next work starts before it ends; the hog is counted in the stats. The
 * hog spins until the second work has started (or 10 s): however long
 * the host keeps either vCPU, the second one can only start beside it.
 */
static void cmwq_cm_hog_detection_test(struct kunit *test)
{
	unsigned long thresh = cmwq_cpu_intensive_thresh_us;
	int cpu = cpumask_last(cpu_online_mask);
	struct cmwq_workqueue *wq;
	struct cmwq_test_gate gate;
	struct cmwq_test_item *it;
	bool beside;
	u64 hogs;

	cmwq_test_require_cm(test);
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, 5000);
	wq = cmwq_test_alloc_wq(test, 0, 0);
	it = cmwq_test_items(test, 2);
	cmwq_test_gate_init(&gate);
	it[0].spin_gate = &gate;
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[0]));
	wait_for_completion(&it[0].started);
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[1]));
	beside = wait_for_completion_timeout(&it[1].started, 5 * HZ);
	cmwq_test_gate_open(&gate);
	cmwq_flush_workqueue(wq);
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, thresh);
	hogs = wq->cpu_pwqs[cpu]->stats[CMWQ_PWQ_STAT_CPU_INTENSIVE];
	cmwq_destroy_workqueue(wq);

	KUNIT_EXPECT_TRUE_MSG(test, beside,
			      "the second work waited for the hog");
	KUNIT_EXPECT_LT(test, ktime_to_ns(it[1].start), ktime_to_ns(it[0].end));
	KUNIT_EXPECT_TRUE_MSG(test, it[0].hogged, "the hog was not caught");
	cmwq_test_expect_hogs(test, hogs, 1);
}

/* Without hog detection, the same hog holds the next work back. */
static void cmwq_cm_hog_detection_off_test(struct kunit *test)
{
	struct cmwq_test_item *it;
	u64 hogs;

	cmwq_test_require_cm(test);
	it = run_after_hog(test, 0, 50000, &hogs);
	KUNIT_EXPECT_GE(test, ktime_to_ns(it[1].start), ktime_to_ns(it[0].end));
	KUNIT_EXPECT_EQ(test, hogs, 0ULL);
}

/* Poll @cpu's hog watch for up to @ms: does it ever read @armed? */
static bool hog_watch_reads(int cpu, bool armed, unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);

	do {
		if (cmwq_hog_watch_armed(cpu) == armed)
			return true;
		usleep_range(200, 400);
	} while (time_before(jiffies, end));
	return false;
}

/*
 * The hog watch runs while a concurrency-managed work runs on its CPU,
 * stops while the only work there sleeps, and never starts with the
 * threshold at 0: nothing per item, no interrupt for sleepers.
 */
static void cmwq_cm_hog_watch_test(struct kunit *test)
{
	unsigned long thresh = cmwq_cpu_intensive_thresh_us;
	int cpu = cpumask_last(cpu_online_mask);
	struct cmwq_workqueue *wq;
	struct cmwq_test_gate gate;
	struct cmwq_test_item *it;
	bool ran, stopped, never;

	cmwq_test_require_cm(test);
	wq = cmwq_test_alloc_wq(test, 0, 0);
	it = cmwq_test_items(test, 3);
	/*
	 * Long enough that the spinner is not taken for a hog (which would
	 * stop the watch) even if the host stalls this thread a while.
	 */
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, 2000000);
	cmwq_test_gate_init(&gate);
	it[0].spin_gate = &gate;
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[0]));
	wait_for_completion(&it[0].started);
	ran = hog_watch_reads(cpu, true, 100);
	cmwq_test_gate_open(&gate);
	cmwq_flush_workqueue(wq);
	/* Its 1 s period ends; then a shorter one, for the sleeper. */
	hog_watch_reads(cpu, false, 5000);
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, 200000);

	it[1].sleep_ms = 1000;
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[1]));
	wait_for_completion(&it[1].started);
	stopped = hog_watch_reads(cpu, false, 800);
	cmwq_flush_workqueue(wq);

	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, 0);
	/* Let the watch see the new threshold and stop first. */
	hog_watch_reads(cpu, false, 500);
	it[2].spin_us = 30000;
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[2]));
	wait_for_completion(&it[2].started);
	never = !hog_watch_reads(cpu, true, 20);
	cmwq_flush_workqueue(wq);
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, thresh);
	cmwq_destroy_workqueue(wq);

	KUNIT_EXPECT_TRUE_MSG(test, ran, "no hog watch while a work spun");
	KUNIT_EXPECT_TRUE_MSG(test, stopped,
			      "the hog watch kept running while the work slept");
	KUNIT_EXPECT_TRUE_MSG(test, never, "the hog watch ran at threshold 0");
}

static struct kunit_case cmwq_cm_test_cases[] = {
	KUNIT_CASE(cmwq_cm_sleepers_spread_test),
	KUNIT_CASE(cmwq_cm_nr_running_restored_test),
	KUNIT_CASE(cmwq_cm_cpu_bound_serial_test),
	KUNIT_CASE(cmwq_cm_cpu_intensive_test),
	KUNIT_CASE(cmwq_cm_hog_detection_test),
	KUNIT_CASE(cmwq_cm_hog_detection_off_test),
	KUNIT_CASE(cmwq_cm_hog_watch_test),
	{}
};

static struct kunit_suite cmwq_cm_test_suite = {
	.name = "cmwq_cm",
	.test_cases = cmwq_cm_test_cases,
};
kunit_test_suite(cmwq_cm_test_suite);
