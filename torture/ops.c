// SPDX-License-Identifier: GPL-2.0
/*
 * The torture threads: each picks, from its own seeded generator, an
 * operation of an enabled family and an item of its workqueue, and does
 * it; now and then it destroys its workqueue and makes a new one. Only
 * the thread queues its items from outside (and their own runs from
 * inside), so a queueing it claimed can only be refused when cmwq is
 * wrong; the other calls race with the runs and the requeues.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
#include <linux/wait.h>

#include "cmwq_torture.h"
#include "internal.h"

MODULE_IMPORT_NS(CMWQ_NS);

static DECLARE_WAIT_QUEUE_HEAD(tort_stop_wait);

static struct tort_item *pick(struct tort_thread *t, int first, int n)
{
	return &t->tw.items[first + tort_rand(&t->rnd, n)];
}

#define FIRST_HASHED	TORT_PLAIN
#define FIRST_DELAYED	(TORT_PLAIN + TORT_HASHED)
#define FIRST_RCU	(TORT_PLAIN + TORT_HASHED + TORT_DELAYED)

/* A claimed queueing was made, or refused though nothing could refuse it. */
static void queued(struct tort_item *it, bool ok, const char *how)
{
	if (!ok) {
		tort_unclaim(it);
		tort_violation(TS_API, it, "%s refused an idle item", how);
		return;
	}
	atomic64_inc(&it->tw->queued);
	tort_count(TS_QUEUED);
}

static bool is_unbound(struct tort_wq *tw)
{
	return (tw->flags & (CMWQ_UNBOUND | __CMWQ_ORDERED)) == CMWQ_UNBOUND;
}

static int random_node(u64 *rnd)
{
	int i = tort_rand(rnd, num_online_nodes()), node;

	for_each_online_node(node)
		if (!i--)
			return node;
	return NUMA_NO_NODE;
}

static bool op_queue(struct tort_thread *t)
{
	struct tort_wq *tw = &t->tw;
	struct tort_item *it = pick(t, 0, TORT_PLAIN);

	if (!tort_claim(it))
		return false;
	if (is_unbound(tw) && !tort_rand(&t->rnd, 3)) {
		tort_fill(it, 0);
		queued(it, cmwq_queue_work_node(random_node(&t->rnd), tw->wq,
						&it->work), "queue_work_node");
	} else {
		queued(it, tort_queue_ordered(it, tort_online_cpu(&t->rnd)),
		       "queue_work_on");
	}
	return true;
}

static bool op_delayed(struct tort_thread *t)
{
	struct tort_wq *tw = &t->tw;
	struct tort_item *it = pick(t, FIRST_DELAYED, TORT_DELAYED);
	int cpu = tort_online_cpu(&t->rnd);
	unsigned long delay = tort_rand(&t->rnd, 3);

	if (!tort_claim(it))
		return false;
	tort_fill(it, 0);
	switch (tort_rand(&t->rnd, 3)) {
	case 0:
		queued(it, cmwq_queue_delayed_work_on(cpu, tw->wq, &it->dwork,
						      delay),
		       "queue_delayed_work_on");
		break;
	case 1:
		/* It was idle: mod queues it and says it was not pending. */
		if (cmwq_mod_delayed_work_on(cpu, tw->wq, &it->dwork, delay))
			tort_violation(TS_API, it,
				       "mod_delayed_work_on: idle item pending");
		queued(it, true, "mod_delayed_work_on");
		break;
	default:
		/* Armed for an hour, then brought forward: it was pending. */
		if (!cmwq_queue_delayed_work_on(cpu, tw->wq, &it->dwork,
						3600 * HZ)) {
			queued(it, false, "queue_delayed_work_on");
			break;
		}
		queued(it, true, "queue_delayed_work_on");
		if (!cmwq_mod_delayed_work_on(cpu, tw->wq, &it->dwork, delay))
			tort_violation(TS_API, it,
				       "mod_delayed_work_on: armed item not pending");
	}
	return true;
}

static bool op_rcu(struct tort_thread *t)
{
	struct tort_item *it = pick(t, FIRST_RCU, TORT_RCU);

	if (!tort_claim(it))
		return false;
	tort_fill(it, 0);
	queued(it, cmwq_queue_rcu_work(t->tw.wq, &it->rwork),
	       "queue_rcu_work");
	return true;
}

static bool op_hashed(struct tort_thread *t)
{
	struct tort_item *it = pick(t, FIRST_HASHED, TORT_HASHED);
	bool ok;

	/* Hashed keys keep their own order; ordered wqs theirs. */
	if ((t->tw.flags & __CMWQ_ORDERED) || !tort_claim(it))
		return false;
	ok = tort_queue_hashed(it);
	/*
	 * An idle key needs a struct (GFP_ATOMIC, when no spare is left):
	 * under injected failures it may be refused, saying so in the log.
	 */
	if (!ok && tort_enomem(-ENOMEM)) {
		tort_unclaim(it);
		return true;
	}
	queued(it, ok, "queue_work_hashed");
	return true;
}

/*
 * Cancel: the non-syncing cancel of a work in its RCU stage would spin
 * for the grace period, so RCU items get the _sync form only.
 */
static bool op_cancel(struct tort_thread *t)
{
	struct tort_item *it = pick(t, 0, TORT_NR_ITEMS);
	bool sync = tort_rand(&t->rnd, 2);

	if (it->type == TI_DELAYED) {
		if (sync)
			tort_took_back(it,
				       cmwq_cancel_delayed_work_sync(&it->dwork),
				       "cancel_delayed_work_sync");
		else
			tort_took_back(it, cmwq_cancel_delayed_work(&it->dwork),
				       "cancel_delayed_work");
	} else if (sync || it->type == TI_RCU) {
		tort_took_back(it, cmwq_cancel_work_sync(&it->work),
			       "cancel_work_sync");
	} else {
		tort_took_back(it, cmwq_cancel_work(&it->work), "cancel_work");
	}
	return true;
}

static bool match_one(struct cmwq_work *work, void *data)
{
	return work == data;
}

/*
 * cancel_work_match, one item at a time: a pending work is on one queue,
 * so res.pending (0 or 1) says exactly whether this item's queueing was
 * taken back, as the ledger needs; a running one is only asked to stop.
 * A delayed item with its timer armed and an RCU item in its grace period
 * are on no queue yet: not seen, as documented.
 */
static bool op_match(struct tort_thread *t)
{
	struct tort_item *it = pick(t, 0, TORT_NR_ITEMS);
	struct cmwq_cancel_match_result res = { .pending = 9, .running = 9 };
	int n;

	n = cmwq_cancel_work_match(t->tw.wq, match_one, &it->work, &res);
	if (n != res.pending + res.running || res.pending > 1 ||
	    res.running > 1)
		tort_violation(TS_API, it,
			       "cancel_work_match: %d, pending %u, running %u",
			       n, res.pending, res.running);
	tort_took_back(it, res.pending == 1, "cancel_work_match");
	return true;
}

/* Try a queueing of a disabled item: it must be refused. */
static void queue_disabled(struct tort_thread *t, struct tort_item *it)
{
	bool ok;

	if (!tort_claim(it))
		return;
	tort_fill(it, 0);
	if (it->type == TI_DELAYED)
		ok = cmwq_queue_delayed_work_on(CMWQ_CPU_UNBOUND, t->tw.wq,
						&it->dwork, 0);
	else if (it->type == TI_HASHED)
		ok = cmwq_queue_work_hashed(t->tw.wq, &it->work, it->key + 1);
	else
		ok = cmwq_queue_work_on(CMWQ_CPU_UNBOUND, t->tw.wq, &it->work);
	if (!ok) {
		tort_unclaim(it);
		return;
	}
	tort_violation(TS_API, it, "a disabled item was queued");
	atomic64_inc(&t->tw.queued);
	tort_count(TS_QUEUED);
}

/* Disable (maybe syncing), try to queue, enable (maybe and queue). */
static bool op_disable(struct tort_thread *t)
{
	struct tort_wq *tw = &t->tw;
	struct tort_item *it = pick(t, 0, FIRST_RCU);
	bool sync = tort_rand(&t->rnd, 2), enabled;

	if (it->type == TI_DELAYED)
		tort_took_back(it, sync ?
			       cmwq_disable_delayed_work_sync(&it->dwork) :
			       cmwq_disable_delayed_work(&it->dwork),
			       "disable_delayed_work");
	else
		tort_took_back(it, sync ? cmwq_disable_work_sync(&it->work) :
			       cmwq_disable_work(&it->work), "disable_work");
	queue_disabled(t, it);
	if (it->type == TI_PLAIN && !(tw->flags & __CMWQ_ORDERED) &&
	    tort_rand(&t->rnd, 2) && tort_claim(it)) {
		tort_fill(it, 0);
		enabled = cmwq_enable_and_queue_work(tw->wq, &it->work);
		queued(it, enabled, "enable_and_queue_work");
	} else if (it->type == TI_DELAYED) {
		enabled = cmwq_enable_delayed_work(&it->dwork);
	} else {
		enabled = cmwq_enable_work(&it->work);
	}
	if (!enabled)
		tort_violation(TS_API, it, "still disabled after its enable");
	return true;
}

/* After a flush, runs begun under an older, higher max_active are over. */
static void flushed(struct tort_wq *tw)
{
	WRITE_ONCE(tw->limit, tw->target);
}

static bool op_flush(struct tort_thread *t)
{
	struct tort_wq *tw = &t->tw;
	struct tort_item *it;
	int i;

	switch (tort_rand(&t->rnd, 8)) {
	case 0:
		cmwq_flush_workqueue(tw->wq);
		flushed(tw);
		break;
	case 1:
		/* An RCU callback is refused during a drain: end them first. */
		for (i = FIRST_RCU; i < TORT_NR_ITEMS; i++)
			cmwq_flush_rcu_work(&tw->items[i].rwork);
		cmwq_drain_workqueue(tw->wq);
		flushed(tw);
		break;
	default:
		it = pick(t, 0, TORT_NR_ITEMS);
		if (it->type == TI_DELAYED)
			cmwq_flush_delayed_work(&it->dwork);
		else if (it->type == TI_RCU)
			cmwq_flush_rcu_work(&it->rwork);
		else
			cmwq_flush_work(&it->work);
	}
	return true;
}

static bool op_attrs(struct tort_thread *t)
{
	struct tort_wq *tw = &t->tw;
	bool ordered = tw->flags & __CMWQ_ORDERED;

	if (tw->flags & CMWQ_BH)
		return false;
	if ((tw->flags & CMWQ_UNBOUND) && (ordered || tort_rand(&t->rnd, 2)))
		tort_wq_apply_attrs(t);
	else if (!ordered)
		tort_wq_set_max_active(t, 1 + tort_rand(&t->rnd, 8));
	return true;
}

/* XNU's options (module/cm_policy.c) on a random per-CPU pool. */
static bool op_cm_policy(struct tort_thread *t)
{
	int cpu = tort_online_cpu(&t->rnd);
	struct cmwq_cm_opts o = {
		.blocked_window_us = cmwq_cm_available() &&
				     tort_rand(&t->rnd, 2) ?
				     tort_rand(&t->rnd, 300) : 0,
		.create_interval_us = tort_rand(&t->rnd, 2) ?
				      tort_rand(&t->rnd, 500) : 0,
		.reap_scaled = tort_rand(&t->rnd, 2),
	};
	int ret;

	if (cpu == CMWQ_CPU_UNBOUND)
		cpu = cpumask_first(cpu_online_mask);
	ret = cmwq_cm_policy_set(cmwq_cpu_pool(cpu, tort_rand(&t->rnd, 2) ?
					       CMWQ_HIGHPRI_POOL :
					       CMWQ_NORMAL_POOL), &o);
	if (ret)
		tort_violation(TS_API, NULL, "cm_policy_set(cpu %d): %d", cpu,
			       ret);
	return true;
}

/**
 * tort_cm_policy_reset - every per-CPU pool back to upstream's behaviour
 */
void tort_cm_policy_reset(void)
{
	struct cmwq_cm_opts off = {};
	int cpu;

	for_each_possible_cpu(cpu) {
		cmwq_cm_policy_set(cmwq_cpu_pool(cpu, CMWQ_NORMAL_POOL), &off);
		cmwq_cm_policy_set(cmwq_cpu_pool(cpu, CMWQ_HIGHPRI_POOL), &off);
	}
}

/* The families a thread picks from, and how often (of 32). */
static const struct {
	enum tort_family fam;
	unsigned int weight;
	bool (*op)(struct tort_thread *t);
} tort_op_table[] = {
	{ TF_QUEUE, 6, op_queue },
	{ TF_DELAYED, 4, op_delayed },
	{ TF_RCU, 2, op_rcu },
	{ TF_HASHED, 5, op_hashed },
	{ TF_CANCEL, 4, op_cancel },
	{ TF_MATCH, 1, op_match },
	{ TF_DISABLE, 3, op_disable },
	{ TF_FLUSH, 4, op_flush },
	{ TF_ATTRS, 2, op_attrs },
	{ TF_CM_POLICY, 1, op_cm_policy },
};

static void tort_one_op(struct tort_thread *t)
{
	u32 r = tort_rand(&t->rnd, 32);
	int i;

	for (i = 0; i < ARRAY_SIZE(tort_op_table); i++) {
		if (r >= tort_op_table[i].weight) {
			r -= tort_op_table[i].weight;
			continue;
		}
		WRITE_ONCE(t->doing, tort_family_name(tort_op_table[i].fam));
		if (tort_enabled(tort_op_table[i].fam) &&
		    tort_op_table[i].op(t))
			tort_count_family(tort_op_table[i].fam);
		return;
	}
}

/**
 * tort_thread_fn - one torture thread, until the deadline
 * @arg: its struct tort_thread
 *
 * Return: 0, once kthread_stop() was called.
 */
int tort_thread_fn(void *arg)
{
	struct tort_thread *t = arg;

	while (time_before(jiffies, tort_deadline) && !kthread_should_stop()) {
		WRITE_ONCE(t->doing, "wqs");
		if (t->tw.wq && tort_enabled(TF_WQS) &&
		    !tort_rand(&t->rnd, 256)) {
			tort_wq_destroy(t);
			tort_count_family(TF_WQS);
		}
		if (!t->tw.wq && tort_wq_create(t)) {
			msleep(20);
			continue;
		}
		tort_one_op(t);
		cond_resched();
	}
	WRITE_ONCE(t->doing, "destroy");
	if (t->tw.wq)
		tort_wq_destroy(t);
	tort_thread_done(t);
	/*
	 * The task must exist for kthread_stop(), which wakes it up itself:
	 * nobody wakes this queue.
	 */
	wait_event_interruptible(tort_stop_wait, kthread_should_stop());
	return 0;
}
