// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_unbound: unbound workqueues, their affinity scopes and
 * pods, shared pools, attrs changes and ordered workqueues.
 */
#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "cmwq_test_util.h"
#include "pod.h"

static const enum cmwq_affn_scope cmwq_test_scopes[] = {
	CMWQ_AFFN_CPU, CMWQ_AFFN_SMT, CMWQ_AFFN_CACHE, CMWQ_AFFN_NUMA,
	CMWQ_AFFN_SYSTEM,
};

static struct cmwq_workqueue_attrs *cmwq_test_attrs(struct kunit *test)
{
	struct cmwq_workqueue_attrs *attrs = cmwq_alloc_workqueue_attrs();

	KUNIT_ASSERT_NOT_NULL(test, attrs);
	return attrs;
}

static struct cmwq_workqueue *cmwq_test_unbound_wq(struct kunit *test,
						   enum cmwq_affn_scope scope,
						   bool strict)
{
	struct cmwq_workqueue_attrs *attrs = cmwq_test_attrs(test);
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, CMWQ_UNBOUND, 0);
	int ret;

	attrs->affn_scope = scope;
	attrs->affn_strict = strict;
	ret = cmwq_apply_workqueue_attrs(wq, attrs);
	cmwq_free_workqueue_attrs(attrs);
	KUNIT_ASSERT_EQ(test, ret, 0);
	return wq;
}

/* The pwq work queued from @cpu goes to, read as the queueing path does. */
static struct cmwq_pwq *cmwq_test_slot(struct cmwq_workqueue *wq, int cpu)
{
	struct cmwq_pwq *pwq;

	rcu_read_lock();
	pwq = rcu_dereference(wq->cpu_pwqs[cpu]);
	rcu_read_unlock();
	return pwq;
}

/*
 * Strict scopes: work queued from CPU c runs on a CPU of c's pod, by a
 * worker named cmwq/u<pool>:<id>.
 */
static void cmwq_unbound_strict_pod_test(struct kunit *test)
{
	struct cmwq_test_item *items;
	int i, cpu, n = 0;

	items = cmwq_test_items(test, ARRAY_SIZE(cmwq_test_scopes) *
				      num_online_cpus());
	for (i = 0; i < ARRAY_SIZE(cmwq_test_scopes); i++) {
		enum cmwq_affn_scope scope = cmwq_test_scopes[i];
		const struct cmwq_pod_type *pt = &cmwq_pod_types[scope];
		struct cmwq_workqueue *wq;

		wq = cmwq_test_unbound_wq(test, scope, true);
		for_each_online_cpu(cpu) {
			struct cmwq_test_item *it = &items[n++];
			int pod = pt->cpu_pod[cpu];
			char prefix[16];

			KUNIT_ASSERT_TRUE(test, cmwq_queue_work_on(cpu, wq,
						cmwq_test_work(it)));
			cmwq_test_wait_done(test, it);
			KUNIT_EXPECT_TRUE_MSG(test,
				cpumask_test_cpu(it->cpu, pt->pod_cpus[pod]),
				"scope %s: queued on CPU %d, ran on %d, pod %*pbl",
				cmwq_affn_scope_name(scope), cpu, it->cpu,
				cpumask_pr_args(pt->pod_cpus[pod]));
			snprintf(prefix, sizeof(prefix), "cmwq/u%d:",
				 cmwq_test_slot(wq, cpu)->pool->id);
			KUNIT_EXPECT_TRUE_MSG(test,
				!strncmp(it->task->comm, prefix, strlen(prefix)),
				"worker %s, want %s*", it->task->comm, prefix);
		}
		cmwq_destroy_workqueue(wq);
	}
}

/* A work that moves its worker to another CPU, where it then idles. */
struct cmwq_test_mover {
	struct cmwq_work	work;
	struct cmwq_pool	*pool;
	int			to_cpu;
	int			cpu;	/* where it ended */
	struct completion	done;
};

static void cmwq_test_move_fn(struct cmwq_work *work)
{
	struct cmwq_test_mover *m = container_of(work, struct cmwq_test_mover,
						 work);

	set_cpus_allowed_ptr(current, cpumask_of(m->to_cpu));
	m->cpu = raw_smp_processor_id();
	/* Allowed anywhere again, but staying here until woken. */
	set_cpus_allowed_ptr(current, cmwq_pool_allowed_cpus(m->pool));
	complete(&m->done);
}

/* Is @p on a CPU, maybe still on its way to sleep? */
static bool cmwq_test_task_on_cpu(struct task_struct *p)
{
#ifdef CONFIG_SMP
	return READ_ONCE(p->on_cpu);
#else
	return p == current;
#endif
}

/*
 * Has @pool settled: every worker idle and asleep, none being created, so
 * that nothing reorders its idle list until a queueing wakes the first?
 * @head_cpu: where that first one would wake, or -1.
 */
static bool cmwq_test_pool_settled(struct cmwq_pool *pool, int *head_cpu)
{
	struct cmwq_worker *worker;
	bool settled;

	raw_spin_lock_irq(&pool->lock);
	settled = pool->nr_idle == pool->nr_workers &&
		  !(pool->flags & CMWQ_POOL_MANAGER_ACTIVE);
	/* A worker woken at its creation runs late, and idles again first. */
	list_for_each_entry(worker, &pool->idle_list, entry)
		if (task_is_running(worker->task) ||
		    cmwq_test_task_on_cpu(worker->task))
			settled = false;
	worker = list_first_entry_or_null(&pool->idle_list,
					  struct cmwq_worker, entry);
	*head_cpu = worker ? task_cpu(worker->task) : -1;
	raw_spin_unlock_irq(&pool->lock);
	return settled;
}

/*
 * Non-strict scopes: a worker that went idle outside its pod is pointed
 * back into the pod when woken, and counted as repatriated.
 */
static void cmwq_unbound_repatriate_test(struct kunit *test)
{
	struct cmwq_test_item *items = cmwq_test_items(test, 1);
	int cpu = cpumask_first(cpu_online_mask);
	int other = cmwq_test_other_cpu(test);
	struct cmwq_test_mover mover = { .to_cpu = other };
	int tries, waited, head_cpu = -1;
	struct cmwq_workqueue *wq;
	struct cmwq_pwq *pwq;
	u64 before, after;

	wq = cmwq_test_unbound_wq(test, CMWQ_AFFN_CPU, false);
	pwq = cmwq_test_slot(wq, cpu);
	KUNIT_ASSERT_TRUE(test, cpumask_equal(pwq->pool->pod_cpus,
					      cpumask_of(cpu)));

	/*
	 * Park a worker on @other as the first of the idle list, the one a
	 * queueing wakes. The mover's worker idles first, but a worker that
	 * the pool created meanwhile may idle after it: then move again.
	 */
	mover.pool = pwq->pool;
	for (tries = 0; tries < 10 && head_cpu != other; tries++) {
		CMWQ_INIT_WORK_ONSTACK(&mover.work, cmwq_test_move_fn);
		init_completion(&mover.done);
		KUNIT_ASSERT_TRUE(test, cmwq_queue_work_on(cpu, wq,
							   &mover.work));
		KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&mover.done,
								  10 * HZ), 0);
		cmwq_flush_workqueue(wq);
		cmwq_destroy_work_on_stack(&mover.work);
		KUNIT_ASSERT_EQ(test, mover.cpu, other);
		for (waited = 0; waited < 5000; waited += 20) {
			if (cmwq_test_pool_settled(pwq->pool, &head_cpu))
				break;
			msleep(20);
		}
	}
	KUNIT_ASSERT_EQ_MSG(test, head_cpu, other,
			    "no idle worker left on CPU %d in %d moves",
			    other, tries);

	raw_spin_lock_irq(&pwq->pool->lock);
	before = pwq->stats[CMWQ_PWQ_STAT_REPATRIATED];
	raw_spin_unlock_irq(&pwq->pool->lock);
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work_on(cpu, wq,
						   cmwq_test_work(&items[0])));
	cmwq_test_wait_done(test, &items[0]);
	raw_spin_lock_irq(&pwq->pool->lock);
	after = pwq->stats[CMWQ_PWQ_STAT_REPATRIATED];
	raw_spin_unlock_irq(&pwq->pool->lock);
	KUNIT_EXPECT_GT(test, after, before);
	kunit_info(test, "after repatriation the work ran on CPU %d (pod %d)",
		   items[0].cpu, cpu);
	cmwq_destroy_workqueue(wq);
}

/* Equal attrs share pools; a different nice level does not. */
static void cmwq_unbound_pool_sharing_test(struct kunit *test)
{
	struct cmwq_workqueue_attrs *attrs = cmwq_test_attrs(test);
	struct cmwq_workqueue *a, *b, *c;
	struct cmwq_pool *pool;
	int cpu, before = 0, after = 0, id;

	mutex_lock(&cmwq_pool_mutex);
	idr_for_each_entry(&cmwq_pool_idr, pool, id)
		before++;
	mutex_unlock(&cmwq_pool_mutex);

	a = cmwq_test_unbound_wq(test, CMWQ_AFFN_NUMA, false);
	b = cmwq_test_unbound_wq(test, CMWQ_AFFN_NUMA, false);
	c = cmwq_test_unbound_wq(test, CMWQ_AFFN_NUMA, false);
	attrs->affn_scope = CMWQ_AFFN_NUMA;
	attrs->nice = 5;
	KUNIT_ASSERT_EQ(test, cmwq_apply_workqueue_attrs(c, attrs), 0);
	for_each_possible_cpu(cpu) {
		struct cmwq_pwq *pa = cmwq_test_slot(a, cpu);
		struct cmwq_pwq *pb = cmwq_test_slot(b, cpu);
		struct cmwq_pwq *pc = cmwq_test_slot(c, cpu);

		KUNIT_EXPECT_PTR_NE(test, pa, pb);
		KUNIT_EXPECT_PTR_EQ(test, pa->pool, pb->pool);
		KUNIT_EXPECT_PTR_NE(test, pa->pool, pc->pool);
		KUNIT_EXPECT_EQ(test, pc->pool->nice, 5);
		KUNIT_EXPECT_EQ(test, pc->pool->attrs->nice, 5);
	}
	cmwq_destroy_workqueue(a);
	cmwq_destroy_workqueue(b);
	cmwq_destroy_workqueue(c);
	cmwq_free_workqueue_attrs(attrs);

	/* The pools died with their last user. */
	mutex_lock(&cmwq_pool_mutex);
	idr_for_each_entry(&cmwq_pool_idr, pool, id)
		after++;
	mutex_unlock(&cmwq_pool_mutex);
	KUNIT_EXPECT_EQ(test, after, before);
}

/* Bad attrs are refused and change nothing. */
static void cmwq_unbound_bad_attrs_test(struct kunit *test)
{
	struct cmwq_workqueue_attrs *attrs = cmwq_test_attrs(test);
	struct cmwq_workqueue_attrs *now = cmwq_test_attrs(test);
	struct cmwq_workqueue *percpu = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_workqueue *wq;
	struct cmwq_pwq *pwq;

	wq = cmwq_test_unbound_wq(test, CMWQ_AFFN_CACHE, true);
	pwq = cmwq_test_slot(wq, 0);
	KUNIT_EXPECT_EQ(test, cmwq_apply_workqueue_attrs(percpu, attrs),
			-EINVAL);
	attrs->nice = MAX_NICE + 1;
	KUNIT_EXPECT_EQ(test, cmwq_apply_workqueue_attrs(wq, attrs), -EINVAL);
	attrs->nice = 0;
	attrs->affn_scope = CMWQ_AFFN_NR_TYPES;
	KUNIT_EXPECT_EQ(test, cmwq_apply_workqueue_attrs(wq, attrs), -EINVAL);
	attrs->affn_scope = CMWQ_AFFN_DFL;
	cpumask_clear(attrs->cpumask);
	KUNIT_EXPECT_EQ(test, cmwq_apply_workqueue_attrs(wq, attrs), -EINVAL);

	KUNIT_EXPECT_PTR_EQ(test, cmwq_test_slot(wq, 0), pwq);
	KUNIT_ASSERT_EQ(test, cmwq_get_workqueue_attrs(wq, now), 0);
	KUNIT_EXPECT_EQ(test, now->affn_scope, CMWQ_AFFN_CACHE);
	KUNIT_EXPECT_TRUE(test, now->affn_strict);
	KUNIT_EXPECT_TRUE(test, cpumask_equal(now->cpumask, cpu_possible_mask));
	KUNIT_EXPECT_EQ(test, cmwq_get_workqueue_attrs(percpu, now), -EINVAL);
	KUNIT_EXPECT_FALSE(test, cmwq_queue_work_node(0, percpu,
			cmwq_test_work(cmwq_test_items(test, 1))));
	cmwq_destroy_workqueue(wq);
	cmwq_destroy_workqueue(percpu);
	cmwq_free_workqueue_attrs(attrs);
	cmwq_free_workqueue_attrs(now);
}

/* queue_work_node() runs the work on the node, with a strict numa scope. */
static void cmwq_unbound_queue_node_test(struct kunit *test)
{
	struct cmwq_test_item *items = cmwq_test_items(test, MAX_NUMNODES);
	struct cmwq_workqueue *wq;
	int node, n = 0;

	wq = cmwq_test_unbound_wq(test, CMWQ_AFFN_NUMA, true);
	for_each_node_with_cpus(node) {
		struct cmwq_test_item *it = &items[n++];

		KUNIT_ASSERT_TRUE(test, cmwq_queue_work_node(node, wq,
						cmwq_test_work(it)));
		cmwq_test_wait_done(test, it);
		KUNIT_EXPECT_EQ_MSG(test, cpu_to_node(it->cpu), node,
				    "ran on CPU %d", it->cpu);
	}
	cmwq_destroy_workqueue(wq);
}

#define CMWQ_TEST_ORDERED	40

/*
 * An ordered workqueue runs one work at a time, in queueing order, from
 * whatever CPU they come, and across an attrs change in the middle.
 */
static void cmwq_unbound_ordered_test(struct kunit *test)
{
	struct cmwq_test_item *items = cmwq_test_items(test, CMWQ_TEST_ORDERED);
	struct cmwq_workqueue_attrs *attrs = cmwq_test_attrs(test);
	struct cmwq_test_tracker tracker = {};
	struct cmwq_test_gate gate;
	struct cmwq_workqueue *wq;
	int i, cpu = cpumask_first(cpu_online_mask);

	cmwq_test_gate_init(&gate);
	wq = cmwq_alloc_ordered_workqueue("kunit_ordered", 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(wq));
	items[0].gate = &gate;
	for (i = 0; i < CMWQ_TEST_ORDERED; i++) {
		items[i].tracker = &tracker;
		items[i].spin_us = 200;
		if (i == CMWQ_TEST_ORDERED / 2) {
			/* The first half is still held behind items[0]. */
			attrs->nice = 3;
			attrs->affn_scope = CMWQ_AFFN_CPU;
			KUNIT_ASSERT_EQ(test,
					cmwq_apply_workqueue_attrs(wq, attrs), 0);
		}
		KUNIT_ASSERT_TRUE(test, cmwq_queue_work_on(cpu, wq,
						cmwq_test_work(&items[i])));
		cpu = cmwq_test_next_online_cpu(cpu);
	}
	cmwq_test_gate_open(&gate);
	for (i = 0; i < CMWQ_TEST_ORDERED; i++) {
		cmwq_test_wait_done(test, &items[i]);
		KUNIT_EXPECT_EQ_MSG(test, items[i].seq, i + 1, "item %d", i);
		KUNIT_EXPECT_EQ(test, atomic_read(&items[i].runs), 1);
		KUNIT_EXPECT_EQ(test, items[i].nice,
				i < CMWQ_TEST_ORDERED / 2 ? 0 : 3);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&tracker.max_running), 1);
	KUNIT_EXPECT_EQ(test, cmwq_workqueue_set_max_active(wq, 2), -EINVAL);
	cmwq_destroy_workqueue(wq);
	cmwq_free_workqueue_attrs(attrs);
}

/*
 * A work of an ordered workqueue that requeues itself while running on the
 * old pwq of an attrs change goes behind the work queued before it on the
 * new pwq: no overtaking through non-reentrancy.
 */
static void cmwq_unbound_ordered_requeue_test(struct kunit *test)
{
	struct cmwq_test_item *items = cmwq_test_items(test, 2);
	struct cmwq_workqueue_attrs *attrs = cmwq_test_attrs(test);
	struct cmwq_test_tracker tracker = {};
	struct cmwq_test_gate gate;
	struct cmwq_workqueue *wq;

	cmwq_test_gate_init(&gate);
	wq = cmwq_alloc_ordered_workqueue("kunit_ordered", 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(wq));
	items[0].gate = &gate;
	items[0].tracker = &tracker;
	items[0].requeue_wq = wq;
	atomic_set(&items[0].requeues, 1);
	items[1].tracker = &tracker;
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work(wq, cmwq_test_work(&items[0])));
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&items[0].started,
							  10 * HZ), 0);
	attrs->nice = 2;
	KUNIT_ASSERT_EQ(test, cmwq_apply_workqueue_attrs(wq, attrs), 0);
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work(wq, cmwq_test_work(&items[1])));
	/* items[0] requeues itself at its end, while still running. */
	cmwq_test_gate_open(&gate);
	cmwq_test_wait_done(test, &items[0]);
	cmwq_test_wait_done(test, &items[1]);
	KUNIT_EXPECT_EQ(test, items[1].seq, 2);
	KUNIT_EXPECT_EQ(test, items[0].seq, 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&items[0].runs), 2);
	cmwq_destroy_workqueue(wq);
	cmwq_free_workqueue_attrs(attrs);
}

#define CMWQ_TEST_SWITCH_ITEMS	400

/*
 * Attrs changed again and again while works are queued from every CPU:
 * each work runs exactly once, and the old pwqs go away.
 */
static void cmwq_unbound_switch_test(struct kunit *test)
{
	struct cmwq_test_item *items = cmwq_test_items(test,
						       CMWQ_TEST_SWITCH_ITEMS);
	struct cmwq_workqueue_attrs *attrs = cmwq_test_attrs(test);
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, CMWQ_UNBOUND, 4);
	struct cmwq_pwq *pwq;
	int i, cpu = cpumask_first(cpu_online_mask), nr_pwqs = 0;

	for (i = 0; i < CMWQ_TEST_SWITCH_ITEMS; i++) {
		items[i].spin_us = 50;
		if (i % 40 == 0) {
			attrs->affn_scope = cmwq_test_scopes[(i / 40) %
					ARRAY_SIZE(cmwq_test_scopes)];
			attrs->affn_strict = (i / 40) % 2;
			KUNIT_ASSERT_EQ(test,
					cmwq_apply_workqueue_attrs(wq, attrs), 0);
		}
		KUNIT_ASSERT_TRUE(test, cmwq_queue_work_on(cpu, wq,
						cmwq_test_work(&items[i])));
		cpu = cmwq_test_next_online_cpu(cpu);
	}
	cmwq_flush_workqueue(wq);
	for (i = 0; i < CMWQ_TEST_SWITCH_ITEMS; i++)
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&items[i].runs), 1,
				    "item %d", i);

	/*
	 * Once drained, only the pwqs of the last attrs are left: their
	 * release runs on the kernel's workqueue, given 10 s.
	 */
	for (i = 0; i < 500; i++) {
		nr_pwqs = 0;
		mutex_lock(&wq->mutex);
		list_for_each_entry(pwq, &wq->pwqs, pwqs_node)
			nr_pwqs++;
		mutex_unlock(&wq->mutex);
		if (nr_pwqs <= 1 + cmwq_pod_types[attrs->affn_scope].nr_pods)
			break;
		msleep(20);
	}
	KUNIT_EXPECT_LE(test, nr_pwqs,
			1 + cmwq_pod_types[attrs->affn_scope].nr_pods);
	cmwq_destroy_workqueue(wq);
	cmwq_free_workqueue_attrs(attrs);
}

#define CMWQ_TEST_PER_NODE	6

/*
 * max_active 4 over two nodes of two CPUs, min_active 1: each node runs
 * at most 2 of the workqueue's works at once, whatever its pods, and
 * both nodes run theirs at the same time; min_active then lifts a node's
 * share.
 */
static void cmwq_unbound_node_max_active_test(struct kunit *test)
{
	struct cmwq_test_item *items = cmwq_test_items(test,
						       2 * CMWQ_TEST_PER_NODE);
	struct cmwq_test_tracker trackers[2] = {};
	struct cmwq_workqueue *wq;
	struct cmwq_test_gate gate;
	int nodes[2], n = 0, node, i;

	for_each_node_with_cpus(node)
		if (n < 2 && cpumask_weight(cpumask_of_node(node)) ==
			     num_online_cpus() / 2)
			nodes[n++] = node;
	if (n < 2 || num_online_cpus() != 4)
		kunit_skip(test, "needs 2 nodes of 2 online CPUs");

	wq = cmwq_test_unbound_wq(test, CMWQ_AFFN_CPU, true);
	KUNIT_ASSERT_EQ(test, cmwq_workqueue_set_max_active(wq, 4), 0);
	KUNIT_EXPECT_EQ(test, cmwq_workqueue_set_min_active(wq, 5), -EINVAL);
	KUNIT_ASSERT_EQ(test, cmwq_workqueue_set_min_active(wq, 1), 0);
	KUNIT_EXPECT_EQ(test, wq->node_nr_active[nodes[0]].max, 2);
	KUNIT_EXPECT_EQ(test, wq->node_nr_active[nodes[1]].max, 2);

	cmwq_test_gate_init(&gate);
	for (i = 0; i < 2 * CMWQ_TEST_PER_NODE; i++) {
		struct cmwq_test_item *it = &items[i];

		it->gate = &gate;
		it->tracker = &trackers[i % 2];
		KUNIT_ASSERT_TRUE(test, cmwq_queue_work_node(nodes[i % 2], wq,
						cmwq_test_work(it)));
	}
	/* Two of each node start; the others wait for a slot. */
	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_NE(test, wait_for_completion_timeout(
					&items[i].started, 10 * HZ), 0);
	msleep(100);
	KUNIT_EXPECT_EQ(test, atomic_read(&trackers[0].running), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&trackers[1].running), 2);
	for (i = 0; i < 2; i++) {
		struct cmwq_node_nr_active *nna = &wq->node_nr_active[nodes[i]];
		int nr;

		/* Read under the lock, expected outside: a failure allocates. */
		raw_spin_lock_irq(&nna->lock);
		nr = nna->nr;
		raw_spin_unlock_irq(&nna->lock);
		KUNIT_EXPECT_EQ(test, nr, 2);
	}

	/* A higher floor lets more of each node's works in at once. */
	KUNIT_ASSERT_EQ(test, cmwq_workqueue_set_min_active(wq, 3), 0);
	KUNIT_EXPECT_EQ(test, wq->node_nr_active[nodes[0]].max, 3);
	/* Each node's third work needs a worker of its own: wait for both. */
	for (i = 0; i < 500 && (atomic_read(&trackers[0].running) < 3 ||
				atomic_read(&trackers[1].running) < 3); i++)
		msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&trackers[0].running), 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&trackers[1].running), 3);

	cmwq_test_gate_open(&gate);
	for (i = 0; i < 2 * CMWQ_TEST_PER_NODE; i++) {
		cmwq_test_wait_done(test, &items[i]);
		KUNIT_EXPECT_EQ(test, cpu_to_node(items[i].cpu), nodes[i % 2]);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&trackers[0].max_running), 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&trackers[1].max_running), 3);
	cmwq_destroy_workqueue(wq);
}

static struct kunit_case cmwq_unbound_test_cases[] = {
	KUNIT_CASE(cmwq_unbound_strict_pod_test),
	KUNIT_CASE(cmwq_unbound_repatriate_test),
	KUNIT_CASE(cmwq_unbound_pool_sharing_test),
	KUNIT_CASE(cmwq_unbound_bad_attrs_test),
	KUNIT_CASE(cmwq_unbound_queue_node_test),
	KUNIT_CASE(cmwq_unbound_ordered_test),
	KUNIT_CASE(cmwq_unbound_ordered_requeue_test),
	KUNIT_CASE(cmwq_unbound_switch_test),
	KUNIT_CASE(cmwq_unbound_node_max_active_test),
	{}
};

static struct kunit_suite cmwq_unbound_test_suite = {
	.name = "cmwq_unbound",
	.test_cases = cmwq_unbound_test_cases,
};
kunit_test_suite(cmwq_unbound_test_suite);
