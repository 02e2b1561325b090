// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_cm_policy: the per-pool options after XNU's workqueue
 * (module/cm_policy.c) keep their contracts, and their decisions are
 * counted and traced.
 *
 * The guest's host steals vCPU time at will (TCG): nothing here asserts
 * that something happens within a short time. Windows are much longer
 * than what they must cover, the assertions are orderings, counters and
 * lower bounds, and upper bounds are seconds.
 */
#include <linux/cpu.h>
#include <linux/sort.h>
#include <linux/tracepoint.h>

#include "cmwq_test_util.h"
#include "trace.h"

/* The decisions of a pool, as counted and as traced. */
struct cm_policy_seen {
	int		pool_id;
	atomic_t	traced[CMWQ_CM_NR_STATS];
};

/* The works here have no class: each decision is traced as class none. */
static void cm_policy_probe(void *data, int pool_id, int decision, int class)
{
	struct cm_policy_seen *seen = data;

	if (pool_id == seen->pool_id && decision >= 0 &&
	    decision < CMWQ_CM_NR_STATS && class == CMWQ_CLASS_NONE)
		atomic_inc(&seen->traced[decision]);
}

static void stats_snap(struct cmwq_pool *pool, u64 *stats)
{
	int i;

	for (i = 0; i < CMWQ_CM_NR_STATS; i++)
		stats[i] = cmwq_cm_stat(pool, i);
}

static void set_opts(struct kunit *test, struct cmwq_pool *pool, int window,
		     int interval, int reap)
{
	struct cmwq_cm_opts o = {
		.blocked_window_us = window,
		.create_interval_us = interval,
		.reap_scaled = reap,
	};

	KUNIT_ASSERT_EQ(test, cmwq_cm_policy_set(pool, &o), 0);
}

/* Back to upstream's behaviour: every option off. */
static void opts_off(struct kunit *test, struct cmwq_pool *pool)
{
	set_opts(test, pool, 0, 0, 0);
}

static int nr_workers(struct cmwq_pool *pool)
{
	int n;

	raw_spin_lock_irq(&pool->lock);
	n = pool->nr_workers;
	raw_spin_unlock_irq(&pool->lock);
	return n;
}

/*
 * Leave @pool as the suites after this one expect it, its surplus idle
 * workers reaped: scaled reaping with a 100 ms timeout takes it down to
 * its two idle workers.
 */
static void settle_pool(struct kunit *test, struct cmwq_pool *pool)
{
	unsigned int timeout = cmwq_idle_timeout_ms;
	int i;

	WRITE_ONCE(cmwq_idle_timeout_ms, 100);
	set_opts(test, pool, 0, 0, 1);
	for (i = 0; i < 250 && nr_workers(pool) > 2; i++)
		msleep(20);
	opts_off(test, pool);
	WRITE_ONCE(cmwq_idle_timeout_ms, timeout);
	if (nr_workers(pool) > 2)
		kunit_info(test, "pool %d kept %d workers\n", pool->id,
			   nr_workers(pool));
}

/*
 * A spins (CPU-bound, so still counted) until B is queued behind it on
 * the same CPU, then sleeps @sleep_ms: with B pending and nothing else
 * running, that sleep is a block that concurrency management acts on.
 * Returns A and B, finished.
 */
static struct cmwq_test_item *block_with_one_behind(struct kunit *test,
						    struct cmwq_workqueue *wq,
						    int cpu,
						    unsigned int sleep_ms,
						    ktime_t *released)
{
	struct cmwq_test_item *it = cmwq_test_items(test, 2);
	struct cmwq_test_gate spin_gate;

	cmwq_test_gate_init(&spin_gate);
	it[0].spin_gate = &spin_gate;
	it[0].sleep_ms = sleep_ms;
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[0]));
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&it[0].started,
							  10 * HZ), 0UL);
	/* A runs and counts: B waits on the worklist, nobody is woken. */
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[1]));
	*released = ktime_get();
	cmwq_test_gate_open(&spin_gate);
	cmwq_test_wait_done(test, &it[0]);
	cmwq_test_wait_done(test, &it[1]);
	return it;
}

/*
 * Window 1 s, A sleeps 1 ms: A is back long before the window ends, so
 * no second worker runs B: B starts after A ended, on A's worker, and the
 * window's end counts "held" and wakes nobody.
 */
static void cmwq_cm_policy_window_short_sleep_test(struct kunit *test)
{
	unsigned long thresh = cmwq_cpu_intensive_thresh_us;
	int cpu = cpumask_last(cpu_online_mask), i;
	struct cmwq_pool *pool = cmwq_cpu_pool(cpu, CMWQ_HIGHPRI_POOL);
	struct cm_policy_seen seen = { .pool_id = pool->id };
	u64 before[CMWQ_CM_NR_STATS], after[CMWQ_CM_NR_STATS];
	struct cmwq_workqueue *wq;
	struct cmwq_test_item *it;
	ktime_t released;

	cmwq_test_require_cm(test);
	KUNIT_ASSERT_EQ(test, register_trace_cmwq_cm_decision(cm_policy_probe,
							      &seen), 0);
	/* A's spin must not make it a hog, which would wake a worker. */
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, 0);
	wq = cmwq_test_alloc_wq(test, CMWQ_HIGHPRI, 0);
	set_opts(test, pool, CMWQ_CM_MAX_WINDOW_US, -1, -1);
	stats_snap(pool, before);
	it = block_with_one_behind(test, wq, cpu, 1, &released);
	/* The window ends 1 s after the block: wait for its verdict. */
	for (i = 0; i < 500 && cmwq_cm_stat(pool, CMWQ_CM_STAT_HELD) ==
			       before[CMWQ_CM_STAT_HELD]; i++)
		msleep(20);
	stats_snap(pool, after);
	opts_off(test, pool);
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, thresh);
	cmwq_destroy_workqueue(wq);
	unregister_trace_cmwq_cm_decision(cm_policy_probe, &seen);
	tracepoint_synchronize_unregister();
	settle_pool(test, pool);

	kunit_info(test, "B started %lld us after A ended; held %llu woken %llu create %llu\n",
		   ktime_us_delta(it[1].start, it[0].end),
		   after[CMWQ_CM_STAT_HELD] - before[CMWQ_CM_STAT_HELD],
		   after[CMWQ_CM_STAT_WOKEN] - before[CMWQ_CM_STAT_WOKEN],
		   after[CMWQ_CM_STAT_CREATE] - before[CMWQ_CM_STAT_CREATE]);
	KUNIT_EXPECT_GE(test, after[CMWQ_CM_STAT_HELD] -
			      before[CMWQ_CM_STAT_HELD], 1ULL);
	KUNIT_EXPECT_EQ(test, after[CMWQ_CM_STAT_WOKEN] +
			      after[CMWQ_CM_STAT_CREATE],
			before[CMWQ_CM_STAT_WOKEN] +
			before[CMWQ_CM_STAT_CREATE]);
	KUNIT_EXPECT_TRUE_MSG(test, ktime_compare(it[1].start, it[0].end) >= 0,
			      "B started while A slept: a worker was woken");
	KUNIT_EXPECT_PTR_EQ(test, it[1].task, it[0].task);
	/* The tracepoint saw every decision that was counted. */
	KUNIT_EXPECT_EQ(test, (u64)atomic_read(&seen.traced[CMWQ_CM_STAT_HELD]),
			after[CMWQ_CM_STAT_HELD] - before[CMWQ_CM_STAT_HELD]);
}

/*
 * Window 20 ms, A sleeps 2 s: the window ends with A still asleep, so a
 * worker is woken for B, which starts before A ends, on another worker,
 * but not before the window has passed.
 */
static void cmwq_cm_policy_window_long_sleep_test(struct kunit *test)
{
	unsigned long thresh = cmwq_cpu_intensive_thresh_us;
	int cpu = cpumask_last(cpu_online_mask);
	struct cmwq_pool *pool = cmwq_cpu_pool(cpu, CMWQ_HIGHPRI_POOL);
	u64 before[CMWQ_CM_NR_STATS], after[CMWQ_CM_NR_STATS];
	struct cmwq_workqueue *wq;
	struct cmwq_test_item *it;
	ktime_t released;

	cmwq_test_require_cm(test);
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, 0);
	wq = cmwq_test_alloc_wq(test, CMWQ_HIGHPRI, 0);
	set_opts(test, pool, 20000, -1, -1);
	stats_snap(pool, before);
	it = block_with_one_behind(test, wq, cpu, 2000, &released);
	stats_snap(pool, after);
	opts_off(test, pool);
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, thresh);
	cmwq_destroy_workqueue(wq);
	settle_pool(test, pool);

	kunit_info(test, "B started %lld ms after A's release, %lld ms before A ended\n",
		   ktime_ms_delta(it[1].start, released),
		   ktime_ms_delta(it[0].end, it[1].start));
	KUNIT_EXPECT_TRUE_MSG(test, ktime_before(it[1].start, it[0].end),
			      "B waited for A: nobody was woken");
	KUNIT_EXPECT_PTR_NE(test, it[1].task, it[0].task);
	/* A blocked after its release: B cannot start before the window. */
	KUNIT_EXPECT_GE(test, ktime_us_delta(it[1].start, released), 20000LL);
	KUNIT_EXPECT_GE(test, after[CMWQ_CM_STAT_WOKEN] +
			      after[CMWQ_CM_STAT_CREATE],
			before[CMWQ_CM_STAT_WOKEN] +
			before[CMWQ_CM_STAT_CREATE] + 1);
	KUNIT_EXPECT_EQ(test, after[CMWQ_CM_STAT_HELD],
			before[CMWQ_CM_STAT_HELD]);
}

/*
 * A window of 1 s holds B behind A, which sleeps 3 s; the window is then
 * cut short, by turning the option off or by taking the pool's CPU
 * offline. Right after, no window timer is left (the CPU's would
 * otherwise move to another CPU and fire there for a disassociated
 * pool), and B runs while A still sleeps: nothing stays stranded.
 */
static void window_cut_short(struct kunit *test, bool by_hotplug)
{
	unsigned long thresh = cmwq_cpu_intensive_thresh_us;
	int cpu = cpumask_last(cpu_online_mask);
	struct cmwq_pool *pool = cmwq_cpu_pool(cpu, CMWQ_HIGHPRI_POOL);
	struct cmwq_test_gate spin_gate;
	struct cmwq_workqueue *wq;
	struct cmwq_test_item *it;
	bool armed;

	cmwq_test_require_cm(test);
	if (by_hotplug && cpu <= 0)
		kunit_skip(test, "needs a second online CPU");
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, 0);
	wq = cmwq_test_alloc_wq(test, CMWQ_HIGHPRI, 0);
	it = cmwq_test_items(test, 2);
	cmwq_test_gate_init(&spin_gate);
	set_opts(test, pool, CMWQ_CM_MAX_WINDOW_US, -1, -1);
	it[0].spin_gate = &spin_gate;
	it[0].sleep_ms = 3000;
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[0]));
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&it[0].started,
							  10 * HZ), 0UL);
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[1]));
	cmwq_test_gate_open(&spin_gate);
	/* A is asleep (its worker no longer counts) and the window open. */
	msleep(50);
	if (by_hotplug) {
		if (remove_cpu(cpu)) {
			kunit_info(test, "CPU %d cannot go offline: the option ends the window\n",
				   cpu);
			by_hotplug = false;
		}
	}
	if (!by_hotplug)
		set_opts(test, pool, 0, -1, -1);
	armed = hrtimer_active(&pool->cm_policy.window_timer);
	cmwq_test_wait_done(test, &it[1]);
	cmwq_test_wait_done(test, &it[0]);
	if (by_hotplug)
		KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
	opts_off(test, pool);
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, thresh);
	cmwq_destroy_workqueue(wq);
	settle_pool(test, pool);

	KUNIT_EXPECT_FALSE_MSG(test, armed, "the window timer outlived %s",
			       by_hotplug ? "the CPU" : "the option");
	KUNIT_EXPECT_TRUE_MSG(test, ktime_before(it[1].start, it[0].end),
			      "B waited for A: the window stranded it");
}

static void cmwq_cm_policy_window_off_test(struct kunit *test)
{
	window_cut_short(test, false);
}

static void cmwq_cm_policy_window_hotplug_test(struct kunit *test)
{
	window_cut_short(test, true);
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

#define CM_POLICY_MAX_BURST	64
#define CM_POLICY_PACE_US	250000

/*
 * A burst of blocking items on a pool with a creation interval: the
 * workers created for it fork at least the interval apart, and creations
 * asked for too soon are counted as deferred.
 */
static void cmwq_cm_policy_paced_creation_test(struct kunit *test)
{
	int cpu = cpumask_first(cpu_online_mask), n, i, j, nr_new = 0;
	struct cmwq_pool *pool = cmwq_cpu_pool(cpu, CMWQ_HIGHPRI_POOL);
	u64 before[CMWQ_CM_NR_STATS], after[CMWQ_CM_NR_STATS];
	u64 *forks;
	struct cmwq_workqueue *wq;
	struct cmwq_test_item *it;
	struct cmwq_test_gate gate;
	u64 t0;

	cmwq_test_require_cm(test);
	/* Four more than the pool has: at least four must be created. */
	n = nr_workers(pool) + 4;
	if (n > CM_POLICY_MAX_BURST)
		kunit_skip(test, "pool %d has %d workers already", pool->id,
			   n - 4);
	forks = kunit_kcalloc(test, n, sizeof(*forks), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, forks);
	wq = cmwq_test_alloc_wq(test, CMWQ_HIGHPRI, 0);
	it = cmwq_test_items(test, n);
	cmwq_test_gate_init(&gate);
	set_opts(test, pool, -1, CM_POLICY_PACE_US, -1);
	stats_snap(pool, before);
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++) {
		it[i].gate = &gate;
		cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[i]));
	}
	/* Each blocks at the gate: all start, one new worker per interval. */
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_NE(test, wait_for_completion_timeout(&it[i].started,
								  30 * HZ),
				0UL);
	/* Fork times of the workers created during the burst, in order. */
	for (i = 0; i < n; i++) {
		u64 start = it[i].task ? it[i].task->start_time : 0;

		if (start <= t0)
			continue;
		for (j = 0; j < nr_new && forks[j] != start; j++)
			;
		if (j == nr_new)
			forks[nr_new++] = start;
	}
	cmwq_test_gate_open(&gate);
	for (i = 0; i < n; i++)
		cmwq_test_wait_done(test, &it[i]);
	stats_snap(pool, after);
	opts_off(test, pool);
	cmwq_destroy_workqueue(wq);
	settle_pool(test, pool);

	sort(forks, nr_new, sizeof(*forks), cmp_u64, NULL);
	kunit_info(test, "%d items, %d new workers; created %llu, deferred %llu\n",
		   n, nr_new,
		   after[CMWQ_CM_STAT_CREATED] - before[CMWQ_CM_STAT_CREATED],
		   after[CMWQ_CM_STAT_DEFERRED] - before[CMWQ_CM_STAT_DEFERRED]);
	KUNIT_EXPECT_GE(test, nr_new, 3);
	for (i = 1; i < nr_new; i++) {
		kunit_info(test, "fork gap %d: %llu us\n", i,
			   div_u64(forks[i] - forks[i - 1], NSEC_PER_USEC));
		KUNIT_EXPECT_GE(test, forks[i] - forks[i - 1],
				(u64)CM_POLICY_PACE_US * NSEC_PER_USEC);
	}
	KUNIT_EXPECT_GE(test, after[CMWQ_CM_STAT_CREATED] -
			      before[CMWQ_CM_STAT_CREATED], 4ULL);
	KUNIT_EXPECT_GE(test, after[CMWQ_CM_STAT_DEFERRED] -
			      before[CMWQ_CM_STAT_DEFERRED], 1ULL);
}

/* Add @n idle workers to @pool through the control file. */
static void add_idle_workers(struct kunit *test, struct cmwq_pool *pool,
			     int n)
{
	char line[48];

	while (n--) {
		snprintf(line, sizeof(line), "create_worker pool=%d", pool->id);
		KUNIT_ASSERT_EQ(test, cmwq_control_exec(line), 0);
	}
}

#define CM_POLICY_REAP_TIMEOUT_MS	30000
#define CM_POLICY_REAP_BURST		40
#define CM_POLICY_REAP_DOWN_TO		20

/*
 * 40 idle workers on a pool, idle_timeout_ms 30 s: reaped at a fixed
 * timeout, none goes in the first 2 s; reaped load-scaled, the pool is
 * down to 20 well before the timeout (the scaled timeout of 21 idle
 * workers is 2/21 of it, under 3 s; the test allows half the timeout),
 * and never below its 2 idle ones.
 */
static void cmwq_cm_policy_scaled_reap_test(struct kunit *test)
{
	unsigned int timeout = cmwq_idle_timeout_ms;
	int cpu = cpumask_last(cpu_online_mask), fixed, low = INT_MAX, n;
	struct cmwq_pool *pool = cmwq_cpu_pool(cpu, CMWQ_NORMAL_POOL);
	ktime_t made, deadline;
	s64 took = -1;

	WRITE_ONCE(cmwq_idle_timeout_ms, CM_POLICY_REAP_TIMEOUT_MS);
	add_idle_workers(test, pool, CM_POLICY_REAP_BURST);
	made = ktime_get();
	msleep(2000);
	fixed = nr_workers(pool);

	set_opts(test, pool, -1, -1, 1);
	deadline = ktime_add_ms(made, CM_POLICY_REAP_TIMEOUT_MS / 2);
	while (ktime_before(ktime_get(), deadline)) {
		n = nr_workers(pool);
		low = min(low, n);
		if (n <= CM_POLICY_REAP_DOWN_TO) {
			took = ktime_ms_delta(ktime_get(), made);
			break;
		}
		msleep(20);
	}
	opts_off(test, pool);
	WRITE_ONCE(cmwq_idle_timeout_ms, timeout);
	settle_pool(test, pool);

	kunit_info(test, "pool %d: %d workers after 2 s at a fixed timeout; scaled: down to %d after %lld ms\n",
		   pool->id, fixed, CM_POLICY_REAP_DOWN_TO, took);
	KUNIT_EXPECT_GE(test, fixed, CM_POLICY_REAP_BURST);
	KUNIT_EXPECT_GE_MSG(test, took, 0LL,
			    "still %d workers after %d ms", low,
			    CM_POLICY_REAP_TIMEOUT_MS / 2);
	KUNIT_EXPECT_GE(test, low, 2);
}

/*
 * Scaled reaping with a 200 ms timeout takes a pool down to its two idle
 * workers and leaves them there: 2 s later (10 timeouts) both remain.
 */
static void cmwq_cm_policy_scaled_reap_keeps_two_test(struct kunit *test)
{
	unsigned int timeout = cmwq_idle_timeout_ms;
	int cpu = cpumask_first(cpu_online_mask), i, n = 0, low = INT_MAX;
	struct cmwq_pool *pool = cmwq_cpu_pool(cpu, CMWQ_NORMAL_POOL);

	WRITE_ONCE(cmwq_idle_timeout_ms, 200);
	set_opts(test, pool, -1, -1, 1);
	add_idle_workers(test, pool, 6);
	for (i = 0; i < 500 && (n = nr_workers(pool)) > 2; i++)
		msleep(20);
	for (i = 0; i < 100; i++) {
		low = min(low, nr_workers(pool));
		msleep(20);
	}
	opts_off(test, pool);
	WRITE_ONCE(cmwq_idle_timeout_ms, timeout);

	KUNIT_EXPECT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, low, 2);
}

/*
 * A work queued on a pwq at max_active waits on the inactive list, and
 * the pwq counts it: 3 works at max_active 1 count 2.
 */
static void cmwq_cm_policy_max_active_reached_test(struct kunit *test)
{
	int cpu = cpumask_first(cpu_online_mask), i;
	struct cmwq_workqueue *wq;
	struct cmwq_test_item *it;
	struct cmwq_test_gate gate;
	struct cmwq_pwq *pwq;
	u64 reached;

	wq = cmwq_test_alloc_wq(test, 0, 1);
	it = cmwq_test_items(test, 3);
	cmwq_test_gate_init(&gate);
	for (i = 0; i < 3; i++) {
		it[i].gate = &gate;
		cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[i]));
	}
	cmwq_test_gate_open(&gate);
	cmwq_flush_workqueue(wq);
	pwq = wq->cpu_pwqs[cpu];
	raw_spin_lock_irq(&pwq->pool->lock);
	reached = pwq->stats[CMWQ_PWQ_STAT_MAX_ACTIVE];
	raw_spin_unlock_irq(&pwq->pool->lock);
	cmwq_destroy_workqueue(wq);
	KUNIT_EXPECT_EQ(test, reached, 2ULL);
}

static int exec(struct kunit *test, const char *cmd)
{
	size_t size = strlen(cmd) + 1;
	char *line = kunit_kmalloc(test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, line);
	memcpy(line, cmd, size);
	return cmwq_control_exec(line);
}

/*
 * set_pool: good input sets exactly what it names; bad input fails with
 * its reason in last_error and changes nothing, even the valid part.
 */
static void cmwq_cm_policy_set_pool_test(struct kunit *test)
{
	struct cmwq_pool *pool = cmwq_cpu_pool(0, CMWQ_NORMAL_POOL);
	struct cmwq_cm_policy *cp = &pool->cm_policy;
	static const struct {
		const char *args;
		int err;
		const char *reason;
	} bad[] = {
		{ "", -EINVAL, "nothing to set" },
		{ "reap=sometimes", -EINVAL, "reap=sometimes: fixed or scaled" },
		{ "create_interval_us=5 reap=bad", -EINVAL, "reap=bad" },
		{ "blocked_window_us=1000001", -ERANGE, "out of range" },
		{ "create_interval_us=-1", -ERANGE, "out of range" },
		{ "blocked_window_us=x", -EINVAL, "not an integer" },
		{ "window=5", -EINVAL, "unknown argument window=" },
	};
	char cmd[128], err[CMWQ_ERROR_LEN];
	int i, bh_id = -1, id;
	struct cmwq_pool *p;

	snprintf(cmd, sizeof(cmd),
		 "set_pool pool=%d create_interval_us=7 reap=scaled", pool->id);
	KUNIT_ASSERT_EQ(test, exec(test, cmd), 0);
	KUNIT_EXPECT_EQ(test, cp->create_interval_us, 7U);
	KUNIT_EXPECT_TRUE(test, cp->reap_scaled);
	KUNIT_EXPECT_EQ(test, cp->blocked_window_us, 0U);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(cmd, sizeof(cmd), "set_pool pool=%d %s", pool->id,
			 bad[i].args);
		KUNIT_EXPECT_EQ_MSG(test, exec(test, cmd), bad[i].err, "%s",
				    cmd);
		cmwq_control_last_error(err, sizeof(err));
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(err, bad[i].reason),
					  "%s: last_error '%s'", cmd, err);
		KUNIT_EXPECT_EQ(test, cp->create_interval_us, 7U);
		KUNIT_EXPECT_TRUE(test, cp->reap_scaled);
		KUNIT_EXPECT_EQ(test, cp->blocked_window_us, 0U);
	}
	KUNIT_EXPECT_EQ(test, exec(test, "set_pool pool=999999 reap=fixed"),
			-ENOENT);
	mutex_lock(&cmwq_pool_mutex);
	idr_for_each_entry(&cmwq_pool_idr, p, id)
		if (p->flags & CMWQ_POOL_BH) {
			bh_id = id;
			break;
		}
	mutex_unlock(&cmwq_pool_mutex);
	if (bh_id >= 0) {
		snprintf(cmd, sizeof(cmd), "set_pool pool=%d reap=scaled",
			 bh_id);
		KUNIT_EXPECT_EQ(test, exec(test, cmd), -EINVAL);
		cmwq_control_last_error(err, sizeof(err));
		KUNIT_EXPECT_NOT_NULL(test, strstr(err, "BH pool"));
	}

	snprintf(cmd, sizeof(cmd),
		 "set_pool pool=%d create_interval_us=0 reap=fixed", pool->id);
	KUNIT_EXPECT_EQ(test, exec(test, cmd), 0);
	KUNIT_EXPECT_EQ(test, cp->create_interval_us, 0U);
	KUNIT_EXPECT_FALSE(test, cp->reap_scaled);
	opts_off(test, pool);
}

static struct kunit_case cmwq_cm_policy_test_cases[] = {
	KUNIT_CASE(cmwq_cm_policy_set_pool_test),
	KUNIT_CASE(cmwq_cm_policy_max_active_reached_test),
	KUNIT_CASE(cmwq_cm_policy_window_short_sleep_test),
	KUNIT_CASE(cmwq_cm_policy_window_long_sleep_test),
	KUNIT_CASE(cmwq_cm_policy_window_off_test),
	KUNIT_CASE(cmwq_cm_policy_window_hotplug_test),
	KUNIT_CASE(cmwq_cm_policy_paced_creation_test),
	KUNIT_CASE(cmwq_cm_policy_scaled_reap_test),
	KUNIT_CASE(cmwq_cm_policy_scaled_reap_keeps_two_test),
	{}
};

static struct kunit_suite cmwq_cm_policy_test_suite = {
	.name = "cmwq_cm_policy",
	.test_cases = cmwq_cm_policy_test_cases,
};
kunit_test_suite(cmwq_cm_policy_test_suite);
