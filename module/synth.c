// SPDX-License-Identifier: GPL-2.0
/*
 * Synthetic work for the control language: items that spin and/or sleep,
 * queued in batches under a tag, with per-tag accounting that proves no
 * item is lost: every queued item starts once and completes, or is
 * cancelled before it starts.
 *
 * An item lives on its tag's list from queueing until it completes (its
 * function frees it) or is cancelled (the canceller frees it).
 */
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/wait.h>

#include "internal.h"
#include "synth.h"

struct cmwq_synth_tag {
	struct list_head	node;		/* on cmwq_synth_tags */
	char			name[CMWQ_SYNTH_NAME_LEN];
	spinlock_t		lock;		/* items and the counters */
	struct list_head	items;		/* queued or running */
	u64			queued, started, completed, cancelled;
	u64			max_running;	/* most items running at once */
	wait_queue_head_t	idle;		/* an item left the list */
	bool			awake;		/* items do not sleep */
	wait_queue_head_t	wake;		/* awake became true */
};

struct cmwq_synth_item {
	struct cmwq_delayed_work dwork;
	struct list_head	node;		/* tag->lock: on tag->items */
	struct cmwq_synth_tag	*tag;
	struct cmwq_workqueue	*wq;
	unsigned int		spin_us, sleep_us;
	int			cpu;		/* as queued */
	bool			disabled;	/* tag->lock: by "disable" */
	bool			requeue;	/* tag->lock: queue at "enable" */
};

/* Every tag; the control mutex serialises all users. */
static LIST_HEAD(cmwq_synth_tags);
static int cmwq_synth_nr_tags;
static atomic_t cmwq_synth_live = ATOMIC_INIT(0);

static void synth_fn(struct cmwq_work *work)
{
	struct cmwq_synth_item *it = container_of(work, struct cmwq_synth_item,
						  dwork.work);
	struct cmwq_synth_tag *tag = it->tag;
	unsigned long flags;

	spin_lock_irqsave(&tag->lock, flags);
	tag->started++;
	tag->max_running = max(tag->max_running,
			       tag->started - tag->completed);
	spin_unlock_irqrestore(&tag->lock, flags);

	if (it->spin_us) {
		u64 end = ktime_get_ns() + (u64)it->spin_us * NSEC_PER_USEC;

		while (ktime_get_ns() < end)
			cpu_relax();
	}
	/* A sleep that "wake tag=" can cut short. */
	if (it->sleep_us)
		wait_event_timeout(tag->wake, READ_ONCE(tag->awake),
				   usecs_to_jiffies(it->sleep_us));

	spin_lock_irqsave(&tag->lock, flags);
	tag->completed++;
	list_del(&it->node);
	spin_unlock_irqrestore(&tag->lock, flags);
	atomic_dec(&cmwq_synth_live);
	/* The tag outlives its items: only cmwq_synth_exit() frees tags. */
	wake_up_all(&tag->idle);
	kfree(it);
}

static struct cmwq_synth_tag *tag_find(const char *name)
{
	struct cmwq_synth_tag *tag;

	list_for_each_entry(tag, &cmwq_synth_tags, node)
		if (!strcmp(tag->name, name))
			return tag;
	return NULL;
}

static struct cmwq_synth_tag *tag_get_or_create(const char *name)
{
	struct cmwq_synth_tag *tag = tag_find(name);

	if (tag)
		return tag;
	if (cmwq_synth_nr_tags >= CMWQ_SYNTH_MAX_TAGS)
		return ERR_PTR(-ENOSPC);
	tag = kzalloc(sizeof(*tag), GFP_KERNEL);
	if (!tag)
		return ERR_PTR(-ENOMEM);
	strscpy(tag->name, name, sizeof(tag->name));
	spin_lock_init(&tag->lock);
	INIT_LIST_HEAD(&tag->items);
	init_waitqueue_head(&tag->idle);
	init_waitqueue_head(&tag->wake);
	list_add_tail(&tag->node, &cmwq_synth_tags);
	cmwq_synth_nr_tags++;
	return tag;
}

/* Pick the CPU of item @i: the one asked for, or round-robin on a node. */
static int pick_cpu(const struct cmwq_synth_spec *spec, int i)
{
	const struct cpumask *mask;
	int cpu, n;

	if (spec->cpu >= 0)
		return spec->cpu;
	if (spec->node < 0)
		return CMWQ_CPU_UNBOUND;
	mask = cpumask_of_node(spec->node);
	n = i % cpumask_weight_and(mask, cpu_online_mask);
	for_each_cpu_and(cpu, mask, cpu_online_mask)
		if (!n--)
			return cpu;
	return CMWQ_CPU_UNBOUND;
}

/**
 * cmwq_synth_queue - queue a batch of synthetic items
 * @wq: the workqueue
 * @spec: what to queue (validated by the caller)
 *
 * Either every item is queued or none is.
 *
 * Context: the control mutex held; may sleep.
 * Return: 0, -ENOSPC when too many items or tags exist, -ENOMEM, or
 * -EBUSY if @wq is being drained.
 */
int cmwq_synth_queue(struct cmwq_workqueue *wq,
		     const struct cmwq_synth_spec *spec)
{
	int i = 0, n = 0, ret = -ENOMEM, unaccount = spec->count;
	struct cmwq_synth_item **batch;
	struct cmwq_synth_tag *tag;

	if (atomic_add_return(spec->count, &cmwq_synth_live) >
	    CMWQ_SYNTH_MAX_LIVE) {
		ret = -ENOSPC;
		goto unaccount;
	}
	tag = tag_get_or_create(spec->tag);
	if (IS_ERR(tag)) {
		ret = PTR_ERR(tag);
		goto unaccount;
	}
	batch = kcalloc(spec->count, sizeof(*batch), GFP_KERNEL);
	if (!batch)
		goto unaccount;
	for (n = 0; n < spec->count; n++) {
		struct cmwq_synth_item *it = kzalloc(sizeof(*it), GFP_KERNEL);

		if (!it)
			goto free_items;
		CMWQ_INIT_DELAYED_WORK(&it->dwork, synth_fn);
		it->tag = tag;
		it->wq = wq;
		it->spin_us = spec->spin_us;
		it->sleep_us = spec->sleep_us;
		it->cpu = pick_cpu(spec, n);
		batch[n] = it;
	}

	/* A new batch sleeps again, until the next "wake". */
	WRITE_ONCE(tag->awake, false);
	/* On the tag's list before queueing: the function takes it off. */
	spin_lock_irq(&tag->lock);
	for (i = 0; i < n; i++)
		list_add_tail(&batch[i]->node, &tag->items);
	tag->queued += n;
	spin_unlock_irq(&tag->lock);

	for (i = 0; i < n; i++) {
		if (!cmwq_queue_delayed_work_on(batch[i]->cpu, wq,
						&batch[i]->dwork, spec->delay))
			break;
	}
	if (i < n) {
		/* Refused (draining): the rest never was queued. */
		ret = -EBUSY;
		spin_lock_irq(&tag->lock);
		tag->queued -= n - i;
		for (n = i; n < spec->count; n++)
			list_del(&batch[n]->node);
		spin_unlock_irq(&tag->lock);
		unaccount = n - i;
		goto free_items;
	}
	kfree(batch);
	return 0;

free_items:
	while (n-- > i)
		kfree(batch[n]);
	kfree(batch);
unaccount:
	atomic_sub(unaccount, &cmwq_synth_live);
	return ret;
}

/*
 * Cancel the items of @tag that have not started: all of them, or (with
 * @wq) only those of @wq waiting for their timer or disabled. Running ones
 * are left to finish. Returns how many.
 */
static int tag_cancel(struct cmwq_synth_tag *tag, struct cmwq_workqueue *wq)
{
	struct cmwq_synth_item *it, *tmp;
	int n = 0;

	spin_lock_irq(&tag->lock);
	list_for_each_entry_safe(it, tmp, &tag->items, node) {
		if (wq && it->wq != wq)
			continue;
		if (it->disabled) {
			/* Off every queue, unless still running. */
			if (cmwq_work_busy(&it->dwork.work) & CMWQ_BUSY_RUNNING)
				continue;
		} else {
			if (wq && !timer_pending(&it->dwork.timer))
				continue;
			/* True only if it was pending: then it will not run. */
			if (!cmwq_cancel_delayed_work(&it->dwork))
				continue;
		}
		list_del(&it->node);
		tag->cancelled++;
		kfree(it);
		n++;
	}
	spin_unlock_irq(&tag->lock);
	atomic_sub(n, &cmwq_synth_live);
	return n;
}

/**
 * cmwq_synth_disable - disable or enable the items of a tag
 * @name: the tag
 * @disable: %true to disable, %false to enable
 *
 * Disabling takes pending items off their queue or timer and keeps them,
 * not cancelled, until they are enabled, which queues them again; running
 * ones finish.
 *
 * Context: the control mutex held.
 * Return: 0, or -ENOENT without such a tag.
 */
int cmwq_synth_disable(const char *name, bool disable)
{
	struct cmwq_synth_tag *tag = tag_find(name);
	struct cmwq_synth_item *it;

	if (!tag)
		return -ENOENT;
	spin_lock_irq(&tag->lock);
	list_for_each_entry(it, &tag->items, node) {
		if (it->disabled == disable)
			continue;
		it->disabled = disable;
		if (disable) {
			it->requeue = cmwq_disable_delayed_work(&it->dwork);
			continue;
		}
		cmwq_enable_delayed_work(&it->dwork);
		if (it->requeue)
			cmwq_queue_work_on(it->cpu, it->wq, &it->dwork.work);
		it->requeue = false;
	}
	spin_unlock_irq(&tag->lock);
	return 0;
}

static bool tag_has_disabled(struct cmwq_synth_tag *tag)
{
	struct cmwq_synth_item *it;
	bool ret = false;

	spin_lock_irq(&tag->lock);
	list_for_each_entry(it, &tag->items, node)
		ret |= it->disabled;
	spin_unlock_irq(&tag->lock);
	return ret;
}

static void tag_wake(struct cmwq_synth_tag *tag)
{
	WRITE_ONCE(tag->awake, true);
	wake_up_all(&tag->wake);
}

/**
 * cmwq_synth_wake - end the sleeps of a tag's items
 * @name: the tag
 *
 * Items of the tag that sleep now stop, and so do those that start
 * sleeping later, until the tag's next batch is queued.
 *
 * Context: the control mutex held.
 * Return: 0, or -ENOENT without such a tag.
 */
int cmwq_synth_wake(const char *name)
{
	struct cmwq_synth_tag *tag = tag_find(name);

	if (!tag)
		return -ENOENT;
	tag_wake(tag);
	return 0;
}

/**
 * cmwq_synth_cancel - cancel a tag's items that have not started yet
 * @name: the tag
 *
 * Wakes the tag's running items and waits for them to finish.
 *
 * Context: the control mutex held; may sleep.
 * Return: the number cancelled, or -ENOENT without such a tag.
 */
int cmwq_synth_cancel(const char *name)
{
	struct cmwq_synth_tag *tag = tag_find(name);
	int n;

	if (!tag)
		return -ENOENT;
	n = tag_cancel(tag, NULL);
	tag_wake(tag);
	wait_event(tag->idle, list_empty_careful(&tag->items));
	return n;
}

static bool tag_has_wq(struct cmwq_synth_tag *tag, struct cmwq_workqueue *wq)
{
	struct cmwq_synth_item *it;
	bool ret = false;

	spin_lock_irq(&tag->lock);
	list_for_each_entry(it, &tag->items, node)
		ret |= it->wq == wq;
	spin_unlock_irq(&tag->lock);
	return ret;
}

/**
 * cmwq_synth_cancel_wq - get a workqueue's items ready for its destruction
 * @wq: the workqueue, about to be destroyed
 *
 * Items with their timer armed, or disabled, would queue on a freed
 * workqueue, since draining does not wait for them: they are cancelled.
 * Queued items are left to the drain; the tags of those still there are
 * woken, so long sleepers do not hold the drain up.
 *
 * Context: the control mutex held; may sleep.
 */
void cmwq_synth_cancel_wq(struct cmwq_workqueue *wq)
{
	struct cmwq_synth_tag *tag;

	list_for_each_entry(tag, &cmwq_synth_tags, node) {
		tag_cancel(tag, wq);
		if (tag_has_wq(tag, wq))
			tag_wake(tag);
	}
}

/* Queue the armed delayed items of @tag now, as flush_delayed_work does. */
static void tag_kick_timers(struct cmwq_synth_tag *tag)
{
	struct cmwq_synth_item *it;

	spin_lock_irq(&tag->lock);
	list_for_each_entry(it, &tag->items, node)
		cmwq_delayed_work_kick(&it->dwork);
	spin_unlock_irq(&tag->lock);
}

/**
 * cmwq_synth_flush - wait until every item of a tag has completed
 * @name: the tag
 *
 * Armed delays are cut short. The wait can be interrupted by a signal.
 *
 * Context: the control mutex held; may sleep.
 * Return: 0, -ENOENT without such a tag, -EBUSY if some of its items are
 * disabled (they would never complete), or -ERESTARTSYS.
 */
int cmwq_synth_flush(const char *name)
{
	struct cmwq_synth_tag *tag = tag_find(name);

	if (!tag)
		return -ENOENT;
	if (tag_has_disabled(tag))
		return -EBUSY;
	tag_kick_timers(tag);
	return wait_event_interruptible(tag->idle,
					list_empty_careful(&tag->items));
}

/**
 * cmwq_synth_show - one line per tag, for the debugfs ``works`` file
 * @m: the seq_file
 *
 * Columns: tag queued started completed cancelled pending running
 * max_running, where pending = queued - started - cancelled, running =
 * started - completed, and max_running is the most that ran at once.
 *
 * Context: the control mutex held.
 */
void cmwq_synth_show(struct seq_file *m)
{
	struct cmwq_synth_tag *tag;

	seq_puts(m, "tag queued started completed cancelled pending running max_running\n");
	list_for_each_entry(tag, &cmwq_synth_tags, node) {
		u64 q, s, c, x, mr;

		spin_lock_irq(&tag->lock);
		q = tag->queued;
		s = tag->started;
		c = tag->completed;
		x = tag->cancelled;
		mr = tag->max_running;
		spin_unlock_irq(&tag->lock);
		seq_printf(m, "%s %llu %llu %llu %llu %llu %llu %llu\n",
			   tag->name, q, s, c, x, q - s - x, s - c, mr);
	}
}

/**
 * cmwq_synth_exit - free every tag
 *
 * Context: module unload, after the workqueues of the control language
 * are destroyed, so no item is left.
 */
void cmwq_synth_exit(void)
{
	struct cmwq_synth_tag *tag, *tmp;

	list_for_each_entry_safe(tag, tmp, &cmwq_synth_tags, node) {
		WARN_ON_ONCE(!list_empty(&tag->items));
		list_del(&tag->node);
		kfree(tag);
	}
	cmwq_synth_nr_tags = 0;
}
