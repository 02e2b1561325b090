// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: work classes with per-pool caps, io-wq's IO_WQ_ACCT_BOUND and
 * IO_WQ_ACCT_UNBOUND (module/work_class.c). A class's cap is never
 * exceeded, the other class progresses meanwhile, parked works are
 * pending for cancel, flush and destroy, a raised cap hands parked works
 * on, the counters count, and bad arguments change nothing.
 *
 * Every case runs on one CPU's normal pool, whose caps the suite's exit
 * sets back to 0 (no cap) whatever happened.
 */
#include <linux/kthread.h>
#include <linux/tracepoint.h>

#include "cmwq_test_util.h"
#include "trace.h"

struct citem {
	struct cmwq_work	work;
	struct cmwq_test_gate	*spin_gate; /* first spin until it opens */
	struct cmwq_test_gate	*gate;	/* then sleep until it opens */
	atomic_t		*running;	/* items of its class running */
	atomic_t		*max_running;	/* ... at most, seen at start */
	atomic_t		runs;
	struct completion	started, done;
};

static void citem_fn(struct cmwq_work *work)
{
	struct citem *it = container_of(work, struct citem, work);

	if (it->running)
		cmwq_test_atomic_max(it->max_running,
				     atomic_inc_return(it->running));
	complete(&it->started);
	if (it->spin_gate) {
		u64 end = ktime_get_ns() + 10 * NSEC_PER_SEC;

		/* Running, counted by CM, until the test opens it. */
		while (!READ_ONCE(it->spin_gate->open) && ktime_get_ns() < end)
			cpu_relax();
	}
	if (it->gate)
		wait_event(it->gate->wq, READ_ONCE(it->gate->open));
	if (it->running)
		atomic_dec(it->running);
	atomic_inc(&it->runs);
	complete(&it->done);
}

static struct citem *citems(struct kunit *test, int n,
			    struct cmwq_test_gate *gate, atomic_t *running,
			    atomic_t *max_running)
{
	struct citem *it = CMWQ_TEST_ALLOC_ITEMS(test, n, struct citem,
						 citem_fn);
	int i;

	for (i = 0; i < n; i++) {
		it[i].gate = gate;
		it[i].running = running;
		it[i].max_running = max_running;
	}
	return it;
}

/* The pool every case uses, and its CPU. */
static int class_cpu(void)
{
	return cpumask_first(cpu_online_mask);
}

static struct cmwq_pool *class_pool(void)
{
	return cmwq_cpu_pool(class_cpu(), CMWQ_NORMAL_POOL);
}

static void set_cap(struct kunit *test, enum cmwq_work_class class,
		    unsigned int max)
{
	KUNIT_ASSERT_EQ(test, cmwq_pool_set_class_max(class_pool(), class,
						      max), 0);
}

static bool queue_c(struct cmwq_workqueue *wq, struct citem *it,
		    enum cmwq_work_class class)
{
	return cmwq_queue_work_class_on(class_cpu(), wq, &it->work, class);
}

static unsigned int nr_parked(enum cmwq_work_class class)
{
	return cmwq_class_stat(class_pool(), class, true);
}

/* Poll (20 ms steps, 10 s at most) until @class has @n works parked. */
static void wait_parked(struct kunit *test, enum cmwq_work_class class,
			unsigned int n)
{
	int i;

	for (i = 0; i < 500 && nr_parked(class) != n; i++)
		msleep(20);
	/*
	 * Not an assertion: a case that goes on opens its gates, so that a
	 * failure here leaves no work blocked on a gate of a dead frame.
	 */
	KUNIT_EXPECT_EQ_MSG(test, nr_parked(class), n,
			    "parked works of class %d did not reach %u in 10 s",
			    class, n);
}

/*
 * Queue @n items of @class (its cap @cap): the first @cap start, the
 * rest park. Their gate, if any, keeps the first ones running.
 */
static void fill_to_cap(struct kunit *test, struct cmwq_workqueue *wq,
			struct citem *it, int n, enum cmwq_work_class class,
			int cap)
{
	int i;

	set_cap(test, class, cap);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_TRUE(test, queue_c(wq, &it[i], class));
	for (i = 0; i < cap && i < n; i++)
		cmwq_test_wait_completion(test, &it[i].started);
	wait_parked(test, class, n > cap ? n - cap : 0);
}

static void wait_all(struct kunit *test, struct citem *it, int n)
{
	int i;

	for (i = 0; i < n; i++)
		cmwq_test_wait_completion(test, &it[i].done);
}

/* The hog threshold a case turned off, for the exit to put back. */
static unsigned long class_saved_thresh = ULONG_MAX;

static void cmwq_class_exit(struct kunit *test)
{
	if (class_saved_thresh != ULONG_MAX) {
		WRITE_ONCE(cmwq_cpu_intensive_thresh_us, class_saved_thresh);
		class_saved_thresh = ULONG_MAX;
	}
	cmwq_pool_set_class_max(class_pool(), CMWQ_CLASS_BOUNDED, 0);
	cmwq_pool_set_class_max(class_pool(), CMWQ_CLASS_UNBOUNDED, 0);
}

/*
 * (1) unbounded_max=2, 8 unbounded works blocked on a gate: 2 run, 6
 * park; never more than 2 at once; each of the 8 runs once after the gate
 * opens. (6) class_cap_reached counts the 6, and the tracepoint fires.
 */
struct cap_seen {
	int		pool_id;
	atomic_t	n;
};

static void class_cap_probe(void *data, int pool_id, int class,
			    unsigned int max, unsigned int claimed,
			    unsigned int parked)
{
	struct cap_seen *seen = data;

	if (pool_id == seen->pool_id && class == CMWQ_CLASS_UNBOUNDED &&
	    claimed <= max)
		atomic_inc(&seen->n);
}

static void cmwq_class_cap_test(struct kunit *test)
{
	struct cap_seen seen = { .pool_id = class_pool()->id };
	bool traced;
	atomic_t running = ATOMIC_INIT(0), max_running = ATOMIC_INIT(0);
	struct cmwq_test_gate gate;
	struct cmwq_workqueue *wq;
	struct citem *it;
	u64 reached;
	int i;

	cmwq_test_gate_init(&gate);
	wq = cmwq_test_alloc_wq(test, 0, 0);
	it = citems(test, 8, &gate, &running, &max_running);
	/* A kernel without tracepoints (UML's) has none to register. */
	traced = IS_ENABLED(CONFIG_TRACEPOINTS);
	if (traced)
		KUNIT_ASSERT_EQ(test,
				register_trace_cmwq_class_cap(class_cap_probe,
							      &seen), 0);
	reached = cmwq_class_stat(class_pool(), CMWQ_CLASS_UNBOUNDED, false);
	fill_to_cap(test, wq, it, 8, CMWQ_CLASS_UNBOUNDED, 2);
	for (i = 2; i < 8; i++) {
		KUNIT_EXPECT_TRUE(test, cmwq_work_pending(&it[i].work));
		KUNIT_EXPECT_FALSE(test, completion_done(&it[i].started));
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&max_running), 2);
	KUNIT_EXPECT_EQ(test, cmwq_class_stat(class_pool(),
					      CMWQ_CLASS_UNBOUNDED, false) -
			      reached, 6ULL);
	cmwq_test_gate_open(&gate);
	wait_all(test, it, 8);
	if (traced) {
		unregister_trace_cmwq_class_cap(class_cap_probe, &seen);
		tracepoint_synchronize_unregister();
		KUNIT_EXPECT_EQ(test, atomic_read(&seen.n), 6);
	}
	KUNIT_EXPECT_LE(test, atomic_read(&max_running), 2);
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&it[i].runs), 1);
	KUNIT_EXPECT_EQ(test, nr_parked(CMWQ_CLASS_UNBOUNDED), 0U);
	cmwq_destroy_workqueue(wq);
}

/*
 * Four works of @held behind a gate fill its cap @cap (the rest park);
 * works of @other, and an unclassed one, queued after them all complete
 * meanwhile. Then the gate opens: the held class never ran more than
 * @cap at once, and each of its works ran once.
 */
static void other_class_progresses(struct kunit *test,
				   enum cmwq_work_class held, int cap,
				   enum cmwq_work_class other)
{
	atomic_t running = ATOMIC_INIT(0), max_running = ATOMIC_INIT(0);
	struct cmwq_test_gate gate;
	struct cmwq_workqueue *wq;
	struct citem *h, *o;
	int i;

	cmwq_test_gate_init(&gate);
	wq = cmwq_test_alloc_wq(test, 0, 0);
	h = citems(test, 4, &gate, &running, &max_running);
	o = citems(test, 4, NULL, NULL, NULL);
	fill_to_cap(test, wq, h, 4, held, cap);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_TRUE(test, queue_c(wq, &o[i], other));
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work_on(class_cpu(), wq,
						   &o[3].work));
	/* All while the held class still has its slots and parked works. */
	wait_all(test, o, 4);
	KUNIT_EXPECT_EQ(test, nr_parked(held), 4U - cap);
	KUNIT_EXPECT_FALSE(test, completion_done(&h[0].done));
	KUNIT_EXPECT_EQ(test, atomic_read(&max_running), cap);
	cmwq_test_gate_open(&gate);
	wait_all(test, h, 4);
	KUNIT_EXPECT_EQ(test, atomic_read(&max_running), cap);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&h[i].runs), 1);
	cmwq_destroy_workqueue(wq);
}

/*
 * (2) With unbounded works blocked at their cap (2) and more parked,
 * bounded works queued after them all complete; so do unclassed ones.
 */
static void cmwq_class_other_progresses_test(struct kunit *test)
{
	other_class_progresses(test, CMWQ_CLASS_UNBOUNDED, 2,
			       CMWQ_CLASS_BOUNDED);
}

/* (3) The same with the bounded class at its cap (1). */
static void cmwq_class_bounded_cap_test(struct kunit *test)
{
	other_class_progresses(test, CMWQ_CLASS_BOUNDED, 1,
			       CMWQ_CLASS_UNBOUNDED);
}

/* A flush_work() of a parked work, from a kthread. */
struct flusher {
	struct cmwq_work	*work;
	struct citem		*target;
	int			runs_at_return;
	struct completion	started, done;
};

static int flusher_fn(void *arg)
{
	struct flusher *f = arg;

	complete(&f->started);
	cmwq_flush_work(f->work);
	f->runs_at_return = atomic_read(&f->target->runs);
	complete(&f->done);
	return 0;
}

/*
 * (4) bounded_max=1, one work running behind a gate, three parked: a
 * cancel of a parked one returns true and it never runs; flush_work() of
 * a parked one returns only after it ran; the rest run once.
 */
static void cmwq_class_cancel_flush_test(struct kunit *test)
{
	struct cmwq_test_gate gate;
	struct cmwq_workqueue *wq;
	struct task_struct *task;
	struct flusher f = {};
	struct citem *it;

	cmwq_test_gate_init(&gate);
	init_completion(&f.started);
	init_completion(&f.done);
	wq = cmwq_test_alloc_wq(test, 0, 0);
	it = citems(test, 4, NULL, NULL, NULL);
	it[0].gate = &gate;
	fill_to_cap(test, wq, it, 4, CMWQ_CLASS_BOUNDED, 1);
	/* Parked: pending, so queueing it again does nothing. */
	KUNIT_EXPECT_FALSE(test, queue_c(wq, &it[1], CMWQ_CLASS_BOUNDED));
	KUNIT_EXPECT_FALSE(test, cmwq_queue_work(wq, &it[1].work));
	KUNIT_EXPECT_TRUE(test, cmwq_cancel_work(&it[1].work));
	KUNIT_EXPECT_FALSE(test, cmwq_work_pending(&it[1].work));
	KUNIT_EXPECT_EQ(test, nr_parked(CMWQ_CLASS_BOUNDED), 2U);
	KUNIT_EXPECT_TRUE(test, cmwq_cancel_work_sync(&it[2].work));
	KUNIT_EXPECT_EQ(test, nr_parked(CMWQ_CLASS_BOUNDED), 1U);

	f.work = &it[3].work;
	f.target = &it[3];
	task = kthread_run(flusher_fn, &f, "cmwq-class-flush");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	cmwq_test_wait_completion(test, &f.started);
	/* it[3] stays parked while it[0] holds the only slot. */
	KUNIT_EXPECT_EQ(test, nr_parked(CMWQ_CLASS_BOUNDED), 1U);
	cmwq_test_gate_open(&gate);
	cmwq_test_wait_completion(test, &f.done);
	KUNIT_EXPECT_EQ(test, f.runs_at_return, 1);
	cmwq_test_wait_completion(test, &it[0].done);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[2].runs), 0);
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[2].runs), 0);
	KUNIT_EXPECT_EQ(test, nr_parked(CMWQ_CLASS_BOUNDED), 0U);
	cmwq_destroy_workqueue(wq);
}

/*
 * (4) A cancel of a claimed work that has not started yet gives its slot
 * to the first parked one. On a max_active 1 workqueue an unclassed
 * it[0] runs behind a gate; it[1] (unbounded_max=1) claims the slot and
 * waits inactive; it[2] parks. Cancelling it[1] hands the slot to it[2],
 * which runs once it[0] is done.
 */
static void cmwq_class_cancel_claimed_test(struct kunit *test)
{
	struct cmwq_test_gate gate;
	struct cmwq_workqueue *wq;
	struct citem *it;

	cmwq_test_gate_init(&gate);
	wq = cmwq_test_alloc_wq(test, 0, 1);
	it = citems(test, 3, NULL, NULL, NULL);
	it[0].gate = &gate;
	set_cap(test, CMWQ_CLASS_UNBOUNDED, 1);
	/* it[0] (no class) holds max_active: it[1] claims, inactive. */
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work_on(class_cpu(), wq,
						   &it[0].work));
	cmwq_test_wait_completion(test, &it[0].started);
	KUNIT_EXPECT_TRUE(test, queue_c(wq, &it[1], CMWQ_CLASS_UNBOUNDED));
	KUNIT_EXPECT_TRUE(test, queue_c(wq, &it[2], CMWQ_CLASS_UNBOUNDED));
	wait_parked(test, CMWQ_CLASS_UNBOUNDED, 1);
	/* it[1] claimed the slot, not started: its cancel hands it on. */
	KUNIT_EXPECT_TRUE(test, cmwq_cancel_work(&it[1].work));
	KUNIT_EXPECT_EQ(test, nr_parked(CMWQ_CLASS_UNBOUNDED), 0U);
	cmwq_test_gate_open(&gate);
	cmwq_test_wait_completion(test, &it[2].done);
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[2].runs), 1);
	cmwq_destroy_workqueue(wq);
}

struct destroyer {
	struct cmwq_workqueue	*wq;
	struct completion	done;
};

static int destroyer_fn(void *arg)
{
	struct destroyer *d = arg;

	cmwq_destroy_workqueue(d->wq);
	complete(&d->done);
	return 0;
}

/* (4) Destroying a workqueue with parked works drains them: all run. */
static void cmwq_class_destroy_test(struct kunit *test)
{
	struct cmwq_test_gate gate;
	struct task_struct *task;
	struct destroyer d = {};
	struct citem *it;
	int i;

	cmwq_test_gate_init(&gate);
	init_completion(&d.done);
	d.wq = cmwq_test_alloc_wq(test, 0, 0);
	it = citems(test, 4, NULL, NULL, NULL);
	it[0].gate = &gate;
	fill_to_cap(test, d.wq, it, 4, CMWQ_CLASS_BOUNDED, 1);
	task = kthread_run(destroyer_fn, &d, "cmwq-class-destroy");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	/* The destroy has begun (its drain refuses new works) ... */
	for (i = 0; i < 500 && !(READ_ONCE(d.wq->flags) & __CMWQ_DESTROYING);
	     i++)
		msleep(20);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(d.wq->flags) & __CMWQ_DESTROYING);
	/* ... and waits for the parked works, which run once the gate opens. */
	KUNIT_EXPECT_EQ(test, nr_parked(CMWQ_CLASS_BOUNDED), 3U);
	cmwq_test_gate_open(&gate);
	cmwq_test_wait_completion(test, &d.done);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&it[i].runs), 1);
}

/* (5) Raising a cap at runtime hands the parked works on at once. */
static void cmwq_class_raise_cap_test(struct kunit *test)
{
	atomic_t running = ATOMIC_INIT(0), max_running = ATOMIC_INIT(0);
	struct cmwq_test_gate gate;
	struct cmwq_workqueue *wq;
	struct citem *it;
	int i;

	cmwq_test_gate_init(&gate);
	wq = cmwq_test_alloc_wq(test, 0, 0);
	it = citems(test, 5, &gate, &running, &max_running);
	fill_to_cap(test, wq, it, 5, CMWQ_CLASS_UNBOUNDED, 1);
	set_cap(test, CMWQ_CLASS_UNBOUNDED, 3);
	KUNIT_EXPECT_EQ(test, nr_parked(CMWQ_CLASS_UNBOUNDED), 2U);
	cmwq_test_wait_completion(test, &it[1].started);
	cmwq_test_wait_completion(test, &it[2].started);
	KUNIT_EXPECT_EQ(test, cmwq_pool_get_class_max(class_pool(),
						      CMWQ_CLASS_UNBOUNDED), 3);
	/* 0 is no cap: everything parked goes. */
	set_cap(test, CMWQ_CLASS_UNBOUNDED, 0);
	KUNIT_EXPECT_EQ(test, nr_parked(CMWQ_CLASS_UNBOUNDED), 0U);
	for (i = 3; i < 5; i++)
		cmwq_test_wait_completion(test, &it[i].started);
	KUNIT_EXPECT_EQ(test, atomic_read(&max_running), 5);
	cmwq_test_gate_open(&gate);
	wait_all(test, it, 5);
	cmwq_destroy_workqueue(wq);
}

/* Blocks of @class's works that got the pool a worker (woken or made). */
static u64 woken_or_created(struct cmwq_pool *pool,
			    enum cmwq_work_class class)
{
	return cmwq_cm_class_stat(pool, CMWQ_CM_STAT_WOKEN, class) +
	       cmwq_cm_class_stat(pool, CMWQ_CM_STAT_CREATE, class);
}

/*
 * (6) Concurrency management counts a block under the class of the
 * blocked work: an unbounded work that sleeps with another queued behind
 * it is counted as unbounded (woken or create), never as bounded.
 */
static void cmwq_class_cm_decision_test(struct kunit *test)
{
	struct cmwq_test_gate gate, spin_gate;
	struct cmwq_pool *pool = class_pool();
	u64 unb0, bnd0, unb1, bnd1;
	struct cmwq_workqueue *wq;
	struct citem *it;

	cmwq_test_require_cm(test);
	cmwq_test_gate_init(&gate);
	cmwq_test_gate_init(&spin_gate);
	wq = cmwq_test_alloc_wq(test, 0, 0);
	it = citems(test, 2, NULL, NULL, NULL);
	it[0].spin_gate = &spin_gate;
	it[0].gate = &gate;
	/* Its spin must not make it a hog, which would wake a worker. */
	class_saved_thresh = cmwq_cpu_intensive_thresh_us;
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, 0);
	unb0 = woken_or_created(pool, CMWQ_CLASS_UNBOUNDED);
	bnd0 = woken_or_created(pool, CMWQ_CLASS_BOUNDED);
	/*
	 * it[1] is queued while it[0] spins, counted as running: nobody is
	 * woken for it. Then it[0] sleeps on its gate: only concurrency
	 * management, counting the block as unbounded, gets it[1] a worker.
	 */
	KUNIT_EXPECT_TRUE(test, queue_c(wq, &it[0], CMWQ_CLASS_UNBOUNDED));
	cmwq_test_wait_completion(test, &it[0].started);
	KUNIT_EXPECT_TRUE(test, queue_c(wq, &it[1], CMWQ_CLASS_UNBOUNDED));
	cmwq_test_gate_open(&spin_gate);
	cmwq_test_wait_completion(test, &it[1].done);
	unb1 = woken_or_created(pool, CMWQ_CLASS_UNBOUNDED);
	bnd1 = woken_or_created(pool, CMWQ_CLASS_BOUNDED);
	cmwq_test_gate_open(&gate);
	cmwq_test_wait_completion(test, &it[0].done);
	cmwq_destroy_workqueue(wq);
	KUNIT_EXPECT_GE(test, unb1 - unb0, 1ULL);
	KUNIT_EXPECT_EQ(test, bnd1 - bnd0, 0ULL);
}

/* (7) Bad arguments are refused and change nothing. */
static void cmwq_class_bad_args_test(struct kunit *test)
{
	struct cmwq_pool *pool = class_pool();
	struct cmwq_workqueue *wq, *bh;
	struct citem *it;

	wq = cmwq_test_alloc_wq(test, 0, 0);
	bh = cmwq_test_alloc_wq(test, CMWQ_BH, 0);
	it = citems(test, 1, NULL, NULL, NULL);
	set_cap(test, CMWQ_CLASS_BOUNDED, 3);
	KUNIT_EXPECT_FALSE(test, cmwq_queue_work_class(wq, &it[0].work,
						       CMWQ_CLASS_NONE));
	KUNIT_EXPECT_FALSE(test, cmwq_queue_work_class(wq, &it[0].work,
						       CMWQ_NR_CLASSES));
	KUNIT_EXPECT_FALSE(test, cmwq_queue_work_class(bh, &it[0].work,
						       CMWQ_CLASS_BOUNDED));
	KUNIT_EXPECT_FALSE(test, cmwq_work_pending(&it[0].work));
	KUNIT_EXPECT_EQ(test, cmwq_pool_set_class_max(pool, CMWQ_CLASS_NONE,
						      1), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmwq_pool_set_class_max(pool, CMWQ_NR_CLASSES,
						      1), -EINVAL);
	KUNIT_EXPECT_EQ(test, cmwq_pool_set_class_max(pool, CMWQ_CLASS_BOUNDED,
						      CMWQ_CLASS_MAX_CAP + 1),
			-ERANGE);
	KUNIT_EXPECT_EQ(test,
			cmwq_pool_set_class_max(cmwq_bh_pool(class_cpu(),
							     CMWQ_NORMAL_POOL),
						CMWQ_CLASS_BOUNDED, 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test,
			cmwq_pool_get_class_max(cmwq_bh_pool(class_cpu(),
							     CMWQ_NORMAL_POOL),
						CMWQ_CLASS_BOUNDED), 0);
	/* None of them changed the cap. */
	KUNIT_EXPECT_EQ(test, cmwq_pool_get_class_max(pool, CMWQ_CLASS_BOUNDED),
			3);
	KUNIT_EXPECT_EQ(test, cmwq_pool_get_class_max(pool, CMWQ_CLASS_NONE),
			-EINVAL);
	/* A good queueing still works after them. */
	KUNIT_EXPECT_TRUE(test, queue_c(wq, &it[0], CMWQ_CLASS_BOUNDED));
	cmwq_test_wait_completion(test, &it[0].done);
	cmwq_destroy_workqueue(bh);
	cmwq_destroy_workqueue(wq);
}

static struct kunit_case cmwq_work_class_cases[] = {
	KUNIT_CASE(cmwq_class_cap_test),
	KUNIT_CASE(cmwq_class_other_progresses_test),
	KUNIT_CASE(cmwq_class_bounded_cap_test),
	KUNIT_CASE(cmwq_class_cancel_flush_test),
	KUNIT_CASE(cmwq_class_cancel_claimed_test),
	KUNIT_CASE(cmwq_class_destroy_test),
	KUNIT_CASE(cmwq_class_raise_cap_test),
	KUNIT_CASE(cmwq_class_cm_decision_test),
	KUNIT_CASE(cmwq_class_bad_args_test),
	{}
};

static struct kunit_suite cmwq_work_class_suite = {
	.name = "cmwq_work_class",
	.exit = cmwq_class_exit,
	.test_cases = cmwq_work_class_cases,
};
kunit_test_suite(cmwq_work_class_suite);
