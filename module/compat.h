/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences, absorbed in one place.
 *
 * The engine is written against the names of the newest supported kernel;
 * each entry here gives an older kernel what a later one renamed or added,
 * named after what it provides, with the version that changed it. Supported:
 * Debian's 6.1.y and 6.12.y (plain and PREEMPT_RT). A newer kernel should
 * need at most a line here; no other file tests the kernel version.
 */
#ifndef _CMWQ_COMPAT_H
#define _CMWQ_COMPAT_H

#include <linux/hrtimer.h>
#include <linux/sched.h>
#include <linux/timer.h>
#include <linux/version.h>

/* Built against at least kernel major.minor (any stable release of it). */
#define CMWQ_KERNEL_SINCE(major, minor)					\
	(KERNEL_VERSION(LINUX_VERSION_MAJOR, LINUX_VERSION_PATCHLEVEL, 0) >= \
	 KERNEL_VERSION(major, minor, 0))

/*
 * Symbol namespaces are string literals since 6.13; before, the macros
 * stringify a bare identifier. __stringify() expands CMWQ_NS first, so
 * EXPORT_SYMBOL_NS_GPL(sym, CMWQ_NS) and MODULE_IMPORT_NS(CMWQ_NS) mean
 * the same namespace on both sides of the change.
 */
#if CMWQ_KERNEL_SINCE(6, 13)
#define CMWQ_NS "CMWQ_INTERNAL"
#else
#define CMWQ_NS CMWQ_INTERNAL
#endif

/*
 * Tracepoints: __assign_str() takes only the field since 6.10 (the source
 * comes from __string()); 6.1 wants the source again.
 */
#if CMWQ_KERNEL_SINCE(6, 10)
#define cmwq_assign_str(field, src) __assign_str(field)
#else
#define cmwq_assign_str(field, src) __assign_str(field, src)
#endif

/*
 * timer_container_of() replaced from_timer() in 6.16. (timer_delete() and
 * timer_delete_sync() are 6.2 names that Debian's 6.1.y has as well.)
 */
#ifndef timer_container_of
#define timer_container_of(var, callback_timer, timer_fieldname) \
	from_timer(var, callback_timer, timer_fieldname)
#endif

/* hrtimer_setup() replaced hrtimer_init() + setting ->function in 6.13. */
#if !CMWQ_KERNEL_SINCE(6, 13)
static inline void hrtimer_setup(struct hrtimer *timer,
				 enum hrtimer_restart (*function)(struct hrtimer *),
				 clockid_t clock_id, enum hrtimer_mode mode)
{
	hrtimer_init(timer, clock_id, mode);
	timer->function = function;
}
#endif

/*
 * task_is_runnable() came with EEVDF's delayed dequeue in 6.12: a task that
 * blocks with negative lag stays queued (on_rq set, se.sched_delayed set)
 * until its lag is paid, so on_rq alone no longer says "not asleep". Before
 * 6.12 a blocking task is dequeued at once and on_rq is the whole answer.
 */
#if !CMWQ_KERNEL_SINCE(6, 12)
static inline bool task_is_runnable(struct task_struct *p)
{
	return p->on_rq;
}
#endif

/*
 * call_rcu_hurry() came with lazy RCU callbacks in 6.2; before, every
 * callback is a hurried one.
 */
#if !CMWQ_KERNEL_SINCE(6, 2)
#define call_rcu_hurry(head, func) call_rcu(head, func)
#endif

#endif /* _CMWQ_COMPAT_H */
