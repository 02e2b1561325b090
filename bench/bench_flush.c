// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario 6: flush_workqueue() latency with K works in flight. From
 * @cpu, K null works are queued to @cpu's pool and the workqueue is
 * flushed at once: the time flush_workqueue() / cmwq_flush_workqueue()
 * takes, for K = 1, 16 and 256; the median of @samples / 4 flushes per
 * round and side. The sides take turns flush by flush.
 */
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "cmwq_bench.h"

#define FL_MAX_K	256

static void fl_fn(struct bench_work *w)
{
}

static void fl_pair(struct bench_run *r, unsigned int round, int first)
{
	static const unsigned int ks[] = { 1, 16, FL_MAX_K };
	unsigned int n = max(r->p->samples / 4, 5U), i, j, k;
	struct bench_work *works[NR_SIDES] = {};
	struct bench_wq wq[NR_SIDES] = {};
	u64 *v[NR_SIDES] = {};
	char name[40];
	int side;

	for (side = 0; side < NR_SIDES; side++) {
		works[side] = kcalloc(FL_MAX_K, sizeof(**works), GFP_KERNEL);
		v[side] = kcalloc(n, sizeof(u64), GFP_KERNEL);
		if (!works[side] || !v[side] ||
		    bench_wq_alloc(&wq[side], side, BWQ_PERCPU, "cmwq_bench_fl"))
			goto out;
		for (i = 0; i < FL_MAX_K; i++)
			bench_work_init(&works[side][i], &wq[side], fl_fn);
	}
	set_cpus_allowed_ptr(current, cpumask_of(r->p->cpu));
	for (k = 0; k < ARRAY_SIZE(ks); k++) {
		for (i = 0; i < n; i++)
			for (j = 0; j < NR_SIDES; j++) {
				u64 t0;

				side = j ? !first : first;
				usleep_range(200, 400);
				for (t0 = 0; t0 < ks[k]; t0++)
					bench_queue_on(&works[side][t0],
						       r->p->cpu);
				t0 = ktime_get_ns();
				bench_wq_flush(&wq[side]);
				v[side][i] = ktime_get_ns() - t0;
			}
		for (side = 0; side < NR_SIDES; side++) {
			snprintf(name, sizeof(name), "flush_k%u", ks[k]);
			bench_record(r, 6, name, UNIT_NS, side,
				     bench_median(v[side], n));
		}
	}
	set_cpus_allowed_ptr(current, cpu_online_mask);
out:
	for (side = 0; side < NR_SIDES; side++) {
		bench_wq_destroy(&wq[side]);
		kfree(works[side]);
		kfree(v[side]);
	}
}

const struct bench_scenario bench_scenario_flush = {
	.nr		= 6,
	.name		= "flush_workqueue",
	.run_pair	= fl_pair,
};
