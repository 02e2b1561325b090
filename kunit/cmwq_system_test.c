// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_system: the system workqueues are there with upstream's
 * kinds (per-CPU, highpri, long, unbound, freezable, power-efficient as
 * the power_efficient parameter says, BH), the cmwq_schedule_*() helpers run
 * works on cmwq_system_wq, where asked and when asked, and
 * cmwq_flush_scheduled_work() waits for them.
 */
#include <linux/jiffies.h>

#include "cmwq_test_util.h"

/* A work that records which workqueue and CPU ran it, and when. */
struct system_probe {
	struct cmwq_delayed_work dwork;
	struct cmwq_workqueue	*wq;
	unsigned int		sleep_ms;
	unsigned long		ran_at;		/* jiffies */
	int			cpu;
	atomic_t		runs;
	struct completion	done;
};

static void system_probe_fn(struct cmwq_work *work)
{
	struct system_probe *p = cmwq_from_work(p, work, dwork.work);
	struct cmwq_worker *worker = cmwq_current_worker();

	p->wq = worker && worker->current_pwq ? worker->current_pwq->wq : NULL;
	p->cpu = raw_smp_processor_id();
	p->ran_at = jiffies;
	if (p->sleep_ms)
		msleep(p->sleep_ms);
	atomic_inc(&p->runs);
	complete(&p->done);	/* the last touch of @p */
}

static struct system_probe *system_probe(struct kunit *test)
{
	struct system_probe *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	CMWQ_INIT_DELAYED_WORK(&p->dwork, system_probe_fn);
	init_completion(&p->done);
	p->cpu = -1;
	return p;
}

static void system_wait(struct kunit *test, struct system_probe *p)
{
	KUNIT_ASSERT_NE_MSG(test, wait_for_completion_timeout(&p->done,
							      10 * HZ),
			    0, "a work did not run in 10 s");
}

/* Each system workqueue exists, with the flags of its upstream twin. */
static void system_wqs_have_their_kinds(struct kunit *test)
{
	unsigned int pe = cmwq_power_efficient ? CMWQ_UNBOUND : 0;
	const struct {
		struct cmwq_workqueue	*wq;
		unsigned int		want;
	} wqs[] = {
		{ cmwq_system_wq, 0 },
		{ cmwq_system_highpri_wq, CMWQ_HIGHPRI },
		{ cmwq_system_long_wq, 0 },
		{ cmwq_system_unbound_wq, CMWQ_UNBOUND },
		{ cmwq_system_dfl_long_wq, CMWQ_UNBOUND },
		{ cmwq_system_freezable_wq, CMWQ_FREEZABLE },
		{ cmwq_system_power_efficient_wq, pe },
		{ cmwq_system_freezable_power_efficient_wq,
		  CMWQ_FREEZABLE | pe },
		{ cmwq_system_bh_wq, CMWQ_BH },
		{ cmwq_system_bh_highpri_wq, CMWQ_BH | CMWQ_HIGHPRI },
	};
	unsigned int kinds = CMWQ_UNBOUND | CMWQ_HIGHPRI | CMWQ_FREEZABLE |
			     CMWQ_CPU_INTENSIVE | CMWQ_BH | __CMWQ_ORDERED;
	int i;

	for (i = 0; i < ARRAY_SIZE(wqs); i++) {
		KUNIT_ASSERT_NOT_NULL(test, wqs[i].wq);
		KUNIT_EXPECT_EQ_MSG(test, wqs[i].wq->flags & kinds, wqs[i].want,
				    "%s", wqs[i].wq->name);
		KUNIT_EXPECT_TRUE(test, cmwq_is_system_wq(wqs[i].wq));
	}
	KUNIT_EXPECT_EQ(test, cmwq_system_unbound_wq->saved_max_active,
			CMWQ_MAX_ACTIVE);
}

/* A workqueue of the caller's own is not a system one. */
static void system_own_wq_is_not(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);

	KUNIT_EXPECT_FALSE(test, cmwq_is_system_wq(wq));
	cmwq_destroy_workqueue(wq);
}

/* CMWQ_POWER_EFFICIENT follows the parameter, for any workqueue. */
static void system_power_efficient_flag(struct kunit *test)
{
	struct cmwq_workqueue *wq;

	wq = cmwq_test_alloc_wq(test, CMWQ_POWER_EFFICIENT |
				CMWQ_CPU_INTENSIVE, 0);
	if (cmwq_power_efficient)
		KUNIT_EXPECT_EQ(test, wq->flags & (CMWQ_UNBOUND |
						   CMWQ_CPU_INTENSIVE),
				CMWQ_UNBOUND);
	else
		KUNIT_EXPECT_EQ(test, wq->flags & (CMWQ_UNBOUND |
						   CMWQ_CPU_INTENSIVE),
				CMWQ_CPU_INTENSIVE);
	cmwq_destroy_workqueue(wq);
}

/* schedule_work and schedule_work_on run on cmwq_system_wq. */
static void system_schedule_work(struct kunit *test)
{
	struct system_probe *p = system_probe(test), *q = system_probe(test);
	int cpu = cpumask_last(cpu_online_mask);

	KUNIT_EXPECT_TRUE(test, cmwq_schedule_work(&p->dwork.work));
	system_wait(test, p);
	KUNIT_EXPECT_PTR_EQ(test, p->wq, cmwq_system_wq);

	KUNIT_EXPECT_TRUE(test, cmwq_schedule_work_on(cpu, &q->dwork.work));
	system_wait(test, q);
	KUNIT_EXPECT_PTR_EQ(test, q->wq, cmwq_system_wq);
	KUNIT_EXPECT_EQ(test, q->cpu, cpu);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs) + atomic_read(&q->runs),
			2);
}

/* The delayed helpers wait their delay, on the CPU asked for. */
static void system_schedule_delayed_work(struct kunit *test)
{
	struct system_probe *p = system_probe(test), *q = system_probe(test);
	int cpu = cpumask_last(cpu_online_mask);
	unsigned long delay = msecs_to_jiffies(50), start = jiffies;

	KUNIT_EXPECT_TRUE(test, cmwq_schedule_delayed_work(&p->dwork, delay));
	KUNIT_EXPECT_FALSE(test, cmwq_schedule_delayed_work(&p->dwork, delay));
	KUNIT_EXPECT_TRUE(test, cmwq_schedule_delayed_work_on(cpu, &q->dwork,
							       delay));
	system_wait(test, p);
	system_wait(test, q);
	KUNIT_EXPECT_PTR_EQ(test, p->wq, cmwq_system_wq);
	KUNIT_EXPECT_PTR_EQ(test, q->wq, cmwq_system_wq);
	KUNIT_EXPECT_EQ(test, q->cpu, cpu);
	KUNIT_EXPECT_GE(test, p->ran_at - start, delay);
	KUNIT_EXPECT_GE(test, q->ran_at - start, delay);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 1);
}

/* flush_scheduled_work returns after what was scheduled before it ran. */
static void system_flush_scheduled_work(struct kunit *test)
{
	struct system_probe *p = system_probe(test);

	p->sleep_ms = 50;
	cmwq_schedule_work(&p->dwork.work);
	cmwq_flush_scheduled_work();
	KUNIT_EXPECT_EQ(test, atomic_read(&p->runs), 1);
}

static struct kunit_case system_cases[] = {
	KUNIT_CASE(system_wqs_have_their_kinds),
	KUNIT_CASE(system_own_wq_is_not),
	KUNIT_CASE(system_power_efficient_flag),
	KUNIT_CASE(system_schedule_work),
	KUNIT_CASE(system_schedule_delayed_work),
	KUNIT_CASE(system_flush_scheduled_work),
	{}
};

static struct kunit_suite system_suite = {
	.name = "cmwq_system",
	.test_cases = system_cases,
};
kunit_test_suite(system_suite);
