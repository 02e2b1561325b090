// SPDX-License-Identifier: GPL-2.0
/*
 * Scenarios 2, 3 and 7: throughput of works that do nothing but count.
 *
 * 2, null works: on each online CPU a bound producer queues @items
 *    distinct works to its own CPU's pool (queue_work_on()), all
 *    producers released at once; items/s from the release to the last
 *    run. Scenario 10 uses the same with 1, 2 and 4 CPUs.
 * 3, the chain: one work on @cpu's pool that requeues itself until it
 *    has run @items times; runs/s.
 * 7, ordered: a producer on @cpu queues @items works to an ordered
 *    workqueue (alloc_ordered_workqueue(), cmwq_alloc_ordered_workqueue());
 *    items/s.
 */
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "cmwq_bench.h"

static struct bench_count tp_count;

static void tp_null_fn(struct bench_work *w)
{
	bench_count_one(&tp_count);
}

/*
 * Null works, @per_cpu from each of the first @ncpus online CPUs to its
 * own pool: items/s, 0 on failure.
 */
u64 bench_null_per_cpu(int side, unsigned int ncpus, unsigned int per_cpu)
{
	struct bench_slice_arg *a = bench_slice_alloc(ncpus, per_cpu);
	struct bench_wq wq;
	unsigned int i, total;
	u64 start, ret = 0;

	if (!a)
		return 0;
	total = a->nr * per_cpu;
	if (bench_wq_alloc(&wq, side, BWQ_PERCPU, "cmwq_bench_null"))
		goto out;
	for (i = 0; i < total; i++)
		bench_work_init(&a->works[i], &wq, tp_null_fn);
	bench_count_arm(&tp_count, total);
	start = bench_on_cpus(a->nr, bench_slice_producer, a);
	wait_for_completion(&tp_count.done);
	ret = bench_per_second(total, tp_count.end_ns - start);
	bench_wq_flush(&wq);
	bench_wq_destroy(&wq);
out:
	bench_slice_free(a);
	return ret;
}

static void tp_null_run(struct bench_run *r, unsigned int round, int side)
{
	bench_record(r, 2, "null_all_cpus", UNIT_PER_S, side,
		     bench_null_per_cpu(side, num_online_cpus(), r->p->items));
}

static struct {
	int		cpu;
	unsigned int	left;
} tp_chain;

static void tp_chain_fn(struct bench_work *w)
{
	if (--tp_chain.left)
		bench_queue_on(w, tp_chain.cpu);
	else
		bench_count_one(&tp_count);
}

static void tp_chain_run(struct bench_run *r, unsigned int round, int side)
{
	/* not on the stack: debugobjects would want it annotated */
	struct bench_work *w = kzalloc(sizeof(*w), GFP_KERNEL);
	struct bench_wq wq;
	u64 start;

	if (!w)
		return;
	if (bench_wq_alloc(&wq, side, BWQ_PERCPU, "cmwq_bench_chain"))
		goto out;
	set_cpus_allowed_ptr(current, cpumask_of(r->p->cpu));
	bench_work_init(w, &wq, tp_chain_fn);
	tp_chain.cpu = r->p->cpu;
	tp_chain.left = r->p->items;
	bench_count_arm(&tp_count, 1);
	start = ktime_get_ns();
	bench_queue_on(w, r->p->cpu);
	wait_for_completion(&tp_count.done);
	bench_record(r, 3, "chain", UNIT_PER_S, side,
		     bench_per_second(r->p->items, tp_count.end_ns - start));
	bench_wq_flush(&wq);
	bench_wq_destroy(&wq);
	set_cpus_allowed_ptr(current, cpu_online_mask);
out:
	kfree(w);
}

static void tp_ordered_run(struct bench_run *r, unsigned int round, int side)
{
	unsigned int i, n = r->p->items;
	struct bench_work *works;
	struct bench_wq wq;
	u64 start;

	works = kvcalloc(n, sizeof(*works), GFP_KERNEL);
	if (!works)
		return;
	if (bench_wq_alloc(&wq, side, BWQ_ORDERED, "cmwq_bench_ord"))
		goto out;
	set_cpus_allowed_ptr(current, cpumask_of(r->p->cpu));
	for (i = 0; i < n; i++)
		bench_work_init(&works[i], &wq, tp_null_fn);
	bench_count_arm(&tp_count, n);
	start = ktime_get_ns();
	for (i = 0; i < n; i++)
		bench_queue(&works[i]);
	wait_for_completion(&tp_count.done);
	bench_record(r, 7, "ordered", UNIT_PER_S, side,
		     bench_per_second(n, tp_count.end_ns - start));
	bench_wq_flush(&wq);
	bench_wq_destroy(&wq);
	set_cpus_allowed_ptr(current, cpu_online_mask);
out:
	kvfree(works);
}

const struct bench_scenario bench_scenario_null = {
	.nr	= 2,
	.name	= "null_per_cpu",
	.run	= tp_null_run,
};

const struct bench_scenario bench_scenario_chain = {
	.nr	= 3,
	.name	= "chain",
	.run	= tp_chain_run,
};

const struct bench_scenario bench_scenario_ordered = {
	.nr	= 7,
	.name	= "ordered",
	.run	= tp_ordered_run,
};
