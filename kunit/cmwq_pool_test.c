// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_pool: the per-CPU pools and their first workers.
 */
#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
#include <linux/topology.h>

#include "internal.h"

static const char * const cmwq_pool_names[] = { "normal", "highpri" };

/* Every possible CPU has a normal and a highpri pool, set up for that CPU. */
static void cmwq_pool_per_cpu_test(struct kunit *test)
{
	struct cmwq_pool *pool;
	int cpu, which;

	for_each_possible_cpu(cpu) {
		for (which = 0; which < CMWQ_NR_STD_POOLS; which++) {
			bool hi = which == CMWQ_HIGHPRI_POOL;

			pool = cmwq_cpu_pool(cpu, which);
			KUNIT_ASSERT_NOT_NULL_MSG(test, pool, "cpu %d %s", cpu,
						  cmwq_pool_names[which]);
			KUNIT_EXPECT_EQ(test, pool->cpu, cpu);
			KUNIT_EXPECT_EQ(test, pool->node, cpu_to_node(cpu));
			KUNIT_EXPECT_EQ(test, pool->nice,
					hi ? CMWQ_HIGHPRI_NICE : 0);
			KUNIT_EXPECT_TRUE(test, pool->flags & CMWQ_POOL_PERCPU);
			KUNIT_EXPECT_EQ(test, !!(pool->flags & CMWQ_POOL_HIGHPRI),
					hi);
		}
		KUNIT_EXPECT_PTR_NE(test, cmwq_cpu_pool(cpu, CMWQ_NORMAL_POOL),
				    cmwq_cpu_pool(cpu, CMWQ_HIGHPRI_POOL));
	}
}

/* A pool's memory comes from its CPU's node, where that node has memory. */
static void cmwq_pool_node_memory_test(struct kunit *test)
{
	struct cmwq_pool *pool;
	int cpu, which, checked = 0;

	for_each_possible_cpu(cpu) {
		for (which = 0; which < CMWQ_NR_STD_POOLS; which++) {
			pool = cmwq_cpu_pool(cpu, which);
			if (!node_state(pool->node, N_MEMORY))
				continue;
			KUNIT_EXPECT_EQ_MSG(test,
					    page_to_nid(virt_to_page(pool)),
					    pool->node, "pool %d", pool->id);
			checked++;
		}
	}
	if (!checked)
		kunit_skip(test, "no node with memory");
}

/* Pool IDs are unique and lead back to their pool. */
static void cmwq_pool_get_by_id_test(struct kunit *test)
{
	struct cmwq_pool *pool;
	int cpu, which;

	mutex_lock(&cmwq_pool_mutex);
	for_each_possible_cpu(cpu) {
		for (which = 0; which < CMWQ_NR_STD_POOLS; which++) {
			pool = cmwq_cpu_pool(cpu, which);
			KUNIT_EXPECT_PTR_EQ(test, cmwq_pool_get_by_id(pool->id),
					    pool);
		}
	}
	KUNIT_EXPECT_NULL(test, cmwq_pool_get_by_id(-1));
	KUNIT_EXPECT_NULL(test, cmwq_pool_get_by_id(INT_MAX));
	mutex_unlock(&cmwq_pool_mutex);
}

/* Workers are named like kworkers, bound to the CPU, at the pool's nice. */
static void cmwq_pool_workers_test(struct kunit *test)
{
	struct cmwq_worker *worker;
	struct cmwq_pool *pool;
	char comm[TASK_COMM_LEN], want[TASK_COMM_LEN];
	int cpu, which, n;

	for_each_possible_cpu(cpu) {
		for (which = 0; which < CMWQ_NR_STD_POOLS; which++) {
			pool = cmwq_cpu_pool(cpu, which);
			n = 0;
			mutex_lock(&pool->attach_mutex);
			list_for_each_entry(worker, &pool->workers, node) {
				struct task_struct *task = worker->task;

				snprintf(want, sizeof(want), "cmwq/%d:%d%s",
					 cpu, worker->id,
					 which == CMWQ_HIGHPRI_POOL ? "H" : "");
				get_task_comm(comm, task);
				KUNIT_EXPECT_STREQ(test, comm, want);
				KUNIT_EXPECT_EQ(test, task->nr_cpus_allowed, 1);
				KUNIT_EXPECT_TRUE(test,
						  cpumask_test_cpu(cpu,
								   task->cpus_ptr));
				KUNIT_EXPECT_EQ(test, task_nice(task),
						pool->nice);
				n++;
			}
			mutex_unlock(&pool->attach_mutex);
			KUNIT_EXPECT_GE_MSG(test, n, 1, "pool %d", pool->id);
			KUNIT_EXPECT_EQ(test, n, READ_ONCE(pool->nr_workers));
		}
	}
}

static struct kunit_case cmwq_pool_test_cases[] = {
	KUNIT_CASE(cmwq_pool_per_cpu_test),
	KUNIT_CASE(cmwq_pool_node_memory_test),
	KUNIT_CASE(cmwq_pool_get_by_id_test),
	KUNIT_CASE(cmwq_pool_workers_test),
	{}
};

static struct kunit_suite cmwq_pool_test_suite = {
	.name = "cmwq_pool",
	.test_cases = cmwq_pool_test_cases,
};
kunit_test_suite(cmwq_pool_test_suite);
