// SPDX-License-Identifier: GPL-2.0
/*
 * CPU hogs: a concurrency-managed work that runs longer than
 * cpu_intensive_thresh_us without sleeping stops counting in nr_running,
 * so that the works queued behind it get a worker.
 *
 * Upstream checks from the scheduler tick (wq_worker_tick()). A module has
 * no tick hook, so each CPU gets one pinned hrtimer that plays the tick for
 * cmwq: it runs periodically while a pool of that CPU has a
 * concurrency-managed worker running, and stops after a period in which
 * none ran, so an idle CPU, or one whose works all sleep, gets at most one
 * more interrupt from it. It is armed when a worker starts counting as
 * running (once per wake-up, not per work item) if it is not running
 * already, so queue -> run -> finish pays nothing for hog detection, and
 * short bursts of work a few periods apart do not re-arm it each time.
 *
 * At each period the timer looks at the task it interrupted: if that is a
 * cmwq worker of this CPU running a concurrency-managed work, and its CPU
 * time since the work started (or last woke up) is past the threshold, the
 * worker takes CPU_INTENSIVE, like upstream. The report is printed later,
 * by the worker after the work ends, from process context.
 *
 * Ordering: watch->armed and every nr_running of the CPU's pools change
 * only on that CPU with IRQs off (pool->lock, the scheduler hooks, this
 * timer in hard IRQ), so the timer's "nobody runs, stop" and a worker's
 * "I run, start the timer" cannot interleave: one of them runs first and
 * the other sees its result. The exception, a worker pushed off its dying
 * CPU (sched_hooks.c), runs elsewhere: it is not this CPU's hog, and
 * cmwq_hog_watch_start() ignores it.
 */
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#include "internal.h"

struct cmwq_hog_watch {
	struct hrtimer	timer;
	bool		armed;		/* this CPU, IRQs off */
	bool		active;		/* a worker started this period */
};

static DEFINE_PER_CPU(struct cmwq_hog_watch, cmwq_hog_watch);

/* Check at least this often, and never more often than once a tick. */
static u64 hog_period_ns(unsigned long thresh_us)
{
	return max_t(u64, (u64)thresh_us * NSEC_PER_USEC / 2, TICK_NSEC);
}

/* Is any concurrency-managed worker of @cpu's pools running? */
static bool cpu_has_running_workers(int cpu)
{
	int which;

	for (which = 0; which < CMWQ_NR_STD_POOLS; which++)
		if (atomic_read(&cmwq_cpu_pool(cpu, which)->nr_running) > 0)
			return true;
	return false;
}

/* The interrupted task, if it is a worker of @cpu hogging it: take it out. */
static void check_current(int cpu, u64 thresh_ns)
{
	struct task_struct *p = current;
	struct cmwq_worker *worker;
	struct cmwq_pool *pool;
	struct cmwq_pwq *pwq;

	/* Not an exiting one, which its reaper may free under us. */
	if (!cmwq_task_is_worker(p))
		return;
	worker = kthread_data(p);
	pool = worker->pool;
	/*
	 * A worker just switched in may still be counted out as sleeping:
	 * IRQs are on again before sched_in runs. Taking it out of CM now
	 * would count it out twice.
	 */
	if (pool->cpu != cpu || READ_ONCE(worker->sleeping) ||
	    p->se.sum_exec_runtime - READ_ONCE(worker->hog_at) < thresh_ns)
		return;

	raw_spin_lock(&pool->lock);
	pwq = worker->current_pwq;
	if (pwq && !(worker->flags & CMWQ_WORKER_NOT_RUNNING)) {
		/* The worker is interrupted here, so its flags are ours. */
		cmwq_worker_set_flags(worker, CMWQ_WORKER_CPU_INTENSIVE);
		WRITE_ONCE(worker->hogged, true);
		pwq->stats[CMWQ_PWQ_STAT_CPU_INTENSIVE]++;
		if (cmwq_need_more_worker(pool)) {
			pwq->stats[CMWQ_PWQ_STAT_CM_WAKEUP]++;
			cmwq_wake_up_worker(pool);
		}
	}
	raw_spin_unlock(&pool->lock);
}

static enum hrtimer_restart hog_watch_fn(struct hrtimer *timer)
{
	struct cmwq_hog_watch *watch = container_of(timer,
						    struct cmwq_hog_watch,
						    timer);
	unsigned long thresh = READ_ONCE(cmwq_cpu_intensive_thresh_us);
	int cpu = smp_processor_id();

	if (thresh)
		check_current(cpu, (u64)thresh * NSEC_PER_USEC);
	if (!thresh || (!cpu_has_running_workers(cpu) && !watch->active)) {
		WRITE_ONCE(watch->armed, false);
		return HRTIMER_NORESTART;
	}
	watch->active = false;
	hrtimer_forward_now(timer, ns_to_ktime(hog_period_ns(thresh)));
	return HRTIMER_RESTART;
}

/**
 * cmwq_hog_watch_start - a worker of @pool started counting as running
 * @pool: its per-CPU pool
 *
 * Starts the CPU's hog watch unless it runs already or detection is off.
 *
 * Context: on @pool's CPU with IRQs off (pool->lock or a scheduler hook).
 */
void cmwq_hog_watch_start(struct cmwq_pool *pool)
{
	struct cmwq_hog_watch *watch;
	unsigned long thresh;

	lockdep_assert_irqs_disabled();
	/* Bound workers run on their pool's CPU; anything else is not ours. */
	if (unlikely(pool->cpu != raw_smp_processor_id()))
		return;
	watch = this_cpu_ptr(&cmwq_hog_watch);
	if (likely(watch->armed)) {
		watch->active = true;
		return;
	}
	thresh = READ_ONCE(cmwq_cpu_intensive_thresh_us);
	if (!thresh)
		return;
	WRITE_ONCE(watch->armed, true);
	hrtimer_start(&watch->timer, ns_to_ktime(hog_period_ns(thresh)),
		      HRTIMER_MODE_REL_PINNED_HARD);
}

/**
 * cmwq_hog_watch_stop_local - stop this CPU's hog watch, which goes offline
 *
 * Left armed, the timer would migrate with the dying CPU's hrtimers and
 * run on another CPU as if it were this one's, and this CPU, back online,
 * would find it "armed" and never start its own. Nothing re-arms it: every
 * worker of this CPU's pools is UNBOUND, and workers pushed elsewhere are
 * not this CPU's.
 *
 * Context: the hotplug teardown, on the dying CPU, after unbind_workers().
 */
void cmwq_hog_watch_stop_local(void)
{
	struct cmwq_hog_watch *watch = raw_cpu_ptr(&cmwq_hog_watch);

	hrtimer_cancel(&watch->timer);
	local_irq_disable();
	WRITE_ONCE(watch->armed, false);
	watch->active = false;
	local_irq_enable();
}

/**
 * cmwq_hog_watch_armed - is @cpu's hog watch running?
 * @cpu: a possible CPU
 *
 * Context: any; a racy snapshot, for tests and debugging.
 */
bool cmwq_hog_watch_armed(int cpu)
{
	return READ_ONCE(per_cpu_ptr(&cmwq_hog_watch, cpu)->armed);
}
EXPORT_SYMBOL_NS_GPL(cmwq_hog_watch_armed, CMWQ_NS);

/*
 * Hog reports, one line per function the first time and then at every
 * power of two, like upstream's wq_cpu_intensive_report(). A small table:
 * past its size, functions are reported without a count.
 */
#define CMWQ_HOG_REPORT_SLOTS	64

static struct {
	cmwq_func_t	func;
	unsigned int	count;
} cmwq_hog_reports[CMWQ_HOG_REPORT_SLOTS];
static DEFINE_SPINLOCK(cmwq_hog_reports_lock);

/**
 * cmwq_hog_report - say that a work function hogged its CPU
 * @func: the function, whose work just ended
 *
 * Context: process context (the worker, after the work), no pool lock.
 */
void cmwq_hog_report(cmwq_func_t func)
{
	unsigned int count = 0;
	int i;

	spin_lock_irq(&cmwq_hog_reports_lock);
	for (i = 0; i < CMWQ_HOG_REPORT_SLOTS; i++) {
		if (!cmwq_hog_reports[i].func)
			cmwq_hog_reports[i].func = func;
		if (cmwq_hog_reports[i].func == func) {
			count = ++cmwq_hog_reports[i].count;
			break;
		}
	}
	spin_unlock_irq(&cmwq_hog_reports_lock);

	if (!count)
		pr_info_ratelimited("cmwq: %ps hogged CPU for >%luus, consider CMWQ_CPU_INTENSIVE\n",
				    func, READ_ONCE(cmwq_cpu_intensive_thresh_us));
	else if (is_power_of_2(count))
		pr_info("cmwq: %ps hogged CPU for >%luus %u times, consider CMWQ_CPU_INTENSIVE\n",
			func, READ_ONCE(cmwq_cpu_intensive_thresh_us), count);
}

/**
 * cmwq_hog_init - prepare every possible CPU's hog watch
 *
 * Context: module load.
 */
void cmwq_hog_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct cmwq_hog_watch *watch = per_cpu_ptr(&cmwq_hog_watch, cpu);

		hrtimer_setup(&watch->timer, hog_watch_fn, CLOCK_MONOTONIC,
			      HRTIMER_MODE_REL_PINNED_HARD);
	}
}

/**
 * cmwq_hog_exit - stop every hog watch
 *
 * Context: module unload, after every worker is gone (none can re-arm).
 */
void cmwq_hog_exit(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		hrtimer_cancel(&per_cpu_ptr(&cmwq_hog_watch, cpu)->timer);
}
