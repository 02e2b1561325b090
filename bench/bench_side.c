// SPDX-License-Identifier: GPL-2.0
/*
 * The two sides of every scenario: the kernel's workqueue and cmwq's, one
 * work item type for both (a union of the two), and the tools the
 * scenarios share: countdowns, producers on several CPUs at once, thread
 * counts and their sampling over time, and order statistics.
 */
#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "cmwq_bench.h"

const char *const bench_side_names[NR_SIDES] = {
	[SIDE_KERNEL]	= "kernel",
	[SIDE_CMWQ]	= "cmwq",
};

static void bench_kernel_fn(struct work_struct *k)
{
	struct bench_work *w = container_of(k, struct bench_work, k);

	w->fn(w);
}

static void bench_cmwq_fn(struct cmwq_work *c)
{
	struct bench_work *w = container_of(c, struct bench_work, c);

	w->fn(w);
}

/* The equivalent workqueue on each side: flags 0, WQ_UNBOUND, ordered. */
int bench_wq_alloc(struct bench_wq *wq, int side, enum bench_wq_kind kind,
		   const char *name)
{
	memset(wq, 0, sizeof(*wq));
	wq->side = side;
	snprintf(wq->name, sizeof(wq->name), "%s_%c", name,
		 side == SIDE_KERNEL ? 'k' : 'c');
	if (side == SIDE_KERNEL) {
		switch (kind) {
		case BWQ_PERCPU:
			wq->kwq = alloc_workqueue("%s", 0, 0, wq->name);
			break;
		case BWQ_UNBOUND:
			/* WQ_SYSFS: its affinity_scope file (6.5+) */
			wq->kwq = alloc_workqueue("%s", WQ_UNBOUND | WQ_SYSFS,
						  0, wq->name);
			break;
		case BWQ_ORDERED:
			wq->kwq = alloc_ordered_workqueue("%s", 0, wq->name);
			break;
		}
		return wq->kwq ? 0 : -ENOMEM;
	}
	switch (kind) {
	case BWQ_PERCPU:
		wq->cwq = cmwq_alloc_workqueue("%s", 0, 0, wq->name);
		break;
	case BWQ_UNBOUND:
		wq->cwq = cmwq_alloc_workqueue("%s", CMWQ_UNBOUND, 0, wq->name);
		break;
	case BWQ_ORDERED:
		wq->cwq = cmwq_alloc_ordered_workqueue("%s", 0, wq->name);
		break;
	}
	if (IS_ERR_OR_NULL(wq->cwq)) {
		int ret = wq->cwq ? PTR_ERR(wq->cwq) : -ENOMEM;

		wq->cwq = NULL;
		return ret;
	}
	return 0;
}

void bench_wq_destroy(struct bench_wq *wq)
{
	if (wq->kwq)
		destroy_workqueue(wq->kwq);
	if (wq->cwq)
		cmwq_destroy_workqueue(wq->cwq);
	wq->kwq = NULL;
	wq->cwq = NULL;
}

/*
 * An unbound workqueue's affinity scope. cmwq has the call; the kernel
 * exports no apply_workqueue_attrs() to modules, so its side writes the
 * WQ_SYSFS file a user would (6.5+). *@applied is false where that file
 * does not exist (6.1): the kernel's workqueue keeps its default.
 */
int bench_wq_set_scope(struct bench_wq *wq, int scope, bool *applied)
{
	struct cmwq_workqueue_attrs *attrs;
	const char *s = cmwq_affn_scope_name(scope);
	char path[96];
	struct file *f;
	loff_t pos = 0;
	ssize_t n;
	int ret;

	*applied = false;
	if (wq->side == SIDE_KERNEL) {
		snprintf(path, sizeof(path),
			 "/sys/devices/virtual/workqueue/%s/affinity_scope",
			 wq->name);
		f = filp_open(path, O_WRONLY, 0);
		if (IS_ERR(f))
			return 0;
		n = kernel_write(f, s, strlen(s), &pos);
		filp_close(f, NULL);
		*applied = n == strlen(s);
		return 0;
	}
	attrs = cmwq_alloc_workqueue_attrs();
	if (!attrs)
		return -ENOMEM;
	ret = cmwq_get_workqueue_attrs(wq->cwq, attrs);
	if (!ret) {
		attrs->affn_scope = scope;
		ret = cmwq_apply_workqueue_attrs(wq->cwq, attrs);
	}
	cmwq_free_workqueue_attrs(attrs);
	*applied = !ret;
	return ret;
}

void bench_wq_flush(struct bench_wq *wq)
{
	if (wq->side == SIDE_KERNEL)
		flush_workqueue(wq->kwq);
	else
		cmwq_flush_workqueue(wq->cwq);
}

void bench_work_init(struct bench_work *w, struct bench_wq *wq,
		     bench_fn_t fn)
{
	w->fn = fn;
	w->wq = wq;
	if (wq->side == SIDE_KERNEL)
		INIT_WORK(&w->k, bench_kernel_fn);
	else
		CMWQ_INIT_WORK(&w->c, bench_cmwq_fn);
}

bool bench_queue_on(struct bench_work *w, int cpu)
{
	if (w->wq->side == SIDE_KERNEL)
		return queue_work_on(cpu, w->wq->kwq, &w->k);
	return cmwq_queue_work_on(cpu, w->wq->cwq, &w->c);
}

/* The local CPU, or for an unbound workqueue the local pod. */
bool bench_queue(struct bench_work *w)
{
	if (w->wq->side == SIDE_KERNEL)
		return queue_work(w->wq->kwq, &w->k);
	return cmwq_queue_work_on(CMWQ_CPU_UNBOUND, w->wq->cwq, &w->c);
}

bool bench_flush_work(struct bench_work *w)
{
	if (w->wq->side == SIDE_KERNEL)
		return flush_work(&w->k);
	return cmwq_flush_work(&w->c);
}

void bench_count_arm(struct bench_count *c, int n)
{
	atomic_set(&c->left, n);
	c->end_ns = 0;
	init_completion(&c->done);
}

void bench_count_one(struct bench_count *c)
{
	if (atomic_dec_and_test(&c->left)) {
		c->end_ns = ktime_get_ns();
		complete(&c->done);
	}
}

void bench_sleep_spin(unsigned int sleep_us, unsigned int spin_us)
{
	if (sleep_us)
		usleep_range(sleep_us, sleep_us * 2);
	if (spin_us)
		udelay(spin_us);
}

/*
 * Worker threads of a side's normal per-CPU pools, found by name as a user
 * would in ps: the kernel's "kworker/<cpu>:<id>", cmwq's
 * "cmwq/<cpu>:<id>", highpri pools' ("...H") left out. Unbound workers
 * ("kworker/u..", "cmwq/u..") do not match. @cpu < 0: every CPU.
 */
int bench_count_threads(int side, int cpu)
{
	const char *base = side == SIDE_KERNEL ? "kworker/" : "cmwq/";
	size_t blen = strlen(base);
	struct task_struct *p;
	char prefix[24];
	size_t plen;
	int n = 0;

	snprintf(prefix, sizeof(prefix), "%s%d:", base, cpu);
	plen = strlen(prefix);
	rcu_read_lock();
	for_each_process(p) {
		const char *comm = p->comm;
		size_t len;

		if (!(p->flags & PF_KTHREAD) || (p->flags & PF_EXITING))
			continue;
		if (cpu >= 0) {
			if (strncmp(comm, prefix, plen))
				continue;
		} else if (strncmp(comm, base, blen) ||
			   comm[blen] < '0' || comm[blen] > '9') {
			continue;
		}
		len = strnlen(comm, TASK_COMM_LEN);
		if (len && comm[len - 1] == 'H')
			continue;
		n++;
	}
	rcu_read_unlock();
	return n;
}

#define SAMPLER_MAX	8192

struct bench_sampler {
	struct task_struct	*task;
	int			side, cpu;
	u64			t0;
	unsigned int		n;
	u64			t[SAMPLER_MAX];
	u16			count[SAMPLER_MAX];
};

/* Every half millisecond or so, until stopped or full. */
static int bench_sampler_fn(void *arg)
{
	struct bench_sampler *s = arg;

	while (!kthread_should_stop()) {
		if (s->n < SAMPLER_MAX) {
			s->t[s->n] = ktime_get_ns() - s->t0;
			s->count[s->n] = bench_count_threads(s->side, s->cpu);
			s->n++;
		}
		usleep_range(500, 600);
	}
	return 0;
}

struct bench_sampler *bench_sampler_start(int side, int cpu)
{
	struct bench_sampler *s = vzalloc(sizeof(*s));

	if (!s)
		return NULL;
	s->side = side;
	s->cpu = cpu;
	s->t0 = ktime_get_ns();
	s->task = kthread_run(bench_sampler_fn, s, "cmwq_bench_smp");
	if (IS_ERR(s->task)) {
		vfree(s);
		return NULL;
	}
	return s;
}

/*
 * The peak count; the series as "T <series> <side> t_us:count..." (only
 * the samples where the count changed, and the last). @settle_ns: from
 * @since_ns (a ktime) to the first sample at or below @idle_size, U64_MAX
 * if none.
 */
int bench_sampler_stop(struct bench_sampler *s, struct bench_run *r,
		       const char *series, u64 *settle_ns, int idle_size,
		       u64 since_ns)
{
	unsigned int i;
	int peak = 0;

	if (!s)
		return -1;
	kthread_stop(s->task);
	if (settle_ns)
		*settle_ns = U64_MAX;
	bench_extra(r, "T %s %s", series, bench_side_names[s->side]);
	for (i = 0; i < s->n; i++) {
		peak = max_t(int, peak, s->count[i]);
		if (settle_ns && *settle_ns == U64_MAX &&
		    s->t0 + s->t[i] >= since_ns && s->count[i] <= idle_size)
			*settle_ns = s->t0 + s->t[i] - since_ns;
		if (i == 0 || i == s->n - 1 || s->count[i] != s->count[i - 1] ||
		    s->count[i] != s->count[i + 1])
			bench_extra(r, " %llu:%u", div_u64(s->t[i], 1000),
				    s->count[i]);
	}
	bench_extra(r, "\n");
	vfree(s);
	return peak;
}

/* Producers: one kthread per CPU, released together. */
struct bench_producers {
	void			(*fn)(void *arg, int cpu);
	void			*arg;
	atomic_t		ready;
	struct completion	all_ready, go;
	u64			start_ns;
};

struct bench_producer {
	struct bench_producers	*ps;
	int			cpu;
	struct task_struct	*task;
};

static int bench_producer_fn(void *arg)
{
	struct bench_producer *pr = arg;
	struct bench_producers *ps = pr->ps;

	if (atomic_dec_and_test(&ps->ready))
		complete(&ps->all_ready);
	wait_for_completion(&ps->go);
	ps->fn(ps->arg, pr->cpu);
	/* kthread_stop() waits for this: the module stays until then */
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/*
 * Run @fn(@arg, cpu) on each of the first @ncpus online CPUs, on a bound
 * kthread each, all released at once; return when all have returned,
 * with the ktime of the release.
 */
u64 bench_on_cpus(unsigned int ncpus, void (*fn)(void *arg, int cpu),
		  void *arg)
{
	struct bench_producers ps = { .fn = fn, .arg = arg };
	struct bench_producer *prs;
	unsigned int i = 0, n;
	int cpu;

	prs = kcalloc(ncpus, sizeof(*prs), GFP_KERNEL);
	if (!prs)
		return 0;
	init_completion(&ps.all_ready);
	init_completion(&ps.go);
	atomic_set(&ps.ready, ncpus);
	for_each_online_cpu(cpu) {
		if (i == ncpus)
			break;
		prs[i].ps = &ps;
		prs[i].cpu = cpu;
		prs[i].task = kthread_create(bench_producer_fn, &prs[i],
					     "cmwq_bench_p/%d", cpu);
		if (IS_ERR(prs[i].task)) {
			prs[i].task = NULL;
			continue;
		}
		kthread_bind(prs[i].task, cpu);
		wake_up_process(prs[i].task);
		i++;
	}
	n = i;
	/* fewer threads than asked: count the missing ones as ready */
	if (atomic_sub_and_test(ncpus - n, &ps.ready))
		complete(&ps.all_ready);
	wait_for_completion(&ps.all_ready);
	ps.start_ns = ktime_get_ns();
	complete_all(&ps.go);
	for (i = 0; i < n; i++)
		kthread_stop(prs[i].task);
	kfree(prs);
	return ps.start_ns;
}

/*
 * The CPUs of the load (the first @ncpus online ones, at most 64) and its
 * works, zeroed; NULL if either allocation failed.
 */
struct bench_slice_arg *bench_slice_alloc(unsigned int ncpus,
					  unsigned int per_cpu)
{
	struct bench_slice_arg *a = kzalloc(sizeof(*a), GFP_KERNEL);
	int cpu;

	if (!a)
		return NULL;
	for_each_online_cpu(cpu) {
		if (a->nr == ncpus || a->nr == ARRAY_SIZE(a->cpus))
			break;
		a->cpus[a->nr++] = cpu;
	}
	a->per_cpu = per_cpu;
	a->works = kvcalloc(a->nr * per_cpu, sizeof(*a->works), GFP_KERNEL);
	if (!a->works) {
		kfree(a);
		return NULL;
	}
	return a;
}

void bench_slice_free(struct bench_slice_arg *a)
{
	if (a)
		kvfree(a->works);
	kfree(a);
}

void bench_slice_producer(void *arg, int cpu)
{
	struct bench_slice_arg *a = arg;
	unsigned int slot, i;

	/* the producers take the CPUs in order: find this one's slice */
	for (slot = 0; slot < a->nr; slot++)
		if (a->cpus[slot] == cpu)
			break;
	if (slot == a->nr)
		return;
	for (i = 0; i < a->per_cpu; i++) {
		struct bench_work *w = &a->works[slot * a->per_cpu + i];

		w->from_cpu = cpu;
		if (a->local)
			bench_queue(w);
		else
			bench_queue_on(w, cpu);
	}
}

static int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* The @pct-th percentile (nearest rank) of @v[0..@n), which it sorts. */
u64 bench_percentile(u64 *v, unsigned int n, unsigned int pct)
{
	unsigned int i;

	if (!n)
		return 0;
	sort(v, n, sizeof(*v), bench_cmp_u64, NULL);
	i = DIV_ROUND_UP(n * pct, 100);
	return v[i ? i - 1 : 0];
}

u64 bench_median(u64 *v, unsigned int n)
{
	if (!n)
		return 0;
	sort(v, n, sizeof(*v), bench_cmp_u64, NULL);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

u64 bench_per_second(u64 n, u64 ns)
{
	return div64_u64(n * NSEC_PER_SEC, max_t(u64, ns, 1));
}
