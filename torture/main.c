// SPDX-License-Identifier: GPL-2.0
/*
 * cmwq_torture.ko, after the kernel's rcutorture and locktorture: loaded,
 * it runs at once, for duration seconds, threads kthreads that create and
 * destroy cmwq workqueues of every kind and race the work-item API on
 * them (ops.c, wq.c) while the ledger checks every run (ledger.c). A
 * stats line every stat_interval seconds, then one final line:
 *
 *   cmwq_torture: SUCCESS seed=... queued N ran N cancelled N ...
 *   cmwq_torture: FAILURE seed=... (the same counts)
 *
 * The run happens inside insmod, which returns after the final line: 0
 * on SUCCESS, -EIO on FAILURE (the module is then gone, everything
 * freed). A successful load holds nothing: rmmod frees nothing more.
 * Threads still busy STALL_SECONDS after the end mean a call that never
 * returns: FAILURE is printed then, and insmod waits on for them.
 *
 * Each violation is one pr_err line: the check, the seed, the kind of
 * workqueue and the item's sequence number. The same seed, threads and
 * ops repeat the choices each thread makes (not the interleaving).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/freezer.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/wait.h>

#include "cmwq_torture.h"

#define TORT_MAX_THREADS	64
#define TORT_MAX_DURATION	86400
#define STALL_SECONDS		60
/* Each check prints this many violations, then only counts them. */
#define TORT_MAX_REPORTS	10

static unsigned int duration = 60;
module_param(duration, uint, 0444);
MODULE_PARM_DESC(duration, "Seconds to torture (1 to 86400, default 60)");

static unsigned int threads;
module_param(threads, uint, 0444);
MODULE_PARM_DESC(threads, "Torture threads (1 to 64; default 0: twice the online CPUs, at most 64)");

static unsigned long long seed;
module_param(seed, ullong, 0444);
MODULE_PARM_DESC(seed, "Seed of the threads' generators (default 0: from the clock, printed)");

static char *ops = "all";
module_param(ops, charp, 0444);
MODULE_PARM_DESC(ops, "Operation families: all, a bit mask, or a comma list of queue,delayed,rcu,hashed,cancel,disable,flush,attrs,requeue,cm_policy,wqs,match");

static unsigned int stat_interval = 10;
module_param(stat_interval, uint, 0444);
MODULE_PARM_DESC(stat_interval, "Seconds between stats lines (1 to 3600, default 10)");

bool tort_hotplug;
module_param_named(hotplug, tort_hotplug, bool, 0444);
MODULE_PARM_DESC(hotplug, "Take random CPUs offline and back during the run (default 0)");

bool tort_fault;
module_param_named(fault, tort_fault, bool, 0444);
MODULE_PARM_DESC(fault, "Allocation failures are injected meanwhile: -ENOMEM is counted, not a violation (default 0)");

static const char *const tort_family_names[TF_NR] = {
	"queue", "delayed", "rcu", "hashed", "cancel", "disable", "flush",
	"attrs", "requeue", "cm_policy", "wqs", "match",
};

static const char *const tort_stat_names[TS_NR] = {
	"queued", "ran", "cancelled", "requeued", "wqs created", "destroyed",
	"cpu offline", "online", "enomem", "rescued", "lost", "dup", "misorder", "over_max", "bh_ctx", "after_destroy",
	"api", "stall",
};

u64 tort_seed;
unsigned int tort_ops;
unsigned long tort_deadline;

static atomic64_t tort_stats[TS_NR];
static atomic64_t tort_family_ops[TF_NR];
static atomic_t tort_reports[TS_NR];
static atomic64_t tort_seq;
static atomic_t tort_running;
/* The torture threads, and the hotplug thread after them if asked for. */
static unsigned int nr_tasks;
static DECLARE_WAIT_QUEUE_HEAD(tort_wait);

void tort_count(enum tort_stat stat)
{
	atomic64_inc(&tort_stats[stat]);
}

void tort_count_family(enum tort_family fam)
{
	atomic64_inc(&tort_family_ops[fam]);
}

u64 tort_next_seq(void)
{
	return atomic64_inc_return(&tort_seq);
}

const char *tort_family_name(enum tort_family fam)
{
	return tort_family_names[fam];
}

void tort_thread_done(struct tort_thread *t)
{
	WRITE_ONCE(t->done, true);
	if (atomic_dec_and_test(&tort_running))
		wake_up(&tort_wait);
}

/**
 * tort_rand - the next number of a generator (xorshift64*)
 * @state: the generator, never 0
 * @below: the bound, not 0
 *
 * Return: a number in [0, @below).
 */
u32 tort_rand(u64 *state, u32 below)
{
	u64 x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return (u32)((x * 0x2545F4914F6CDD1DULL) >> 32) % below;
}

/* splitmix64: well spread, non-zero seeds from one seed and an index. */
static u64 tort_derive(u64 s, u64 i)
{
	u64 z = s + (i + 1) * 0x9E3779B97F4A7C15ULL;

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	return z ? z : 1;
}

/**
 * tort_enomem - may a call fail for want of memory?
 * @ret: what it returned
 *
 * Return: %true, counted, if @ret is -ENOMEM while failures are injected
 * (fault=1); %false otherwise: the caller reports @ret if not 0.
 */
bool tort_enomem(int ret)
{
	if (ret != -ENOMEM || !tort_fault)
		return false;
	tort_count(TS_ENOMEM);
	return true;
}

/**
 * tort_violation - count a failed check and report it (the first few)
 * @stat: the check, one of the violation counters
 * @it: the item it concerns, or %NULL
 * @fmt: what was seen
 */
void tort_violation(enum tort_stat stat, const struct tort_item *it,
		    const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	tort_count(stat);
	if (atomic_inc_return(&tort_reports[stat]) > TORT_MAX_REPORTS)
		return;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (it)
		pr_err("FAIL %s: seed=%llu wq=%s item=%ld seq=%llu order=%llu: %pV\n",
		       tort_stat_names[stat], tort_seed, it->tw->kind,
		       (long)(it - it->tw->items), it->seq, it->oseq, &vaf);
	else
		pr_err("FAIL %s: seed=%llu: %pV\n", tort_stat_names[stat],
		       tort_seed, &vaf);
	va_end(args);
}

static bool tort_failed(void)
{
	int i;

	for (i = TS_FIRST_VIOLATION; i < TS_NR; i++)
		if (atomic64_read(&tort_stats[i]))
			return true;
	return false;
}

/* "queued N ran N ... ops queue=N ..." */
static void tort_format(char *buf, size_t size)
{
	size_t len = 0;
	int i;

	for (i = 0; i < TS_NR; i++)
		len += scnprintf(buf + len, size - len, "%s%s %lld",
				 i ? " " : "", tort_stat_names[i],
				 atomic64_read(&tort_stats[i]));
	len += scnprintf(buf + len, size - len, " ops");
	for (i = 0; i < TF_NR; i++)
		if (tort_ops & BIT(i))
			len += scnprintf(buf + len, size - len, " %s=%lld",
					 tort_family_names[i],
					 atomic64_read(&tort_family_ops[i]));
}

static void tort_print_stats(unsigned long start)
{
	char buf[512];

	tort_format(buf, sizeof(buf));
	pr_info("%u s: %s\n", jiffies_to_msecs(jiffies - start) / 1000, buf);
}

static void tort_print_final(void)
{
	char buf[512];

	tort_format(buf, sizeof(buf));
	pr_info("%s seed=%llu duration=%u threads=%u ops=0x%x: %s\n",
		tort_failed() ? "FAILURE" : "SUCCESS", tort_seed, duration,
		threads, tort_ops, buf);
}

/* ops=: "all", a mask, or names separated by commas. */
static int tort_parse_ops(const char *s, unsigned int *mask)
{
	char *copy, *p, *name;
	int i, ret = 0;

	if (!strcmp(s, "all")) {
		*mask = TF_ALL;
		return 0;
	}
	if (!kstrtouint(s, 0, mask))
		return *mask && !(*mask & ~TF_ALL) ? 0 : -EINVAL;
	copy = kstrdup(s, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	*mask = 0;
	p = copy;
	while ((name = strsep(&p, ",")) && !ret) {
		i = match_string(tort_family_names, TF_NR, name);
		if (i < 0)
			ret = -EINVAL;
		else
			*mask |= BIT(i);
	}
	kfree(copy);
	return ret;
}

static int tort_check_params(void)
{
	if (!duration || duration > TORT_MAX_DURATION) {
		pr_err("duration=%u: want 1 to %u seconds\n", duration,
		       TORT_MAX_DURATION);
		return -EINVAL;
	}
	if (threads > TORT_MAX_THREADS) {
		pr_err("threads=%u: want 1 to %u (0: twice the online CPUs)\n",
		       threads, TORT_MAX_THREADS);
		return -EINVAL;
	}
	if (!stat_interval || stat_interval > 3600) {
		pr_err("stat_interval=%u: want 1 to 3600 seconds\n",
		       stat_interval);
		return -EINVAL;
	}
	if (!ops || tort_parse_ops(ops, &tort_ops)) {
		pr_err("ops=%s: want all, a mask of 0x1 to 0x%lx, or a comma list of queue,delayed,rcu,hashed,cancel,disable,flush,attrs,requeue,cm_policy,wqs,match\n",
		       ops ? ops : "", TF_ALL);
		return -EINVAL;
	}
	return 0;
}

static void tort_free(struct tort_thread *ts, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		kfree(ts[i].tw.slot_active);
	kfree(ts);
}

static struct tort_thread *tort_alloc(unsigned int n)
{
	struct tort_thread *ts = kcalloc(n, sizeof(*ts), GFP_KERNEL);
	unsigned int i;

	if (!ts)
		return NULL;
	for (i = 0; i < n; i++) {
		ts[i].id = i;
		ts[i].rnd = tort_derive(tort_seed, i);
		ts[i].tw.slot_active = kcalloc(tort_nr_slots(), sizeof(atomic_t),
					       GFP_KERNEL);
		if (!ts[i].tw.slot_active) {
			tort_free(ts, n);
			return NULL;
		}
	}
	return ts;
}

/*
 * Wait for every thread to be through, a stats line per interval; past
 * the stall limit, say FAILURE once and wait on: the threads' data must
 * stay while a call of theirs may still return.
 */
/* Every queueing of the run ran or was cancelled, none twice. */
static void tort_check_total(void)
{
	s64 q = atomic64_read(&tort_stats[TS_QUEUED]);
	s64 r = atomic64_read(&tort_stats[TS_RAN]);
	s64 c = atomic64_read(&tort_stats[TS_CANCELLED]);

	if (q != r + c)
		tort_violation(q > r + c ? TS_LOST : TS_DUP, NULL,
			       "in all: queued %lld, ran %lld, cancelled %lld",
			       q, r, c);
}

/*
 * Which call each stalled thread is in, and the state of its workqueue
 * (cmwq's dump). A stalled thread is inside a call on that workqueue and
 * does not free it meanwhile; one that ends the stall right now could,
 * a risk taken only on the way to a FAILURE.
 */
static void tort_show_stalled(struct tort_thread *ts)
{
	unsigned int i;

	for (i = 0; i < nr_tasks; i++) {
		struct tort_thread *t = &ts[i];
		struct cmwq_workqueue *wq = READ_ONCE(t->tw.wq);

		if (READ_ONCE(t->done) || !t->task)
			continue;
		pr_err("thread %u stalled in %s on %s\n", i,
		       READ_ONCE(t->doing), wq ? t->tw.kind : "no wq");
		if (wq)
			cmwq_show_one_workqueue(wq);
	}
}

/*
 * One stats interval of the wait, in insmod. Freezable: a system suspend
 * during the run (the freezer cycles of scripts/guest-torture) must be
 * able to freeze insmod, which waits in here for minutes; an
 * uninterruptible wait would make the freezer give up after 20 s. A
 * signal (the freezer's, or a kill of insmod) is not the end of the run:
 * the threads still use our data, so a fatal one makes the rest of the
 * wait uninterruptible.
 *
 * Return: %true once every thread is through.
 */
static bool tort_wait_interval(void)
{
	long left;

	if (fatal_signal_pending(current))
		return wait_event_timeout(tort_wait, !atomic_read(&tort_running),
					  stat_interval * HZ);
	left = wait_event_freezable_timeout(tort_wait,
					    !atomic_read(&tort_running),
					    stat_interval * HZ);
	if (left < 0) {
		/* Thawed, drop the freezer's fake signal, as signal delivery would. */
		try_to_freeze();
		spin_lock_irq(&current->sighand->siglock);
		recalc_sigpending();
		spin_unlock_irq(&current->sighand->siglock);
		/* A real signal stays pending (a stop, say): do not spin. */
		if (signal_pending(current))
			msleep(100);
		return !atomic_read(&tort_running);
	}
	return left > 0;
}

static bool tort_wait_threads(struct tort_thread *ts, unsigned long start)
{
	unsigned long stall = tort_deadline + STALL_SECONDS * HZ;
	unsigned long next = jiffies + stat_interval * HZ;
	bool stalled = false;

	while (!tort_wait_interval()) {
		if (time_before(jiffies, next))
			continue;
		next = jiffies + stat_interval * HZ;
		tort_print_stats(start);
		if (!stalled && time_after(jiffies, stall)) {
			stalled = true;
			tort_count(TS_STALL);
			pr_err("FAIL stall: seed=%llu: %d threads still busy %d s after the end\n",
			       tort_seed, atomic_read(&tort_running),
			       STALL_SECONDS);
			tort_show_stalled(ts);
			tort_print_final();
		}
	}
	return stalled;
}

static int __init tort_init(void)
{
	struct tort_thread *ts;
	unsigned long start;
	unsigned int i;
	bool stalled;
	int ret;

	ret = tort_check_params();
	if (ret)
		return ret;
	if (!threads)
		threads = min(2 * num_online_cpus(), TORT_MAX_THREADS);
	tort_seed = seed ? seed : ktime_get_real_ns();
	nr_tasks = threads + tort_hotplug;
	ts = tort_alloc(nr_tasks);
	if (!ts)
		return -ENOMEM;
	pr_info("start: seed=%llu duration=%u threads=%u ops=0x%x stat_interval=%u hotplug=%d fault=%d\n",
		tort_seed, duration, threads, tort_ops, stat_interval,
		tort_hotplug, tort_fault);

	start = jiffies;
	tort_deadline = start + duration * HZ;
	atomic_set(&tort_running, nr_tasks);
	for (i = 0; i < nr_tasks; i++) {
		/*
		 * Named apart: scripts/guest-torture injects allocation
		 * failures into the tasks named cmwq_tort* (and cmwq's), not
		 * into the hotplug thread, whose CPU onlining must not fail.
		 */
		if (i < threads)
			ts[i].task = kthread_run(tort_thread_fn, &ts[i],
						 "cmwq_torture/%u", i);
		else
			ts[i].task = kthread_run(tort_hotplug_fn, &ts[i],
						 "cmwq_hotplug");
		if (IS_ERR(ts[i].task)) {
			ret = PTR_ERR(ts[i].task);
			ts[i].task = NULL;
			pr_err("thread %u: %d\n", i, ret);
			/* The others stop at once; the absent ones are done. */
			WRITE_ONCE(tort_deadline, jiffies);
			atomic_sub(nr_tasks - i, &tort_running);
			break;
		}
	}
	stalled = tort_wait_threads(ts, start);
	for (i = 0; i < nr_tasks; i++)
		if (ts[i].task)
			kthread_stop(ts[i].task);
	if (tort_enabled(TF_CM_POLICY))
		tort_cm_policy_reset();

	tort_check_total();
	if (!stalled)
		tort_print_final();
	tort_free(ts, nr_tasks);
	if (ret)
		return ret;
	return tort_failed() ? -EIO : 0;
}

static void __exit tort_exit(void)
{
}

module_init(tort_init);
module_exit(tort_exit);

MODULE_DESCRIPTION("Tortures cmwq's workqueues and proves no work is lost, run twice or out of order");
MODULE_LICENSE("GPL");
