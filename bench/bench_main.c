// SPDX-License-Identifier: GPL-2.0
/*
 * cmwq_bench.ko: the scenarios of issue 14, each on the kernel's own
 * workqueue (alloc_workqueue() with the equivalent flags) and on cmwq's,
 * in one boot, with the same work functions. Every scenario runs @rounds
 * rounds; a round measures both sides back to back, the kernel first in
 * rounds 1, 3, ... and cmwq first in rounds 2, 4, ..., so that warm-up
 * favours neither (the latency scenarios take turns sample by sample).
 * Each metric is reported as the median over the rounds per side, their
 * min..max, the ratio cmwq / kernel of the medians and the median of the
 * rounds' own ratios.
 *
 * Writing anything to /sys/kernel/debug/cmwq_bench/run runs the scenarios
 * of the "scenarios" bit mask with the current module parameters and
 * returns when done; progress goes to the kernel log. .../results then
 * holds the lines (space separated, no field holds a space):
 *
 *   # cmwq_bench <parameters>
 *   M <scenario> <metric> <unit> <better> <kernel> <k_min> <k_max>
 *     <cmwq> <c_min> <c_max> <ratio> <round_ratio_median>
 *   N <scenario> <note...>
 *   C <series> <side> <sample ns>...          latency samples (CDFs)
 *   T <series> <side> <t_us>:<threads>...     worker threads over time
 *
 * A metric of the floor (scenario 0) has no sides: its value is in the
 * kernel columns and the cmwq columns and ratios are "-". So are the
 * ratios where the kernel measured 0 or a value is -1 ("not within the
 * wait").
 * scripts/bench and scripts/guest-bench drive it in the guests.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "cmwq_bench.h"
#include "compat.h"

static unsigned int rounds = 5;
module_param(rounds, uint, 0644);
MODULE_PARM_DESC(rounds, "rounds of each scenario (1-15, default 5)");

static unsigned int scale_rounds = 3;
module_param(scale_rounds, uint, 0644);
MODULE_PARM_DESC(scale_rounds, "rounds of scenario 10 (1-15, default 3)");

static unsigned int samples = 200;
module_param(samples, uint, 0644);
MODULE_PARM_DESC(samples, "latency samples per round and placement (0, 1; default 200)");

static unsigned int items = 5000;
module_param(items, uint, 0644);
MODULE_PARM_DESC(items, "null works per CPU (2), chain runs (3), ordered works (7); default 5000");

static unsigned int mix = 200;
module_param(mix, uint, 0644);
MODULE_PARM_DESC(mix, "blocking works per CPU (4, default 200)");

static unsigned int unbound_items = 500;
module_param(unbound_items, uint, 0644);
MODULE_PARM_DESC(unbound_items, "unbound works per CPU and scope (5, default 500)");

static unsigned int burst = 10000;
module_param(burst, uint, 0644);
MODULE_PARM_DESC(burst, "works of the burst (8, default 10000)");

static unsigned int settle_ms = 1000;
module_param(settle_ms, uint, 0644);
MODULE_PARM_DESC(settle_ms, "how long 8 waits for the pool's idle size (default 1000)");

static unsigned int scale_max = 100000;
module_param(scale_max, uint, 0644);
MODULE_PARM_DESC(scale_max, "the largest item count of 10 (100 to 100000, default 100000)");

static unsigned int opt_items = 200;
module_param(opt_items, uint, 0644);
MODULE_PARM_DESC(opt_items, "works of each load of 9, per CPU for the window (default 200)");

static unsigned int reap_timeout_ms = 1000;
module_param(reap_timeout_ms, uint, 0644);
MODULE_PARM_DESC(reap_timeout_ms, "cmwq's idle timeout while 9 measures reaping (default 1000)");

static unsigned int cpu = 1;
module_param(cpu, uint, 0644);
MODULE_PARM_DESC(cpu, "the pool's CPU in 1, 3, 6, 7, 8 (default 1)");

static unsigned long scenarios = 0x7ff;
module_param(scenarios, ulong, 0644);
MODULE_PARM_DESC(scenarios, "bit N runs scenario N (default 0x7ff: 0 to 10)");

static const struct bench_scenario *const bench_scenarios[] = {
	&bench_scenario_floor,
	&bench_scenario_latency,
	&bench_scenario_null,
	&bench_scenario_chain,
	&bench_scenario_mix,
	&bench_scenario_unbound,
	&bench_scenario_flush,
	&bench_scenario_ordered,
	&bench_scenario_burst,
	&bench_scenario_options,
	&bench_scenario_scale,
};

static struct bench_metric *bench_metric(struct bench_run *r, int scenario,
					 const char *name,
					 enum bench_unit unit)
{
	struct bench_metric *m;
	unsigned int i;

	for (i = 0; i < r->nr_metrics; i++) {
		m = &r->metrics[i];
		if (m->scenario == scenario && !strcmp(m->name, name))
			return m;
	}
	if (r->nr_metrics == BENCH_MAX_METRICS) {
		pr_warn_once("more than %d metrics: %s dropped\n",
			     BENCH_MAX_METRICS, name);
		return NULL;
	}
	m = &r->metrics[r->nr_metrics++];
	m->scenario = scenario;
	strscpy(m->name, name, sizeof(m->name));
	m->unit = unit;
	return m;
}

void bench_record(struct bench_run *r, int scenario, const char *name,
		  enum bench_unit unit, int side, s64 value)
{
	struct bench_metric *m = bench_metric(r, scenario, name, unit);

	if (m && m->n[side] < BENCH_MAX_ROUNDS)
		m->v[side][m->n[side]++] = value;
}

void bench_record_floor(struct bench_run *r, int scenario, const char *name,
			s64 value)
{
	struct bench_metric *m = bench_metric(r, scenario, name, UNIT_NS);

	if (m) {
		m->one_side = true;
		if (m->n[SIDE_KERNEL] < BENCH_MAX_ROUNDS)
			m->v[SIDE_KERNEL][m->n[SIDE_KERNEL]++] = value;
	}
}

void bench_fail(struct bench_run *r, int error)
{
	if (!r->error)
		r->error = error;
}

void bench_extra(struct bench_run *r, const char *fmt, ...)
{
	va_list args;
	int n;

	if (!r->extra || r->extra_len >= r->extra_size - 1)
		return;
	va_start(args, fmt);
	n = vsnprintf(r->extra + r->extra_len, r->extra_size - r->extra_len,
		      fmt, args);
	va_end(args);
	r->extra_len = min_t(size_t, r->extra_len + n, r->extra_size - 1);
}

void bench_extra_samples(struct bench_run *r, const char *series, int side,
			 const u64 *v, unsigned int n)
{
	unsigned int i;

	bench_extra(r, "C %s %s", series, bench_side_names[side]);
	for (i = 0; i < n; i++)
		bench_extra(r, " %llu", v[i]);
	bench_extra(r, "\n");
}

static const char *const unit_names[] = {
	[UNIT_NS]	= "ns",
	[UNIT_PER_S]	= "items/s",
	[UNIT_THREADS]	= "threads",
	[UNIT_PERMILLE]	= "permille",
	[UNIT_X1000]	= "x1000",
	[UNIT_MS_WAIT]	= "ms",
};

static bool higher_is_better(enum bench_unit unit)
{
	return unit == UNIT_PER_S || unit == UNIT_PERMILLE;
}

/* cmwq / kernel in thousandths, or -1 where it means nothing. */
static s64 ratio_milli(s64 c, s64 k)
{
	if (k <= 0 || c < 0)
		return -1;
	return div64_s64(c * 1000 + k / 2, k);
}

static void fmt_ratio(char *buf, size_t len, s64 milli)
{
	if (milli < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%lld.%03lld", div_s64(milli, 1000),
			 milli % 1000);
}

/*
 * The median (the lower middle one of an even count: no mean of a -1) and
 * extremes of @n values; -1 ("not within the wait") counts as the worst.
 */
static void stats(const s64 *in, unsigned int n, s64 *med, s64 *lo, s64 *hi)
{
	u64 v[BENCH_MAX_ROUNDS];
	unsigned int i;

	*med = *lo = *hi = -1;
	if (!n)
		return;
	for (i = 0; i < n; i++)
		v[i] = in[i] < 0 ? U64_MAX : in[i];
	bench_percentile(v, n, 0);	/* sorts */
	*lo = v[0] == U64_MAX ? -1 : (s64)v[0];
	*med = v[(n - 1) / 2] == U64_MAX ? -1 : (s64)v[(n - 1) / 2];
	*hi = v[n - 1] == U64_MAX ? -1 : (s64)v[n - 1];
}

static size_t bench_format_metric(char *buf, size_t len,
				  const struct bench_metric *m)
{
	s64 med[NR_SIDES], lo[NR_SIDES], hi[NR_SIDES];
	u64 rr[BENCH_MAX_ROUNDS];
	char ratio[24], rmed[24];
	unsigned int i, n;

	for (i = 0; i < NR_SIDES; i++)
		stats(m->v[i], m->n[i], &med[i], &lo[i], &hi[i]);
	if (m->one_side)
		return scnprintf(buf, len, "M %d %s %s lower %lld %lld %lld - - - - -\n",
				 m->scenario, m->name, unit_names[m->unit],
				 med[SIDE_KERNEL], lo[SIDE_KERNEL],
				 hi[SIDE_KERNEL]);
	n = min(m->n[SIDE_KERNEL], m->n[SIDE_CMWQ]);
	for (i = 0; i < n; i++)
		rr[i] = ratio_milli(m->v[SIDE_CMWQ][i], m->v[SIDE_KERNEL][i]);
	for (i = 0; i < n; i++)
		if ((s64)rr[i] < 0)
			break;
	fmt_ratio(rmed, sizeof(rmed),
		  n && i == n ? (s64)bench_median(rr, n) : -1);
	fmt_ratio(ratio, sizeof(ratio),
		  ratio_milli(med[SIDE_CMWQ], med[SIDE_KERNEL]));
	return scnprintf(buf, len, "M %d %s %s %s %lld %lld %lld %lld %lld %lld %s %s\n",
			 m->scenario, m->name, unit_names[m->unit],
			 higher_is_better(m->unit) ? "higher" : "lower",
			 med[SIDE_KERNEL], lo[SIDE_KERNEL], hi[SIDE_KERNEL],
			 med[SIDE_CMWQ], lo[SIDE_CMWQ], hi[SIDE_CMWQ],
			 ratio, rmed);
}

static int bench_check_params(const struct bench_params *p)
{
	if (p->rounds < 1 || p->rounds > BENCH_MAX_ROUNDS ||
	    p->scale_rounds < 1 || p->scale_rounds > BENCH_MAX_ROUNDS) {
		pr_err("rounds=%u scale_rounds=%u: want 1 to %u\n", p->rounds,
		       p->scale_rounds, BENCH_MAX_ROUNDS);
		return -EINVAL;
	}
	if (p->samples < 1 || p->samples > 10000 || p->items < 1 ||
	    p->items > 200000 || p->mix < 1 || p->mix > 100000 ||
	    p->unbound_items < 1 || p->unbound_items > 100000 ||
	    p->burst < 1 || p->burst > 200000 || p->scale_max < 100 ||
	    p->scale_max > 100000 || p->opt_items < 1 ||
	    p->opt_items > 10000 || p->reap_timeout_ms < 10 ||
	    p->reap_timeout_ms > 60000) {
		pr_err("samples, items, mix, unbound_items, burst, scale_max, opt_items or reap_timeout_ms out of range\n");
		return -EINVAL;
	}
	if (p->cpu >= nr_cpu_ids || !cpu_online(p->cpu)) {
		pr_err("cpu=%u: want an online CPU\n", p->cpu);
		return -EINVAL;
	}
	return 0;
}

/* Measure the scenarios and return the results text, or an ERR_PTR. */
static char *bench_run(const struct bench_params *p)
{
	struct bench_run *r;
	unsigned int i, round;
	size_t len, used = 0;
	char *text;

	r = vzalloc(sizeof(*r));
	if (!r)
		return ERR_PTR(-ENOMEM);
	r->p = p;
	r->extra_size = 8 << 20;
	r->extra = vmalloc(r->extra_size);
	if (!r->extra) {
		vfree(r);
		return ERR_PTR(-ENOMEM);
	}
	r->extra[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(bench_scenarios); i++) {
		const struct bench_scenario *s = bench_scenarios[i];
		unsigned int nr = s->scale ? p->scale_rounds : p->rounds;

		if (!(p->mask & BIT(s->nr)))
			continue;
		if (s->pending) {
			pr_info("scenario %d %s: not measured (%s)\n", s->nr,
				s->name, s->pending);
			bench_extra(r, "N %d pending: %s\n", s->nr, s->pending);
			continue;
		}
		for (round = 0; round < nr && !r->error; round++) {
			int first = round % 2 ? SIDE_CMWQ : SIDE_KERNEL;

			pr_info("scenario %d %s: round %u/%u (%s first)\n",
				s->nr, s->name, round + 1, nr,
				bench_side_names[first]);
			if (s->run_pair) {
				s->run_pair(r, round, first);
			} else {
				s->run(r, round, first);
				s->run(r, round, !first);
			}
			cond_resched();
		}
	}

	if (r->error) {
		text = ERR_PTR(r->error);
		goto out;
	}
	len = 4096 + r->nr_metrics * 256 + r->extra_len;
	text = vmalloc(len);
	if (!text) {
		text = ERR_PTR(-ENOMEM);
		goto out;
	}
	used = scnprintf(text, len,
			 "# cmwq_bench rounds=%u scale_rounds=%u samples=%u items=%u mix=%u unbound_items=%u burst=%u settle_ms=%u scale_max=%u opt_items=%u reap_timeout_ms=%u cpu=%u scenarios=%#lx\n",
			 p->rounds, p->scale_rounds, p->samples, p->items,
			 p->mix, p->unbound_items, p->burst, p->settle_ms,
			 p->scale_max, p->opt_items, p->reap_timeout_ms, p->cpu,
			 p->mask);
	for (i = 0; i < r->nr_metrics; i++)
		used += bench_format_metric(text + used, len - used,
					    &r->metrics[i]);
	used += scnprintf(text + used, len - used, "%s", r->extra);
out:
	vfree(r->extra);
	vfree(r);
	return text;
}

/* One run at a time, on a kthread that holds a module reference. */
static DEFINE_MUTEX(bench_lock);	/* the four below */
static bool bench_running;
static char *bench_text;
static int bench_status;
static DECLARE_COMPLETION(bench_done);

static int bench_thread(void *arg)
{
	struct bench_params *p = arg;
	char *text = bench_run(p);
	int ret = IS_ERR(text) ? PTR_ERR(text) : 0;

	mutex_lock(&bench_lock);
	if (!ret)
		swap(bench_text, text);
	bench_status = ret;
	bench_running = false;
	complete_all(&bench_done);
	mutex_unlock(&bench_lock);
	if (ret)
		pr_err("run failed: %d\n", ret);
	else
		vfree(text);
	kfree(p);
	module_put_and_kthread_exit(0);
	return 0;
}

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
		.scale_rounds	= READ_ONCE(scale_rounds),
		.samples	= READ_ONCE(samples),
		.items		= READ_ONCE(items),
		.mix		= READ_ONCE(mix),
		.unbound_items	= READ_ONCE(unbound_items),
		.burst		= READ_ONCE(burst),
		.settle_ms	= READ_ONCE(settle_ms),
		.scale_max	= READ_ONCE(scale_max),
		.opt_items	= READ_ONCE(opt_items),
		.reap_timeout_ms = READ_ONCE(reap_timeout_ms),
		.cpu		= READ_ONCE(cpu),
		.mask		= READ_ONCE(scenarios),
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
	t = kthread_run(bench_thread, p, "cmwq_bench");
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

static int __init cmwq_bench_init(void)
{
	bench_dir = debugfs_create_dir("cmwq_bench", NULL);
	debugfs_create_file("run", 0200, bench_dir, NULL, &run_fops);
	debugfs_create_file("results", 0444, bench_dir, NULL, &results_fops);
	return 0;
}

static void __exit cmwq_bench_exit(void)
{
	debugfs_remove_recursive(bench_dir);
	vfree(bench_text);
}

module_init(cmwq_bench_init);
module_exit(cmwq_bench_exit);
MODULE_DESCRIPTION("cmwq against the kernel's workqueue: the scenarios of issue 14");
MODULE_LICENSE("GPL");
/* cmwq_affn_scope_name(), and scenario 9's options (bench_options.c) */
MODULE_IMPORT_NS(CMWQ_NS);
