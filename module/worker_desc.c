// SPDX-License-Identifier: GPL-2.0
/*
 * Worker descriptions: a running work item may say what it works on
 * (cmwq_set_worker_desc(), "sda1" or "flush-8:0" say), and whoever shows
 * the worker shows it too: cmwq_print_worker_info() for a task, the state
 * dump (dump.c) and the debugfs "workers" file as "(description)" after
 * the function, and drgn-scripts/cmwq_show.py.
 *
 * worker->desc is written under pool->lock: cleared when a work starts
 * (worker.c), set by the work itself here. The dump and the workers file
 * read it under that lock. cmwq_print_worker_info() may be asked about
 * any task, from any context, and reads without a lock through
 * copy_from_kernel_nofault(), as upstream's print_worker_info() does: a
 * worker that just finished or exited may give a stale or empty line,
 * never a fault.
 */
#include <linux/export.h>
#include <linux/kthread.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "internal.h"

/**
 * cmwq_set_worker_desc - describe what the current work item works on
 * @fmt: printf format
 * @...: its arguments
 *
 * Kept, at most %CMWQ_WORKER_DESC_LEN - 1 characters of it, until the
 * worker starts its next work item. Nothing happens outside a work item.
 *
 * Context: a cmwq work function.
 */
void cmwq_set_worker_desc(const char *fmt, ...)
{
	struct cmwq_worker *worker = cmwq_current_worker();
	char desc[CMWQ_WORKER_DESC_LEN];
	struct cmwq_pool *pool;
	unsigned long flags;
	va_list args;

	if (!worker || !worker->current_work)
		return;
	va_start(args, fmt);
	vsnprintf(desc, sizeof(desc), fmt, args);
	va_end(args);
	/* Our own pool, fixed while we run a work. */
	pool = worker->pool;
	raw_spin_lock_irqsave(&pool->lock, flags);
	strscpy(worker->desc, desc, sizeof(worker->desc));
	raw_spin_unlock_irqrestore(&pool->lock, flags);
}
EXPORT_SYMBOL_GPL(cmwq_set_worker_desc);

/**
 * cmwq_worker_info - "Workqueue: NAME FUNC (DESC)" of a busy cmwq worker
 * @task: any task, referenced by the caller
 * @buf: where to write
 * @size: size of @buf; %CMWQ_WORKER_INFO_LEN holds all but the longest
 *        function names, which are cut
 *
 * NAME is the workqueue of the running work, FUNC its function, and
 * " (DESC)" is there if the work set a description other than NAME.
 *
 * Context: any.
 * Return: the length written; 0 (and @buf empty) if @task is not a cmwq
 * worker or rescuer running a work item.
 */
size_t cmwq_worker_info(struct task_struct *task, char *buf, size_t size)
{
	char name[CMWQ_NAME_LEN] = {}, desc[CMWQ_WORKER_DESC_LEN] = {};
	struct cmwq_workqueue *wq = NULL;
	struct cmwq_worker *worker;
	struct cmwq_pwq *pwq = NULL;
	cmwq_func_t fn = NULL;
	size_t len;

	buf[0] = '\0';
	if (!cmwq_task_is_worker(task) &&
	    kthread_func(task) != cmwq_rescuer_thread)
		return 0;
	worker = kthread_data(task);
	/* Unsynchronised: each copy may fail or be stale (see the top). */
	if (copy_from_kernel_nofault(&fn, &worker->current_func, sizeof(fn)) ||
	    !fn)
		return 0;
	if (!copy_from_kernel_nofault(&pwq, &worker->current_pwq,
				      sizeof(pwq)) && pwq &&
	    !copy_from_kernel_nofault(&wq, &pwq->wq, sizeof(wq)) && wq)
		copy_from_kernel_nofault(name, wq->name, sizeof(name) - 1);
	copy_from_kernel_nofault(desc, worker->desc, sizeof(desc) - 1);

	len = scnprintf(buf, size, "Workqueue: %s %ps", name, fn);
	if (desc[0] && strcmp(name, desc))
		len += scnprintf(buf + len, size - len, " (%s)", desc);
	return len;
}
EXPORT_SYMBOL_NS_GPL(cmwq_worker_info, CMWQ_NS);

/*
 * A line at the level its text starts with (printk() reads it from the
 * formatted text): the caller's @log_lvl, which no pr_<level>() takes.
 */
static __printf(1, 2) void log_at_level(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vprintk(fmt, args);
	va_end(args);
}

/**
 * cmwq_print_worker_info - log what a cmwq worker runs, and its description
 * @log_lvl: the log level, KERN_INFO say
 * @task: any task, referenced by the caller
 *
 * One line, "Workqueue: NAME FUNC (DESC)" (see cmwq_worker_info()), if
 * @task is a cmwq worker or rescuer running a work item; nothing
 * otherwise. For a task's report, after its other lines.
 *
 * Context: any.
 */
void cmwq_print_worker_info(const char *log_lvl, struct task_struct *task)
{
	char buf[CMWQ_WORKER_INFO_LEN];

	if (cmwq_worker_info(task, buf, sizeof(buf)))
		log_at_level("%s%s\n", log_lvl, buf);
}
EXPORT_SYMBOL_GPL(cmwq_print_worker_info);
