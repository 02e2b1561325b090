/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmwq's tracepoints, under events/cmwq/ in tracefs: the life of a work
 * item from queueing through activation to execution, and the decisions
 * of concurrency management (cmwq_cm_decision).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM cmwq

#if !defined(_CMWQ_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _CMWQ_TRACE_H

#include <linux/tracepoint.h>

#include "internal.h"

TRACE_EVENT(cmwq_queue_work,
	TP_PROTO(int req_cpu, struct cmwq_pwq *pwq, struct cmwq_work *work),
	TP_ARGS(req_cpu, pwq, work),
	TP_STRUCT__entry(
		__field(void *, work)
		__field(void *, function)
		__string(workqueue, pwq->wq->name)
		__field(int, req_cpu)
		__field(int, cpu)
	),
	TP_fast_assign(
		__entry->work = work;
		__entry->function = work->func;
		cmwq_assign_str(workqueue, pwq->wq->name);
		__entry->req_cpu = req_cpu;
		__entry->cpu = pwq->pool->cpu;
	),
	TP_printk("work struct=%p function=%ps workqueue=%s req_cpu=%d cpu=%d",
		  __entry->work, __entry->function, __get_str(workqueue),
		  __entry->req_cpu, __entry->cpu)
);

TRACE_EVENT(cmwq_activate_work,
	TP_PROTO(struct cmwq_work *work),
	TP_ARGS(work),
	TP_STRUCT__entry(
		__field(void *, work)
	),
	TP_fast_assign(
		__entry->work = work;
	),
	TP_printk("work struct %p", __entry->work)
);

TRACE_EVENT(cmwq_execute_start,
	TP_PROTO(struct cmwq_work *work),
	TP_ARGS(work),
	TP_STRUCT__entry(
		__field(void *, work)
		__field(void *, function)
	),
	TP_fast_assign(
		__entry->work = work;
		__entry->function = work->func;
	),
	TP_printk("work struct %p: function %ps", __entry->work,
		  __entry->function)
);

/* @work may be freed already: only its address is recorded. */
TRACE_EVENT(cmwq_execute_end,
	TP_PROTO(struct cmwq_work *work, cmwq_func_t function),
	TP_ARGS(work, function),
	TP_STRUCT__entry(
		__field(void *, work)
		__field(void *, function)
	),
	TP_fast_assign(
		__entry->work = work;
		__entry->function = function;
	),
	TP_printk("work struct %p: function %ps", __entry->work,
		  __entry->function)
);

/*
 * A decision of concurrency management or of the manager in a pool
 * (cm_policy.c): @decision is an enum cmwq_cm_stat, the counter it adds to.
 */
TRACE_EVENT(cmwq_cm_decision,
	TP_PROTO(int pool_id, int decision, int class),
	TP_ARGS(pool_id, decision, class),
	TP_STRUCT__entry(
		__field(int, pool_id)
		__field(int, decision)
		__field(int, class)
	),
	TP_fast_assign(
		__entry->pool_id = pool_id;
		__entry->decision = decision;
		__entry->class = class;
	),
	TP_printk("pool=%d decision=%s class=%s", __entry->pool_id,
		  __print_symbolic(__entry->decision,
				   { CMWQ_CM_STAT_WOKEN, "woken" },
				   { CMWQ_CM_STAT_CREATE, "create" },
				   { CMWQ_CM_STAT_HELD, "held" },
				   { CMWQ_CM_STAT_CREATED, "created" },
				   { CMWQ_CM_STAT_DEFERRED, "deferred" },
				   { CMWQ_CM_STAT_FAILED, "failed" }),
		  __print_symbolic(__entry->class,
				   { CMWQ_CLASS_NONE, "none" },
				   { CMWQ_CLASS_BOUNDED, "bounded" },
				   { CMWQ_CLASS_UNBOUNDED, "unbounded" }))
);

/*
 * A work was parked because its class was at its cap on a pool
 * (work_class.c): the cap, the works of the class in progress and the
 * works parked, this one included.
 */
TRACE_EVENT(cmwq_class_cap,
	TP_PROTO(int pool_id, int class, unsigned int max,
		 unsigned int claimed, unsigned int parked),
	TP_ARGS(pool_id, class, max, claimed, parked),
	TP_STRUCT__entry(
		__field(int, pool_id)
		__field(int, class)
		__field(unsigned int, max)
		__field(unsigned int, claimed)
		__field(unsigned int, parked)
	),
	TP_fast_assign(
		__entry->pool_id = pool_id;
		__entry->class = class;
		__entry->max = max;
		__entry->claimed = claimed;
		__entry->parked = parked;
	),
	TP_printk("pool=%d class=%s max=%u claimed=%u parked=%u",
		  __entry->pool_id,
		  __print_symbolic(__entry->class,
				   { CMWQ_CLASS_BOUNDED, "bounded" },
				   { CMWQ_CLASS_UNBOUNDED, "unbounded" }),
		  __entry->max, __entry->claimed, __entry->parked)
);

#endif /* _CMWQ_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
