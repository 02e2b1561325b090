// SPDX-License-Identifier: GPL-2.0
/*
 * Scenarios 4 and 8: how many worker threads a pool takes, and for how
 * long.
 *
 * 4, the blocking mix: on each online CPU a bound producer queues @mix
 *    works to its own CPU's pool; each sleeps 100 to 200 us and then spins
 *    20 us. Concurrency management at work: while one sleeps, the pool
 *    must start another worker for the rest, and only one should spin at
 *    a time. Completion time (release to last run) and the peak number of
 *    the side's per-CPU worker threads over all CPUs. Scenario 10 runs a
 *    lighter mix (every eighth work sleeps, none spins) at several sizes.
 * 8, the burst: @burst null works queued on @cpu by a thread on @cpu with
 *    preemption off (as from an interrupt handler): completion time, the
 *    threads the CPU's pool created for it, and the time until the pool
 *    is back to its size before the burst, waited for up to @settle_ms
 *    (-1: not within that wait).
 *
 * Threads are counted by name (bench_count_threads()), as ps would: the
 * kernel's "kworker/<cpu>:<id>", cmwq's "cmwq/<cpu>:<id>". Both reap
 * idle workers only after 300 s (upstream's IDLE_WORKER_TIMEOUT, cmwq's
 * idle_timeout_ms), so workers created in round 1 are still idle in the
 * later rounds: the threads-over-time series are those of round 1.
 */
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "cmwq_bench.h"

static struct {
	struct bench_count	count;
	unsigned int		every;		/* every Nth work sleeps */
	unsigned int		spin_us;
} bl;

static void bl_mix_fn(struct bench_work *w)
{
	bench_sleep_spin(w->arg % bl.every ? 0 : 100, bl.spin_us);
	bench_count_one(&bl.count);
}

/*
 * A blocking mix of @per_cpu works on each of the first @ncpus CPUs:
 * every @every-th sleeps, each spins @spin_us. Its completion time in ns
 * (0 on failure); *@peak: the peak of the side's per-CPU workers over
 * all CPUs, *@before: their count before, when @r is given (the series
 * goes to @r as @series).
 */
u64 bench_mix_per_cpu(int side, unsigned int ncpus, unsigned int per_cpu,
		      unsigned int every, unsigned int spin_us,
		      struct bench_run *r, const char *series, int *peak,
		      int *before)
{
	struct bench_slice_arg *a = bench_slice_alloc(ncpus, per_cpu);
	struct bench_sampler *smp = NULL;
	struct bench_wq wq;
	unsigned int i, total;
	u64 start, ret = 0;

	if (!a)
		return 0;
	total = a->nr * per_cpu;
	if (bench_wq_alloc(&wq, side, BWQ_PERCPU, "cmwq_bench_mix"))
		goto out;
	for (i = 0; i < total; i++) {
		bench_work_init(&a->works[i], &wq, bl_mix_fn);
		a->works[i].arg = i;
	}
	bl.every = every;
	bl.spin_us = spin_us;
	bench_count_arm(&bl.count, total);
	if (r) {
		if (before)
			*before = bench_count_threads(side, -1);
		smp = bench_sampler_start(side, -1);
	}
	start = bench_on_cpus(a->nr, bench_slice_producer, a);
	wait_for_completion(&bl.count.done);
	ret = bl.count.end_ns - start;
	bench_wq_flush(&wq);
	if (r) {
		int p = bench_sampler_stop(smp, r, series ?: "-", NULL, 0, 0);

		if (peak)
			*peak = p;
	}
	bench_wq_destroy(&wq);
out:
	bench_slice_free(a);
	return ret;
}

static void bl_mix_run(struct bench_run *r, unsigned int round, int side)
{
	int peak = -1, before = 0;
	u64 ns;

	ns = bench_mix_per_cpu(side, num_online_cpus(), r->p->mix, 1, 20,
			       r, round ? "s4_later" : "s4_threads", &peak,
			       &before);
	bench_record(r, 4, "completion", UNIT_NS, side, ns);
	bench_record(r, 4, "peak_threads", UNIT_THREADS, side, peak);
	bench_record(r, 4, "threads_created", UNIT_THREADS, side,
		     max(peak - before, 0));
}

static void bl_burst_run(struct bench_run *r, unsigned int round, int side)
{
	unsigned int i, n = r->p->burst, pool = r->p->cpu;
	struct bench_sampler *smp;
	struct bench_work *works;
	struct bench_wq wq;
	u64 start, settle, deadline;
	int before, peak;

	works = kvcalloc(n, sizeof(*works), GFP_KERNEL);
	if (!works)
		return;
	if (bench_wq_alloc(&wq, side, BWQ_PERCPU, "cmwq_bench_burst"))
		goto out;
	for (i = 0; i < n; i++) {
		bench_work_init(&works[i], &wq, bl_mix_fn);
		works[i].arg = 1;	/* never sleeps */
	}
	bl.every = 0x7fffffff;
	bl.spin_us = 0;
	set_cpus_allowed_ptr(current, cpumask_of(pool));
	msleep(20);
	before = bench_count_threads(side, pool);
	smp = bench_sampler_start(side, pool);
	bench_count_arm(&bl.count, n);
	preempt_disable();
	start = ktime_get_ns();
	for (i = 0; i < n; i++)
		bench_queue_on(&works[i], pool);
	preempt_enable();
	wait_for_completion(&bl.count.done);
	set_cpus_allowed_ptr(current, cpu_online_mask);
	deadline = ktime_get_ns() + (u64)r->p->settle_ms * NSEC_PER_MSEC;
	while (bench_count_threads(side, pool) > before &&
	       ktime_get_ns() < deadline)
		usleep_range(5000, 6000);
	/* a few samples more, for the plot */
	msleep(20);
	peak = bench_sampler_stop(smp, r, round ? "s8_later" : "s8_threads",
				  &settle, before, bl.count.end_ns);
	/* never above its size: back at once (not a sampling delay) */
	if (peak <= before)
		settle = 0;
	bench_record(r, 8, "completion", UNIT_NS, side,
		     bl.count.end_ns - start);
	bench_record(r, 8, "threads_created", UNIT_THREADS, side,
		     max(peak - before, 0));
	bench_record(r, 8, "back_to_idle_size", UNIT_MS_WAIT, side,
		     settle == U64_MAX ? -1 : (s64)div_u64(settle, NSEC_PER_MSEC));
	bench_wq_flush(&wq);
	bench_wq_destroy(&wq);
out:
	kvfree(works);
}

const struct bench_scenario bench_scenario_mix = {
	.nr	= 4,
	.name	= "blocking_mix",
	.run	= bl_mix_run,
};

const struct bench_scenario bench_scenario_burst = {
	.nr	= 8,
	.name	= "burst",
	.run	= bl_burst_run,
};
