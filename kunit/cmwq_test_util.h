/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the KUnit suites: a test work item that records where, when
 * and how it ran, gates that hold items until a test opens them, and a
 * tracker of how many items run at once.
 */
#ifndef _CMWQ_TEST_UTIL_H
#define _CMWQ_TEST_UTIL_H

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/wait.h>

#include "cmwq.h"
#include "internal.h"

/* Holds items in their function until opened. */
struct cmwq_test_gate {
	wait_queue_head_t	wq;
	bool			open;
};

/*
 * Counts items running at once, and the order they started in; with
 * @pool set, also the highest nr_running of that pool an item saw.
 */
struct cmwq_test_tracker {
	atomic_t		running;
	atomic_t		max_running;
	atomic_t		order;
	struct cmwq_pool	*pool;
	atomic_t		max_nr_running;
};

static inline void cmwq_test_atomic_max(atomic_t *max, int now)
{
	int old = atomic_read(max);

	while (now > old && !atomic_try_cmpxchg(max, &old, now))
		;
}

/* The online CPU after @cpu, wrapping to the first: spreads items round. */
static inline int cmwq_test_next_online_cpu(int cpu)
{
	cpu = cpumask_next(cpu, cpu_online_mask);
	return cpu < nr_cpu_ids ? cpu : cpumask_first(cpu_online_mask);
}

struct cmwq_test_item {
	struct cmwq_delayed_work dwork;	/* .work for a plain work */
	struct cmwq_test_gate	*gate;	/* wait for it to open, if set */
	struct cmwq_test_gate	*spin_gate; /* spin until it opens (10 s) */
	struct cmwq_test_tracker *tracker; /* count in it, if set */
	unsigned int		sleep_ms; /* then sleep this long */
	unsigned int		spin_us;  /* then spin this long */
	struct cmwq_workqueue	*requeue_wq; /* requeue on it ... */
	atomic_t		requeues; /* ... this many more times */
	atomic_t		runs;
	int			cpu;	/* where it last ran */
	int			nice;
	int			seq;	/* start order in the tracker */
	bool			hogged;	/* its worker was taken for a CPU hog */
	struct task_struct	*task;	/* the worker that ran it */
	ktime_t			start, end;
	struct completion	started, done;
};

static inline void cmwq_test_gate_init(struct cmwq_test_gate *gate)
{
	init_waitqueue_head(&gate->wq);
	gate->open = false;
}

static inline void cmwq_test_gate_open(struct cmwq_test_gate *gate)
{
	WRITE_ONCE(gate->open, true);
	wake_up_all(&gate->wq);
}

static inline void cmwq_test_spin(unsigned int us)
{
	u64 end = ktime_get_ns() + (u64)us * NSEC_PER_USEC;

	while (ktime_get_ns() < end)
		cpu_relax();
}

/* Has the hog watch taken the current worker out of CM for this work? */
static inline bool cmwq_test_worker_hogged(void)
{
	struct cmwq_worker *worker = cmwq_current_worker();

	/* Set from the hog timer's IRQ on this CPU, so read it once. */
	return worker && READ_ONCE(worker->hogged);
}

static inline void cmwq_test_item_fn(struct cmwq_work *work)
{
	struct cmwq_test_item *it = container_of(work, struct cmwq_test_item,
						 dwork.work);
	struct cmwq_test_tracker *tr = it->tracker;

	it->cpu = raw_smp_processor_id();
	it->task = current;
	it->nice = task_nice(current);
	it->start = ktime_get();
	if (tr) {
		cmwq_test_atomic_max(&tr->max_running,
				     atomic_inc_return(&tr->running));
		if (tr->pool)
			cmwq_test_atomic_max(&tr->max_nr_running,
					     atomic_read(&tr->pool->nr_running));
		it->seq = atomic_inc_return(&tr->order);
	}
	complete(&it->started);
	if (it->gate)
		wait_event(it->gate->wq, READ_ONCE(it->gate->open));
	if (it->spin_gate) {
		u64 end = ktime_get_ns() + 10 * NSEC_PER_SEC;

		/* CPU-bound on purpose: the test decides when it ends. */
		while (!READ_ONCE(it->spin_gate->open) && ktime_get_ns() < end)
			cpu_relax();
	}
	if (it->sleep_ms)
		msleep(it->sleep_ms);
	if (it->spin_us)
		cmwq_test_spin(it->spin_us);
	if (tr)
		atomic_dec(&tr->running);
	it->hogged = cmwq_test_worker_hogged();
	it->end = ktime_get();
	atomic_inc(&it->runs);
	if (it->requeue_wq && atomic_dec_if_positive(&it->requeues) >= 0)
		cmwq_queue_work(it->requeue_wq, work);
	else
		complete(&it->done);	/* the last touch of @it */
}

/* @n zeroed, initialised items, freed with the test. */
static inline struct cmwq_test_item *cmwq_test_items(struct kunit *test,
						     int n)
{
	struct cmwq_test_item *items;
	int i;

	items = kunit_kcalloc(test, n, sizeof(*items), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, items);
	for (i = 0; i < n; i++) {
		CMWQ_INIT_DELAYED_WORK(&items[i].dwork, cmwq_test_item_fn);
		init_completion(&items[i].started);
		init_completion(&items[i].done);
		items[i].cpu = -1;
	}
	return items;
}

/*
 * @n zeroed items of a suite's own type, each with a struct cmwq_work
 * and two completions, initialised: the work to run @fn. Freed with the
 * test. Use CMWQ_TEST_ALLOC_ITEMS() for the offsets.
 */
static inline void *__cmwq_test_alloc_items(struct kunit *test, int n,
					    size_t size, size_t work_off,
					    size_t started_off,
					    size_t done_off, cmwq_func_t fn)
{
	char *items = kunit_kcalloc(test, n, size, GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, items);
	for (i = 0; i < n; i++) {
		char *it = items + i * size;

		CMWQ_INIT_WORK((struct cmwq_work *)(it + work_off), fn);
		init_completion((struct completion *)(it + started_off));
		init_completion((struct completion *)(it + done_off));
	}
	return items;
}

/*
 * CMWQ_TEST_ALLOC_ITEMS(test, n, type, fn): @n items of @type, which has
 * the members work, started and done; typed, so no cast at the caller.
 */
#define CMWQ_TEST_ALLOC_ITEMS(test, n, type, fn)			\
	((type *)__cmwq_test_alloc_items((test), (n), sizeof(type),	\
					 offsetof(type, work),		\
					 offsetof(type, started),	\
					 offsetof(type, done), (fn)))

static inline struct cmwq_work *cmwq_test_work(struct cmwq_test_item *it)
{
	return &it->dwork.work;
}

/* Keep @wq busy on @cpu: @it runs, held at @gate until the test opens it. */
static inline void cmwq_test_hold_on(struct cmwq_workqueue *wq,
				     struct cmwq_test_item *it,
				     struct cmwq_test_gate *gate, int cpu)
{
	cmwq_test_gate_init(gate);
	it->gate = gate;
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(it));
	wait_for_completion(&it->started);
}

/* Wait (bounded) for a work's start or end; fail the test if it does not. */
static inline void cmwq_test_wait_completion(struct kunit *test,
					     struct completion *c)
{
	KUNIT_ASSERT_NE_MSG(test, wait_for_completion_timeout(c, 10 * HZ), 0,
			    "a work item did not start or end in 10 s");
}

/* Wait (bounded) for an item to finish; fail the test if it does not. */
static inline void cmwq_test_wait_done(struct kunit *test,
				       struct cmwq_test_item *it)
{
	KUNIT_ASSERT_NE_MSG(test, wait_for_completion_timeout(&it->done,
							      10 * HZ),
			    0, "a work item did not finish in 10 s");
}

static inline struct cmwq_workqueue *
cmwq_test_alloc_wq(struct kunit *test, unsigned int flags, int max_active)
{
	struct cmwq_workqueue *wq;

	wq = cmwq_alloc_workqueue("kunit", flags, max_active);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(wq), "alloc: %ld", PTR_ERR(wq));
	return wq;
}

/* A CPU other than the first online one, for tests that need two. */
static inline int cmwq_test_other_cpu(struct kunit *test)
{
	int cpu = cpumask_next(cpumask_first(cpu_online_mask),
			       cpu_online_mask);

	if (cpu >= nr_cpu_ids)
		kunit_skip(test, "needs 2 online CPUs");
	return cpu;
}

/*
 * @hogs, a pwq's CPU_INTENSIVE count, after @expected hogs ran beside one
 * short work. The short one may be counted too: the guest's CPU clock,
 * which the hog watch reads, also runs while the host has taken the vCPU
 * away (TCG has no steal time), so a work of microseconds can show
 * milliseconds.
 */
static inline void cmwq_test_expect_hogs(struct kunit *test, u64 hogs,
					 u64 expected)
{
	KUNIT_EXPECT_GE(test, hogs, expected);
	KUNIT_EXPECT_LE(test, hogs, expected + 1);
}

static inline void cmwq_test_require_cm(struct kunit *test)
{
	if (!cmwq_cm_available())
		kunit_skip(test, "no preempt notifiers: no concurrency management");
}

#endif /* _CMWQ_TEST_UTIL_H */
