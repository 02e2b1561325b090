// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_trace: the tracepoints fire, in order, for the work that
 * was queued.
 */
#include "cmwq_test_util.h"
#include "trace.h"

struct cmwq_trace_seen {
	struct cmwq_work	*work;
	int			queue, activate, start, end;
	int			order;		/* events so far */
	int			queue_cpu;
};

static void probe_queue(void *data, int req_cpu, struct cmwq_pwq *pwq,
			struct cmwq_work *work)
{
	struct cmwq_trace_seen *seen = data;

	if (work != seen->work)
		return;
	seen->queue = ++seen->order;
	seen->queue_cpu = pwq->pool->cpu;
}

static void probe_activate(void *data, struct cmwq_work *work)
{
	struct cmwq_trace_seen *seen = data;

	if (work == seen->work)
		seen->activate = ++seen->order;
}

static void probe_start(void *data, struct cmwq_work *work)
{
	struct cmwq_trace_seen *seen = data;

	if (work == seen->work)
		seen->start = ++seen->order;
}

static void probe_end(void *data, struct cmwq_work *work, cmwq_func_t func)
{
	struct cmwq_trace_seen *seen = data;

	if (work == seen->work && func == cmwq_test_item_fn)
		seen->end = ++seen->order;
}

/* queue, activate, execute_start, execute_end: once each, in order. */
static void cmwq_tracepoints_test(struct kunit *test)
{
	struct cmwq_test_item *it = cmwq_test_items(test, 1);
	struct cmwq_trace_seen seen = { .work = cmwq_test_work(it) };
	int cpu = cpumask_last(cpu_online_mask);
	struct cmwq_workqueue *wq;

	/* Before the alloc: a skip ends the case, the destroy included. */
	if (!IS_ENABLED(CONFIG_TRACEPOINTS))
		kunit_skip(test, "no CONFIG_TRACEPOINTS");
	wq = cmwq_test_alloc_wq(test, 0, 0);
	KUNIT_ASSERT_EQ(test, register_trace_cmwq_queue_work(probe_queue, &seen), 0);
	KUNIT_ASSERT_EQ(test, register_trace_cmwq_activate_work(probe_activate, &seen), 0);
	KUNIT_ASSERT_EQ(test, register_trace_cmwq_execute_start(probe_start, &seen), 0);
	KUNIT_ASSERT_EQ(test, register_trace_cmwq_execute_end(probe_end, &seen), 0);
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(it));
	cmwq_flush_workqueue(wq);
	unregister_trace_cmwq_execute_end(probe_end, &seen);
	unregister_trace_cmwq_execute_start(probe_start, &seen);
	unregister_trace_cmwq_activate_work(probe_activate, &seen);
	unregister_trace_cmwq_queue_work(probe_queue, &seen);
	tracepoint_synchronize_unregister();

	KUNIT_EXPECT_EQ(test, seen.queue, 1);
	KUNIT_EXPECT_EQ(test, seen.activate, 2);
	KUNIT_EXPECT_EQ(test, seen.start, 3);
	KUNIT_EXPECT_EQ(test, seen.end, 4);
	KUNIT_EXPECT_EQ(test, seen.order, 4);
	KUNIT_EXPECT_EQ(test, seen.queue_cpu, cpu);
	cmwq_destroy_workqueue(wq);
}

static struct kunit_case cmwq_trace_test_cases[] = {
	KUNIT_CASE(cmwq_tracepoints_test),
	{}
};

static struct kunit_suite cmwq_trace_test_suite = {
	.name = "cmwq_trace",
	.test_cases = cmwq_trace_test_cases,
};
kunit_test_suite(cmwq_trace_test_suite);
