// SPDX-License-Identifier: GPL-2.0
/*
 * What the current task is to cmwq: the work item a worker or rescuer is
 * running, and whether it is a rescuer. Both read the worker's own fields,
 * which only that worker writes, so no lock is needed from its own task;
 * in interrupt context on a worker's stack the answer is "not a worker"
 * (cmwq_current_worker()), as upstream's current_wq_worker() says.
 */
#include <linux/export.h>

#include "internal.h"

/**
 * cmwq_current_work - the work item the current cmwq worker runs
 *
 * Context: any.
 * Return: the work item, or %NULL if current is not a cmwq worker or
 * rescuer, or not running a work item (or in interrupt context).
 */
struct cmwq_work *cmwq_current_work(void)
{
	struct cmwq_worker *worker = cmwq_current_worker();

	return worker ? worker->current_work : NULL;
}
EXPORT_SYMBOL_GPL(cmwq_current_work);

/**
 * cmwq_current_is_workqueue_rescuer - is current a cmwq rescuer?
 *
 * A work function can tell with it that it runs on its workqueue's
 * rescuer, i.e. that the pool could not create workers in time.
 *
 * Context: any.
 * Return: %true if current is the rescuer of a %CMWQ_MEM_RECLAIM
 * workqueue, %false otherwise (and in interrupt context).
 */
bool cmwq_current_is_workqueue_rescuer(void)
{
	struct cmwq_worker *worker = cmwq_current_worker();

	return worker && worker->rescue_wq;
}
EXPORT_SYMBOL_GPL(cmwq_current_is_workqueue_rescuer);
