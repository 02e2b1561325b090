/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmwq internals: workqueues, pool_workqueues, worker pools and workers.
 *
 * A workqueue (struct cmwq_workqueue) is what users queue on. It reaches
 * each CPU's worker pool through a pool_workqueue (struct cmwq_pwq), which
 * holds the per-workqueue state on that pool: max_active, the inactive list,
 * flush colours and statistics. A worker pool (struct cmwq_pool) is a set of
 * kthreads (struct cmwq_worker) sharing one list of pending work; every
 * possible CPU has a normal and a highpri pool. Documentation/design.rst
 * has the whole picture.
 *
 * Locking legend for the fields below:
 *
 * I: set at initialisation, read-only afterwards.
 * L: pool->lock (raw, IRQ-safe).
 * A: pool->attach_mutex for writes; pool->lock or attach_mutex for reads.
 * M: cmwq_pool_mutex.
 * U: cmwq_unbound_mutex (unbound pools, see unbound.c).
 * WQ: wq->mutex.
 * WR: wq->mutex for writes, pool->lock of each pwq for reads in hot paths.
 * MD: cmwq_mayday_lock.
 * S: lock-free, written only on the worker's CPU with IRQs off: by its
 *    own task, its scheduler hooks, the hog watch or the CM irq_work
 *    (see sched_hooks.c and hog.c for the ordering rules).
 * W: only the worker itself touches it.
 * X: flipped only with xchg(); whoever flips it changes pool->nr_running
 *    to match (cmwq_worker_count_in/out(), worker.c).
 * H: wq->hash_lock (raw, nests inside pool->lock: see hashed.c).
 */
#ifndef _CMWQ_INTERNAL_H
#define _CMWQ_INTERNAL_H

#include <linux/completion.h>
#include <linux/hashtable.h>
#include <linux/hrtimer.h>
#include <linux/idr.h>
#include <linux/interrupt.h>
#include <linux/irq_work.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "compat.h"

#include "cmwq.h"
#include "lockdep.h"
#include "pod.h"

struct cmwq_wq_device;
struct dentry;
struct seq_file;
struct task_struct;

/* The per-CPU pools of one CPU, in this order. */
enum cmwq_std_pool {
	CMWQ_NORMAL_POOL,
	CMWQ_HIGHPRI_POOL,
	CMWQ_NR_STD_POOLS,
};

#define CMWQ_HIGHPRI_NICE	(-20)

/* pool->flags */
enum {
	CMWQ_POOL_PERCPU	= 1 << 0,	/* bound to pool->cpu */
	CMWQ_POOL_HIGHPRI	= 1 << 1,	/* workers run at nice -20 */
	CMWQ_POOL_DYING		= 1 << 2,	/* being torn down */
	CMWQ_POOL_MANAGER_ACTIVE = 1 << 3,	/* a worker is managing */
	CMWQ_POOL_UNBOUND	= 1 << 4,	/* serves unbound workqueues */
	CMWQ_POOL_DISASSOCIATED	= 1 << 5,	/* per-CPU, its CPU offline */
	CMWQ_POOL_BH		= 1 << 6,	/* runs in softirq: bh.c */
};

/* worker->flags */
enum {
	CMWQ_WORKER_DIE		= 1 << 1,	/* asked to exit */
	CMWQ_WORKER_IDLE	= 1 << 2,	/* on pool->idle_list */
	CMWQ_WORKER_PREP	= 1 << 3,	/* preparing to run works */
	CMWQ_WORKER_CPU_INTENSIVE = 1 << 6,	/* not concurrency managed */
	CMWQ_WORKER_UNBOUND	= 1 << 7,	/* no scheduler hooks: not CM */
	CMWQ_WORKER_REBOUND	= 1 << 8,	/* rebound: in CM from its next work */

	CMWQ_WORKER_NOT_RUNNING	= CMWQ_WORKER_PREP |
				  CMWQ_WORKER_CPU_INTENSIVE |
				  CMWQ_WORKER_UNBOUND |
				  CMWQ_WORKER_REBOUND,
};

/* Per-pwq statistics, with the meaning of upstream's PWQ_STAT_*. */
enum cmwq_pwq_stat {
	CMWQ_PWQ_STAT_STARTED,		/* work items started execution */
	CMWQ_PWQ_STAT_COMPLETED,	/* work items completed execution */
	CMWQ_PWQ_STAT_CPU_TIME,		/* CPU time consumed, in usecs */
	CMWQ_PWQ_STAT_CPU_INTENSIVE,	/* cpu_intensive_thresh_us hogs */
	CMWQ_PWQ_STAT_CM_WAKEUP,	/* concurrency-management wake-ups */
	CMWQ_PWQ_STAT_REPATRIATED,	/* unbound workers brought back */
	CMWQ_PWQ_STAT_MAYDAY,		/* maydays sent to the rescuer */
	CMWQ_PWQ_STAT_RESCUED,		/* work items run by the rescuer */
	CMWQ_PWQ_STAT_STARTED_FROZEN,	/* started while the system froze */
	CMWQ_PWQ_STAT_MAX_ACTIVE,	/* works held back by max_active */
	CMWQ_PWQ_STAT_HASHED_PARKED,	/* hashed works parked: key busy */
	CMWQ_PWQ_STAT_HASHED_HANDOFF,	/* parked works handed on to run */
	CMWQ_PWQ_STAT_CANCEL_MATCH_PENDING, /* cancelled by a predicate */
	CMWQ_PWQ_STAT_CANCEL_MATCH_RUNNING, /* asked to stop by a predicate */
	CMWQ_PWQ_STAT_CLASS_PARKED,	/* parked: its class at its cap */
	CMWQ_PWQ_NR_STATS,
};

#define CMWQ_BUSY_HASH_BITS	6
#define CMWQ_FLUSH_HASH_BITS	4
#define CMWQ_HASH_BITS		6

/*
 * A flush_work() caller waiting for one queueing of a work to end: on its
 * pool's flush_waiters while the work is pending, then on the worker that
 * runs it (see flush.c).
 */
struct cmwq_flush_waiter {
	struct hlist_node	node;		/* L: on a flush_waiters */
	struct cmwq_work	*work;		/* I: the work waited for */
	struct completion	done;		/* the work ran or was taken */
};

/*
 * Per-pool policies borrowed from XNU's pthread workqueue, and the exported
 * decisions of concurrency management (cm_policy.c). Every option is off
 * (0) by default: the pool then behaves as upstream's.
 */
enum cmwq_cm_stat {
	CMWQ_CM_STAT_WOKEN,	/* a block woke an idle worker */
	CMWQ_CM_STAT_CREATE,	/* ... which had to create the next one */
	CMWQ_CM_STAT_HELD,	/* nothing: the blocked window held */
	CMWQ_CM_STAT_CREATED,	/* workers the manager created */
	CMWQ_CM_STAT_DEFERRED,	/* a creation waited for the pace */
	CMWQ_CM_STAT_FAILED,	/* a creation failed */
	CMWQ_CM_NR_STATS,
};

struct cmwq_cm_policy {
	unsigned int		blocked_window_us; /* L: 0 = wake at once */
	unsigned int		create_interval_us; /* L, READ_ONCE() by the manager */
	bool			reap_scaled;	/* L: idle timeout / load */
	struct hrtimer		window_timer;	/* pinned: ends the window */
	u64			last_create_ns;	/* the manager's (MANAGER_ACTIVE) */
	u64			stats[CMWQ_CM_NR_STATS]; /* L */
	/*
	 * L: the decisions a block led to (WOKEN, CREATE, HELD), by the
	 * class of the blocked worker's work; they add up to stats[].
	 */
	u64			class_stats[CMWQ_NR_CLASSES][CMWQ_CM_STAT_HELD + 1];
	/* L: the class of the block that opened the window now running */
	enum cmwq_work_class	window_class;
};

/*
 * A pool's state of one work class (work_class.c), all under pool->lock
 * (L): the cap, the works of the class in progress on the pool (queued
 * on it, active or inactive, or running), and the FIFO of those parked
 * because the class was at its cap.
 */
struct cmwq_class_state {
	unsigned int		max;		/* L: 0 = no cap */
	unsigned int		nr_claimed;	/* L: in progress */
	unsigned int		nr_parked;	/* L: on parked */
	struct list_head	parked;		/* L: waiting for a slot */
	u64			cap_reached;	/* L: works parked at cap */
	u64			handed_on;	/* L: parked works handed on */
};

struct cmwq_pool {
	raw_spinlock_t		lock;		/* protects the L: fields */
	int			id;		/* I: index in cmwq_pool_idr */
	int			cpu;		/* I: bound CPU, -1 if unbound */
	int			node;		/* I: NUMA node of the memory */
	int			nice;		/* I: nice of every worker */
	unsigned int		flags;		/* L: CMWQ_POOL_* */

	struct list_head	worklist;	/* L: works ready to run */
	unsigned long		watchdog_ts;	/* L: last forward progress */
	unsigned long		watchdog_reported_ts; /* L: its stall reported */
	bool			watchdog_reported; /* L: reported_ts is valid */
	/*
	 * Concurrency-managed workers that are running: changed lock-free by
	 * the scheduler hooks, so atomic. See sched_hooks.c.
	 */
	atomic_t		nr_running;
	struct irq_work		cm_irq_work;	/* wake-up deferred from sched_out */
	struct cmwq_pwq		*cm_sleeper_pwq; /* S: its CM_WAKEUP is counted */
	enum cmwq_work_class	cm_sleeper_class; /* S: its work's class */

	int			nr_workers;	/* L: workers in the pool */
	int			nr_idle;	/* L: workers on idle_list */
	struct list_head	idle_list;	/* L: idle workers, newest first */
	struct timer_list	idle_timer;	/* L: reaps surplus idle workers */
	struct work_struct	idle_cull_work;	/* kernel wq: stops them */
	struct timer_list	mayday_timer;	/* L: worker creation stalled */
	DECLARE_HASHTABLE(busy_hash, CMWQ_BUSY_HASH_BITS);
						/* L: running workers by work */
	struct cmwq_worker	*manager;	/* L: the managing worker */
	DECLARE_HASHTABLE(flush_waiters, CMWQ_FLUSH_HASH_BITS);
					/* L: flush_work() on pending works */
	unsigned int		nr_flush_waiters; /* L: entries in it */

	struct mutex		attach_mutex;	/* guards workers */
	struct list_head	workers;	/* A: every worker */
	struct ida		worker_ida;	/* worker IDs within the pool */

	/* Unbound pools only: shared by pwqs with equal attrs. */
	struct cmwq_workqueue_attrs *attrs; /* I: nice, cpumask, strict */
	cpumask_var_t		pod_cpus;	/* I: the pod it serves */
	struct hlist_node	hash_node;	/* U: in the unbound pool hash */
	int			refcnt;		/* U: pwqs using it */
	/*
	 * BH pools only (bh.c): no kthread, one worker struct that a tasklet
	 * runs works with, a round at a time.
	 */
	struct cmwq_worker	*bh_worker;	/* I: runs the works */
	struct tasklet_struct	bh_tasklet;	/* I: one round per run */
	call_single_data_t	bh_csd;		/* I: kicks it on pool->cpu */
	unsigned long		bh_csd_sent;	/* bit 0: bh_csd on its way */
	struct irq_work		bh_irq_work;	/* I: the csd's relay on RT */
	unsigned long		bh_rounds;	/* L: rounds that ran works */
	unsigned int		bh_round_items;	/* L: works of this round */
	/* XNU-style options and the CM decision counters (cm_policy.c) */
	struct cmwq_cm_policy	cm_policy;
	/* io-wq work classes (work_class.c); [CMWQ_CLASS_NONE] is unused */
	struct cmwq_class_state	wclass[CMWQ_NR_CLASSES];
	/*
	 * Freed a grace period after idr_remove(): a work's data, and the
	 * lockup watchdog (watchdog.c), may still look at it under RCU.
	 */
	struct rcu_head		rcu;
};

/*
 * A busy key of a hashed workqueue (hashed.c): exists from the queueing
 * of the key's first work until its last one ends or is cancelled.
 */
struct cmwq_hash_key {
	struct hlist_node	key_node;	/* H: wq->hash_keys or hash_spare */
	struct hlist_node	head_node;	/* H: on wq->hash_heads */
	unsigned long		key;		/* I: the caller's key */
	struct cmwq_pwq		*pwq;		/* I: every work of the key */
	struct cmwq_work	*head;		/* H: queued head, NULL: running */
	struct list_head	parked;		/* H: the next works, in order */
};

struct cmwq_worker {
	struct list_head	entry;		/* L: on pool->idle_list */
	struct hlist_node	hentry;		/* L: in pool->busy_hash */
	struct cmwq_work	*current_work;	/* L: work being run */
	cmwq_func_t		current_func;	/* L: its function */
	struct cmwq_pwq		*current_pwq;	/* L: its pwq */
	u64			current_at;	/* W: task runtime at start (ns) */
	u64			hog_at;		/* S: runtime at start or wake-up */
	bool			hogged;		/* L: hog watch took it out of CM */
	unsigned int		current_color;	/* L: its flush colour */
	int			sleeping;	/* S: counted out by sched_out */
	int			cm_counted;	/* X: one of pool->nr_running */
	cmwq_func_t		last_func;	/* L: for debugging */
	struct cmwq_hash_key	*current_hkey;	/* L: current_work's busy key */
	/* L, read by sched_out on its own worker: current_work's class */
	enum cmwq_work_class	current_class;
	bool			stop_requested;	/* L, read lock-free: cancel_match */
	/* L: what current_work says it does, "" if nothing (worker_desc.c) */
	char			desc[CMWQ_WORKER_DESC_LEN];
	struct list_head	scheduled;	/* L: works handed to it to run */
	struct hlist_head	flush_waiters;	/* L: waiting for current_work */
	struct task_struct	*task;		/* I: the kthread, referenced */
	struct cmwq_pool	*pool;		/* A: the pool it serves */
	struct list_head	node;		/* A: on pool->workers */
	unsigned long		last_active;	/* L: when it went idle */
	bool			wake_pending;	/* L: woken idle, not run yet */
	unsigned int		flags;		/* L, S: CMWQ_WORKER_* */
	int			id;		/* I: ID within the pool */
#ifdef CONFIG_PREEMPT_NOTIFIERS
	struct preempt_notifier	sched_hook;	/* W: sleeping/running */
	bool			hooked;		/* W: sched_hook registered */
#endif
	struct cmwq_workqueue	*rescue_wq;	/* I: for a rescuer */
};

/*
 * An unbound workqueue's active works on one NUMA node (nr_active.c), or
 * on pods over several nodes (the last one).
 */
struct cmwq_node_nr_active {
	raw_spinlock_t		lock;		/* nests inside pool->lock */
	int			max;		/* lock: the node's share */
	int			nr;		/* lock: active works */
	struct list_head	pending_pwqs;	/* lock: pwqs refused a slot */
};

struct cmwq_pwq {
	struct cmwq_pool	*pool;		/* I: the pool */
	struct cmwq_workqueue	*wq;		/* I: the workqueue */
	int			work_color;	/* L: colour of new works */
	int			flush_color;	/* L: colour being flushed */
	int			refcnt;		/* L: reference count */
	int			nr_in_flight[CMWQ_NR_COLORS];
						/* L: works in flight, by colour */
	int			nr_active;	/* L: active works */
	int			max_active;	/* L: max active works */
	struct list_head	inactive_works;	/* L: waiting for max_active */
	struct list_head	pwqs_node;	/* WR: on wq->pwqs */
	struct list_head	mayday_node;	/* MD: on wq->maydays */
	u64			stats[CMWQ_PWQ_NR_STATS]; /* L, S (CM_WAKEUP) */
	/*
	 * Unbound pwqs are replaced when the attrs change: the old one is
	 * released (its work, then an RCU grace period) once its last
	 * reference is gone. An ordered workqueue's newer pwq stays plugged
	 * (nothing activated) until the older one is released.
	 */
	bool			plugged;	/* L: ordered, older pwq alive */
	bool			installed;	/* WQ: holds its base reference */
	struct cmwq_node_nr_active *nna;	/* I: unbound: its node's count */
	struct list_head	pending_node;	/* nna->lock: waiting for a slot */
	struct work_struct	release_work;	/* unlinks it, puts the pool */
	struct rcu_head		rcu;
} __aligned(1 << CMWQ_WORK_FLAG_BITS);

/* A flush_workqueue() caller waiting for its colour. */
struct cmwq_flusher {
	struct list_head	list;		/* WQ: on flusher_queue/overflow */
	int			flush_color;	/* WQ: the colour it waits for */
	struct completion	done;		/* flush completion */
};

struct cmwq_workqueue {
	struct list_head	pwqs;		/* WR: every pwq */
	struct list_head	list;		/* M: on cmwq_workqueues */

	struct mutex		mutex;		/* protects this workqueue */
	int			work_color;	/* WQ: current work colour */
	int			flush_color;	/* WQ: current flush colour */
	atomic_t		nr_pwqs_to_flush; /* pwqs still flushing */
	struct cmwq_flusher	*first_flusher;	/* WQ: first flusher */
	struct list_head	flusher_queue;	/* WQ: flush waiters */
	struct list_head	flusher_overflow; /* WQ: flush overflow */

	struct list_head	maydays;	/* MD: pwqs asking for rescue */
	struct cmwq_worker	*rescuer;	/* I: rescue worker */

	int			nr_drainers;	/* WQ: drain in progress */
	int			saved_max_active; /* WQ: max_active asked */
	unsigned int		flags;		/* WQ: CMWQ_* */
	/*
	 * Each CPU's pwq: its own for a per-CPU workqueue (I), its pod's for
	 * an unbound one (WQ for writes, RCU for reads: see unbound.c).
	 */
	struct cmwq_pwq __rcu	**cpu_pwqs;
	struct cmwq_workqueue_attrs *unbound_attrs; /* WQ: as applied */
	struct list_head	unbound_node;	/* U: on the unbound list */
	/* Unbound: max_active shared out per node (nr_active.c) */
	struct cmwq_node_nr_active *node_nr_active; /* I: [nr_node_ids + 1] */
	int			min_active;	/* WQ: each node's floor */
	struct work_struct	kick_work;	/* hands out freed slots */
	struct cmwq_pwq		*dfl_pwq;	/* WQ: for CPUs of empty pods */
	struct cmwq_wq_device	*sysfs_dev;	/* I: CMWQ_SYSFS (sysfs.c) */
	/* Busy keys of cmwq_queue_work_hashed() (hashed.c). */
	raw_spinlock_t		hash_lock;	/* nests inside pool->lock */
	DECLARE_HASHTABLE(hash_keys, CMWQ_HASH_BITS);	/* H: by key */
	DECLARE_HASHTABLE(hash_heads, CMWQ_HASH_BITS);	/* H: by queued head */
	struct hlist_head	hash_spare;	/* H: entries of idle keys */
	char			name[CMWQ_NAME_LEN]; /* I: its name */
#ifdef CONFIG_LOCKDEP
	/* Lockdep: a class per workqueue, held while its works run. */
	struct lock_class_key	lockdep_key;	/* I: registered at alloc */
	struct lockdep_map	lockdep_map;	/* I: see lockdep.c */
	char			lockdep_name[CMWQ_NAME_LEN +
				     sizeof("(cmwq_wq_completion)")]; /* I */
#endif
};

extern struct mutex cmwq_pool_mutex;
extern struct idr cmwq_pool_idr;	/* M: every pool, by pool->id */
extern raw_spinlock_t cmwq_mayday_lock;
extern unsigned long cmwq_cpu_intensive_thresh_us;
extern unsigned int cmwq_idle_timeout_ms;

/* pool.c */
int cmwq_pools_init(void);
void cmwq_pools_exit(void);
struct cmwq_pool *cmwq_pool_create(int cpu, int node, int nice,
				   unsigned int flags,
				   const struct cmwq_workqueue_attrs *attrs,
				   const struct cpumask *pod_cpus);
void cmwq_pool_free(struct cmwq_pool *pool);
struct cmwq_pool *cmwq_cpu_pool(int cpu, enum cmwq_std_pool which);
struct cmwq_pool *cmwq_pool_get_by_id(int id);
#define CMWQ_POOL_FLAGS_LEN	8
char *cmwq_pool_flags_str(struct cmwq_pool *pool, char *buf);
void cmwq_pools_show(struct seq_file *m);

/* worker.c */
int cmwq_create_worker(struct cmwq_pool *pool);
void cmwq_destroy_workers(struct cmwq_pool *pool);
void cmwq_idle_timeout(struct timer_list *t);
void cmwq_idle_cull_fn(struct work_struct *work);
void cmwq_mayday_timeout(struct timer_list *t);
void cmwq_wake_up_worker(struct cmwq_pool *pool);
struct cmwq_worker *cmwq_current_worker(void);
bool cmwq_task_is_worker(struct task_struct *p);
bool cmwq_need_to_create_worker(struct cmwq_pool *pool);
struct cmwq_worker *cmwq_alloc_worker(int node);
struct cmwq_worker *cmwq_find_worker_executing_work(struct cmwq_pool *pool,
						    struct cmwq_work *work);
bool cmwq_worker_count_in(struct cmwq_worker *worker);
int cmwq_worker_count_out(struct cmwq_worker *worker);
void cmwq_worker_set_flags(struct cmwq_worker *worker, unsigned int flags);
void cmwq_worker_clr_flags(struct cmwq_worker *worker, unsigned int flags);
void cmwq_process_scheduled_works(struct cmwq_worker *worker);
void cmwq_process_one_work(struct cmwq_worker *worker, struct cmwq_work *work);

/* sched_hooks.c */
bool cmwq_cm_available(void);
int cmwq_sched_hooks_init(void);
void cmwq_sched_hooks_exit(void);
void cmwq_sched_hook_init(struct cmwq_worker *worker);
void cmwq_sched_hook_attach(struct cmwq_worker *worker);
void cmwq_sched_hook_detach(struct cmwq_worker *worker);
void cmwq_cm_irq_work_fn(struct irq_work *iw);

/* hog.c */
void cmwq_hog_init(void);
void cmwq_hog_exit(void);
void cmwq_hog_watch_start(struct cmwq_pool *pool);
void cmwq_hog_watch_stop_local(void);
void cmwq_hog_report(cmwq_func_t func);
bool cmwq_hog_watch_armed(int cpu);

/* work.c: work->data and the queues */
struct cmwq_pool *cmwq_get_work_pool(struct cmwq_work *work);
void cmwq_set_work_pool_and_clear_pending(struct cmwq_work *work,
					  unsigned long pool_id,
					  unsigned long offq_flags);
void cmwq_insert_work(struct cmwq_pwq *pwq, struct cmwq_work *work,
		      struct list_head *head, unsigned long extra_flags);
void cmwq_pwq_dec_nr_in_flight(struct cmwq_pwq *pwq, unsigned long work_data);
/* How a pwq asks for an active slot (nr_active.c). */
enum cmwq_slot_claim {
	CMWQ_CLAIM_QUEUED,	/* in turn behind the node's waiting pwqs */
	CMWQ_CLAIM_KICKED,	/* its turn came: any free slot of the node */
	CMWQ_CLAIM_FORCED,	/* whatever the limits (it leaves at once) */
};
bool cmwq_pwq_activate_inactive(struct cmwq_pwq *pwq,
				enum cmwq_slot_claim claim);
void cmwq_get_pwq(struct cmwq_pwq *pwq);
void cmwq_put_pwq(struct cmwq_pwq *pwq);
/* Who queues: a caller, or the end of a delayed work's delay. */
enum cmwq_queuer {
	CMWQ_QUEUER_CALLER,
	CMWQ_QUEUER_TIMER,
};
bool __cmwq_queue_work(int cpu, struct cmwq_workqueue *wq,
		       struct cmwq_work *work, enum cmwq_queuer who);
bool cmwq_delayed_work_kick(struct cmwq_delayed_work *dwork);
bool __cmwq_queue_refused(struct cmwq_workqueue *wq, enum cmwq_queuer who,
			  unsigned int flags);

/*
 * Must @wq refuse a work queued by @who? The drain lets some in. Also
 * for hashed.c, which parks works without queueing them. Inline: once
 * per queueing.
 */
static inline bool cmwq_queue_refused(struct cmwq_workqueue *wq,
				      enum cmwq_queuer who)
{
	unsigned int flags = READ_ONCE(wq->flags);

	if (likely(!(flags & (__CMWQ_DRAINING | __CMWQ_DESTROYING))))
		return false;
	return __cmwq_queue_refused(wq, who, flags);
}
int __cmwq_queue_work_hashed(int cpu, struct cmwq_workqueue *wq,
			     struct cmwq_work *work,
			     struct cmwq_hash_key *hnew);
bool __cmwq_queue_work_class(int cpu, struct cmwq_workqueue *wq,
			     struct cmwq_work *work,
			     enum cmwq_work_class class);
void cmwq_set_work_pwq(struct cmwq_work *work, struct cmwq_pwq *pwq,
		       unsigned long extra_flags);
void cmwq_work_take_queued(struct cmwq_pool *pool, struct cmwq_pwq *pwq,
			   struct cmwq_work *work, unsigned long data);

/* hashed.c */
void cmwq_hashed_wq_init(struct cmwq_workqueue *wq);
void cmwq_hashed_wq_exit(struct cmwq_workqueue *wq);
bool cmwq_hash_claim(struct cmwq_pwq *pwq, struct cmwq_work *work,
		     struct cmwq_hash_key *hnew);
struct cmwq_hash_key *cmwq_hash_start(struct cmwq_workqueue *wq,
				      struct cmwq_work *work);
void cmwq_hash_finish(struct cmwq_worker *worker, struct cmwq_pwq *pwq);
void cmwq_hash_taken(struct cmwq_pwq *pwq, struct cmwq_work *work,
		     unsigned long data);
void cmwq_queue_parked(struct cmwq_pwq *pwq, struct cmwq_work *work,
		       unsigned long flags, struct list_head *run_list);

/*
 * work_class.c. On a CLASSED work the HASHED bit names the class (see
 * cmwq.h): these two decode one read of data, never two.
 */
/*
 * The small helpers of the per-work paths, inline: cmwq is one concept
 * per file and built without LTO, so a helper of another file would be
 * a real call (and under TCG each return an indirect-branch lookup), up
 * to a dozen per work (Documentation/performance.rst, Profile).
 */

/* Has the pool work and nobody running it? Context: pool->lock held. */
static inline bool cmwq_need_more_worker(struct cmwq_pool *pool)
{
	return !list_empty(&pool->worklist) && !atomic_read(&pool->nr_running);
}

/* The flush colour in a value of work->data. */
static inline unsigned int cmwq_work_color(unsigned long data)
{
	return (data >> CMWQ_WORK_COLOR_SHIFT) &
	       ((1 << CMWQ_WORK_COLOR_BITS) - 1);
}

/* The pwq in a value of work->data, or NULL when it holds none. */
static inline struct cmwq_pwq *cmwq_data_pwq(unsigned long data)
{
	if (data & CMWQ_WORK_PWQ)
		return (void *)(data & ~((1UL << CMWQ_WORK_FLAG_BITS) - 1));
	return NULL;
}

/*
 * The pwq a work item is queued on, or NULL when it is on no pwq's list.
 * Context: the pwq's pool->lock held for the answer to stay true.
 */
static inline struct cmwq_pwq *cmwq_get_work_pwq(struct cmwq_work *work)
{
	return cmwq_data_pwq(atomic_long_read(&work->data));
}

static inline bool cmwq_data_hashed(unsigned long data)
{
	return (data & (CMWQ_WORK_HASHED | CMWQ_WORK_CLASSED)) ==
	       CMWQ_WORK_HASHED;
}

static inline enum cmwq_work_class cmwq_data_class(unsigned long data)
{
	if (!(data & CMWQ_WORK_CLASSED))
		return CMWQ_CLASS_NONE;
	return data & CMWQ_WORK_HASHED ? CMWQ_CLASS_UNBOUNDED :
					 CMWQ_CLASS_BOUNDED;
}

void cmwq_class_pool_init(struct cmwq_pool *pool);
unsigned long cmwq_class_flags(enum cmwq_work_class class);
bool cmwq_class_claim(struct cmwq_pwq *pwq, struct cmwq_work *work,
		      enum cmwq_work_class class);
void cmwq_class_finish(struct cmwq_worker *worker);
void cmwq_class_taken(struct cmwq_pool *pool, struct cmwq_work *work,
		      unsigned long data);
void cmwq_class_pool_show(struct seq_file *m, struct cmwq_pool *pool);
u64 cmwq_class_stat(struct cmwq_pool *pool, enum cmwq_work_class class,
		    bool parked);
bool cmwq_clear_pending_if_disabled(struct cmwq_work *work);

/*
 * debugobj.c: a work is active for debugobjects while it is on a queue:
 * from its insertion by __cmwq_queue_work() until a worker takes it to
 * run or a cancel takes it back. Context: the pool->lock of that queue.
 */
#ifdef CONFIG_DEBUG_OBJECTS_WORK
void cmwq_work_debug_activate(struct cmwq_work *work);
void cmwq_work_debug_deactivate(struct cmwq_work *work);
void cmwq_work_debug_assert_tracked(struct cmwq_work *work);
void cmwq_work_debug_assert_active(struct cmwq_work *work);
#else
static inline void cmwq_work_debug_activate(struct cmwq_work *work) { }
static inline void cmwq_work_debug_deactivate(struct cmwq_work *work) { }
#endif

/* flush.c */
bool __cmwq_flush_work(struct cmwq_work *work, bool from_cancel);
void __cmwq_flush_waiters_follow(struct cmwq_worker *worker,
				 struct cmwq_work *work);
void __cmwq_flush_waiters_wake(struct hlist_head *waiters);
void __cmwq_flush_waiters_taken(struct cmwq_pool *pool,
				struct cmwq_work *work);

/*
 * The hot path's hooks for flush_work() waiters, each a test of one word
 * when nobody flushes. Context: pool->lock held.
 */

/* @worker starts running @work: it takes over @work's waiters. */
static inline void cmwq_flush_waiters_follow(struct cmwq_worker *worker,
					     struct cmwq_work *work)
{
	if (unlikely(worker->pool->nr_flush_waiters))
		__cmwq_flush_waiters_follow(worker, work);
}

/* @worker's current work ended: wake whoever waited for it. */
static inline void cmwq_flush_waiters_wake(struct cmwq_worker *worker)
{
	if (unlikely(!hlist_empty(&worker->flush_waiters)))
		__cmwq_flush_waiters_wake(&worker->flush_waiters);
}

/* Pending @work was taken off @pool without running (cancel, disable). */
static inline void cmwq_flush_waiters_taken(struct cmwq_pool *pool,
					    struct cmwq_work *work)
{
	if (unlikely(pool->nr_flush_waiters))
		__cmwq_flush_waiters_taken(pool, work);
}

/* workqueue.c */
struct cmwq_pwq *cmwq_alloc_pwq(struct cmwq_workqueue *wq,
				struct cmwq_pool *pool);
void cmwq_free_pwq(struct cmwq_pwq *pwq);
int cmwq_workqueues_init(void);
void cmwq_workqueues_exit(void);
/* system_wq.c */
extern bool cmwq_power_efficient;
int cmwq_system_wqs_init(void);
void cmwq_system_wqs_exit(void);
bool cmwq_is_system_wq(struct cmwq_workqueue *wq);
int cmwq_wq_pwq_max_active(struct cmwq_workqueue *wq);
void cmwq_wq_apply_max_active(struct cmwq_workqueue *wq);
void cmwq_workqueues_show(struct seq_file *m);
void cmwq_workqueues_reset_stats(struct cmwq_workqueue *wq);
void cmwq_workers_show(struct seq_file *m);
extern struct list_head cmwq_workqueues;	/* M: every workqueue */

/* unbound.c */
extern struct mutex cmwq_unbound_mutex;
int cmwq_unbound_init(void);
void cmwq_unbound_exit(void);
int cmwq_unbound_wq_init(struct cmwq_workqueue *wq);
bool cmwq_unbound_wq_release(struct cmwq_workqueue *wq);
void cmwq_unbound_update_pods(int cpu);
void cmwq_pwq_release(struct cmwq_pwq *pwq);
void cmwq_attrs_copy(struct cmwq_workqueue_attrs *to,
		     const struct cmwq_workqueue_attrs *from);
const struct cpumask *cmwq_pool_allowed_cpus(struct cmwq_pool *pool);
void cmwq_worker_repatriate(struct cmwq_worker *worker);

/* nr_active.c */
struct cmwq_node_nr_active *cmwq_pwq_node_nr_active(struct cmwq_workqueue *wq,
						    struct cmwq_pool *pool);
int cmwq_nr_active_init(void);
void cmwq_nr_active_exit(void);
int cmwq_node_nr_active_alloc(struct cmwq_workqueue *wq);
void cmwq_node_nr_active_free(struct cmwq_workqueue *wq);
void cmwq_node_nr_active_update(struct cmwq_workqueue *wq);
bool cmwq_pwq_tryinc_node(struct cmwq_pwq *pwq, enum cmwq_slot_claim claim);

/**
 * cmwq_pwq_tryinc_active - count one more active work of @pwq, if allowed
 * @pwq: the pwq
 * @claim: %CMWQ_CLAIM_QUEUED: a slot only if no other pwq of the node
 *         waits before it; %CMWQ_CLAIM_KICKED: any free slot (kick_work
 *         took it off the waiting list, it is its turn);
 *         %CMWQ_CLAIM_FORCED: whatever the limits (a work cancel takes
 *         off the inactive list, which leaves at once)
 *
 * A per-CPU pwq counts against its own max_active only; an unbound one
 * against its node's share too (cmwq_pwq_tryinc_node()). Inline: once
 * per queueing.
 *
 * Context: pwq->pool->lock held.
 * Return: %true if counted.
 */
static inline bool cmwq_pwq_tryinc_active(struct cmwq_pwq *pwq,
					  enum cmwq_slot_claim claim)
{
	lockdep_assert_held(&pwq->pool->lock);
	if (claim != CMWQ_CLAIM_FORCED && pwq->nr_active >= pwq->max_active)
		return false;
	if (pwq->nna && !cmwq_pwq_tryinc_node(pwq, claim))
		return false;
	pwq->nr_active++;
	return true;
}
void cmwq_pwq_dec_active(struct cmwq_pwq *pwq);
void cmwq_pwq_unlink_pending(struct cmwq_pwq *pwq);

/* freezer.c */
bool cmwq_freezing(void);
bool cmwq_system_frozen(void);
int cmwq_freezer_init(void);
void cmwq_freezer_exit(void);
void cmwq_freezer_show(struct seq_file *m);

/* bh.c */
/* Upstream's budget of one BH round: this many works or this long. */
#define CMWQ_BH_BUDGET_ITEMS	10
#define CMWQ_BH_BUDGET_NS	(2 * NSEC_PER_MSEC)
int cmwq_bh_pools_init(void);
void cmwq_bh_pools_exit(void);
struct cmwq_pool *cmwq_bh_pool(int cpu, enum cmwq_std_pool which);
void cmwq_bh_kick(struct cmwq_pool *pool);
void cmwq_bh_cpu_online(unsigned int cpu);
void cmwq_bh_cpu_offline(unsigned int cpu);
void cmwq_bh_cpu_dead(unsigned int cpu);
bool cmwq_work_is_bh(struct cmwq_work *work);
struct cmwq_worker *cmwq_bh_current_worker(void);

/* hotplug.c */
int cmwq_hotplug_init(void);
void cmwq_hotplug_exit(void);
const struct cpumask *cmwq_online_cpus(void);

/* rescuer.c */
int cmwq_rescuer_thread(void *arg);
int cmwq_create_rescuer(struct cmwq_workqueue *wq);
void cmwq_destroy_rescuer(struct cmwq_workqueue *wq);

/* fault.c */
#ifdef CONFIG_FAULT_INJECTION
#include <linux/fault-inject.h>
extern struct fault_attr cmwq_fail_create_worker;
extern struct fault_attr cmwq_fail_alloc_wq;
#endif
bool cmwq_should_fail_create_worker(void);
bool cmwq_should_fail_alloc_wq(void);
void cmwq_fault_debugfs_init(struct dentry *dir);

/* control.c */
#define CMWQ_CONTROL_MAX_LINE	256	/* per command, with its newline */
#define CMWQ_CONTROL_MAX_WRITE	4096	/* per write() */
#define CMWQ_ERROR_LEN		160
int cmwq_control_exec(char *line);
int cmwq_control_fail(int err, const char *why);
void cmwq_control_last_error(char *buf, size_t size);
void cmwq_control_show_works(struct seq_file *m);
void cmwq_control_exit(void);
char *cmwq_flags_str(unsigned int flags, char *buf, size_t size);

/* watchdog.c */
extern unsigned long cmwq_watchdog_thresh;
void cmwq_watchdog_init(void);
void cmwq_watchdog_exit(void);
bool cmwq_watchdog_pool_stalled(struct cmwq_pool *pool, unsigned long thresh);

/* dump.c */
#define CMWQ_POOL_DESC_LEN	96
char *cmwq_pool_desc(struct cmwq_pool *pool, char *buf, size_t size);
int cmwq_dump_state(struct seq_file *m);
int cmwq_dump_workqueue(struct seq_file *m, struct cmwq_workqueue *wq);
int cmwq_dump_freezable(struct seq_file *m);

/* worker_desc.c */
/* Room for a function name of 100 characters with its module's. */
#define CMWQ_WORKER_INFO_LEN	(CMWQ_NAME_LEN + CMWQ_WORKER_DESC_LEN + 128)
size_t cmwq_worker_info(struct task_struct *task, char *buf, size_t size);

/* sysfs.c */
int cmwq_sysfs_init(void);
void cmwq_sysfs_exit(void);
int cmwq_sysfs_register(struct cmwq_workqueue *wq);
void cmwq_sysfs_unregister(struct cmwq_workqueue *wq);

/* debugfs.c */
int cmwq_debugfs_init(void);
void cmwq_debugfs_exit(void);

/*
 * cm_policy.c: XNU's blocked window, paced creation and load-scaled
 * reaping as per-pool options, and the pool's CM decision counters.
 */
#define CMWQ_CM_MAX_WINDOW_US		1000000	/* 1 s */
#define CMWQ_CM_MAX_CREATE_INTERVAL_US	1000000	/* 1 s */
#define CMWQ_CM_REAP_FLOOR_MS		50
/* A change of options; a negative value leaves that option as it is. */
struct cmwq_cm_opts {
	int	blocked_window_us;
	int	create_interval_us;
	int	reap_scaled;
};
void cmwq_cm_policy_init(struct cmwq_pool *pool);
void cmwq_cm_policy_exit(struct cmwq_pool *pool);
int cmwq_cm_policy_set(struct cmwq_pool *pool, const struct cmwq_cm_opts *o);
void cmwq_cm_window_cancel(struct cmwq_pool *pool);
bool cmwq_cm_window_hold(struct cmwq_pool *pool, enum cmwq_work_class class);
void cmwq_cm_count_wake(struct cmwq_pool *pool, enum cmwq_work_class class);
bool cmwq_cm_pace_creation(struct cmwq_pool *pool);
void cmwq_cm_creation_done(struct cmwq_pool *pool, int ret);
unsigned long cmwq_cm_idle_timeout(struct cmwq_pool *pool);
void cmwq_cm_pool_show(struct seq_file *m, struct cmwq_pool *pool);
u64 cmwq_cm_stat(struct cmwq_pool *pool, enum cmwq_cm_stat stat);
u64 cmwq_cm_class_stat(struct cmwq_pool *pool, enum cmwq_cm_stat stat,
		       enum cmwq_work_class class);

#endif /* _CMWQ_INTERNAL_H */
