/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmwq_torture.ko: kthreads create and destroy cmwq workqueues of every
 * kind and race the whole work-item API on them for a set time, while a
 * ledger proves each queueing ran exactly once or was cancelled, in order
 * where order is promised, within max_active, in softirq for BH, and never
 * after its workqueue was destroyed.
 *
 * main.c: parameters, the run, the stats and the verdict.
 * ledger.c: the work function and every check it makes.
 * wq.c: the kinds of workqueue, their creation and destruction.
 * ops.c: the torture threads and the operations they pick from.
 */
#ifndef _CMWQ_TORTURE_H
#define _CMWQ_TORTURE_H

#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "cmwq.h"

/* Operation families, the bits of the ops parameter. */
enum tort_family {
	TF_QUEUE,	/* queue_work, queue_work_on, queue_work_node */
	TF_DELAYED,	/* queue_delayed_work_on, mod_delayed_work_on */
	TF_RCU,		/* queue_rcu_work */
	TF_HASHED,	/* queue_work_hashed */
	TF_CANCEL,	/* cancel(_delayed)_work(_sync) */
	TF_DISABLE,	/* disable(_delayed)_work(_sync), enable, enable_and_queue */
	TF_FLUSH,	/* flush_work/_delayed/_rcu, flush_workqueue, drain */
	TF_ATTRS,	/* apply unbound attrs, set max_active */
	TF_REQUEUE,	/* works requeue themselves */
	TF_CM_POLICY,	/* per-pool cm_policy options */
	TF_WQS,		/* workqueues created and destroyed during the run */
	TF_MATCH,	/* cancel_work_match */
	TF_NR,
};

#define TF_ALL		(BIT(TF_NR) - 1)

/* Counters of the run; the violations come last. */
enum tort_stat {
	TS_QUEUED,	/* queueings that returned true */
	TS_RAN,		/* runs of the work function */
	TS_CANCELLED,	/* cancels and disables that took a queueing back */
	TS_REQUEUED,	/* queueings made by a work function */
	TS_WQ_CREATED,
	TS_WQ_DESTROYED,
	TS_CPU_OFFLINE,	/* hotplug=1: CPUs taken offline */
	TS_CPU_ONLINE,	/* ... and brought back */
	TS_ENOMEM,	/* fault=1: calls that failed for want of memory */
	TS_RESCUED,	/* runs made by a mem_reclaim workqueue's rescuer */
	TS_LOST,	/* a queueing neither ran nor was cancelled */
	TS_DUP,		/* a run without a queueing, or two at once */
	TS_MISORDER,	/* an ordered wq or a hashed key ran out of order */
	TS_OVER_MAX,	/* more running than max_active allows */
	TS_BH_CTX,	/* a BH work out of softirq, or another in one */
	TS_AFTER_DESTROY, /* a run after its workqueue was destroyed */
	TS_API,		/* a call returned what it must not */
	TS_STALL,	/* threads still busy long after the end */
	TS_NR,
	TS_FIRST_VIOLATION = TS_LOST,
};

/* Items of each thread; their type fixes the calls made on them. */
#define TORT_PLAIN	6
#define TORT_HASHED	4
#define TORT_DELAYED	4
#define TORT_RCU	3
#define TORT_NR_ITEMS	(TORT_PLAIN + TORT_HASHED + TORT_DELAYED + TORT_RCU)
#define TORT_NR_KEYS	2

enum tort_item_type { TI_PLAIN, TI_HASHED, TI_DELAYED, TI_RCU };

/*
 * The ledger state of an item: IDLE (no queueing outstanding), QUEUED
 * (claimed for a queueing, or queued), RUNNING (its function runs for
 * the queueing). Only the one who moves it out of IDLE queues it.
 */
enum { TI_IDLE, TI_QUEUED, TI_RUNNING };

struct tort_wq;

struct tort_item {
	union {
		struct cmwq_work	work;
		struct cmwq_delayed_work dwork;
		struct cmwq_rcu_work	rwork;
	};
	struct tort_wq		*tw;
	atomic_t		state;
	enum tort_item_type	type;
	unsigned int		key;	/* TI_HASHED: index of its key */
	/* Set by whoever claimed the item, read by its function. */
	u64			seq;	/* global sequence of the queueing */
	u64			oseq;	/* order within the wq or the key; 0: none */
	unsigned int		gen;	/* the tw generation it was queued in */
	unsigned int		chain;	/* requeues in a row */
	u64			rnd;	/* the function's own generator */
};

/* The order of one hashed key, or of an ordered workqueue. */
struct tort_order {
	spinlock_t		lock;	/* orders the seq with the queueing */
	u64			next;	/* last oseq handed out */
	u64			last_ran;
	atomic_t		running;
};

/* One thread's workqueue of the moment, and its items. */
struct tort_wq {
	struct cmwq_workqueue	*wq;
	unsigned int		flags;	/* as given to cmwq_alloc_workqueue() */
	char			kind[40];
	unsigned int		gen;	/* +1 each time wq is destroyed */
	bool			closing; /* being destroyed: no requeue */
	int			limit;	/* max_active the checks allow */
	int			target;	/* max_active last set */
	atomic_t		active;	/* runs now: BH, ordered */
	atomic_t		*slot_active; /* runs now per CPU, or per node share */
	atomic64_t		queued, ran, cancelled;
	struct tort_order	order;	/* ordered workqueues */
	struct tort_order	keys[TORT_NR_KEYS];
	struct tort_item	items[TORT_NR_ITEMS];
};

struct tort_thread {
	int			id;
	u64			rnd;
	const char		*doing;	/* the operation now, for a stall */
	bool			done;
	struct tort_wq		tw;
	struct task_struct	*task;
};

/* main.c */
extern u64 tort_seed;
extern bool tort_hotplug;
extern bool tort_fault;
extern unsigned int tort_ops;
extern unsigned long tort_deadline;
void tort_count(enum tort_stat stat);
void tort_count_family(enum tort_family fam);
const char *tort_family_name(enum tort_family fam);
u64 tort_next_seq(void);
__printf(3, 4) void tort_violation(enum tort_stat stat,
				   const struct tort_item *it,
				   const char *fmt, ...);
u32 tort_rand(u64 *state, u32 below);
bool tort_enomem(int ret);

static inline bool tort_enabled(enum tort_family fam)
{
	return tort_ops & BIT(fam);
}

/* ledger.c */
/* Run counters: one per CPU, or per node share (the nodes, then pods over several). */
static inline unsigned int tort_nr_slots(void)
{
	return max_t(unsigned int, nr_cpu_ids, nr_node_ids + 1);
}

void tort_work_fn(struct cmwq_work *work);
bool tort_claim(struct tort_item *it);
void tort_unclaim(struct tort_item *it);
void tort_fill(struct tort_item *it, u64 oseq);
bool tort_queue_ordered(struct tort_item *it, int cpu);
bool tort_queue_hashed(struct tort_item *it);
void tort_took_back(struct tort_item *it, bool took, const char *how);
void tort_check_idle(struct tort_wq *tw);

/* wq.c */
int tort_wq_create(struct tort_thread *t);
void tort_wq_destroy(struct tort_thread *t);
void tort_wq_set_max_active(struct tort_thread *t, int max_active);
void tort_wq_apply_attrs(struct tort_thread *t);
int tort_online_cpu(u64 *rnd);

/* hotplug.c */
int tort_hotplug_fn(void *arg);

/* ops.c */
int tort_thread_fn(void *arg);
void tort_cm_policy_reset(void);

/* main.c: a thread is through with its run */
void tort_thread_done(struct tort_thread *t);

#endif /* _CMWQ_TORTURE_H */
