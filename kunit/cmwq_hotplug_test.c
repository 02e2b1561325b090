// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_hotplug: per-CPU pools across CPU hotplug, and the pods
 * of unbound workqueues following the online CPUs.
 */
#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>

#include "cmwq_test_util.h"
#include "pod.h"

/* The last online CPU, taken offline for the test (not CPU 0). */
static int cmwq_test_offline_cpu(struct kunit *test)
{
	int cpu, last = -1;

	for_each_online_cpu(cpu)
		last = cpu;
	if (last <= 0)
		kunit_skip(test, "needs a second online CPU");
	if (remove_cpu(last))
		kunit_skip(test, "CPU %d cannot go offline", last);
	return last;
}

static void cmwq_test_online_cpu(struct kunit *test, int cpu)
{
	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
}

/*
 * A CPU's hog watch stops when the CPU goes offline, armed or not (left
 * armed, its timer would move to another CPU and run there as this one's),
 * and once the CPU is back a hog there is caught again.
 */
static void cmwq_hotplug_hog_watch_test(struct kunit *test)
{
	unsigned long thresh = cmwq_cpu_intensive_thresh_us;
	struct cmwq_test_item *items = cmwq_test_items(test, 3);
	int cpu = cpumask_last(cpu_online_mask);
	struct cmwq_workqueue *wq;
	struct cmwq_test_gate gate;
	u64 hogs;	/* this pwq's count of hogs */

	cmwq_test_require_cm(test);
	if (cpu <= 0)
		kunit_skip(test, "needs a second online CPU");
	wq = cmwq_test_alloc_wq(test, 0, 0);
	/* Long enough that the spinner is not taken for a hog. */
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, 200000);
	cmwq_test_gate_init(&gate);
	items[0].spin_gate = &gate;
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&items[0]));
	wait_for_completion(&items[0].started);
	/* A running concurrency-managed work armed it before it started. */
	KUNIT_EXPECT_TRUE(test, cmwq_hog_watch_armed(cpu));
	KUNIT_ASSERT_EQ(test, cmwq_test_offline_cpu(test), cpu);
	KUNIT_EXPECT_FALSE(test, cmwq_hog_watch_armed(cpu));
	cmwq_test_gate_open(&gate);
	cmwq_test_wait_done(test, &items[0]);
	cmwq_test_online_cpu(test, cpu);

	/* The spinner may have been a hog while the CPU went: not counted. */
	hogs = wq->cpu_pwqs[cpu]->stats[CMWQ_PWQ_STAT_CPU_INTENSIVE];
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, 5000);
	/* The hog spins until the next work starts beside it (or 10 s). */
	cmwq_test_gate_init(&gate);
	items[1].spin_gate = &gate;
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&items[1]));
	wait_for_completion(&items[1].started);
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&items[2]));
	KUNIT_EXPECT_NE_MSG(test, wait_for_completion_timeout(&items[2].started,
							      5 * HZ), 0UL,
			    "the next work waited for the hog");
	cmwq_test_gate_open(&gate);
	cmwq_flush_workqueue(wq);
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, thresh);
	hogs = wq->cpu_pwqs[cpu]->stats[CMWQ_PWQ_STAT_CPU_INTENSIVE] - hogs;
	KUNIT_EXPECT_TRUE_MSG(test, items[1].hogged, "the hog was not caught");
	cmwq_test_expect_hogs(test, hogs, 1);
	KUNIT_EXPECT_LT(test, ktime_to_ns(items[2].start),
			ktime_to_ns(items[1].end));
	cmwq_destroy_workqueue(wq);
}

/* The pwq of @cpu's slot in @wq. */
static struct cmwq_pwq *cmwq_test_slot(struct cmwq_workqueue *wq, int cpu)
{
	struct cmwq_pwq *pwq;

	mutex_lock(&wq->mutex);
	pwq = rcu_dereference_protected(wq->cpu_pwqs[cpu], true);
	mutex_unlock(&wq->mutex);
	return pwq;
}

/*
 * Work queued to an offline CPU's pool still runs, elsewhere, and once the
 * CPU is back its pool runs there again, concurrency managed.
 */
static void cmwq_hotplug_percpu_test(struct kunit *test)
{
	struct cmwq_test_item *items = cmwq_test_items(test, 8);
	struct cmwq_workqueue *wq;
	struct cmwq_pool *pool;
	int cpu, i;

	/* Queued before, held in the function while the CPU goes. */
	cpu = cpumask_last(cpu_online_mask);
	if (cpu <= 0)
		kunit_skip(test, "needs a second online CPU");
	wq = cmwq_test_alloc_wq(test, 0, 0);
	pool = cmwq_cpu_pool(cpu, CMWQ_NORMAL_POOL);
	items[0].sleep_ms = 200;
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work_on(cpu, wq,
						   cmwq_test_work(&items[0])));
	KUNIT_ASSERT_EQ(test, cmwq_test_offline_cpu(test), cpu);
	KUNIT_EXPECT_TRUE(test, pool->flags & CMWQ_POOL_DISASSOCIATED);
	KUNIT_EXPECT_EQ(test, atomic_read(&pool->nr_running), 0);
	for (i = 1; i < 4; i++) {
		items[i].sleep_ms = 20;
		KUNIT_EXPECT_TRUE(test, cmwq_queue_work_on(cpu, wq,
						cmwq_test_work(&items[i])));
	}
	for (i = 0; i < 4; i++) {
		cmwq_test_wait_done(test, &items[i]);
		KUNIT_EXPECT_EQ(test, atomic_read(&items[i].runs), 1);
		if (i)
			KUNIT_EXPECT_NE(test, items[i].cpu, cpu);
	}

	cmwq_test_online_cpu(test, cpu);
	KUNIT_EXPECT_FALSE(test, pool->flags & CMWQ_POOL_DISASSOCIATED);
	for (i = 4; i < 8; i++) {
		KUNIT_EXPECT_TRUE(test, cmwq_queue_work_on(cpu, wq,
						cmwq_test_work(&items[i])));
		cmwq_test_wait_done(test, &items[i]);
		KUNIT_EXPECT_EQ(test, items[i].cpu, cpu);
	}
	cmwq_destroy_workqueue(wq);
	/* Every worker is back in concurrency management, idle. */
	for (i = 0; i < 500 && atomic_read(&pool->nr_running) != 0; i++)
		msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&pool->nr_running), 0);
}

/*
 * A strict cpu-scope workqueue: the pod of an offline CPU goes to the
 * default pwq, and gets its own again when the CPU comes back.
 */
static void cmwq_hotplug_unbound_pods_test(struct kunit *test)
{
	struct cmwq_workqueue_attrs *attrs = cmwq_alloc_workqueue_attrs();
	struct cmwq_test_item *items = cmwq_test_items(test, 2);
	struct cmwq_workqueue *wq;
	struct cmwq_pwq *pwq;
	int cpu;

	KUNIT_ASSERT_NOT_NULL(test, attrs);
	/* Before the alloc: cmwq_test_offline_cpu()'s skip would leave it. */
	if (num_online_cpus() < 2) {
		cmwq_free_workqueue_attrs(attrs);
		kunit_skip(test, "needs a second online CPU");
	}
	wq = cmwq_test_alloc_wq(test, CMWQ_UNBOUND, 0);
	attrs->affn_scope = CMWQ_AFFN_CPU;
	attrs->affn_strict = true;
	KUNIT_ASSERT_EQ(test, cmwq_apply_workqueue_attrs(wq, attrs), 0);
	cmwq_free_workqueue_attrs(attrs);

	cpu = cmwq_test_offline_cpu(test);
	KUNIT_EXPECT_PTR_EQ(test, cmwq_test_slot(wq, cpu), wq->dfl_pwq);
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work_on(cpu, wq,
					cmwq_test_work(&items[0])));
	cmwq_test_wait_done(test, &items[0]);

	cmwq_test_online_cpu(test, cpu);
	mutex_lock(&wq->mutex);
	pwq = rcu_dereference_protected(wq->cpu_pwqs[cpu], true);
	KUNIT_EXPECT_PTR_NE(test, pwq, wq->dfl_pwq);
	KUNIT_EXPECT_TRUE(test, cpumask_equal(pwq->pool->pod_cpus,
					      cpumask_of(cpu)));
	mutex_unlock(&wq->mutex);
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work_on(cpu, wq,
					cmwq_test_work(&items[1])));
	cmwq_test_wait_done(test, &items[1]);
	KUNIT_EXPECT_EQ(test, items[1].cpu, cpu);
	cmwq_destroy_workqueue(wq);
}

/*
 * Every CPU of a node offline: a strict numa-scope workqueue serves the
 * node's CPUs from its default pwq, work queued to the node or to one of
 * its CPUs still runs (elsewhere), the node's share of max_active falls
 * to min_active while the other node may use all of it, and all comes
 * back with the CPUs.
 */
static void cmwq_hotplug_node_offline_test(struct kunit *test)
{
	struct cmwq_workqueue_attrs *attrs = cmwq_alloc_workqueue_attrs();
	struct cmwq_test_item *items = cmwq_test_items(test, 3);
	struct cpumask *off = kunit_kzalloc(test, cpumask_size(), GFP_KERNEL);
	struct cpumask *gone = kunit_kzalloc(test, cpumask_size(), GFP_KERNEL);
	int node = cpu_to_node(cpumask_last(cpu_online_mask));
	int home = cpu_to_node(0);
	struct cmwq_workqueue *wq;
	int cpu;

	KUNIT_ASSERT_NOT_NULL(test, attrs);
	KUNIT_ASSERT_NOT_NULL(test, off);
	KUNIT_ASSERT_NOT_NULL(test, gone);
	if (node == home) {
		cmwq_free_workqueue_attrs(attrs);
		kunit_skip(test, "needs a node without CPU 0");
	}
	wq = cmwq_test_alloc_wq(test, CMWQ_UNBOUND, 32);
	attrs->affn_scope = CMWQ_AFFN_NUMA;
	attrs->affn_strict = true;
	KUNIT_ASSERT_EQ(test, cmwq_apply_workqueue_attrs(wq, attrs), 0);
	cmwq_free_workqueue_attrs(attrs);

	cpumask_and(off, cpumask_of_node(node), cpu_online_mask);
	for_each_cpu(cpu, off) {
		if (remove_cpu(cpu))
			break;
		cpumask_set_cpu(cpu, gone);
	}
	if (!cpumask_equal(gone, off)) {
		for_each_cpu(cpu, gone)
			cmwq_test_online_cpu(test, cpu);
		cmwq_destroy_workqueue(wq);
		kunit_skip(test, "the CPUs of node %d cannot all go offline",
			   node);
	}

	for_each_cpu(cpu, off)
		KUNIT_EXPECT_PTR_EQ(test, cmwq_test_slot(wq, cpu), wq->dfl_pwq);
	KUNIT_EXPECT_EQ(test, wq->node_nr_active[node].max, wq->min_active);
	KUNIT_EXPECT_EQ(test, wq->node_nr_active[home].max, 32);
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work_node(node, wq,
					cmwq_test_work(&items[0])));
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work_on(cpumask_first(off), wq,
					cmwq_test_work(&items[1])));
	cmwq_test_wait_done(test, &items[0]);
	cmwq_test_wait_done(test, &items[1]);
	KUNIT_EXPECT_FALSE(test, cpumask_test_cpu(items[0].cpu, off));
	KUNIT_EXPECT_FALSE(test, cpumask_test_cpu(items[1].cpu, off));

	for_each_cpu(cpu, off)
		cmwq_test_online_cpu(test, cpu);
	for_each_cpu(cpu, off)
		KUNIT_EXPECT_PTR_NE(test, cmwq_test_slot(wq, cpu), wq->dfl_pwq);
	KUNIT_EXPECT_EQ(test, wq->node_nr_active[node].max,
			wq->node_nr_active[home].max);
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work_node(node, wq,
					cmwq_test_work(&items[2])));
	cmwq_test_wait_done(test, &items[2]);
	KUNIT_EXPECT_EQ(test, cpu_to_node(items[2].cpu), node);
	for (cpu = 0; cpu < 3; cpu++)
		KUNIT_EXPECT_EQ(test, atomic_read(&items[cpu].runs), 1);
	cmwq_destroy_workqueue(wq);
}

static struct kunit_case cmwq_hotplug_test_cases[] = {
	KUNIT_CASE(cmwq_hotplug_percpu_test),
	KUNIT_CASE(cmwq_hotplug_unbound_pods_test),
	KUNIT_CASE(cmwq_hotplug_node_offline_test),
	KUNIT_CASE(cmwq_hotplug_hog_watch_test),
	{}
};

static struct kunit_suite cmwq_hotplug_test_suite = {
	.name = "cmwq_hotplug",
	.test_cases = cmwq_hotplug_test_cases,
};
kunit_test_suite(cmwq_hotplug_test_suite);
