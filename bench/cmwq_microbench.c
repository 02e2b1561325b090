// SPDX-License-Identifier: GPL-2.0
/*
 * cmwq_microbench.ko: five hot paths of cmwq and of the kernel's own
 * workqueue, measured side by side in one boot with the same work
 * functions:
 *
 *   null_throughput   @items distinct null works queued from a thread on
 *                     @producer_cpu to @cpu's pool, until all have run
 *                     (items/s, higher is better)
 *   chain_throughput  one work that requeues itself on @cpu until it has
 *                     run @items times (runs/s, higher is better)
 *   burst_completion  @burst null works queued on @cpu itself with
 *                     preemption off (as from an interrupt), so that the
 *                     pool starts only once all are in: first queueing to
 *                     last completion (us, lower is better)
 *   blocking_mix      @mix works queued from @producer_cpu to @cpu's pool,
 *                     every eighth of which sleeps 100-200 us: first
 *                     queueing to last completion (us, lower is better).
 *                     Concurrency management at work: a sleeping work
 *                     must let the pool start another worker.
 *   flush_latency     queue one null work from @producer_cpu to @cpu's
 *                     idle pool and flush it; the median of @flushes (us,
 *                     lower is better). The two sides take turns flush
 *                     by flush, so that the host's load, which moves
 *                     within a round, weighs on both alike.
 *
 * Each side gets a fresh per-CPU workqueue with default flags and
 * max_active: alloc_workqueue(.., 0, 0) and cmwq_alloc_workqueue(.., 0,
 * 0). Each of @rounds rounds measures every path on both sides, cmwq first
 * in rounds 1, 3, ... and the kernel first in rounds 2, 4, ..., so that
 * warm-up favours neither. A path's result is the median of its rounds
 * per side, the rounds' spread, and the ratio cmwq / kernel. Producer and
 * pool share CPU 1 by default (see producer_cpu).
 *
 * Writing anything to /sys/kernel/debug/cmwq_microbench/run runs it with
 * the current module parameters and returns when it is done (progress goes
 * to the kernel log); /sys/kernel/debug/cmwq_microbench/results holds the
 * table of the last run. With run_at_load=1 it also runs once at load.
 * scripts/microbench drives it in the guest.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "cmwq.h"

static unsigned int rounds = 5;
module_param(rounds, uint, 0644);
MODULE_PARM_DESC(rounds, "rounds of every path on both sides (1-21, default 5)");

static unsigned int items = 20000;
module_param(items, uint, 0644);
MODULE_PARM_DESC(items, "null works per throughput run, and runs of the chain (default 20000)");

static unsigned int burst = 10000;
module_param(burst, uint, 0644);
MODULE_PARM_DESC(burst, "null works in the burst (default 10000)");

static unsigned int mix = 2000;
module_param(mix, uint, 0644);
MODULE_PARM_DESC(mix, "works in the blocking mix, one in eight sleeping (default 2000)");

static unsigned int flushes = 500;
module_param(flushes, uint, 0644);
MODULE_PARM_DESC(flushes, "queue+flush_work pairs per flush latency run (default 500)");

static unsigned int cpu = 1;
module_param(cpu, uint, 0644);
MODULE_PARM_DESC(cpu, "the CPU whose pool runs the works (default 1)");

/*
 * The same CPU by default: the common case of queue_work(), and under TCG
 * a wake-up across vCPUs waits for the host to run the other vCPU's
 * thread, which made the cross-CPU figures noisy by up to 10x.
 */
static unsigned int producer_cpu = 1;
module_param(producer_cpu, uint, 0644);
MODULE_PARM_DESC(producer_cpu, "the CPU that queues and flushes, but for the burst (default 1)");

static bool run_at_load;
module_param(run_at_load, bool, 0444);
MODULE_PARM_DESC(run_at_load, "run once at load (a failure is logged, the load succeeds)");

#define BENCH_MAX_ROUNDS	21
#define BENCH_MAX_ITEMS		200000
#define BENCH_MAX_FLUSHES	100000
#define BENCH_TEXT_LEN		4096
/* one work in BENCH_MIX_EVERY of the blocking mix sleeps this long */
#define BENCH_MIX_EVERY		8
#define BENCH_MIX_MIN_US	100
#define BENCH_MIX_MAX_US	200
/* the flush path's pause, so that the pool's worker is asleep again */
#define BENCH_IDLE_MIN_US	200
#define BENCH_IDLE_MAX_US	400

enum { SIDE_CMWQ, SIDE_KERNEL, NR_SIDES };

/* The parameters of one run, read once at its start. */
struct bench_params {
	unsigned int	rounds;
	unsigned int	items;
	unsigned int	burst;
	unsigned int	mix;
	unsigned int	flushes;
	unsigned int	cpu;
	unsigned int	producer_cpu;
};

/*
 * What the work functions share with the runner. One measurement runs at a
 * time, on one side. The runner sets @ran, @target and @all_ran up before
 * its first queueing (the queueing's pool lock orders them before any
 * run), and reads @end_ns after @all_ran completes, which orders it after
 * the write in the last run.
 */
static struct {
	atomic_t		ran;
	int			target;		/* runs until all_ran; 0: never */
	u64			end_ns;		/* ktime of the target-th run */
	struct completion	all_ran;
	int			cpu;		/* the pool's CPU */
	struct cmwq_workqueue	*cwq;
	struct workqueue_struct	*kwq;
	struct cmwq_work	*cworks;
	struct work_struct	*kworks;
	u64			*samples[NR_SIDES]; /* flush latencies */
} bench;

/* The body of every null work, the same on both sides. */
static void bench_null_body(void)
{
	if (atomic_inc_return(&bench.ran) == bench.target) {
		bench.end_ns = ktime_get_ns();
		complete(&bench.all_ran);
	}
}

/* The body of the chain, the same on both sides: true to run again. */
static bool bench_chain_body(void)
{
	if (atomic_inc_return(&bench.ran) < bench.target)
		return true;
	bench.end_ns = ktime_get_ns();
	complete(&bench.all_ran);
	return false;
}

/* The body of a blocking mix work, the same on both sides. */
static void bench_mix_body(unsigned int i)
{
	if (i % BENCH_MIX_EVERY == 0)
		usleep_range(BENCH_MIX_MIN_US, BENCH_MIX_MAX_US);
	bench_null_body();
}

/* What a work item does. */
enum bench_fn { BENCH_NULL, BENCH_CHAIN, BENCH_MIX };

/* One side of the comparison: a workqueue and its work items. */
struct bench_side {
	const char	*name;
	void		(*init)(unsigned int i, enum bench_fn fn);
	void		(*queue)(unsigned int i);
	void		(*flush_one)(unsigned int i);
	void		(*flush_all)(void);
};

static void cmwq_null_fn(struct cmwq_work *work)
{
	bench_null_body();
}

static void cmwq_chain_fn(struct cmwq_work *work)
{
	if (bench_chain_body())
		cmwq_queue_work_on(bench.cpu, bench.cwq, work);
}

static void cmwq_mix_fn(struct cmwq_work *work)
{
	bench_mix_body(work - bench.cworks);
}

static void cmwq_side_init(unsigned int i, enum bench_fn fn)
{
	static const cmwq_func_t fns[] = {
		[BENCH_NULL] = cmwq_null_fn,
		[BENCH_CHAIN] = cmwq_chain_fn,
		[BENCH_MIX] = cmwq_mix_fn,
	};

	CMWQ_INIT_WORK(&bench.cworks[i], fns[fn]);
}

static void cmwq_side_queue(unsigned int i)
{
	cmwq_queue_work_on(bench.cpu, bench.cwq, &bench.cworks[i]);
}

static void cmwq_side_flush_one(unsigned int i)
{
	cmwq_flush_work(&bench.cworks[i]);
}

static void cmwq_side_flush_all(void)
{
	cmwq_flush_workqueue(bench.cwq);
}

static void kernel_null_fn(struct work_struct *work)
{
	bench_null_body();
}

static void kernel_chain_fn(struct work_struct *work)
{
	if (bench_chain_body())
		queue_work_on(bench.cpu, bench.kwq, work);
}

static void kernel_mix_fn(struct work_struct *work)
{
	bench_mix_body(work - bench.kworks);
}

static void kernel_side_init(unsigned int i, enum bench_fn fn)
{
	static const work_func_t fns[] = {
		[BENCH_NULL] = kernel_null_fn,
		[BENCH_CHAIN] = kernel_chain_fn,
		[BENCH_MIX] = kernel_mix_fn,
	};

	INIT_WORK(&bench.kworks[i], fns[fn]);
}

static void kernel_side_queue(unsigned int i)
{
	queue_work_on(bench.cpu, bench.kwq, &bench.kworks[i]);
}

static void kernel_side_flush_one(unsigned int i)
{
	flush_work(&bench.kworks[i]);
}

static void kernel_side_flush_all(void)
{
	flush_workqueue(bench.kwq);
}

static const struct bench_side bench_sides[NR_SIDES] = {
	[SIDE_CMWQ] = {
		.name		= "cmwq",
		.init		= cmwq_side_init,
		.queue		= cmwq_side_queue,
		.flush_one	= cmwq_side_flush_one,
		.flush_all	= cmwq_side_flush_all,
	},
	[SIDE_KERNEL] = {
		.name		= "kernel",
		.init		= kernel_side_init,
		.queue		= kernel_side_queue,
		.flush_one	= kernel_side_flush_one,
		.flush_all	= kernel_side_flush_all,
	},
};

static void bench_arm(int target)
{
	atomic_set(&bench.ran, 0);
	bench.target = target;
	reinit_completion(&bench.all_ran);
}

static u64 per_second(u64 n, u64 ns)
{
	return div64_u64(n * NSEC_PER_SEC, max_t(u64, ns, 1));
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* The median of @v[0..@n), which it sorts. */
static u64 median(u64 *v, unsigned int n)
{
	sort(v, n, sizeof(*v), cmp_u64, NULL);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * Queue @n works doing @fn from the producer to the pool and wait for all:
 * ns from the first queueing to the last run.
 */
static u64 measure_queued(const struct bench_side *s, unsigned int n,
			  enum bench_fn fn)
{
	unsigned int i;
	u64 start;

	for (i = 0; i < n; i++)
		s->init(i, fn);
	bench_arm(n);
	start = ktime_get_ns();
	for (i = 0; i < n; i++)
		s->queue(i);
	wait_for_completion(&bench.all_ran);
	s->flush_all();
	return bench.end_ns - start;
}

static u64 measure_null(const struct bench_side *s,
			const struct bench_params *p)
{
	return per_second(p->items, measure_queued(s, p->items, BENCH_NULL));
}

static u64 measure_chain(const struct bench_side *s,
			 const struct bench_params *p)
{
	u64 start;

	s->init(0, BENCH_CHAIN);
	bench_arm(p->items);
	start = ktime_get_ns();
	s->queue(0);
	wait_for_completion(&bench.all_ran);
	s->flush_all();
	return per_second(p->items, bench.end_ns - start);
}

static u64 measure_burst(const struct bench_side *s,
			 const struct bench_params *p)
{
	unsigned int i;
	u64 start;

	for (i = 0; i < p->burst; i++)
		s->init(i, BENCH_NULL);
	bench_arm(p->burst);
	set_cpus_allowed_ptr(current, cpumask_of(p->cpu));
	/* No run may start before the whole burst is queued. */
	preempt_disable();
	start = ktime_get_ns();
	for (i = 0; i < p->burst; i++)
		s->queue(i);
	preempt_enable();
	wait_for_completion(&bench.all_ran);
	set_cpus_allowed_ptr(current, cpumask_of(p->producer_cpu));
	s->flush_all();
	return bench.end_ns - start;
}

static u64 measure_mix(const struct bench_side *s,
		       const struct bench_params *p)
{
	return measure_queued(s, p->mix, BENCH_MIX);
}

/* Both sides at once, flush by flush, @first's flush first in each pair. */
static void measure_flush_pair(const struct bench_params *p,
			       unsigned int first, u64 out[NR_SIDES])
{
	unsigned int i, j, side;
	u64 start;

	for (side = 0; side < NR_SIDES; side++)
		bench_sides[side].init(0, BENCH_NULL);
	bench_arm(0);
	for (i = 0; i < p->flushes; i++) {
		for (j = 0; j < NR_SIDES; j++) {
			const struct bench_side *s;

			side = (first + j) % NR_SIDES;
			s = &bench_sides[side];
			usleep_range(BENCH_IDLE_MIN_US, BENCH_IDLE_MAX_US);
			start = ktime_get_ns();
			s->queue(0);
			s->flush_one(0);
			bench.samples[side][i] = ktime_get_ns() - start;
		}
	}
	for (side = 0; side < NR_SIDES; side++) {
		bench_sides[side].flush_all();
		out[side] = median(bench.samples[side], p->flushes);
	}
}

/*
 * A measured hot path: its values are per second or nanoseconds. It is
 * measured one side after the other (@measure) or both at once
 * (@measure_pair).
 */
struct bench_path {
	const char	*name;
	bool		per_second;	/* a throughput: higher is better */
	u64		(*measure)(const struct bench_side *s,
				   const struct bench_params *p);
	void		(*measure_pair)(const struct bench_params *p,
					unsigned int first,
					u64 out[NR_SIDES]);
};

enum { NR_PATHS = 5 };

static const struct bench_path bench_paths[NR_PATHS] = {
	{ "null_throughput",	true,	measure_null },
	{ "chain_throughput",	true,	measure_chain },
	{ "burst_completion",	false,	measure_burst },
	{ "blocking_mix",	false,	measure_mix },
	{ "flush_latency",	false,	.measure_pair = measure_flush_pair },
};

/* What one run measured: [path][side][round]. */
struct bench_values {
	u64	v[NR_PATHS][NR_SIDES][BENCH_MAX_ROUNDS];
};

/* @v as its path reports it: items/s, or microseconds with one decimal. */
static void format_value(char *buf, size_t len, const struct bench_path *path,
			 u64 v)
{
	u32 ns;
	u64 us;

	if (path->per_second) {
		snprintf(buf, len, "%llu", v);
		return;
	}
	us = div_u64_rem(v, NSEC_PER_USEC, &ns);
	snprintf(buf, len, "%llu.%u", us, ns / 100);
}

/* cmwq / kernel in thousandths; U64_MAX when the kernel measured 0. */
static u64 ratio_milli(u64 c, u64 k)
{
	return k ? div64_u64(c * 1000 + k / 2, k) : U64_MAX;
}

/* A ratio in thousandths with three decimals, or "-" for U64_MAX. */
static void format_ratio(char *buf, size_t len, u64 milli)
{
	u32 frac;
	u64 whole;

	if (milli == U64_MAX) {
		snprintf(buf, len, "-");
		return;
	}
	whole = div_u64_rem(milli, 1000, &frac);
	snprintf(buf, len, "%llu.%03u", whole, frac);
}

/* Append one line to @text (of BENCH_TEXT_LEN) and to the kernel log. */
static __printf(2, 3) void emit(char *text, const char *fmt, ...)
{
	size_t used = strlen(text);
	va_list args;

	va_start(args, fmt);
	vsnprintf(text + used, BENCH_TEXT_LEN - used, fmt, args);
	va_end(args);
	pr_info("%s", text + used);
}

/*
 * The table: a comment line with the parameters, a comment line naming
 * the columns, one line per path. Columns are separated by spaces and no
 * field holds one. Besides the ratio of the medians it gives the range and
 * the median of the rounds' own ratios: both sides of a round ran back to
 * back, under much the same load on the host, so their ratio moves less
 * than either figure when the host's load drifts between rounds.
 */
static void bench_table(char *text, const struct bench_params *p,
			struct bench_values *vals)
{
	char med[NR_SIDES][24], lo[NR_SIDES][24], hi[NR_SIDES][24];
	char ratio[24], rlo[24], rmid[24], rhi[24];
	u64 mid[NR_SIDES], rounds[BENCH_MAX_ROUNDS];
	unsigned int path, side, round;

	text[0] = '\0';
	emit(text, "# cmwq_microbench rounds=%u items=%u burst=%u flushes=%u cpu=%u producer_cpu=%u burst_cpu=%u\n",
	     p->rounds, p->items, p->burst, p->flushes, p->cpu,
	     p->producer_cpu, p->cpu);
	emit(text, "# path unit better cmwq kernel ratio cmwq_min cmwq_max kernel_min kernel_max round_ratio_min round_ratio_max round_ratio_median\n");
	for (path = 0; path < NR_PATHS; path++) {
		const struct bench_path *bp = &bench_paths[path];

		for (round = 0; round < p->rounds; round++)
			rounds[round] =
				ratio_milli(vals->v[path][SIDE_CMWQ][round],
					    vals->v[path][SIDE_KERNEL][round]);
		/* median() sorts: min first, max last */
		format_ratio(rmid, sizeof(rmid), median(rounds, p->rounds));
		format_ratio(rlo, sizeof(rlo), rounds[0]);
		format_ratio(rhi, sizeof(rhi), rounds[p->rounds - 1]);
		for (side = 0; side < NR_SIDES; side++) {
			u64 *v = vals->v[path][side];

			mid[side] = median(v, p->rounds);
			/* median() sorted the rounds: min first, max last */
			format_value(med[side], sizeof(med[side]), bp,
				     mid[side]);
			format_value(lo[side], sizeof(lo[side]), bp, v[0]);
			format_value(hi[side], sizeof(hi[side]), bp,
				     v[p->rounds - 1]);
		}
		format_ratio(ratio, sizeof(ratio),
			     ratio_milli(mid[SIDE_CMWQ], mid[SIDE_KERNEL]));
		emit(text, "%s %s %s %s %s %s %s %s %s %s %s %s %s\n", bp->name,
		     bp->per_second ? "items/s" : "us",
		     bp->per_second ? "higher" : "lower",
		     med[SIDE_CMWQ], med[SIDE_KERNEL], ratio,
		     lo[SIDE_CMWQ], hi[SIDE_CMWQ],
		     lo[SIDE_KERNEL], hi[SIDE_KERNEL], rlo, rhi, rmid);
	}
}

static int bench_setup(const struct bench_params *p)
{
	unsigned int nr_works = max3(p->items, p->burst, p->mix);
	unsigned int side;

	init_completion(&bench.all_ran);
	bench.cpu = p->cpu;
	bench.cworks = kvcalloc(nr_works, sizeof(*bench.cworks), GFP_KERNEL);
	bench.kworks = kvcalloc(nr_works, sizeof(*bench.kworks), GFP_KERNEL);
	if (!bench.cworks || !bench.kworks)
		return -ENOMEM;
	for (side = 0; side < NR_SIDES; side++) {
		bench.samples[side] = kvcalloc(p->flushes, sizeof(u64),
					       GFP_KERNEL);
		if (!bench.samples[side])
			return -ENOMEM;
	}
	bench.kwq = alloc_workqueue("cmwq_microbench_kernel", 0, 0);
	if (!bench.kwq)
		return -ENOMEM;
	bench.cwq = cmwq_alloc_workqueue("cmwq_microbench", 0, 0);
	if (IS_ERR(bench.cwq)) {
		int ret = PTR_ERR(bench.cwq);

		bench.cwq = NULL;
		return ret;
	}
	return 0;
}

/* Every work has run and been flushed: nothing refers to the items. */
static void bench_teardown(void)
{
	if (bench.cwq)
		cmwq_destroy_workqueue(bench.cwq);
	if (bench.kwq)
		destroy_workqueue(bench.kwq);
	kvfree(bench.samples[SIDE_CMWQ]);
	kvfree(bench.samples[SIDE_KERNEL]);
	kvfree(bench.kworks);
	kvfree(bench.cworks);
	memset(&bench, 0, sizeof(bench));
}

static int bench_check_params(const struct bench_params *p)
{
	if (p->rounds < 1 || p->rounds > BENCH_MAX_ROUNDS) {
		pr_err("rounds=%u: want 1 to %u\n", p->rounds,
		       BENCH_MAX_ROUNDS);
		return -EINVAL;
	}
	if (p->items < 1 || p->items > BENCH_MAX_ITEMS ||
	    p->burst < 1 || p->burst > BENCH_MAX_ITEMS ||
	    p->mix < 1 || p->mix > BENCH_MAX_ITEMS) {
		pr_err("items=%u burst=%u mix=%u: want 1 to %u\n", p->items,
		       p->burst, p->mix, BENCH_MAX_ITEMS);
		return -EINVAL;
	}
	if (p->flushes < 1 || p->flushes > BENCH_MAX_FLUSHES) {
		pr_err("flushes=%u: want 1 to %u\n", p->flushes,
		       BENCH_MAX_FLUSHES);
		return -EINVAL;
	}
	if (p->cpu >= nr_cpu_ids || !cpu_online(p->cpu) ||
	    p->producer_cpu >= nr_cpu_ids || !cpu_online(p->producer_cpu)) {
		pr_err("cpu=%u producer_cpu=%u: want online CPUs\n", p->cpu,
		       p->producer_cpu);
		return -EINVAL;
	}
	return 0;
}

/* Measure every round and fill @text with the table. */
static int bench_run(const struct bench_params *p, char *text)
{
	struct bench_values *vals;
	unsigned int round, path, i;
	int ret;

	vals = kzalloc(sizeof(*vals), GFP_KERNEL);
	if (!vals)
		return -ENOMEM;
	ret = bench_setup(p);
	if (ret)
		goto out;
	set_cpus_allowed_ptr(current, cpumask_of(p->producer_cpu));
	pr_info("%u rounds: %u items, burst of %u, mix of %u, %u flushes, pool on CPU %u, producer on CPU %u\n",
		p->rounds, p->items, p->burst, p->mix, p->flushes, p->cpu,
		p->producer_cpu);
	for (round = 0; round < p->rounds; round++) {
		/* cmwq first in rounds 1, 3, ..., the kernel in 2, 4, ... */
		unsigned int first = round % 2 ? SIDE_KERNEL : SIDE_CMWQ;

		for (path = 0; path < NR_PATHS; path++) {
			const struct bench_path *bp = &bench_paths[path];
			char c[24], k[24];

			if (bp->measure_pair) {
				u64 out[NR_SIDES];

				bp->measure_pair(p, first, out);
				for (i = 0; i < NR_SIDES; i++)
					vals->v[path][i][round] = out[i];
			}
			for (i = 0; bp->measure && i < NR_SIDES; i++) {
				unsigned int side = (first + i) % NR_SIDES;

				vals->v[path][side][round] =
					bp->measure(&bench_sides[side], p);
				cond_resched();
			}
			format_value(c, sizeof(c), bp,
				     vals->v[path][SIDE_CMWQ][round]);
			format_value(k, sizeof(k), bp,
				     vals->v[path][SIDE_KERNEL][round]);
			pr_info("round %u/%u (%s first): %s cmwq %s kernel %s %s\n",
				round + 1, p->rounds, bench_sides[first].name,
				bp->name, c, k,
				bp->per_second ? "items/s" : "us");
		}
	}
	bench_table(text, p, vals);
out:
	bench_teardown();
	kfree(vals);
	return ret;
}

/*
 * One run at a time, in a kthread that may move between CPUs. The thread
 * holds a module reference until it exits, so that the module cannot go
 * while it runs, even when the writer that started it was interrupted.
 */
static DEFINE_MUTEX(bench_lock);	/* the three below */
static bool bench_running;
static char *bench_text;		/* the last run's table */
static int bench_status;		/* the last run's error */
static DECLARE_COMPLETION(bench_done);	/* the last run finished */

static int bench_thread(void *arg)
{
	struct bench_params *p = arg;
	char *text = kzalloc(BENCH_TEXT_LEN, GFP_KERNEL);
	int ret = text ? bench_run(p, text) : -ENOMEM;

	mutex_lock(&bench_lock);
	if (!ret)
		swap(bench_text, text);
	bench_status = ret;
	bench_running = false;
	complete_all(&bench_done);
	mutex_unlock(&bench_lock);
	if (ret)
		pr_err("run failed: %d\n", ret);
	kfree(text);
	kfree(p);
	module_put_and_kthread_exit(0);
	return 0;
}

/* Run with the current parameters; return when done, or interrupted. */
static int bench_start_and_wait(void)
{
	struct bench_params *p;
	struct task_struct *t;
	int ret;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	*p = (struct bench_params){
		.rounds		= READ_ONCE(rounds),
		.items		= READ_ONCE(items),
		.burst		= READ_ONCE(burst),
		.mix		= READ_ONCE(mix),
		.flushes	= READ_ONCE(flushes),
		.cpu		= READ_ONCE(cpu),
		.producer_cpu	= READ_ONCE(producer_cpu),
	};
	ret = bench_check_params(p);
	if (ret)
		goto free;

	mutex_lock(&bench_lock);
	if (bench_running) {
		mutex_unlock(&bench_lock);
		ret = -EBUSY;
		goto free;
	}
	reinit_completion(&bench_done);
	__module_get(THIS_MODULE);
	t = kthread_run(bench_thread, p, "cmwq_microbench");
	if (IS_ERR(t)) {
		module_put(THIS_MODULE);
		mutex_unlock(&bench_lock);
		ret = PTR_ERR(t);
		goto free;
	}
	bench_running = true;
	mutex_unlock(&bench_lock);

	if (wait_for_completion_interruptible(&bench_done))
		return -EINTR;
	mutex_lock(&bench_lock);
	ret = bench_status;
	mutex_unlock(&bench_lock);
	return ret;
free:
	kfree(p);
	return ret;
}

static ssize_t run_write(struct file *file, const char __user *buf,
			 size_t count, loff_t *ppos)
{
	int ret = bench_start_and_wait();

	return ret ? ret : count;
}

static ssize_t results_read(struct file *file, char __user *buf,
			    size_t count, loff_t *ppos)
{
	static const char none[] = "# no run yet\n";
	const char *text;
	ssize_t ret;

	mutex_lock(&bench_lock);
	text = bench_text ?: none;
	ret = simple_read_from_buffer(buf, count, ppos, text, strlen(text));
	mutex_unlock(&bench_lock);
	return ret;
}

static const struct file_operations run_fops = {
	.owner	= THIS_MODULE,
	.write	= run_write,
};

static const struct file_operations results_fops = {
	.owner	= THIS_MODULE,
	.read	= results_read,
};

static struct dentry *bench_dir;

static int __init cmwq_microbench_init(void)
{
	bench_dir = debugfs_create_dir("cmwq_microbench", NULL);
	debugfs_create_file("run", 0200, bench_dir, NULL, &run_fops);
	debugfs_create_file("results", 0444, bench_dir, NULL, &results_fops);
	/*
	 * A failed or interrupted run does not fail the load: its thread may
	 * still be running module code, which a failed load would free.
	 */
	if (run_at_load)
		bench_start_and_wait();
	return 0;
}

static void __exit cmwq_microbench_exit(void)
{
	debugfs_remove_recursive(bench_dir);
	kfree(bench_text);
}

module_init(cmwq_microbench_init);
module_exit(cmwq_microbench_exit);
MODULE_DESCRIPTION("cmwq against the kernel's workqueue: five hot paths side by side");
MODULE_LICENSE("GPL");
