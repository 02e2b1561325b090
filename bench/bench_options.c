// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario 9: each option cmwq has beyond upstream's CMWQ (issue 13)
 * against upstream behaviour on the same load. The kernel's side runs the
 * load as a driver would on the kernel's workqueue; cmwq's side runs it
 * with the option on and, for reference, off (off is upstream's
 * behaviour on cmwq's pools). Metric names:
 *
 *   <option>_<figure>      kernel: the kernel's workqueue; cmwq: option on
 *   <option>_off_<figure>  kernel: the same kernel figure; cmwq: option off
 *
 * so that each row reads "upstream against cmwq" and the pair of cmwq
 * columns shows the option's own effect. The loads run on the pool of the
 * last online CPU (scenario 8's bursts are on @cpu, and its workers stay
 * for 300 s on both sides).
 *
 * hashed: @opt_items works of 4 keys, queued in order from that CPU; each
 *    sleeps 100 to 200 us and spins 10 us. Upstream: each work takes its
 *    key's mutex (what a driver does without hashing), on the kernel's
 *    workqueue and on cmwq's (hashed_off); cmwq: cmwq_queue_work_hashed().
 *    Completion time and workers used (distinct tasks that ran a work of
 *    the load). Two works of a key overlapping, on any side, or hashed
 *    works of a key running out of their queueing order fail the run.
 * window: @opt_items works per CPU on every online CPU, each sleeping 50
 *    to 100 us, well under a blocked window of 200 us, then spinning
 *    10 us. Completion time and workers used; cmwq's decisions (woken,
 *    created, held) go to an "N 9" line: the kernel keeps no such count.
 * paced: @opt_items works that sleep 2 ms on that CPU, a burst that makes
 *    the pool create workers; create_interval_us 1000 against none.
 *    Completion time and workers used; cmwq's created and deferred
 *    creations to an "N 9" line.
 * reap: the same burst, then the time until half of the threads it added
 *    are gone (half_ms) and until the pool is back to its idle size
 *    (idle_ms), waited for up to twice @reap_timeout_ms (-1: not within
 *    the wait). cmwq's idle timeout is @reap_timeout_ms meanwhile, reaping
 *    scaled (reap_scaled) or fixed (reap_scaled_off: upstream's rule with
 *    that timeout); the kernel's is upstream's 300 s, which no wait of the
 *    bench covers. The idle size is the pool's size before the side's
 *    first load of the run, at least 2 (upstream's rule never reaps the
 *    last two idle workers): cmwq's pool is back to it before every load
 *    (see below), the kernel's keeps an earlier load's workers for 300 s.
 *
 * Before each load on cmwq's side, its pools are brought back to their
 * idle size (idle workers reaped after 10 ms, for a moment), so that the
 * option on and off start alike; the kernel's pools cannot be, and carry
 * the workers of earlier rounds. Every option set is reset to its default
 * (off, the idle timeout as it was) before the side's run returns, errors
 * included: the pools are shared with every other user of cmwq.
 *
 * class: @opt_items works on that CPU, even ones "unbounded" (sleeping
 *    OPT_CLASS_LONG_US, a network wait), odd ones "bounded" (sleeping
 *    100 to 200 us and spinning 10 us, a disk wait), queued alternately.
 *    Upstream: plain works, each blocked one a reason for another
 *    worker; cmwq: cmwq_queue_work_class_on() with the unbounded class
 *    capped at OPT_CLASS_UNBOUNDED_MAX per pool. Completion time,
 *    workers used, and the time until the last bounded work ran
 *    (bounded_done): what the cap must not make worse than a few long
 *    waits.
 *
 * The options are per pool, set with cmwq_cm_policy_set() on
 * cmwq_cpu_pool(); those and the counters (cmwq_cm_stat()) are declared
 * in internal.h, exported in cmwq's namespace like
 * cmwq_queue_work_hashed().
 */
#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "cmwq_bench.h"
#include "internal.h"

#define OPT_KEYS		4
#define OPT_WINDOW_US		200
#define OPT_PACE_US		1000
#define OPT_SLEEPER_US		2000
#define OPT_SETTLE_MS		10
#define OPT_CLASS_LONG_US	5000
#define OPT_CLASS_UNBOUNDED_MAX	2

enum opt_mode { OPT_PLAIN, OPT_MUTEX, OPT_HASHED, OPT_CLASSED };

/* One load at a time; the works write what they saw here. */
static struct {
	struct bench_count	count;
	enum opt_mode		mode;
	unsigned int		sleep_us, spin_us;
	struct mutex		key_lock[OPT_KEYS];
	atomic_t		running[OPT_KEYS];
	unsigned int		next[OPT_KEYS];	/* hashed: next in order */
	atomic_t		overlaps, misordered;
	pid_t			*pids;		/* per work: who ran it */
	bool			classes;	/* even works sleep long */
	atomic_t		bounded_left;	/* odd works yet to run */
	u64			bounded_end_ns;	/* when the last one ran */
} opt;

/* In the class load, is work @arg one of the long ("unbounded") ones? */
static bool opt_long_wait(unsigned int arg)
{
	return opt.classes && !(arg % 2);
}

static void opt_fn(struct bench_work *w)
{
	unsigned int key = w->arg % OPT_KEYS, seq = w->arg / OPT_KEYS;

	opt.pids[w->arg] = current->pid;
	if (opt.mode == OPT_MUTEX)
		mutex_lock(&opt.key_lock[key]);
	if (opt.mode == OPT_MUTEX || opt.mode == OPT_HASHED) {
		if (atomic_inc_return(&opt.running[key]) != 1)
			atomic_inc(&opt.overlaps);
		if (opt.mode == OPT_HASHED) {
			if (seq != opt.next[key])
				atomic_inc(&opt.misordered);
			opt.next[key] = seq + 1;
		}
	}
	bench_sleep_spin(opt_long_wait(w->arg) ? OPT_CLASS_LONG_US :
			 opt.sleep_us, opt.spin_us);
	if (opt.mode == OPT_MUTEX || opt.mode == OPT_HASHED)
		atomic_dec(&opt.running[key]);
	if (opt.classes && !opt_long_wait(w->arg) &&
	    atomic_dec_and_test(&opt.bounded_left))
		opt.bounded_end_ns = ktime_get_ns();
	if (opt.mode == OPT_MUTEX)
		mutex_unlock(&opt.key_lock[key]);
	bench_count_one(&opt.count);
}

static int opt_cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return x < y ? -1 : x > y;
}

/* Distinct tasks among @pids[0..@n), which it sorts. */
static int opt_distinct(pid_t *pids, unsigned int n)
{
	unsigned int i;
	int d = 0;

	sort(pids, n, sizeof(*pids), opt_cmp_pid, NULL);
	for (i = 0; i < n; i++)
		d += !i || pids[i] != pids[i - 1];
	return d;
}

struct opt_result {
	u64	ns;		/* first queueing to last run */
	u64	end_ns;		/* ktime of the last run */
	int	workers;	/* distinct tasks that ran a work */
	int	before, peak;	/* the pool's threads (cpu >= 0 only) */
};

/*
 * Run one load on @wq: @n works of @mode on @cpu's pool, queued from
 * @cpu; or, @cpu < 0, @n works per CPU on every online CPU, each CPU
 * queueing its own. Each sleeps @sleep_us (to twice that), spins
 * @spin_us. 0, or -errno; -EPROTO if works of a key overlapped or hashed
 * ones ran out of order.
 */
static int opt_load(struct bench_run *r, struct bench_wq *wq,
		    enum opt_mode mode, int cpu, unsigned int n,
		    unsigned int sleep_us, unsigned int spin_us,
		    const char *series, struct opt_result *res)
{
	struct bench_sampler *smp = NULL;
	unsigned int i, total, unqueued = 0;
	struct bench_slice_arg *a;
	u64 start;
	int ret = 0;

	a = bench_slice_alloc(cpu < 0 ? UINT_MAX : 1, n);
	if (!a)
		return -ENOMEM;
	total = cpu < 0 ? a->nr * n : n;
	opt.pids = kvcalloc(total, sizeof(*opt.pids), GFP_KERNEL);
	if (!opt.pids) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < total; i++) {
		bench_work_init(&a->works[i], wq, opt_fn);
		a->works[i].arg = i;
	}
	opt.mode = mode;
	opt.sleep_us = sleep_us;
	opt.spin_us = spin_us;
	for (i = 0; i < OPT_KEYS; i++) {
		atomic_set(&opt.running[i], 0);
		opt.next[i] = 0;
	}
	atomic_set(&opt.overlaps, 0);
	atomic_set(&opt.misordered, 0);
	bench_count_arm(&opt.count, total);
	memset(res, 0, sizeof(*res));
	if (cpu >= 0) {
		res->before = bench_count_threads(wq->side, cpu);
		smp = bench_sampler_start(wq->side, cpu);
		set_cpus_allowed_ptr(current, cpumask_of(cpu));
		start = ktime_get_ns();
		for (i = 0; i < total; i++) {
			struct bench_work *w = &a->works[i];

			/* from @cpu: its pool is the first key's pool */
			if (mode == OPT_HASHED)
				unqueued += !cmwq_queue_work_hashed(wq->cwq,
							&w->c, i % OPT_KEYS);
			else if (mode == OPT_CLASSED)
				unqueued += !cmwq_queue_work_class_on(cpu,
							wq->cwq, &w->c,
							opt_long_wait(i) ?
							CMWQ_CLASS_UNBOUNDED :
							CMWQ_CLASS_BOUNDED);
			else
				bench_queue_on(w, cpu);
		}
		/* refused (logged): not waited for */
		for (i = 0; i < unqueued; i++)
			bench_count_one(&opt.count);
		set_cpus_allowed_ptr(current, cpu_online_mask);
	} else {
		start = bench_on_cpus(a->nr, bench_slice_producer, a);
	}
	wait_for_completion(&opt.count.done);
	bench_wq_flush(wq);
	if (smp)
		res->peak = bench_sampler_stop(smp, r, series, NULL, 0, 0);
	res->end_ns = opt.count.end_ns;
	res->ns = opt.count.end_ns - start;
	res->workers = opt_distinct(opt.pids, total);
	if (unqueued) {
		pr_err("scenario 9: %u works not queued\n", unqueued);
		ret = -ENOMEM;
	}
	if (atomic_read(&opt.overlaps) || atomic_read(&opt.misordered)) {
		pr_err("scenario 9 %s: %d overlaps of a key's works, %d hashed works out of order\n",
		       bench_side_names[wq->side], atomic_read(&opt.overlaps),
		       atomic_read(&opt.misordered));
		ret = -EPROTO;
	}
out:
	kvfree(opt.pids);
	opt.pids = NULL;
	bench_slice_free(a);
	return ret;
}

/* The options of cmwq's normal pool of @cpu, or of every online CPU's. */
static int opt_set(int cpu, int window_us, int create_us, int scaled)
{
	struct cmwq_cm_opts o = { window_us, create_us, scaled };
	int c, ret;

	if (cpu >= 0)
		return cmwq_cm_policy_set(cmwq_cpu_pool(cpu, CMWQ_NORMAL_POOL),
					  &o);
	for_each_online_cpu(c) {
		ret = cmwq_cm_policy_set(cmwq_cpu_pool(c, CMWQ_NORMAL_POOL), &o);
		if (ret)
			return ret;
	}
	return 0;
}

/* Every option of every online CPU's normal pool back to off. */
static void opt_reset(void)
{
	struct cmwq_cm_opts o = { 0, 0, 0 };
	int c;

	for_each_online_cpu(c) {
		struct cmwq_pool *pool = cmwq_cpu_pool(c, CMWQ_NORMAL_POOL);

		cmwq_cm_policy_set(pool, &o);
		cmwq_pool_set_class_max(pool, CMWQ_CLASS_UNBOUNDED, 0);
	}
}

/*
 * Bring cmwq's pool of @cpu (every online CPU's, @cpu < 0) back to its
 * idle size: idle workers go after OPT_SETTLE_MS for a moment. Changing
 * the reaping rule brings the idle timer forward (cmwq_cm_policy_set()),
 * once to scaled and back to fixed; then the timeout is as it was.
 */
static void opt_settle(int cpu)
{
	unsigned int saved = READ_ONCE(cmwq_idle_timeout_ms);

	WRITE_ONCE(cmwq_idle_timeout_ms, OPT_SETTLE_MS);
	opt_set(cpu, -1, -1, 1);
	msleep(5 * OPT_SETTLE_MS);
	opt_set(cpu, -1, -1, 0);
	msleep(5 * OPT_SETTLE_MS);
	WRITE_ONCE(cmwq_idle_timeout_ms, saved);
}

static u64 opt_stat(int cpu, enum cmwq_cm_stat stat)
{
	u64 sum = 0;
	int c;

	if (cpu >= 0)
		return cmwq_cm_stat(cmwq_cpu_pool(cpu, CMWQ_NORMAL_POOL), stat);
	for_each_online_cpu(c)
		sum += cmwq_cm_stat(cmwq_cpu_pool(c, CMWQ_NORMAL_POOL), stat);
	return sum;
}

/* One metric pair: the kernel's figure in both, cmwq's on or off. */
static void opt_record(struct bench_run *r, const char *option,
		       const char *figure, enum bench_unit unit, int side,
		       bool off, s64 value)
{
	char name[40];

	if (side == SIDE_KERNEL || !off) {
		snprintf(name, sizeof(name), "%s_%s", option, figure);
		bench_record(r, 9, name, unit, side, value);
	}
	if (side == SIDE_KERNEL || off) {
		snprintf(name, sizeof(name), "%s_off_%s", option, figure);
		bench_record(r, 9, name, unit, side, value);
	}
}

/* The pool's idle size per side: its size before the run's first burst. */
static int opt_idle_size[NR_SIDES];

/*
 * After a burst that ended at @end_ns: ms until half the threads it added
 * are gone, and until the pool is at @idle threads, up to @wait_ms after
 * @end_ns; -1 for what did not happen within it.
 */
static void opt_wait_reap(int side, int cpu, int idle, int peak, u64 end_ns,
			  unsigned int wait_ms, s64 *half_ms, s64 *idle_ms)
{
	u64 deadline = end_ns + (u64)wait_ms * NSEC_PER_MSEC, now;
	int half = idle + max(peak - idle, 0) / 2, n;

	*half_ms = -1;
	*idle_ms = -1;
	for (;;) {
		n = bench_count_threads(side, cpu);
		now = ktime_get_ns();
		if (*half_ms < 0 && n <= half)
			*half_ms = div_u64(now - end_ns, NSEC_PER_MSEC);
		if (n <= idle) {
			*idle_ms = div_u64(now - end_ns, NSEC_PER_MSEC);
			return;
		}
		if (now >= deadline)
			return;
		usleep_range(2000, 2500);
	}
}

/* A load's two figures, in the option's pair of rows. */
static void opt_record_load(struct bench_run *r, const char *option,
			    int side, bool off, const struct opt_result *res)
{
	opt_record(r, option, "completion", UNIT_NS, side, off, res->ns);
	opt_record(r, option, "workers", UNIT_THREADS, side, off,
		   res->workers);
}

/*
 * A plain load of @opt_items works (per CPU, @cpu < 0) that sleep
 * @sleep_us and spin @spin_us. On cmwq's side the pools are settled
 * first, @window_us and @create_us set for the load (negative: left
 * alone) and put back to off after it; @stats gets the CM counters'
 * growth meanwhile.
 */
static int opt_cm_load(struct bench_run *r, struct bench_wq *wq, int cpu,
		       int window_us, int create_us, unsigned int sleep_us,
		       unsigned int spin_us, const char *series, u64 *stats,
		       struct opt_result *res)
{
	u64 before[CMWQ_CM_NR_STATS];
	int i, ret;

	if (wq->side == SIDE_CMWQ) {
		opt_settle(cpu);
		ret = opt_set(cpu, window_us, create_us, -1);
		if (ret)
			return ret;
		for (i = 0; i < CMWQ_CM_NR_STATS; i++)
			before[i] = opt_stat(cpu, i);
	}
	ret = opt_load(r, wq, OPT_PLAIN, cpu, r->p->opt_items, sleep_us,
		       spin_us, series, res);
	if (wq->side == SIDE_CMWQ) {
		for (i = 0; i < CMWQ_CM_NR_STATS; i++)
			stats[i] = opt_stat(cpu, i) - before[i];
		opt_set(cpu, window_us < 0 ? -1 : 0, create_us < 0 ? -1 : 0,
			-1);
	}
	return ret;
}

static int opt_hashed(struct bench_run *r, struct bench_wq *wq, int cpu,
		      bool off)
{
	enum opt_mode mode = wq->side == SIDE_CMWQ && !off ? OPT_HASHED :
							     OPT_MUTEX;
	struct opt_result res;
	int ret;

	if (wq->side == SIDE_CMWQ)
		opt_settle(cpu);
	ret = opt_load(r, wq, mode, cpu, r->p->opt_items, 100, 10,
		       "s9_hashed", &res);
	if (ret)
		return ret;
	opt_record_load(r, "hashed", wq->side, off, &res);
	return 0;
}

static int opt_window(struct bench_run *r, struct bench_wq *wq,
		      unsigned int round, bool off)
{
	u64 st[CMWQ_CM_NR_STATS];
	struct opt_result res;
	int ret;

	ret = opt_cm_load(r, wq, -1, off ? 0 : OPT_WINDOW_US, -1, 50, 10,
			  NULL, st, &res);
	if (ret)
		return ret;
	if (!round && wq->side == SIDE_CMWQ)
		bench_extra(r, "N 9 window %s, round 1: cmwq woke a worker %llu times, %llu of them to create one; held %llu\n",
			    off ? "off" : "on", st[CMWQ_CM_STAT_WOKEN] +
			    st[CMWQ_CM_STAT_CREATE], st[CMWQ_CM_STAT_CREATE],
			    st[CMWQ_CM_STAT_HELD]);
	opt_record_load(r, "window", wq->side, off, &res);
	return 0;
}

static int opt_paced(struct bench_run *r, struct bench_wq *wq, int cpu,
		     unsigned int round, bool off)
{
	u64 st[CMWQ_CM_NR_STATS];
	struct opt_result res;
	int ret;

	ret = opt_cm_load(r, wq, cpu, -1, off ? 0 : OPT_PACE_US,
			  OPT_SLEEPER_US, 0, round ? "s9_later" : "s9_paced",
			  st, &res);
	if (ret)
		return ret;
	if (!round && wq->side == SIDE_KERNEL)
		bench_extra(r, "N 9 paced, round 1: the kernel's pool of CPU %d: %d threads before, peak %d\n",
			    cpu, res.before, res.peak);
	else if (!round)
		bench_extra(r, "N 9 paced %s, round 1: cmwq's pool of CPU %d: %d threads before, peak %d; %llu created, %llu deferred\n",
			    off ? "off" : "on", cpu, res.before, res.peak,
			    st[CMWQ_CM_STAT_CREATED],
			    st[CMWQ_CM_STAT_DEFERRED]);
	opt_record_load(r, "paced", wq->side, off, &res);
	return 0;
}

static int opt_reap(struct bench_run *r, struct bench_wq *wq, int cpu,
		    unsigned int round, bool scaled)
{
	unsigned int tmo = r->p->reap_timeout_ms, saved = 0;
	struct opt_result res;
	s64 half, idle;
	int ret;

	if (wq->side == SIDE_CMWQ) {
		opt_settle(cpu);
		saved = READ_ONCE(cmwq_idle_timeout_ms);
		WRITE_ONCE(cmwq_idle_timeout_ms, tmo);
		ret = opt_set(cpu, -1, -1, scaled);
		if (ret)
			goto out;
	}
	ret = opt_load(r, wq, OPT_PLAIN, cpu, r->p->opt_items, OPT_SLEEPER_US,
		       0, round ? "s9_later" : "s9_reap", &res);
	if (ret)
		goto out;
	opt_wait_reap(wq->side, cpu, opt_idle_size[wq->side], res.peak,
		      res.end_ns, 2 * tmo, &half, &idle);
	/* fixed is upstream's rule: the "off" row of reap_scaled */
	opt_record(r, "reap_scaled", "half_ms", UNIT_MS_WAIT, wq->side,
		   !scaled, half);
	opt_record(r, "reap_scaled", "idle_ms", UNIT_MS_WAIT, wq->side,
		   !scaled, idle);
out:
	if (wq->side == SIDE_CMWQ) {
		opt_set(cpu, -1, -1, 0);
		WRITE_ONCE(cmwq_idle_timeout_ms, saved);
	}
	return ret;
}

static int opt_class(struct bench_run *r, struct bench_wq *wq, int cpu,
		     bool off)
{
	struct cmwq_pool *pool = NULL;
	bool capped = wq->side == SIDE_CMWQ && !off;
	struct opt_result res;
	int ret;

	if (wq->side == SIDE_CMWQ)
		opt_settle(cpu);
	if (capped) {
		pool = cmwq_cpu_pool(cpu, CMWQ_NORMAL_POOL);
		ret = cmwq_pool_set_class_max(pool, CMWQ_CLASS_UNBOUNDED,
					      OPT_CLASS_UNBOUNDED_MAX);
		if (ret)
			return ret;
	}
	opt.classes = true;
	atomic_set(&opt.bounded_left, r->p->opt_items / 2);
	opt.bounded_end_ns = 0;
	ret = opt_load(r, wq, capped ? OPT_CLASSED : OPT_PLAIN, cpu,
		       r->p->opt_items, 100, 10, "s9_class", &res);
	opt.classes = false;
	if (pool)
		cmwq_pool_set_class_max(pool, CMWQ_CLASS_UNBOUNDED, 0);
	if (ret)
		return ret;
	opt_record_load(r, "class", wq->side, off, &res);
	/* from the load's first queueing (end_ns - ns); 0 without any */
	opt_record(r, "class", "bounded_done", UNIT_NS, wq->side, off,
		   opt.bounded_end_ns ?
		   opt.bounded_end_ns - (res.end_ns - res.ns) : 0);
	return 0;
}

static int opt_run_side(struct bench_run *r, struct bench_wq *wq,
			unsigned int round)
{
	int cpu = cpumask_last(cpu_online_mask), i, ret = 0;
	/* cmwq: the option off first in odd rounds, on first in even ones */
	int nr = wq->side == SIDE_CMWQ ? 2 : 1;

	if (!round) {
		if (wq->side == SIDE_CMWQ)
			opt_settle(cpu);
		/* upstream's rule keeps two idle workers: never fewer */
		opt_idle_size[wq->side] = max(bench_count_threads(wq->side,
								  cpu), 2);
	}
	for (i = 0; i < nr && !ret; i++)
		ret = opt_hashed(r, wq, cpu, (i + round) % 2);
	for (i = 0; i < nr && !ret; i++)
		ret = opt_window(r, wq, round, (i + round) % 2);
	for (i = 0; i < nr && !ret; i++)
		ret = opt_paced(r, wq, cpu, round, (i + round) % 2);
	for (i = 0; i < nr && !ret; i++)
		ret = opt_reap(r, wq, cpu, round, !((i + round) % 2));
	for (i = 0; i < nr && !ret; i++)
		ret = opt_class(r, wq, cpu, (i + round) % 2);
	return ret;
}

static void opt_run(struct bench_run *r, unsigned int round, int side)
{
	struct bench_wq wq;
	int ret, i;

	for (i = 0; i < OPT_KEYS; i++)
		mutex_init(&opt.key_lock[i]);
	ret = bench_wq_alloc(&wq, side, BWQ_PERCPU, "cmwq_bench_opt");
	if (ret) {
		bench_fail(r, ret);
		return;
	}
	ret = opt_run_side(r, &wq, round);
	if (side == SIDE_CMWQ)
		opt_reset();
	bench_wq_destroy(&wq);
	if (ret == -EOPNOTSUPP || ret == -EINVAL) {
		/* no concurrency management here: no window to measure */
		if (!round)
			bench_extra(r, "N 9 cmwq: the options are not available here (%d)\n",
				    ret);
	} else if (ret) {
		bench_fail(r, ret);
	}
}

const struct bench_scenario bench_scenario_options = {
	.nr	= 9,
	.name	= "beyond_cmwq_options",
	.run	= opt_run,
};
