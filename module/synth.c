// SPDX-License-Identifier: GPL-2.0
/*
 * Synthetic work for the control language: items that spin and/or sleep,
 * queued in batches under a tag, with per-tag accounting that proves no
 * item is lost: every queued item starts once and completes, or is
 * cancelled before it starts.
 *
 * An item lives on its tag's list from queueing until it completes (its
 * function frees it) or is cancelled (the canceller frees it). Its own
 * state, written under tag->lock by synth_fn and by the control layer,
 * says what it is doing; decisions are taken from that state, never from
 * cmwq_work_busy(): every item runs the same function, so a freed and
 * reused item address can match a worker's stale current_work.
 *
 * Locking: the caller's control mutex serialises every writer. The tag
 * list is changed under that mutex and cmwq_synth_tags_mutex, so writers
 * walk it under the former and readers (the works file) under the latter,
 * which is never held across a wait.
 */
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/wait.h>

#include "internal.h"
#include "synth.h"

/* What an item on its tag's list is doing; it leaves the list when done. */
enum cmwq_synth_state {
	/* The engine owns it: queued, or its timer armed (the timer may
	 * move it from one to the other at any time without us).
	 */
	CMWQ_SYNTH_PENDING,
	CMWQ_SYNTH_DISABLED,	/* taken off its queue by "disable", held */
	CMWQ_SYNTH_RUNNING,	/* synth_fn has started */
};

struct cmwq_synth_tag {
	struct list_head	node;		/* on cmwq_synth_tags */
	char			name[CMWQ_SYNTH_NAME_LEN];
	spinlock_t		lock;		/* items, states, counters */
	struct list_head	items;		/* pending, disabled or running */
	u64			queued, started, completed, cancelled;
	u64			nr_pending;	/* items PENDING or DISABLED */
	u64			nr_running;	/* items RUNNING */
	u64			max_running;	/* most items running at once */
	u64			next_seq;	/* numbers items in queueing order */
	u64			last_seq;	/* the highest number started */
	u64			out_of_order;	/* started after a later one */
	u64			first_start_ns;	/* earliest start, 0: none yet */
	u64			last_end_ns;	/* latest end, 0: none yet */
	struct cpumask		ran_on;		/* CPUs items started on */
	wait_queue_head_t	idle;		/* an item left the list */
	bool			awake;		/* items do not sleep */
	wait_queue_head_t	wake;		/* awake became true */
};

struct cmwq_synth_item {
	struct cmwq_delayed_work dwork;
	struct list_head	node;		/* tag->lock: on tag->items */
	struct cmwq_synth_tag	*tag;
	struct cmwq_workqueue	*wq;
	unsigned int		spin_us, sleep_us, spin_after_us;
	bool			hold_lock;	/* spin under the shared lock */
	struct cmwq_synth_tag	*wake_tag;	/* woken after the spin */
	int			cpu;		/* as queued */
	u64			seq;		/* tag->lock: queueing order */
	bool			matched;	/* taken by cancel_match */
	enum cmwq_synth_state	state;		/* tag->lock */
};

static LIST_HEAD(cmwq_synth_tags);
static DEFINE_MUTEX(cmwq_synth_tags_mutex);
static int cmwq_synth_nr_tags;			/* cmwq_synth_tags_mutex */
static atomic_t cmwq_synth_live = ATOMIC_INIT(0);
/*
 * The lock "queue hold_lock=1" items spin under: a spinlock_t, so that on
 * PREEMPT_RT a second such item blocks on it as a sleeping lock.
 */
static DEFINE_SPINLOCK(cmwq_synth_shared_lock);

static void tag_wake(struct cmwq_synth_tag *tag)
{
	WRITE_ONCE(tag->awake, true);
	wake_up_all(&tag->wake);
}

/* Burn the CPU for @us: the worker stays runnable, counted as running. */
static void spin_for_us(unsigned int us)
{
	u64 end = ktime_get_ns() + (u64)us * NSEC_PER_USEC;

	/* "cancel_match" asks a running item to stop: its spins end. */
	while (ktime_get_ns() < end && !cmwq_work_should_stop())
		cpu_relax();
}

static void synth_fn(struct cmwq_work *work)
{
	struct cmwq_synth_item *it = container_of(work, struct cmwq_synth_item,
						  dwork.work);
	struct cmwq_synth_tag *tag = it->tag;
	unsigned long flags;

	spin_lock_irqsave(&tag->lock, flags);
	WARN_ON_ONCE(it->state != CMWQ_SYNTH_PENDING);
	if (!tag->first_start_ns)
		tag->first_start_ns = ktime_get_ns();
	it->state = CMWQ_SYNTH_RUNNING;
	tag->nr_pending--;
	tag->nr_running++;
	tag->started++;
	tag->max_running = max(tag->max_running, tag->nr_running);
	if (it->seq < tag->last_seq)
		tag->out_of_order++;
	else
		tag->last_seq = it->seq;
	cpumask_set_cpu(raw_smp_processor_id(), &tag->ran_on);
	spin_unlock_irqrestore(&tag->lock, flags);

	if (it->hold_lock)
		spin_lock(&cmwq_synth_shared_lock);
	spin_for_us(it->spin_us);
	if (it->hold_lock)
		spin_unlock(&cmwq_synth_shared_lock);
	/* Tags live until unload, and unload waits for this item first. */
	if (it->wake_tag)
		tag_wake(it->wake_tag);
	/*
	 * A sleep that "wake tag=" can cut short. TASK_IDLE: a sleep of
	 * the 120 s the control file allows is not a hung task, and long
	 * sleepers holding a load steady add nothing to the load average.
	 */
	if (it->sleep_us)
		wait_event_idle_timeout(tag->wake, READ_ONCE(tag->awake),
					usecs_to_jiffies(it->sleep_us));
	spin_for_us(it->spin_after_us);

	spin_lock_irqsave(&tag->lock, flags);
	tag->last_end_ns = ktime_get_ns();
	tag->completed++;
	tag->nr_running--;
	list_del(&it->node);
	/*
	 * Wake under the lock: a waiter that then finds the list empty may
	 * free the tag (at unload), so nothing of it is touched after the
	 * unlock.
	 */
	wake_up_all(&tag->idle);
	spin_unlock_irqrestore(&tag->lock, flags);
	atomic_dec(&cmwq_synth_live);
	kfree(it);
}

/*
 * Is the workqueue of @it being destroyed (destroy_wq took it from the
 * control file)? Only for an item on its tag's list, not DISABLED, with
 * tag->lock held: the destroy drains it first, so its wq is still there.
 */
static bool item_wq_dying(struct cmwq_synth_item *it)
{
	lockdep_assert_held(&it->tag->lock);
	return !cmwq_is_system_wq(it->wq) &&
	       !(READ_ONCE(it->wq->flags) & __CMWQ_CONTROL);
}

/* Take a PENDING or DISABLED item off its tag as cancelled; frees it. */
static void item_cancelled(struct cmwq_synth_item *it)
{
	struct cmwq_synth_tag *tag = it->tag;

	lockdep_assert_held(&tag->lock);
	list_del(&it->node);
	tag->nr_pending--;
	tag->cancelled++;
	wake_up_all(&tag->idle);
	atomic_dec(&cmwq_synth_live);
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

/* The tag called @name; *@created says whether this call made it. */
static struct cmwq_synth_tag *tag_get_or_create(const char *name,
						bool *created)
{
	struct cmwq_synth_tag *tag = tag_find(name);

	*created = false;
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
	mutex_lock(&cmwq_synth_tags_mutex);
	list_add_tail(&tag->node, &cmwq_synth_tags);
	cmwq_synth_nr_tags++;
	mutex_unlock(&cmwq_synth_tags_mutex);
	*created = true;
	return tag;
}

/* Drop a tag that a failed "queue" created and that never held an item. */
static void tag_forget(struct cmwq_synth_tag *tag)
{
	mutex_lock(&cmwq_synth_tags_mutex);
	list_del(&tag->node);
	cmwq_synth_nr_tags--;
	mutex_unlock(&cmwq_synth_tags_mutex);
	kfree(tag);
}

/*
 * Pick the CPU of item @i: the one asked for, or round-robin on a node's
 * online CPUs. Negative errno if that CPU or node has none online.
 * Context: cpus_read_lock() held.
 */
static int pick_cpu(const struct cmwq_synth_spec *spec, int i)
{
	const struct cpumask *mask;
	unsigned int nr;
	int cpu, n;

	if (spec->cpu >= 0)
		return cpu_online(spec->cpu) ? spec->cpu : -ENODEV;
	if (spec->node < 0)
		return CMWQ_CPU_UNBOUND;
	mask = cpumask_of_node(spec->node);
	nr = cpumask_weight_and(mask, cpu_online_mask);
	if (!nr)
		return -ENODEV;
	n = i % nr;
	for_each_cpu_and(cpu, mask, cpu_online_mask)
		if (!n--)
			return cpu;
	return -ENODEV;
}

/* Is @wq refusing queueing from outside (drained or destroyed)? */
static bool wq_refuses(struct cmwq_workqueue *wq)
{
	return READ_ONCE(wq->flags) & (__CMWQ_DRAINING | __CMWQ_DESTROYING);
}

/**
 * cmwq_synth_queue - queue a batch of synthetic items
 * @wq: the workqueue
 * @spec: what to queue (validated by the caller)
 *
 * Either every item is queued or none is, unless @wq starts being drained
 * from outside the control file in the middle: the items it refused are
 * then taken back, and -EBUSY says so. A tag that this call created and
 * that holds no item is removed again on failure.
 *
 * Context: the control mutex held; may sleep. Takes cpus_read_lock(), so
 * the CPUs picked stay online while the items are queued.
 * Return: 0, -ENOSPC when too many items or tags exist, -ENOMEM, -ENODEV
 * if the CPU or node asked for has no online CPU, -ENOENT if the tag to
 * wake does not exist, or -EBUSY if @wq is being drained or destroyed.
 */
int cmwq_synth_queue(struct cmwq_workqueue *wq,
		     const struct cmwq_synth_spec *spec)
{
	int i, j, n = 0, ret, unaccount = spec->count;
	struct cmwq_synth_item **batch = NULL;
	struct cmwq_synth_tag *tag = NULL, *wake_tag = NULL;
	bool created = false;

	if (wq_refuses(wq))
		return -EBUSY;
	if (spec->wake_tag) {
		wake_tag = tag_find(spec->wake_tag);
		if (!wake_tag)
			return -ENOENT;
	}
	ret = -ENOSPC;
	if (atomic_add_return(spec->count, &cmwq_synth_live) >
	    CMWQ_SYNTH_MAX_LIVE)
		goto out;
	tag = tag_get_or_create(spec->tag, &created);
	if (IS_ERR(tag)) {
		ret = PTR_ERR(tag);
		tag = NULL;
		goto out;
	}
	ret = -ENOMEM;
	batch = kcalloc(spec->count, sizeof(*batch), GFP_KERNEL);
	if (!batch)
		goto out;
	for (n = 0; n < spec->count; n++) {
		struct cmwq_synth_item *it = kzalloc(sizeof(*it), GFP_KERNEL);

		if (!it)
			goto out;
		/*
		 * Two init sites, two lockdep classes: one class held in
		 * softirq by BH items and with softirqs on by the others
		 * would be an inconsistent lock to lockdep.
		 */
		if (READ_ONCE(wq->flags) & CMWQ_BH)
			CMWQ_INIT_DELAYED_WORK(&it->dwork, synth_fn);
		else
			CMWQ_INIT_DELAYED_WORK(&it->dwork, synth_fn);
		it->tag = tag;
		it->wq = wq;
		it->spin_us = spec->spin_us;
		it->sleep_us = spec->sleep_us;
		it->spin_after_us = spec->spin_after_us;
		it->hold_lock = spec->hold_lock;
		it->wake_tag = wake_tag;
		it->state = CMWQ_SYNTH_PENDING;
		batch[n] = it;
	}

	/* The CPUs picked stay online until their items are queued. */
	cpus_read_lock();
	for (i = 0; i < n; i++) {
		ret = pick_cpu(spec, i);
		if (ret < 0) {
			cpus_read_unlock();
			goto out;
		}
		batch[i]->cpu = ret;
	}

	/* A new batch sleeps again, until the next "wake". */
	WRITE_ONCE(tag->awake, false);
	/* On the tag's list before queueing: the function takes it off. */
	spin_lock_irq(&tag->lock);
	for (i = 0; i < n; i++) {
		list_add_tail(&batch[i]->node, &tag->items);
		batch[i]->seq = ++tag->next_seq;
	}
	tag->queued += n;
	tag->nr_pending += n;
	spin_unlock_irq(&tag->lock);

	for (i = 0; i < n; i++) {
		/* Hashed: on the local CPU's pwq, no delay (control.c). */
		if (spec->hashed) {
			if (!cmwq_queue_work_hashed(wq, &batch[i]->dwork.work,
						    spec->hash_key))
				break;
		} else if (spec->class) {
			/* Classed: no delay either (control.c). */
			if (!cmwq_queue_work_class_on(batch[i]->cpu, wq,
						      &batch[i]->dwork.work,
						      spec->class))
				break;
		} else if (!cmwq_queue_delayed_work_on(batch[i]->cpu, wq,
						       &batch[i]->dwork,
						       spec->delay)) {
			break;
		}
	}
	cpus_read_unlock();
	ret = 0;
	if (i < n) {
		/* Drained from outside: the rest never was queued. */
		ret = -EBUSY;
		spin_lock_irq(&tag->lock);
		tag->queued -= n - i;
		tag->nr_pending -= n - i;
		for (j = i; j < n; j++)
			list_del(&batch[j]->node);
		spin_unlock_irq(&tag->lock);
		unaccount = n - i;
		/* Free only what never was queued: the rest is the engine's. */
		memmove(batch, batch + i, (n - i) * sizeof(*batch));
		n -= i;
	} else {
		unaccount = 0;
		n = 0;
	}

out:
	while (n--)
		kfree(batch[n]);
	kfree(batch);
	atomic_sub(unaccount, &cmwq_synth_live);
	if (created && !tag->queued)
		tag_forget(tag);
	return ret;
}

/*
 * Cancel the items of @tag that have not started, of every workqueue.
 * An item that cannot be taken back is about to run, and will.
 * Returns how many were cancelled.
 */
static int tag_cancel(struct cmwq_synth_tag *tag)
{
	struct cmwq_synth_item *it, *tmp;
	int n = 0;

	spin_lock_irq(&tag->lock);
	list_for_each_entry_safe(it, tmp, &tag->items, node) {
		switch (it->state) {
		case CMWQ_SYNTH_DISABLED:
			/* Off every queue and timer, never to run. */
			break;
		case CMWQ_SYNTH_PENDING:
			/* True only if it was pending: then it will not run. */
			if (cmwq_cancel_delayed_work(&it->dwork))
				break;
			continue;
		default:
			continue;
		}
		item_cancelled(it);
		n++;
	}
	spin_unlock_irq(&tag->lock);
	return n;
}

/* Has every item of @tag left its list? */
static bool tag_idle(struct cmwq_synth_tag *tag)
{
	bool idle;

	spin_lock_irq(&tag->lock);
	idle = list_empty(&tag->items);
	spin_unlock_irq(&tag->lock);
	return idle;
}

/* Wait for @tag to become idle; a signal ends the wait with -EINTR. */
static int tag_wait_idle(struct cmwq_synth_tag *tag)
{
	if (wait_event_interruptible(tag->idle, tag_idle(tag)))
		return -EINTR;
	return 0;
}

/**
 * cmwq_synth_disable - disable or enable the items of a tag
 * @name: the tag
 * @disable: %true to disable, %false to enable
 *
 * Disabling takes pending items off their queue or timer and keeps them,
 * not cancelled, until they are enabled, which queues them again; running
 * ones finish, and so do those of a workqueue being destroyed. An enabled item whose workqueue refuses it (being drained)
 * is cancelled.
 *
 * Context: the control mutex held.
 * Return: the number of items cancelled that way, or -ENOENT without
 * such a tag.
 */
int cmwq_synth_disable(const char *name, bool disable)
{
	struct cmwq_synth_tag *tag = tag_find(name);
	struct cmwq_synth_item *it, *tmp;
	int refused = 0;

	if (!tag)
		return -ENOENT;
	spin_lock_irq(&tag->lock);
	list_for_each_entry_safe(it, tmp, &tag->items, node) {
		if (disable && it->state == CMWQ_SYNTH_PENDING) {
			/* Held back, it could be enabled onto a freed wq. */
			if (item_wq_dying(it))
				continue;
			if (cmwq_disable_delayed_work(&it->dwork)) {
				it->state = CMWQ_SYNTH_DISABLED;
				continue;
			}
			/* No longer pending: about to run. Let it. */
			cmwq_enable_delayed_work(&it->dwork);
		} else if (!disable && it->state == CMWQ_SYNTH_DISABLED) {
			cmwq_enable_delayed_work(&it->dwork);
			it->state = CMWQ_SYNTH_PENDING;
			if (cmwq_queue_work_on(it->cpu, it->wq, &it->dwork.work))
				continue;
			item_cancelled(it);
			refused++;
		}
	}
	spin_unlock_irq(&tag->lock);
	return refused;
}

static bool tag_has_disabled(struct cmwq_synth_tag *tag)
{
	struct cmwq_synth_item *it;
	bool ret = false;

	spin_lock_irq(&tag->lock);
	list_for_each_entry(it, &tag->items, node)
		ret |= it->state == CMWQ_SYNTH_DISABLED;
	spin_unlock_irq(&tag->lock);
	return ret;
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
 * @cancelled: how many were cancelled
 *
 * Wakes the tag's running items and waits for them to finish. If a
 * signal cuts the wait short, the cancellations stand and the running
 * items finish on their own.
 *
 * Context: the control mutex held; may sleep.
 * Return: 0, -ENOENT without such a tag, or -EINTR.
 */
int cmwq_synth_cancel(const char *name, int *cancelled)
{
	struct cmwq_synth_tag *tag = tag_find(name);

	*cancelled = 0;
	if (!tag)
		return -ENOENT;
	*cancelled = tag_cancel(tag);
	tag_wake(tag);
	return tag_wait_idle(tag);
}

struct synth_match {
	struct cmwq_synth_tag	*tag;
};

/*
 * Under a pool lock: pick @tag's items. A pending one (PENDING still set
 * under that lock) is about to be cancelled for sure: mark it so that
 * the caller frees it; a running one is only asked to stop. Synth items
 * are never requeued, so a running one is not pending as well.
 */
static bool synth_match_fn(struct cmwq_work *work, void *data)
{
	struct cmwq_synth_item *it = container_of(work, struct cmwq_synth_item,
						  dwork.work);
	struct synth_match *m = data;

	if (it->tag != m->tag)
		return false;
	if (cmwq_work_pending(work))
		it->matched = true;
	return true;
}

/**
 * cmwq_synth_cancel_match - cancel_match of a tag's items on one workqueue
 * @wq: the workqueue
 * @name: the tag
 * @res: what cmwq_cancel_work_match() found
 *
 * Items whose timer is still armed are not pending on @wq yet and are not
 * found. Running items are asked to stop: their spins end early.
 *
 * Context: the control mutex held; does not sleep.
 * Return: 0, or -ENOENT without such a tag.
 */
int cmwq_synth_cancel_match(struct cmwq_workqueue *wq, const char *name,
			    struct cmwq_cancel_match_result *res)
{
	struct cmwq_synth_tag *tag = tag_find(name);
	struct cmwq_synth_item *it, *tmp;
	struct synth_match m = { .tag = tag };

	if (!tag)
		return -ENOENT;
	/*
	 * tag->lock across it: a picked item cannot start meanwhile (its
	 * function takes the lock first), and tag_cancel() nests the pool
	 * locks inside it the same way.
	 */
	spin_lock_irq(&tag->lock);
	cmwq_cancel_work_match(wq, synth_match_fn, &m, res);
	list_for_each_entry_safe(it, tmp, &tag->items, node)
		if (it->matched)
			item_cancelled(it);
	spin_unlock_irq(&tag->lock);
	return 0;
}

/*
 * Cut the delays of @tag's armed items short (of @wq only, unless NULL):
 * each is queued now, as flush_delayed_work does. On return no item of
 * them has its timer armed or firing.
 */
static void tag_kick_timers(struct cmwq_synth_tag *tag,
			    struct cmwq_workqueue *wq)
{
	struct cmwq_synth_item *it;

	spin_lock_irq(&tag->lock);
	list_for_each_entry(it, &tag->items, node)
		if (it->state == CMWQ_SYNTH_PENDING && (!wq || it->wq == wq))
			cmwq_delayed_work_kick(&it->dwork);
	spin_unlock_irq(&tag->lock);
}

/* Cancel @tag's disabled items of @wq; true if @tag has items of @wq left. */
static bool tag_drop_disabled(struct cmwq_synth_tag *tag,
			      struct cmwq_workqueue *wq)
{
	struct cmwq_synth_item *it, *tmp;
	bool left = false;

	spin_lock_irq(&tag->lock);
	list_for_each_entry_safe(it, tmp, &tag->items, node) {
		if (it->wq != wq)
			continue;
		if (it->state == CMWQ_SYNTH_DISABLED)
			item_cancelled(it);
		else
			left = true;
	}
	spin_unlock_irq(&tag->lock);
	return left;
}

/**
 * cmwq_synth_prepare_drain - get a workqueue's items ready for a drain
 * @wq: the workqueue, about to be drained
 * @destroy: it is about to be destroyed, not only drained
 *
 * The armed delays of @wq's items are cut short, so that the drain
 * finds them queued. Before a destroy, its disabled items are cancelled
 * (they could never run once @wq is gone) and the tags that still hold
 * items of @wq are woken, so long sleepers do not hold the destroy up.
 * Afterwards every item of @wq is queued or running, and only the control
 * file queues on it.
 *
 * Context: the control mutex held; may sleep.
 */
void cmwq_synth_prepare_drain(struct cmwq_workqueue *wq, bool destroy)
{
	struct cmwq_synth_tag *tag;

	list_for_each_entry(tag, &cmwq_synth_tags, node) {
		tag_kick_timers(tag, wq);
		if (destroy && tag_drop_disabled(tag, wq))
			tag_wake(tag);
	}
}

/**
 * cmwq_synth_flush - wait until every item of a tag has completed
 * @name: the tag
 *
 * Armed delays are cut short. The wait can be interrupted by a signal.
 *
 * Context: the control mutex held; may sleep.
 * Return: 0, -ENOENT without such a tag, -EBUSY if some of its items are
 * disabled (they would never complete), or -EINTR.
 */
int cmwq_synth_flush(const char *name)
{
	struct cmwq_synth_tag *tag = tag_find(name);

	if (!tag)
		return -ENOENT;
	if (tag_has_disabled(tag))
		return -EBUSY;
	tag_kick_timers(tag, NULL);
	return tag_wait_idle(tag);
}

/* " <µs>" of a ktime_get_ns() stamp, " -" for none. */
static void show_us(struct seq_file *m, u64 ns)
{
	if (ns)
		seq_printf(m, " %llu", div_u64(ns, NSEC_PER_USEC));
	else
		seq_puts(m, " -");
}

/**
 * cmwq_synth_show - one line per tag, for the debugfs ``works`` file
 * @m: the seq_file
 *
 * Columns: tag queued started completed cancelled pending running
 * max_running out_of_order ran_on first_start_us last_end_us. pending and
 * running count the items in those states now, so queued = started +
 * cancelled + pending and running = started - completed hold in every
 * line, each line being one snapshot. out_of_order counts items that
 * started after an item queued later (in one tag), ran_on lists the CPUs
 * items started on ("-" for none). first_start_us and last_end_us are
 * when the tag's first item started and its last one ended, in µs of
 * ktime_get_ns() ("-" for none): the order of items of different tags,
 * as the module saw it.
 *
 * Context: process context; takes cmwq_synth_tags_mutex, not the control
 * mutex, so it never waits for a command.
 */
void cmwq_synth_show(struct seq_file *m)
{
	struct cmwq_synth_tag *tag;

	seq_puts(m, "tag queued started completed cancelled pending running max_running out_of_order ran_on first_start_us last_end_us\n");
	mutex_lock(&cmwq_synth_tags_mutex);
	list_for_each_entry(tag, &cmwq_synth_tags, node) {
		/* seq_printf() does not sleep: one consistent line. */
		spin_lock_irq(&tag->lock);
		seq_printf(m, "%s %llu %llu %llu %llu %llu %llu %llu %llu ",
			   tag->name, tag->queued, tag->started, tag->completed,
			   tag->cancelled, tag->nr_pending, tag->nr_running,
			   tag->max_running, tag->out_of_order);
		if (cpumask_empty(&tag->ran_on))
			seq_puts(m, "-");
		else
			seq_printf(m, "%*pbl", cpumask_pr_args(&tag->ran_on));
		show_us(m, tag->first_start_ns);
		show_us(m, tag->last_end_ns);
		seq_putc(m, '\n');
		spin_unlock_irq(&tag->lock);
	}
	mutex_unlock(&cmwq_synth_tags_mutex);
}

/**
 * cmwq_synth_cancel_all - cancel every item that has not started
 *
 * Of every tag and every workqueue, cmwq_system's included; the tags are
 * woken, so running items end soon. cmwq_synth_exit() waits for them.
 *
 * Context: module unload, the control file gone.
 */
void cmwq_synth_cancel_all(void)
{
	struct cmwq_synth_tag *tag;

	list_for_each_entry(tag, &cmwq_synth_tags, node) {
		tag_cancel(tag);
		tag_wake(tag);
	}
}

/**
 * cmwq_synth_exit - wait for every item, then free every tag
 *
 * Items not cancelled by cmwq_synth_cancel_all() are about to run or
 * running, woken: they finish soon, and no tag is freed before its last
 * item has left it.
 *
 * Context: module unload, after cmwq_synth_cancel_all(), before the
 * workqueues are destroyed.
 */
void cmwq_synth_exit(void)
{
	struct cmwq_synth_tag *tag, *tmp;

	list_for_each_entry(tag, &cmwq_synth_tags, node)
		wait_event(tag->idle, tag_idle(tag));
	mutex_lock(&cmwq_synth_tags_mutex);
	list_for_each_entry_safe(tag, tmp, &cmwq_synth_tags, node) {
		list_del(&tag->node);
		kfree(tag);
	}
	cmwq_synth_nr_tags = 0;
	mutex_unlock(&cmwq_synth_tags_mutex);
}
