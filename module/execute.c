// SPDX-License-Identifier: GPL-2.0
/*
 * cmwq_execute_in_process_context(): call a function now when the caller
 * is in process context, or from a work item of cmwq's system workqueue
 * when it is in interrupt context (hardirq, softirq, or with bottom halves
 * disabled), for code that may run in either and needs process context.
 */
#include <linux/export.h>
#include <linux/preempt.h>

#include "internal.h"

/**
 * cmwq_execute_in_process_context - run a function in process context
 * @fn: the function; its argument is &@ew->work
 * @ew: storage for the work item, which must stay valid until @fn ran
 *      (and must not be pending from an earlier call)
 *
 * Outside interrupt context, @fn is called at once, by the caller's task.
 * In interrupt context, @ew->work is initialised with @fn and queued on
 * cmwq's system workqueue, on the local CPU's pool.
 *
 * Context: any, IRQs included.
 * Return: 0 if @fn was called, 1 if it was queued.
 */
int cmwq_execute_in_process_context(cmwq_func_t fn,
				    struct cmwq_execute_work *ew)
{
	if (!in_interrupt()) {
		fn(&ew->work);
		return 0;
	}
	CMWQ_INIT_WORK(&ew->work, fn);
	cmwq_queue_work(cmwq_system_wq, &ew->work);
	return 1;
}
EXPORT_SYMBOL_GPL(cmwq_execute_in_process_context);
