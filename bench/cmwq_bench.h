/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmwq_bench.ko: cmwq against the kernel's own workqueue, scenario by
 * scenario, in one boot (issue 14). bench_main.c runs the rounds and
 * writes the results; each scenario family lives in a file of its own and
 * reaches either workqueue through the small "side" layer below, so that
 * both run the very same work functions.
 */
#ifndef _CMWQ_BENCH_H
#define _CMWQ_BENCH_H

#include <linux/completion.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "cmwq.h"

enum { SIDE_KERNEL, SIDE_CMWQ, NR_SIDES };

extern const char *const bench_side_names[NR_SIDES];

/* The parameters of one run (module parameters, read at its start). */
struct bench_params {
	unsigned int	rounds;		/* rounds of each scenario */
	unsigned int	scale_rounds;	/* rounds of scenario 10 */
	unsigned int	samples;	/* latency samples per round and place */
	unsigned int	items;		/* null works per CPU (2), chain, ordered */
	unsigned int	mix;		/* blocking works per CPU (4) */
	unsigned int	unbound_items;	/* unbound works per CPU and scope (5) */
	unsigned int	burst;		/* works of the burst (8) */
	unsigned int	settle_ms;	/* how long 8 waits for the idle size */
	unsigned int	scale_max;	/* the largest item count of 10 */
	unsigned int	opt_items;	/* works of each load of 9 */
	unsigned int	reap_timeout_ms; /* cmwq's idle timeout in 9's reap */
	unsigned int	cpu;		/* the pool's CPU (1, 3, 6, 7, 8) */
	unsigned long	mask;		/* scenarios to run, bit N: scenario N */
};

/* What a metric's values are. */
enum bench_unit {
	UNIT_NS,	/* a time: lower is better */
	UNIT_PER_S,	/* items per second: higher is better */
	UNIT_THREADS,	/* peak worker threads: lower is better */
	UNIT_PERMILLE,	/* a share in thousandths: higher is better */
	UNIT_X1000,	/* a multiple of the floor, in thousandths: lower */
	UNIT_MS_WAIT,	/* ms until idle size, -1: not within the wait */
};

#define BENCH_MAX_ROUNDS	15
#define BENCH_MAX_METRICS	96

/* One metric: a name and each side's value of each round. */
struct bench_metric {
	int		scenario;
	char		name[40];
	enum bench_unit	unit;
	bool		one_side;	/* the floor: the kernel column only */
	s64		v[NR_SIDES][BENCH_MAX_ROUNDS];
	unsigned int	n[NR_SIDES];	/* rounds recorded */
};

/*
 * The run's state that scenarios write into: metrics by name, and extra
 * output (latency samples for the CDFs, thread counts over time).
 */
struct bench_run {
	const struct bench_params	*p;
	struct bench_metric		metrics[BENCH_MAX_METRICS];
	unsigned int			nr_metrics;
	char				*extra;		/* vmalloc'ed */
	size_t				extra_len, extra_size;
	int				error;		/* fails the run */
};

void bench_record(struct bench_run *r, int scenario, const char *name,
		  enum bench_unit unit, int side, s64 value);
void bench_record_floor(struct bench_run *r, int scenario, const char *name,
			s64 value);
/* A check failed: the run fails with @error (the first one given). */
void bench_fail(struct bench_run *r, int error);
__printf(2, 3) void bench_extra(struct bench_run *r, const char *fmt, ...);
void bench_extra_samples(struct bench_run *r, const char *series, int side,
			 const u64 *v, unsigned int n);

/* A scenario: @run measures one side for one round. */
struct bench_scenario {
	int		nr;
	const char	*name;
	/* the whole round, both sides, @first first (interleaved) */
	void		(*run_pair)(struct bench_run *r, unsigned int round,
				    int first);
	void		(*run)(struct bench_run *r, unsigned int round,
			       int side);
	bool		scale;		/* rounds: scale_rounds */
	const char	*pending;	/* not measured yet: why */
};

/* The side layer: a workqueue of either kind, a work of either kind. */
enum bench_wq_kind { BWQ_PERCPU, BWQ_UNBOUND, BWQ_ORDERED };

struct bench_wq {
	int				side;
	struct workqueue_struct		*kwq;
	struct cmwq_workqueue		*cwq;
	char				name[32];
};

struct bench_work;
typedef void (*bench_fn_t)(struct bench_work *w);

struct bench_work {
	union {
		struct work_struct	k;
		struct cmwq_work	c;
	};
	bench_fn_t		fn;
	struct bench_wq		*wq;
	u32			arg;	/* the scenario's, per item */
	s16			ran_cpu;
	s16			from_cpu;
};

int bench_wq_alloc(struct bench_wq *wq, int side, enum bench_wq_kind kind,
		   const char *name);
void bench_wq_destroy(struct bench_wq *wq);
int bench_wq_set_scope(struct bench_wq *wq, int scope, bool *applied);
void bench_wq_flush(struct bench_wq *wq);
void bench_work_init(struct bench_work *w, struct bench_wq *wq,
		     bench_fn_t fn);
bool bench_queue_on(struct bench_work *w, int cpu);
bool bench_queue(struct bench_work *w);
bool bench_flush_work(struct bench_work *w);

/* A countdown that completes when the last of its items ran. */
struct bench_count {
	atomic_t		left;
	u64			end_ns;
	struct completion	done;
};

void bench_count_arm(struct bench_count *c, int n);
void bench_count_one(struct bench_count *c);

/* Thread counting: a side's per-CPU normal workers, all CPUs or one. */
int bench_count_threads(int side, int cpu);

/* A sampler of thread counts over time, for the plots. */
struct bench_sampler;
struct bench_sampler *bench_sampler_start(int side, int cpu);
/* Stop; its peak; the series goes to @r as "T @series side ...". */
int bench_sampler_stop(struct bench_sampler *s, struct bench_run *r,
		       const char *series, u64 *settle_ns, int idle_size,
		       u64 since_ns);

/* Run @fn(@arg, cpu) on a kthread on each of the first @ncpus CPUs at once. */
u64 bench_on_cpus(unsigned int ncpus, void (*fn)(void *arg, int cpu),
		  void *arg);

/*
 * The load of a scenario with a producer per CPU: @per_cpu works for each
 * of the first @nr online CPUs, CPU cpus[i] queueing works[i * @per_cpu]
 * onwards, each to its own CPU's pool (bench_queue_on()) or, with
 * @local, with bench_queue() (the local pod of an unbound workqueue).
 */
struct bench_slice_arg {
	struct bench_work	*works;
	unsigned int		per_cpu;
	bool			local;
	int			cpus[NR_CPUS > 64 ? 64 : NR_CPUS];
	unsigned int		nr;
};

struct bench_slice_arg *bench_slice_alloc(unsigned int ncpus,
					  unsigned int per_cpu);
void bench_slice_free(struct bench_slice_arg *a);
/* bench_on_cpus()'s @fn for a bench_slice_arg: queue this CPU's slice. */
void bench_slice_producer(void *arg, int cpu);

u64 bench_median(u64 *v, unsigned int n);
u64 bench_percentile(u64 *v, unsigned int n, unsigned int pct);
u64 bench_per_second(u64 n, u64 ns);

/* Scenario 2's null works and scenario 4's mix, for scenario 10 too. */
u64 bench_null_per_cpu(int side, unsigned int ncpus, unsigned int per_cpu);
u64 bench_mix_per_cpu(int side, unsigned int ncpus, unsigned int per_cpu,
		      unsigned int every, unsigned int spin_us,
		      struct bench_run *r, const char *series, int *peak,
		      int *before);

/* The spin of the blocking works, and their sleep. */
void bench_sleep_spin(unsigned int sleep_us, unsigned int spin_us);

extern const struct bench_scenario bench_scenario_floor;
extern const struct bench_scenario bench_scenario_latency;
extern const struct bench_scenario bench_scenario_null;
extern const struct bench_scenario bench_scenario_chain;
extern const struct bench_scenario bench_scenario_mix;
extern const struct bench_scenario bench_scenario_unbound;
extern const struct bench_scenario bench_scenario_flush;
extern const struct bench_scenario bench_scenario_ordered;
extern const struct bench_scenario bench_scenario_burst;
extern const struct bench_scenario bench_scenario_options;
extern const struct bench_scenario bench_scenario_scale;

#endif /* _CMWQ_BENCH_H */
