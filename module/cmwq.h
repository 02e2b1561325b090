/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmwq.h - the exported API of cmwq, a Concurrency Managed Workqueue that
 * lives in a loadable module. It mirrors <linux/workqueue.h>: a struct
 * cmwq_work is queued on a struct cmwq_workqueue and run by a worker of a
 * per-CPU pool, with concurrency managed from the scheduler.
 */
#ifndef _CMWQ_H
#define _CMWQ_H

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/cpumask.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/rcupdate.h>
#include <linux/timer.h>
#include <linux/types.h>

struct cmwq_work;
struct cmwq_workqueue;

typedef void (*cmwq_func_t)(struct cmwq_work *work);

/*
 * cmwq_work->data: the low bits are flags; the rest is the pool_workqueue
 * pointer while the work is queued (CMWQ_WORK_PWQ set, the pointer aligned
 * to 1 << CMWQ_WORK_FLAG_BITS), otherwise the disable count and the ID of
 * the pool it last ran on.
 */
enum {
	CMWQ_WORK_PENDING_BIT,		/* queued or timer armed */
	CMWQ_WORK_INACTIVE_BIT,		/* not counted in nr_active */
	CMWQ_WORK_PWQ_BIT,		/* data points to a pwq */
	CMWQ_WORK_HASHED_BIT,		/* queued as its key's head (hashed.c) */
	CMWQ_WORK_PARKED_BIT,		/* parked: busy key or class at cap */
	/*
	 * Queued with a work class (work_class.c). The one bit this costs:
	 * a classed work is never hashed (refused), so on a CLASSED work the
	 * HASHED bit is free and says which class it is (set: unbounded).
	 */
	CMWQ_WORK_CLASSED_BIT,
	CMWQ_WORK_COLOR_SHIFT,
	CMWQ_WORK_COLOR_BITS	= 4,
	CMWQ_WORK_FLAG_BITS	= CMWQ_WORK_COLOR_SHIFT + CMWQ_WORK_COLOR_BITS,
	CMWQ_NR_COLORS		= 1 << CMWQ_WORK_COLOR_BITS,

	/* off queue: disable count, then the last pool's ID */
	CMWQ_OFFQ_DISABLE_SHIFT	= CMWQ_WORK_COLOR_SHIFT,
	CMWQ_OFFQ_DISABLE_BITS	= 16,
	CMWQ_OFFQ_POOL_SHIFT	= CMWQ_OFFQ_DISABLE_SHIFT + CMWQ_OFFQ_DISABLE_BITS,
	CMWQ_OFFQ_POOL_BITS	= BITS_PER_LONG - CMWQ_OFFQ_POOL_SHIFT,
};

#define CMWQ_WORK_PENDING	(1UL << CMWQ_WORK_PENDING_BIT)
#define CMWQ_WORK_INACTIVE	(1UL << CMWQ_WORK_INACTIVE_BIT)
#define CMWQ_WORK_PWQ		(1UL << CMWQ_WORK_PWQ_BIT)
#define CMWQ_WORK_HASHED	(1UL << CMWQ_WORK_HASHED_BIT)
#define CMWQ_WORK_PARKED	(1UL << CMWQ_WORK_PARKED_BIT)
#define CMWQ_WORK_CLASSED	(1UL << CMWQ_WORK_CLASSED_BIT)
#define CMWQ_OFFQ_POOL_NONE	((1UL << CMWQ_OFFQ_POOL_BITS) - 1)
#define CMWQ_WORK_DATA_INIT	(CMWQ_OFFQ_POOL_NONE << CMWQ_OFFQ_POOL_SHIFT)

/* "any CPU": queue on the local CPU */
#define CMWQ_CPU_UNBOUND	NR_CPUS

struct cmwq_work {
	atomic_long_t		data;
	struct list_head	entry;
	cmwq_func_t		func;
#ifdef CONFIG_LOCKDEP
	/* Lockdep: a class per init site, held while it runs (lockdep.c). */
	struct lockdep_map	lockdep_map;
#endif
};

struct cmwq_delayed_work {
	struct cmwq_work	work;
	struct timer_list	timer;
	/* target workqueue and CPU of the timer, set when it is armed */
	struct cmwq_workqueue	*wq;
	int			cpu;
};

void cmwq_delayed_work_timer_fn(struct timer_list *t);

/*
 * Lockdep: every site that initialises work items gets a class of its own,
 * through a static key there; the name says which item it was.
 */
#ifdef CONFIG_LOCKDEP
#define __CMWQ_INIT_WORK_LOCKDEP(_work, _name, _key)			\
	lockdep_init_map(&(_work)->lockdep_map, _name, _key, 0)
#else
#define __CMWQ_INIT_WORK_LOCKDEP(_work, _name, _key)			\
	do { (void)(_name); (void)(_key); } while (0)
#endif

/*
 * Debugobjects (CONFIG_DEBUG_OBJECTS_WORK, module/debugobj.c): a work is
 * tracked from its initialisation, active while it is on a queue, and
 * must be inactive when its memory is freed; an on-stack work is
 * initialised with the _ONSTACK macros and destroyed before its frame
 * ends. Without the option all of this is empty.
 */
#ifdef CONFIG_DEBUG_OBJECTS_WORK
void __cmwq_init_work(struct cmwq_work *work, bool onstack);
void cmwq_destroy_work_on_stack(struct cmwq_work *work);
#else
static inline void __cmwq_init_work(struct cmwq_work *work, bool onstack) { }
static inline void cmwq_destroy_work_on_stack(struct cmwq_work *work) { }
#endif

/*
 * The debugobjects check comes first: re-initialising a work that is
 * still queued cancels it there (its fixup) while its fields are intact.
 */
#define __CMWQ_INIT_WORK_KEY(_work, _func, _key, _onstack)		\
	do {								\
		__cmwq_init_work((_work), (_onstack));			\
		atomic_long_set(&(_work)->data, CMWQ_WORK_DATA_INIT);	\
		INIT_LIST_HEAD(&(_work)->entry);			\
		(_work)->func = (_func);				\
		__CMWQ_INIT_WORK_LOCKDEP(_work,				\
			"(cmwq_work_completion)" #_work, _key);		\
	} while (0)

#define __CMWQ_INIT_WORK(_work, _func, _onstack)			\
	do {								\
		static __maybe_unused struct lock_class_key __key;	\
									\
		__CMWQ_INIT_WORK_KEY(_work, _func, &__key, _onstack);	\
	} while (0)

/**
 * CMWQ_INIT_WORK - initialise a work item
 * @_work: the struct cmwq_work
 * @_func: the function to run
 */
#define CMWQ_INIT_WORK(_work, _func)					\
	__CMWQ_INIT_WORK(_work, _func, false)

/**
 * CMWQ_INIT_WORK_ONSTACK - initialise a work item on the caller's stack
 * @_work: the struct cmwq_work, a local variable (or in one)
 * @_func: the function to run
 *
 * Call cmwq_destroy_work_on_stack() on it before the frame ends.
 */
#define CMWQ_INIT_WORK_ONSTACK(_work, _func)				\
	__CMWQ_INIT_WORK(_work, _func, true)

/**
 * CMWQ_INIT_DELAYED_WORK - initialise a delayed work item
 * @_dwork: the struct cmwq_delayed_work
 * @_func: the function to run
 */
#define CMWQ_INIT_DELAYED_WORK(_dwork, _func)				\
	do {								\
		CMWQ_INIT_WORK(&(_dwork)->work, (_func));		\
		timer_setup(&(_dwork)->timer,				\
			    cmwq_delayed_work_timer_fn, TIMER_IRQSAFE);	\
	} while (0)

/**
 * CMWQ_INIT_DELAYED_WORK_ONSTACK - initialise a delayed work on the stack
 * @_dwork: the struct cmwq_delayed_work, a local variable (or in one)
 * @_func: the function to run
 *
 * Its timer is an on-stack timer as well. Call
 * cmwq_destroy_delayed_work_on_stack() on it before the frame ends.
 */
#define CMWQ_INIT_DELAYED_WORK_ONSTACK(_dwork, _func)			\
	do {								\
		CMWQ_INIT_WORK_ONSTACK(&(_dwork)->work, (_func));	\
		timer_setup_on_stack(&(_dwork)->timer,			\
				     cmwq_delayed_work_timer_fn,	\
				     TIMER_IRQSAFE);			\
	} while (0)

/**
 * cmwq_destroy_delayed_work_on_stack - end an on-stack delayed work
 * @dwork: the delayed work, initialised by CMWQ_INIT_DELAYED_WORK_ONSTACK()
 *
 * Its timer is destroyed too (a no-op without CONFIG_DEBUG_OBJECTS_TIMERS),
 * whether or not works are tracked.
 */
static inline void
cmwq_destroy_delayed_work_on_stack(struct cmwq_delayed_work *dwork)
{
	destroy_timer_on_stack(&dwork->timer);
	cmwq_destroy_work_on_stack(&dwork->work);
}

static inline struct cmwq_delayed_work *
to_cmwq_delayed_work(struct cmwq_work *work)
{
	return container_of(work, struct cmwq_delayed_work, work);
}

/**
 * struct cmwq_rcu_work - a work item queued after an RCU grace period
 * @work: the work item; its function gets &@work
 * @rcu: the callback that queues @work once the grace period ended
 * @wq: the workqueue to queue on, set by cmwq_queue_rcu_work()
 */
struct cmwq_rcu_work {
	struct cmwq_work	work;
	struct rcu_head		rcu;
	struct cmwq_workqueue	*wq;
};

/**
 * CMWQ_INIT_RCU_WORK - initialise an RCU work item
 * @_rwork: the struct cmwq_rcu_work
 * @_func: the function to run; its argument is &@_rwork->work
 */
#define CMWQ_INIT_RCU_WORK(_rwork, _func)				\
	CMWQ_INIT_WORK(&(_rwork)->work, (_func))

/**
 * CMWQ_INIT_RCU_WORK_ONSTACK - initialise an RCU work item on the stack
 * @_rwork: the struct cmwq_rcu_work, a local variable (or in one)
 * @_func: the function to run; its argument is &@_rwork->work
 *
 * Its rcu_head is annotated as on the stack too (for
 * CONFIG_DEBUG_OBJECTS_RCU_HEAD, which upstream's macro leaves out).
 * Call cmwq_destroy_rcu_work_on_stack() on it before the frame ends,
 * after cmwq_flush_rcu_work().
 */
#define CMWQ_INIT_RCU_WORK_ONSTACK(_rwork, _func)			\
	do {								\
		CMWQ_INIT_WORK_ONSTACK(&(_rwork)->work, (_func));	\
		init_rcu_head_on_stack(&(_rwork)->rcu);			\
	} while (0)

/**
 * cmwq_destroy_rcu_work_on_stack - end an on-stack RCU work
 * @rwork: the RCU work, initialised by CMWQ_INIT_RCU_WORK_ONSTACK()
 */
static inline void cmwq_destroy_rcu_work_on_stack(struct cmwq_rcu_work *rwork)
{
	destroy_rcu_head_on_stack(&rwork->rcu);
	cmwq_destroy_work_on_stack(&rwork->work);
}

static inline struct cmwq_rcu_work *to_cmwq_rcu_work(struct cmwq_work *work)
{
	return container_of(work, struct cmwq_rcu_work, work);
}

/* Workqueue flags, for cmwq_alloc_workqueue() */
enum {
	CMWQ_BH			= 1 << 0,	/* run in softirq: see bh.c */
	CMWQ_UNBOUND		= 1 << 1,	/* unbound pools, by pod */
	CMWQ_FREEZABLE		= 1 << 2,	/* paused while suspending */
	CMWQ_MEM_RECLAIM	= 1 << 3,	/* has a rescuer */
	CMWQ_HIGHPRI		= 1 << 4,	/* highpri pools, nice -20 */
	CMWQ_CPU_INTENSIVE	= 1 << 5,	/* not concurrency managed */
	CMWQ_SYSFS		= 1 << 6,	/* /sys/bus/cmwq/devices/<name>/ */
	CMWQ_POWER_EFFICIENT	= 1 << 7,	/* unbound if power_efficient */

	__CMWQ_DRAINING		= 1 << 16,	/* internal: being drained */
	__CMWQ_DESTROYING	= 1 << 19,	/* internal: being destroyed */
	__CMWQ_ORDERED		= 1 << 17,	/* one at a time, in order */
	__CMWQ_CONTROL		= 1 << 18,	/* internal: made by debugfs */

	CMWQ_USER_FLAGS		= CMWQ_BH | CMWQ_UNBOUND | CMWQ_FREEZABLE |
				  CMWQ_MEM_RECLAIM | CMWQ_HIGHPRI |
				  CMWQ_CPU_INTENSIVE | CMWQ_SYSFS |
				  CMWQ_POWER_EFFICIENT | __CMWQ_ORDERED,
	/* The only flag a BH workqueue may add, as upstream's WQ_BH. */
	CMWQ_BH_ALLOWS		= CMWQ_BH | CMWQ_HIGHPRI,

	CMWQ_MAX_ACTIVE		= 512,
	CMWQ_DFL_ACTIVE		= CMWQ_MAX_ACTIVE / 2,
};

/*
 * Affinity scopes of unbound workqueues: which CPUs share a pool_workqueue
 * (and a pool). See Documentation/design.rst.
 */
enum cmwq_affn_scope {
	CMWQ_AFFN_DFL,		/* the module's default_affinity_scope */
	CMWQ_AFFN_CPU,		/* each CPU */
	CMWQ_AFFN_SMT,		/* SMT siblings */
	CMWQ_AFFN_CACHE,	/* CPUs sharing the last level cache */
	CMWQ_AFFN_NUMA,		/* NUMA nodes */
	CMWQ_AFFN_SYSTEM,	/* all CPUs */
	CMWQ_AFFN_NR_TYPES,
};

const char *cmwq_affn_scope_name(enum cmwq_affn_scope scope);

/**
 * struct cmwq_workqueue_attrs - how an unbound workqueue's workers run
 * @nice: nice level of the workers, -20 to 19
 * @cpumask: the CPUs they may run on (at least one possible CPU)
 * @affn_scope: how the CPUs are split into pods, one pool_workqueue each
 * @affn_strict: keep workers inside the pod of the CPU that queued the
 *               work; otherwise they may run anywhere in @cpumask and are
 *               only brought back into the pod when woken
 */
struct cmwq_workqueue_attrs {
	int			nice;
	cpumask_var_t		cpumask;
	enum cmwq_affn_scope	affn_scope;
	bool			affn_strict;
};

/* cmwq_work_busy() */
enum {
	CMWQ_BUSY_PENDING	= 1 << 0,
	CMWQ_BUSY_RUNNING	= 1 << 1,
};

/* A name long enough for "<prefix>/<instance>" of most callers. */
#define CMWQ_NAME_LEN		32

/* The longest cmwq_set_worker_desc() keeps, with its terminating NUL. */
#define CMWQ_WORKER_DESC_LEN	32

/**
 * struct cmwq_execute_work - storage for cmwq_execute_in_process_context()
 * @work: the work item it queues when called from interrupt context
 */
struct cmwq_execute_work {
	struct cmwq_work	work;
};

__printf(1, 4) struct cmwq_workqueue *
cmwq_alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...);
void cmwq_destroy_workqueue(struct cmwq_workqueue *wq);

/**
 * cmwq_alloc_ordered_workqueue - create an ordered workqueue
 * @fmt: printf format of the name
 * @flags: CMWQ_HIGHPRI, CMWQ_MEM_RECLAIM, CMWQ_FREEZABLE
 * @args: arguments of @fmt
 *
 * Its works run one at a time, in the order they were queued, whatever
 * the CPU they were queued on.
 */
#define cmwq_alloc_ordered_workqueue(fmt, flags, args...)		\
	cmwq_alloc_workqueue(fmt, CMWQ_UNBOUND | __CMWQ_ORDERED | (flags), \
			     1, ##args)

struct cmwq_workqueue_attrs *cmwq_alloc_workqueue_attrs(void);
void cmwq_free_workqueue_attrs(struct cmwq_workqueue_attrs *attrs);
int cmwq_apply_workqueue_attrs(struct cmwq_workqueue *wq,
			       const struct cmwq_workqueue_attrs *attrs);
int cmwq_get_workqueue_attrs(struct cmwq_workqueue *wq,
			     struct cmwq_workqueue_attrs *attrs);
int cmwq_workqueue_set_max_active(struct cmwq_workqueue *wq, int max_active);
int cmwq_workqueue_set_min_active(struct cmwq_workqueue *wq, int min_active);
const char *cmwq_workqueue_name(struct cmwq_workqueue *wq);

bool cmwq_queue_work_on(int cpu, struct cmwq_workqueue *wq,
			struct cmwq_work *work);
bool cmwq_queue_work_node(int node, struct cmwq_workqueue *wq,
			  struct cmwq_work *work);
bool cmwq_queue_delayed_work_on(int cpu, struct cmwq_workqueue *wq,
				struct cmwq_delayed_work *dwork,
				unsigned long delay);
bool cmwq_mod_delayed_work_on(int cpu, struct cmwq_workqueue *wq,
			      struct cmwq_delayed_work *dwork,
			      unsigned long delay);
bool cmwq_queue_rcu_work(struct cmwq_workqueue *wq,
			 struct cmwq_rcu_work *rwork);

bool cmwq_flush_work(struct cmwq_work *work);
bool cmwq_flush_delayed_work(struct cmwq_delayed_work *dwork);
bool cmwq_flush_rcu_work(struct cmwq_rcu_work *rwork);
void cmwq_flush_workqueue(struct cmwq_workqueue *wq);
void cmwq_drain_workqueue(struct cmwq_workqueue *wq);

bool cmwq_cancel_work(struct cmwq_work *work);
bool cmwq_cancel_work_sync(struct cmwq_work *work);
bool cmwq_cancel_delayed_work(struct cmwq_delayed_work *dwork);
bool cmwq_cancel_delayed_work_sync(struct cmwq_delayed_work *dwork);
bool cmwq_disable_work(struct cmwq_work *work);
bool cmwq_disable_work_sync(struct cmwq_work *work);
bool cmwq_enable_work(struct cmwq_work *work);
bool cmwq_disable_delayed_work(struct cmwq_delayed_work *dwork);
bool cmwq_disable_delayed_work_sync(struct cmwq_delayed_work *dwork);
bool cmwq_enable_delayed_work(struct cmwq_delayed_work *dwork);

unsigned int cmwq_work_busy(struct cmwq_work *work);

/*
 * From io_uring's io-wq (module/hashed.c, module/cancel_match.c): both are
 * used only by callers that ask for them; nothing else changes.
 */

/**
 * cmwq_queue_work_hashed - queue a work item serialised by a key
 * @wq: the workqueue (per-CPU, unbound or BH)
 * @work: the work item
 * @key: the key; any value, compared as is
 *
 * Items queued with the same @key on @wq never run concurrently and run in
 * the order they were queued; items with different keys run in parallel,
 * as @wq allows. While an item of @key is queued or running, later items
 * of @key are parked on the key (not on a pool's worklist: no worker
 * waits for the key) and handed, one at a time, to the worker that
 * finishes the key's current item, which runs the next one itself when
 * max_active allows. A parked item is pending like any other: queueing it
 * again returns %false, and cancel, flush and drain see it.
 *
 * Every item of a busy key runs on the pool of the key's first item. The
 * key is busy from the first item's queueing until the last one ends;
 * then it is forgotten.
 *
 * Non-reentrancy holds as for cmwq_queue_work_on() when a work requeues
 * itself with the same key (the usual case). A work must not be queued
 * with a key while an earlier queueing of it still runs under another key
 * or unhashed on another pool: the two runs could overlap.
 *
 * Context: any, IRQs included.
 * Return: %true if @work was queued (or parked); %false if it was pending
 * or disabled, if @wq is being drained or destroyed (as for
 * cmwq_queue_work_on()), or if @key was not busy and no entry could be
 * had for it (no spare left by an earlier key, and GFP_ATOMIC failed or,
 * on PREEMPT_RT, the caller is not preemptible): then a warning is
 * logged.
 */
bool cmwq_queue_work_hashed(struct cmwq_workqueue *wq, struct cmwq_work *work,
			    unsigned long key);

/*
 * Work classes after io-wq's IO_WQ_ACCT_BOUND and IO_WQ_ACCT_UNBOUND
 * (module/work_class.c): a work may be queued as bounded (blocks for a
 * bounded time, disk-like) or unbounded (may block indefinitely,
 * network-like). Each pool caps, per class, how many works of the class
 * may be in progress (queued on the pool or running) at once; 0, the
 * default, means no cap. Works queued without a class are never affected.
 */
enum cmwq_work_class {
	CMWQ_CLASS_NONE,
	CMWQ_CLASS_BOUNDED,
	CMWQ_CLASS_UNBOUNDED,
	CMWQ_NR_CLASSES,
};

/* Upper limit of a class cap: the pools file and set_pool agree on it. */
#define CMWQ_CLASS_MAX_CAP	65535

struct cmwq_pool;

bool cmwq_queue_work_class_on(int cpu, struct cmwq_workqueue *wq,
			      struct cmwq_work *work,
			      enum cmwq_work_class class);

/**
 * cmwq_queue_work_class - queue a work item in a work class
 * @wq: the workqueue (per-CPU or unbound; not BH)
 * @work: the work item
 * @class: %CMWQ_CLASS_BOUNDED or %CMWQ_CLASS_UNBOUNDED
 *
 * See cmwq_queue_work_class_on(), on the local CPU.
 */
static inline bool cmwq_queue_work_class(struct cmwq_workqueue *wq,
					 struct cmwq_work *work,
					 enum cmwq_work_class class)
{
	return cmwq_queue_work_class_on(CMWQ_CPU_UNBOUND, wq, work, class);
}

int cmwq_pool_set_class_max(struct cmwq_pool *pool,
			    enum cmwq_work_class class, unsigned int max);
int cmwq_pool_get_class_max(struct cmwq_pool *pool,
			    enum cmwq_work_class class);

/**
 * struct cmwq_cancel_match_result - what cmwq_cancel_work_match() found
 * @pending: items taken off their queue (queued, inactive or parked):
 *           cancelled, they will not run for that queueing
 * @running: running items asked to stop (cmwq_work_should_stop())
 */
struct cmwq_cancel_match_result {
	unsigned int	pending;
	unsigned int	running;
};

int cmwq_cancel_work_match(struct cmwq_workqueue *wq,
			   bool (*match)(struct cmwq_work *work, void *data),
			   void *data, struct cmwq_cancel_match_result *res);
bool cmwq_work_should_stop(void);
long cmwq_work_on_cpu_key(int cpu, long (*fn)(void *arg), void *arg,
			  struct lock_class_key *key);
long cmwq_work_on_cpu_safe_key(int cpu, long (*fn)(void *arg), void *arg,
			       struct lock_class_key *key);
int cmwq_schedule_on_each_cpu(cmwq_func_t func);
int cmwq_execute_in_process_context(cmwq_func_t fn,
				    struct cmwq_execute_work *ew);

/*
 * The module's BH workqueues, upstream's system_bh_wq and
 * system_bh_highpri_wq: their works run in softirq context on the CPU
 * that queued them and must not sleep (bh.c).
 */
extern struct cmwq_workqueue *cmwq_system_bh_wq;
extern struct cmwq_workqueue *cmwq_system_bh_highpri_wq;

struct cmwq_work *cmwq_current_work(void);
bool cmwq_current_is_workqueue_rescuer(void);
bool cmwq_workqueue_congested(int cpu, struct cmwq_workqueue *wq);

struct task_struct;
__printf(1, 2) void cmwq_set_worker_desc(const char *fmt, ...);
void cmwq_print_worker_info(const char *log_lvl, struct task_struct *task);
void cmwq_show_one_workqueue(struct cmwq_workqueue *wq);
void cmwq_show_all_workqueues(void);
void cmwq_wq_watchdog_touch(int cpu);

int cmwq_freeze_workqueues_begin(void);
bool cmwq_freeze_workqueues_busy(void);
void cmwq_thaw_workqueues(void);
void cmwq_show_freezable_workqueues(void);

/**
 * cmwq_work_on_cpu - run a function on a CPU's pool and wait for it
 * @_cpu: a possible CPU
 * @_fn: the function, long (*)(void *)
 * @_arg: its argument
 *
 * Each call site's work is a lockdep class of its own: two callers that
 * hold different locks do not look like one lock cycle.
 *
 * Context: process context, may sleep.
 * Return: see cmwq_work_on_cpu_key().
 */
#define cmwq_work_on_cpu(_cpu, _fn, _arg)				\
	({								\
		static __maybe_unused struct lock_class_key __key;	\
									\
		cmwq_work_on_cpu_key(_cpu, _fn, _arg, &__key);		\
	})

/**
 * cmwq_work_on_cpu_safe - cmwq_work_on_cpu() with CPU hotplug held off
 * @_cpu: a CPU
 * @_fn: the function, long (*)(void *)
 * @_arg: its argument
 *
 * Each call site's work is a lockdep class of its own, as for
 * cmwq_work_on_cpu().
 *
 * Context: process context, may sleep; not under cpus_read_lock() held by
 * a hotplug writer's wait.
 * Return: see cmwq_work_on_cpu_safe_key().
 */
#define cmwq_work_on_cpu_safe(_cpu, _fn, _arg)				\
	({								\
		static __maybe_unused struct lock_class_key __key;	\
									\
		cmwq_work_on_cpu_safe_key(_cpu, _fn, _arg, &__key);	\
	})

/**
 * cmwq_work_pending - is a work item queued, or its timer armed?
 * @work: the work item
 */
static inline bool cmwq_work_pending(struct cmwq_work *work)
{
	return atomic_long_read(&work->data) & CMWQ_WORK_PENDING;
}

/**
 * cmwq_delayed_work_pending - is a delayed work item queued or its timer armed?
 * @dwork: the delayed work item
 */
static inline bool cmwq_delayed_work_pending(struct cmwq_delayed_work *dwork)
{
	return cmwq_work_pending(&dwork->work);
}

/**
 * cmwq_from_work - the structure a work item is embedded in
 * @var: a pointer of the containing type (only its type is used)
 * @callback_work: the work item a work function was given
 * @work_fieldname: the name of the work item's field in that type
 */
#define cmwq_from_work(var, callback_work, work_fieldname)		\
	container_of(callback_work, typeof(*var), work_fieldname)

/**
 * cmwq_queue_work - queue a work item on the local CPU's pool
 * @wq: the workqueue
 * @work: the work item
 *
 * Return: %false if @work was already pending, %true otherwise.
 */
static inline bool cmwq_queue_work(struct cmwq_workqueue *wq,
				   struct cmwq_work *work)
{
	return cmwq_queue_work_on(CMWQ_CPU_UNBOUND, wq, work);
}

/**
 * cmwq_queue_delayed_work - queue a work item after a delay, locally
 * @wq: the workqueue
 * @dwork: the delayed work item
 * @delay: jiffies to wait; 0 queues at once
 *
 * Return: %false if @dwork was already pending, %true otherwise.
 */
static inline bool cmwq_queue_delayed_work(struct cmwq_workqueue *wq,
					   struct cmwq_delayed_work *dwork,
					   unsigned long delay)
{
	return cmwq_queue_delayed_work_on(CMWQ_CPU_UNBOUND, wq, dwork, delay);
}

/**
 * cmwq_mod_delayed_work - queue or re-arm a delayed work item, locally
 * @wq: the workqueue
 * @dwork: the delayed work item
 * @delay: jiffies to wait from now; 0 queues at once
 *
 * Return: %true if @dwork was pending (and is now re-armed), %false if it
 * was idle (and is now queued).
 */
static inline bool cmwq_mod_delayed_work(struct cmwq_workqueue *wq,
					 struct cmwq_delayed_work *dwork,
					 unsigned long delay)
{
	return cmwq_mod_delayed_work_on(CMWQ_CPU_UNBOUND, wq, dwork, delay);
}

/**
 * cmwq_enable_and_queue_work - enable a work item and queue it if it may run
 * @wq: the workqueue
 * @work: the work item
 *
 * cmwq_enable_work(), then cmwq_queue_work() if that brought the disable
 * count to zero. The work is queued then whatever happened while it was
 * disabled: a caller that wants it only if something asked for it keeps
 * track of that itself.
 *
 * Context: any, IRQs included.
 * Return: %true if the count reached zero and @work is queued, %false if
 * it stays disabled.
 */
static inline bool cmwq_enable_and_queue_work(struct cmwq_workqueue *wq,
					      struct cmwq_work *work)
{
	if (!cmwq_enable_work(work))
		return false;
	cmwq_queue_work(wq, work);
	return true;
}

/*
 * The system workqueues (module/system_wq.c), upstream's set: per-CPU
 * (cmwq_system_wq, which the cmwq_schedule_*() helpers use), highpri,
 * long-running, unbound, unbound long-running, freezable, and the
 * power-efficient pair, per-CPU unless the power_efficient parameter
 * makes them unbound.
 */
extern struct cmwq_workqueue *cmwq_system_wq;
extern struct cmwq_workqueue *cmwq_system_highpri_wq;
extern struct cmwq_workqueue *cmwq_system_long_wq;
extern struct cmwq_workqueue *cmwq_system_unbound_wq;
extern struct cmwq_workqueue *cmwq_system_dfl_long_wq;
extern struct cmwq_workqueue *cmwq_system_freezable_wq;
extern struct cmwq_workqueue *cmwq_system_power_efficient_wq;
extern struct cmwq_workqueue *cmwq_system_freezable_power_efficient_wq;

void cmwq_flush_scheduled_work(void);

/**
 * cmwq_schedule_work_on - queue a work item on cmwq_system_wq, on a CPU
 * @cpu: the CPU
 * @work: the work item
 *
 * Return: %false if @work was already pending, %true otherwise.
 */
static inline bool cmwq_schedule_work_on(int cpu, struct cmwq_work *work)
{
	return cmwq_queue_work_on(cpu, cmwq_system_wq, work);
}

/**
 * cmwq_schedule_work - queue a work item on cmwq_system_wq, locally
 * @work: the work item
 *
 * Return: %false if @work was already pending, %true otherwise.
 */
static inline bool cmwq_schedule_work(struct cmwq_work *work)
{
	return cmwq_queue_work(cmwq_system_wq, work);
}

/**
 * cmwq_schedule_delayed_work_on - cmwq_system_wq, on a CPU, after a delay
 * @cpu: the CPU
 * @dwork: the delayed work item
 * @delay: jiffies to wait; 0 queues at once
 *
 * Return: %false if @dwork was already pending, %true otherwise.
 */
static inline bool cmwq_schedule_delayed_work_on(int cpu,
						 struct cmwq_delayed_work *dwork,
						 unsigned long delay)
{
	return cmwq_queue_delayed_work_on(cpu, cmwq_system_wq, dwork, delay);
}

/**
 * cmwq_schedule_delayed_work - cmwq_system_wq, locally, after a delay
 * @dwork: the delayed work item
 * @delay: jiffies to wait; 0 queues at once
 *
 * Return: %false if @dwork was already pending, %true otherwise.
 */
static inline bool cmwq_schedule_delayed_work(struct cmwq_delayed_work *dwork,
					      unsigned long delay)
{
	return cmwq_queue_delayed_work(cmwq_system_wq, dwork, delay);
}

#endif /* _CMWQ_H */
