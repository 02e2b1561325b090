// SPDX-License-Identifier: GPL-2.0
/*
 * Scenarios 0 and 1: how long a sleeping thread takes to run after it was
 * woken, and how long a work item queued on an idle per-CPU pool takes to
 * start.
 *
 * 0, the floor: a kthread bound to the pool's CPU sleeps; the producer
 *    takes the time, wakes it with wake_up_process() and waits on a
 *    completion, which the kthread completes once it has taken its time.
 *    No workqueue at all: the least an idle hand-off can cost.
 * 1, queue -> start: the same with a work item queued by
 *    queue_work_on() / cmwq_queue_work_on() on the pool's CPU, which
 *    takes its time first thing. The floor is measured in the same
 *    rounds, sample by sample, so that each side's p50 is also given as
 *    a multiple of the floor (the goal: cmwq within 1.5x).
 *
 * The producer is the bench's thread, moved to the placement's CPU: the
 * pool's own CPU, another CPU of its node, a CPU of another node. The
 * participants take turns sample by sample, each sample after a 200 to
 * 400 us pause, so that the worker (or the kthread) is asleep again and
 * the host's load weighs on all alike.
 */
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/topology.h>

#include "cmwq_bench.h"

enum { P_KERNEL = SIDE_KERNEL, P_CMWQ = SIDE_CMWQ, P_FLOOR, NR_P };

struct lat_sleeper {
	struct task_struct	*task;
	bool			go;
	u64			t1;
	struct completion	done;
};

static int lat_sleeper_fn(void *arg)
{
	struct lat_sleeper *s = arg;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		if (READ_ONCE(s->go)) {
			__set_current_state(TASK_RUNNING);
			s->t1 = ktime_get_ns();
			WRITE_ONCE(s->go, false);
			complete(&s->done);
			continue;
		}
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

struct lat_work {
	struct bench_work	w;
	u64			t1;
	struct completion	done;
};

static void lat_work_fn(struct bench_work *w)
{
	struct lat_work *lw = container_of(w, struct lat_work, w);

	lw->t1 = ktime_get_ns();
	complete(&lw->done);
}

struct lat_state {
	struct lat_sleeper	sleeper;
	struct bench_wq		wq[NR_SIDES];
	struct lat_work		work[NR_SIDES];
	u64			*v[NR_P];
};

/* One sample of participant @p from the current CPU, in ns. */
static u64 lat_sample(struct lat_state *st, int p, int pool_cpu)
{
	u64 t0;

	usleep_range(200, 400);
	if (p == P_FLOOR) {
		struct lat_sleeper *s = &st->sleeper;

		reinit_completion(&s->done);
		t0 = ktime_get_ns();
		WRITE_ONCE(s->go, true);
		wake_up_process(s->task);
		wait_for_completion(&s->done);
		return s->t1 - t0;
	}
	reinit_completion(&st->work[p].done);
	t0 = ktime_get_ns();
	bench_queue_on(&st->work[p].w, pool_cpu);
	wait_for_completion(&st->work[p].done);
	return st->work[p].t1 - t0;
}

/* A CPU other than @cpu, in @cpu's node (@same) or not; -1 if none. */
static int lat_other_cpu(int cpu, bool same)
{
	int c;

	for_each_online_cpu(c)
		if (c != cpu && (cpu_to_node(c) == cpu_to_node(cpu)) == same)
			return c;
	return -1;
}

struct lat_place {
	const char	*name;
	int		producer;
};

static void lat_run(struct bench_run *r, unsigned int round, int first,
		    int scenario)
{
	int pool = r->p->cpu, n = r->p->samples;
	struct lat_place places[3] = {
		{ "same_cpu", pool },
		{ "other_cpu", lat_other_cpu(pool, true) },
		{ "other_node", lat_other_cpu(pool, false) },
	};
	int parts[NR_P], nr_parts = 0;
	struct lat_state *st;
	unsigned int pl, i, j;
	char name[40];
	int p;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return;
	if (scenario == 1) {
		parts[nr_parts++] = first;
		parts[nr_parts++] = !first;
	}
	parts[nr_parts++] = P_FLOOR;
	for (p = 0; p < NR_P; p++) {
		st->v[p] = kcalloc(n, sizeof(u64), GFP_KERNEL);
		if (!st->v[p])
			goto out;
	}
	init_completion(&st->sleeper.done);
	st->sleeper.task = kthread_create(lat_sleeper_fn, &st->sleeper,
					  "cmwq_bench_floor");
	if (IS_ERR(st->sleeper.task)) {
		st->sleeper.task = NULL;
		goto out;
	}
	kthread_bind(st->sleeper.task, pool);
	wake_up_process(st->sleeper.task);
	for (p = 0; scenario == 1 && p < NR_SIDES; p++) {
		if (bench_wq_alloc(&st->wq[p], p, BWQ_PERCPU, "cmwq_bench_lat"))
			goto out;
		bench_work_init(&st->work[p].w, &st->wq[p], lat_work_fn);
		init_completion(&st->work[p].done);
	}

	for (pl = 0; pl < ARRAY_SIZE(places); pl++) {
		struct lat_place *place = &places[pl];

		/* the floor: the pool's own CPU and across nodes */
		if (place->producer < 0 ||
		    (scenario == 0 && pl == 1))
			continue;
		set_cpus_allowed_ptr(current, cpumask_of(place->producer));
		for (i = 0; i < n; i++)
			for (j = 0; j < nr_parts; j++) {
				p = parts[(i + j) % nr_parts];
				st->v[p][i] = lat_sample(st, p, pool);
			}
		for (j = 0; j < nr_parts; j++) {
			p = parts[j];
			if (p == P_FLOOR && scenario == 1)
				continue;
			snprintf(name, sizeof(name), "s%d_%s", scenario,
				 place->name);
			bench_extra(r, "C %s %s", name,
				    p == P_FLOOR ? "floor" : bench_side_names[p]);
			for (i = 0; i < n; i++)
				bench_extra(r, " %llu", st->v[p][i]);
			bench_extra(r, "\n");
		}
		/* percentiles sort: the samples are out above */
		for (j = 0; j < nr_parts; j++) {
			u64 p50, p99;

			p = parts[j];
			p99 = bench_percentile(st->v[p], n, 99);
			p50 = bench_percentile(st->v[p], n, 50);
			if (p == P_FLOOR) {
				if (scenario == 1)
					continue;
				snprintf(name, sizeof(name), "wake_%s_p50",
					 place->name);
				bench_record_floor(r, 0, name, p50);
				snprintf(name, sizeof(name), "wake_%s_p99",
					 place->name);
				bench_record_floor(r, 0, name, p99);
				continue;
			}
			snprintf(name, sizeof(name), "%s_p50", place->name);
			bench_record(r, 1, name, UNIT_NS, p, p50);
			snprintf(name, sizeof(name), "%s_p99", place->name);
			bench_record(r, 1, name, UNIT_NS, p, p99);
			if (pl == 0) {
				u64 floor = bench_percentile(st->v[P_FLOOR],
							     n, 50);

				bench_record(r, 1, "same_cpu_p50_x_floor",
					     UNIT_X1000, p,
					     div64_u64(p50 * 1000,
						       max_t(u64, floor, 1)));
			}
		}
	}
out:
	set_cpus_allowed_ptr(current, cpu_online_mask);
	for (p = 0; p < NR_SIDES; p++)
		bench_wq_destroy(&st->wq[p]);
	if (st->sleeper.task)
		kthread_stop(st->sleeper.task);
	for (p = 0; p < NR_P; p++)
		kfree(st->v[p]);
	kfree(st);
}

static void lat_floor_pair(struct bench_run *r, unsigned int round, int first)
{
	lat_run(r, round, first, 0);
}

static void lat_latency_pair(struct bench_run *r, unsigned int round,
			     int first)
{
	lat_run(r, round, first, 1);
}

const struct bench_scenario bench_scenario_floor = {
	.nr		= 0,
	.name		= "floor",
	.run_pair	= lat_floor_pair,
};

const struct bench_scenario bench_scenario_latency = {
	.nr		= 1,
	.name		= "queue_start_latency",
	.run_pair	= lat_latency_pair,
};
