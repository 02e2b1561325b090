// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_debugobj: on-stack works and their debugobjects
 * tracking (module/debugobj.c). Debugobjects reports by a kernel log line
 * ("ODEBUG: ..."), not by a return value: a wrong state here shows as
 * such a line, and the guest run fails on it (scripts/vm-run). So each
 * case passes only if the kernel had nothing to say. The report of a
 * freed active work, and its fixup, have a run of their own
 * (scripts/odebug-check).
 */
#include "cmwq_test_util.h"

struct onstack_probe {
	struct cmwq_work	work;
	atomic_t		runs;
};

static void onstack_fn(struct cmwq_work *work)
{
	struct onstack_probe *p = container_of(work, struct onstack_probe,
					       work);

	atomic_inc(&p->runs);
}

struct onstack_dprobe {
	struct cmwq_delayed_work dwork;
	atomic_t		runs;
};

static void onstack_delayed_fn(struct cmwq_work *work)
{
	struct onstack_dprobe *p = container_of(to_cmwq_delayed_work(work),
						struct onstack_dprobe, dwork);

	atomic_inc(&p->runs);
}

struct onstack_rprobe {
	struct cmwq_rcu_work	rwork;
	atomic_t		runs;
};

static void onstack_rcu_fn(struct cmwq_work *work)
{
	struct onstack_rprobe *p = container_of(to_cmwq_rcu_work(work),
						struct onstack_rprobe, rwork);

	atomic_inc(&p->runs);
}

static long onstack_on_cpu_fn(void *arg)
{
	return (long)arg + 1;
}

/*
 * An on-stack work, an on-stack delayed work (its timer on the stack as
 * well) and an on-stack RCU work, queued, flushed and destroyed before
 * the frame ends; and cmwq_work_on_cpu(), whose work is on its own
 * stack: no report.
 */
static void cmwq_debugobj_onstack_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct onstack_probe p = { .runs = ATOMIC_INIT(0) };
	struct onstack_dprobe d = { .runs = ATOMIC_INIT(0) };
	struct onstack_rprobe r = { .runs = ATOMIC_INIT(0) };

	CMWQ_INIT_WORK_ONSTACK(&p.work, onstack_fn);
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work(wq, &p.work));
	cmwq_flush_work(&p.work);
	KUNIT_EXPECT_EQ(test, atomic_read(&p.runs), 1);
	cmwq_destroy_work_on_stack(&p.work);

	CMWQ_INIT_DELAYED_WORK_ONSTACK(&d.dwork, onstack_delayed_fn);
	KUNIT_EXPECT_TRUE(test, cmwq_queue_delayed_work(wq, &d.dwork, 1));
	cmwq_flush_delayed_work(&d.dwork);
	KUNIT_EXPECT_EQ(test, atomic_read(&d.runs), 1);
	cmwq_destroy_delayed_work_on_stack(&d.dwork);

	CMWQ_INIT_RCU_WORK_ONSTACK(&r.rwork, onstack_rcu_fn);
	KUNIT_EXPECT_TRUE(test, cmwq_queue_rcu_work(wq, &r.rwork));
	KUNIT_EXPECT_TRUE(test, cmwq_flush_rcu_work(&r.rwork));
	KUNIT_EXPECT_EQ(test, atomic_read(&r.runs), 1);
	cmwq_destroy_rcu_work_on_stack(&r.rwork);

	KUNIT_EXPECT_EQ(test, cmwq_work_on_cpu(cpumask_first(cpu_online_mask),
					       onstack_on_cpu_fn, (void *)41L),
			42L);
	cmwq_destroy_workqueue(wq);
}

#ifdef CONFIG_DEBUG_OBJECTS_WORK
/*
 * The states one on-stack work goes through, each checked where it must
 * hold: tracked once initialised; active while queued (behind a held
 * work of an ordered workqueue); inactive once a cancel took it back (or
 * initialising it again would be reported, "init active") and once it
 * ran (or destroying it would be, "free active").
 */
static void cmwq_debugobj_states_test(struct kunit *test)
{
	struct cmwq_test_item *hold = cmwq_test_items(test, 1);
	struct onstack_probe p = { .runs = ATOMIC_INIT(0) };
	struct cmwq_test_gate gate;
	struct cmwq_workqueue *wq;

	wq = cmwq_alloc_ordered_workqueue("kunit_odebug", 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(wq));
	cmwq_test_gate_init(&gate);
	hold->gate = &gate;
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work(wq, cmwq_test_work(hold)));
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&hold->started,
							  10 * HZ), 0UL);

	CMWQ_INIT_WORK_ONSTACK(&p.work, onstack_fn);
	cmwq_work_debug_assert_tracked(&p.work);
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work(wq, &p.work));
	cmwq_work_debug_assert_active(&p.work);
	KUNIT_EXPECT_TRUE(test, cmwq_cancel_work_sync(&p.work));
	CMWQ_INIT_WORK_ONSTACK(&p.work, onstack_fn);

	KUNIT_EXPECT_TRUE(test, cmwq_queue_work(wq, &p.work));
	cmwq_work_debug_assert_active(&p.work);
	cmwq_test_gate_open(&gate);
	cmwq_flush_work(&p.work);
	KUNIT_EXPECT_EQ(test, atomic_read(&p.runs), 1);
	cmwq_work_debug_assert_tracked(&p.work);
	cmwq_destroy_work_on_stack(&p.work);
	cmwq_test_wait_done(test, hold);
	cmwq_destroy_workqueue(wq);
}
#else
static void cmwq_debugobj_states_test(struct kunit *test)
{
	kunit_skip(test, "CONFIG_DEBUG_OBJECTS_WORK is off");
}
#endif

static struct kunit_case cmwq_debugobj_test_cases[] = {
	KUNIT_CASE(cmwq_debugobj_onstack_test),
	KUNIT_CASE(cmwq_debugobj_states_test),
	{}
};

static struct kunit_suite cmwq_debugobj_test_suite = {
	.name = "cmwq_debugobj",
	.test_cases = cmwq_debugobj_test_cases,
};
kunit_test_suite(cmwq_debugobj_test_suite);
