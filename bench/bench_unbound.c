// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario 5: unbound workqueues, per affinity scope. On each online CPU a
 * bound producer queues @unbound_items works with queue_work() /
 * cmwq_queue_work_on(CMWQ_CPU_UNBOUND, ..) on a WQ_UNBOUND workqueue whose
 * scope is cpu, smt, cache, numa or system in turn. Each work notes the
 * CPU it ran on. Per scope, after one unmeasured pass that lets the
 * scope's pools start their workers: items/s (release to last run), the share
 * of works that ran in the producer's pod and in its node, in
 * thousandths.
 *
 * The pod of a scope is computed here from the topology a module can
 * read: cpu: the CPU itself; smt: topology_sibling_cpumask(); cache: the
 * package (the benchmark guest has one L3 per package, and the LLC mask
 * is not exported); numa: cpu_to_node(); system: every CPU.
 *
 * cmwq applies the scope with cmwq_apply_workqueue_attrs(). The kernel
 * exports neither alloc_workqueue_attrs() nor apply_workqueue_attrs() to
 * modules: its side is created with WQ_SYSFS and the scope written to its
 * /sys/devices/virtual/workqueue/<name>/affinity_scope, as a user would.
 * 6.1 has no such file (scopes came in 6.5): there the kernel's side runs
 * with its default (per-node pools) for every scope, which the results
 * say in an "N 5" line.
 */
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/topology.h>

#include "cmwq_bench.h"

static struct bench_count ub_count;

static void ub_fn(struct bench_work *w)
{
	w->ran_cpu = raw_smp_processor_id();
	bench_count_one(&ub_count);
}

static bool ub_in_pod(int scope, int from, int ran)
{
	switch (scope) {
	case CMWQ_AFFN_CPU:
		return from == ran;
	case CMWQ_AFFN_SMT:
		return cpumask_test_cpu(ran, topology_sibling_cpumask(from));
	case CMWQ_AFFN_CACHE:
		return topology_physical_package_id(from) ==
		       topology_physical_package_id(ran);
	case CMWQ_AFFN_NUMA:
		return cpu_to_node(from) == cpu_to_node(ran);
	default:
		return true;
	}
}

static void ub_run(struct bench_run *r, unsigned int round, int side)
{
	struct bench_slice_arg *a;
	unsigned int i, total, in_pod, in_node;
	const char *sname;
	struct bench_wq wq;
	char name[40];
	bool applied;
	int scope, pass;
	u64 start = 0;

	a = bench_slice_alloc(UINT_MAX, r->p->unbound_items);
	if (!a)
		return;
	a->local = true;
	total = a->nr * a->per_cpu;
	for (scope = CMWQ_AFFN_CPU; scope <= CMWQ_AFFN_SYSTEM; scope++) {
		sname = cmwq_affn_scope_name(scope);
		if (bench_wq_alloc(&wq, side, BWQ_UNBOUND, "cmwq_bench_ub"))
			break;
		bench_wq_set_scope(&wq, scope, &applied);
		if (!round && !applied)
			bench_extra(r, "N 5 %s: scope %s not applied, default scope\n",
				    bench_side_names[side], sname);
		/*
		 * A pass unmeasured first: a scope's pools may be new (cmwq's
		 * always are after the previous workqueue went, the kernel's
		 * may be shared with its system workqueues and warm), and the
		 * figure is that of running pools, not of creating workers.
		 */
		for (pass = 0; pass < 2; pass++) {
			for (i = 0; i < total; i++) {
				bench_work_init(&a->works[i], &wq, ub_fn);
				a->works[i].ran_cpu = -1;
			}
			bench_count_arm(&ub_count, total);
			start = bench_on_cpus(a->nr, bench_slice_producer, a);
			wait_for_completion(&ub_count.done);
			bench_wq_flush(&wq);
		}
		in_pod = 0;
		in_node = 0;
		for (i = 0; i < total; i++) {
			struct bench_work *w = &a->works[i];

			in_pod += ub_in_pod(scope, w->from_cpu, w->ran_cpu);
			in_node += cpu_to_node(w->from_cpu) ==
				   cpu_to_node(w->ran_cpu);
		}
		snprintf(name, sizeof(name), "%s_throughput", sname);
		bench_record(r, 5, name, UNIT_PER_S, side,
			     bench_per_second(total, ub_count.end_ns - start));
		snprintf(name, sizeof(name), "%s_in_pod", sname);
		bench_record(r, 5, name, UNIT_PERMILLE, side,
			     in_pod * 1000ULL / total);
		snprintf(name, sizeof(name), "%s_in_node", sname);
		bench_record(r, 5, name, UNIT_PERMILLE, side,
			     in_node * 1000ULL / total);
		bench_wq_destroy(&wq);
	}
	bench_slice_free(a);
}

const struct bench_scenario bench_scenario_unbound = {
	.nr	= 5,
	.name	= "unbound_scopes",
	.run	= ub_run,
};
