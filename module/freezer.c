// SPDX-License-Identifier: GPL-2.0
/*
 * Freezable workqueues: system suspend and hibernation pause them.
 *
 * Freezing gives every pwq of a CMWQ_FREEZABLE workqueue max_active 0:
 * works queued from then on, and those already waiting, stay on the
 * inactive lists; works already active run to their end. Once none is
 * active the workqueues are frozen. Thawing gives the pwqs their
 * max_active back and the waiting works start, oldest first. Nothing is
 * dropped: a frozen work runs after the thaw, or is cancelled.
 *
 * Upstream's PM core calls freeze_workqueues_begin() between freezing
 * user space and kernel threads. A module cannot be called there; the PM
 * notifier chain is the nearest hook: PM_SUSPEND_PREPARE and
 * PM_HIBERNATION_PREPARE run before any task is frozen, PM_POST_* after
 * every task is thawed. So cmwq freezes a little earlier and thaws a
 * little later than the kernel's workqueues do. Freezing waits for the
 * active works as long as upstream's freezer waits for tasks (20 s), then
 * gives up and fails the suspend with -EBUSY, as a task that does not
 * freeze fails it.
 *
 * Locking: the state is written under cmwq_pool_mutex, and each
 * workqueue's pwqs are changed under its wq->mutex, taken inside it.
 * Code that installs a pwq holds wq->mutex and reads the state through
 * cmwq_wq_pwq_max_active(): either it runs before the freeze reaches its
 * workqueue, which then sees the new pwq, or after, and reads "freezing".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/suspend.h>

#include "internal.h"

/* Upstream's freeze_timeout_msecs */
#define CMWQ_FREEZE_TIMEOUT_MS	20000
/* How often freezing looks again for active works. */
#define CMWQ_FREEZE_POLL_MS	10

enum cmwq_freeze_state {
	CMWQ_THAWED,
	CMWQ_FREEZING,		/* max_active 0, works still active */
	CMWQ_FROZEN,		/* no work of a freezable workqueue active */
};

static const char * const state_names[] = {
	[CMWQ_THAWED]	= "thawed",
	[CMWQ_FREEZING]	= "freezing",
	[CMWQ_FROZEN]	= "frozen",
};

/*
 * Written under cmwq_pool_mutex. Read without it by
 * cmwq_wq_pwq_max_active() (under wq->mutex, see the top comment) and by
 * cmwq_system_frozen(), which only counts: READ_ONCE() there, one read
 * per decision.
 */
static enum cmwq_freeze_state freeze_state;

/* What the freezer file shows; under cmwq_pool_mutex. */
static struct {
	u64	cycles;		/* freezes that reached "frozen" */
	u64	aborted;	/* freezes given up with -EBUSY */
	u64	held;		/* works that waited for a thaw, in all */
	u64	last_held;	/* ... for the latest thaw */
	u64	last_frozen_ms;	/* how long the latest freeze held */
	ktime_t	frozen_at;
} freezer;

/**
 * cmwq_freezing - is a freeze in effect (freezing or frozen)?
 *
 * Return: %true from cmwq_freeze_workqueues_begin() to the thaw.
 */
bool cmwq_freezing(void)
{
	return READ_ONCE(freeze_state) != CMWQ_THAWED;
}

/**
 * cmwq_system_frozen - are freezable workqueues frozen?
 *
 * For the started_frozen count of every pwq: a freezable workqueue's
 * stays 0, the others' show what ran while the system slept.
 *
 * Return: %true while frozen.
 */
bool cmwq_system_frozen(void)
{
	return READ_ONCE(freeze_state) == CMWQ_FROZEN;
}

/* Apply the current state to every freezable workqueue. */
static void apply_to_freezable(void)
{
	struct cmwq_workqueue *wq;

	lockdep_assert_held(&cmwq_pool_mutex);
	list_for_each_entry(wq, &cmwq_workqueues, list) {
		if (!(wq->flags & CMWQ_FREEZABLE))
			continue;
		mutex_lock(&wq->mutex);
		cmwq_wq_apply_max_active(wq);
		mutex_unlock(&wq->mutex);
	}
}

/**
 * cmwq_freeze_workqueues_begin - stop starting works of freezable ones
 *
 * Their active works go on; cmwq_freeze_workqueues_busy() says when they
 * are done.
 *
 * Context: process context, may sleep.
 * Return: 0, or -EBUSY (nothing changed) if a freeze is already in effect.
 */
int cmwq_freeze_workqueues_begin(void)
{
	mutex_lock(&cmwq_pool_mutex);
	if (freeze_state != CMWQ_THAWED) {
		mutex_unlock(&cmwq_pool_mutex);
		pr_warn("freeze_workqueues_begin: already %s\n",
			state_names[freeze_state]);
		return -EBUSY;
	}
	WRITE_ONCE(freeze_state, CMWQ_FREEZING);
	apply_to_freezable();
	mutex_unlock(&cmwq_pool_mutex);
	return 0;
}
EXPORT_SYMBOL_GPL(cmwq_freeze_workqueues_begin);

/*
 * The works of freezable workqueues: active ones, or with @held the
 * inactive ones a thaw lets start. @first, if not NULL, gets the first
 * workqueue that has any.
 */
static u64 count_freezable(bool held, struct cmwq_workqueue **first)
{
	struct cmwq_workqueue *wq;
	struct cmwq_pwq *pwq;
	struct cmwq_work *work;
	u64 total = 0, n;

	lockdep_assert_held(&cmwq_pool_mutex);
	list_for_each_entry(wq, &cmwq_workqueues, list) {
		if (!(wq->flags & CMWQ_FREEZABLE))
			continue;
		n = 0;
		mutex_lock(&wq->mutex);
		list_for_each_entry(pwq, &wq->pwqs, pwqs_node) {
			raw_spin_lock_irq(&pwq->pool->lock);
			if (held)
				list_for_each_entry(work, &pwq->inactive_works,
						    entry)
					n++;
			else
				n += pwq->nr_active;
			raw_spin_unlock_irq(&pwq->pool->lock);
		}
		mutex_unlock(&wq->mutex);
		if (n && first && !*first)
			*first = wq;
		total += n;
	}
	return total;
}

/**
 * cmwq_freeze_workqueues_busy - do freezable workqueues still run works?
 *
 * The first call that finds none active makes the freeze complete:
 * frozen, until cmwq_thaw_workqueues().
 *
 * Context: process context, may sleep.
 * Return: %true while a work of a freezable workqueue is active; %false
 * once frozen, and when no freeze was begun.
 */
bool cmwq_freeze_workqueues_busy(void)
{
	bool busy = false;

	mutex_lock(&cmwq_pool_mutex);
	if (freeze_state == CMWQ_FREEZING) {
		busy = count_freezable(false, NULL) > 0;
		if (!busy) {
			WRITE_ONCE(freeze_state, CMWQ_FROZEN);
			freezer.cycles++;
			freezer.frozen_at = ktime_get();
		}
	}
	mutex_unlock(&cmwq_pool_mutex);
	return busy;
}
EXPORT_SYMBOL_GPL(cmwq_freeze_workqueues_busy);

/**
 * cmwq_thaw_workqueues - let freezable workqueues start their works again
 *
 * Ends a freeze, complete or not; without one it does nothing.
 *
 * Context: process context, may sleep.
 */
void cmwq_thaw_workqueues(void)
{
	mutex_lock(&cmwq_pool_mutex);
	if (freeze_state == CMWQ_THAWED)
		goto out;
	if (freeze_state == CMWQ_FROZEN) {
		freezer.last_held = count_freezable(true, NULL);
		freezer.held += freezer.last_held;
		freezer.last_frozen_ms =
			ktime_ms_delta(ktime_get(), freezer.frozen_at);
	}
	WRITE_ONCE(freeze_state, CMWQ_THAWED);
	apply_to_freezable();
out:
	mutex_unlock(&cmwq_pool_mutex);
}
EXPORT_SYMBOL_GPL(cmwq_thaw_workqueues);

/* Freeze, and wait for the active works; -EBUSY if they do not end. */
static int freeze_for_sleep(void)
{
	struct cmwq_workqueue *wq = NULL;
	unsigned long deadline;
	int ret;

	ret = cmwq_freeze_workqueues_begin();
	if (ret)
		return ret;
	deadline = jiffies + msecs_to_jiffies(CMWQ_FREEZE_TIMEOUT_MS);
	while (cmwq_freeze_workqueues_busy()) {
		if (time_after(jiffies, deadline))
			goto busy;
		msleep(CMWQ_FREEZE_POLL_MS);
	}
	return 0;

busy:
	mutex_lock(&cmwq_pool_mutex);
	count_freezable(false, &wq);
	pr_err("freezing workqueues failed after %u ms: %s still runs works\n",
	       CMWQ_FREEZE_TIMEOUT_MS, wq ? wq->name : "?");
	freezer.aborted++;
	mutex_unlock(&cmwq_pool_mutex);
	cmwq_show_freezable_workqueues();
	cmwq_thaw_workqueues();
	return -EBUSY;
}

static int cmwq_pm_notify(struct notifier_block *nb, unsigned long action,
			  void *data)
{
	switch (action) {
	case PM_SUSPEND_PREPARE:
	case PM_HIBERNATION_PREPARE:
	case PM_RESTORE_PREPARE:
		/* A failed prepare gets no POST from the chain: thawed here. */
		return notifier_from_errno(freeze_for_sleep());
	case PM_POST_SUSPEND:
	case PM_POST_HIBERNATION:
	case PM_POST_RESTORE:
		cmwq_thaw_workqueues();
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block cmwq_pm_nb = {
	.notifier_call = cmwq_pm_notify,
};

/**
 * cmwq_freezer_show - the freezer file: state and counts
 * @m: its seq_file
 *
 * Context: process context; takes cmwq_pool_mutex.
 */
void cmwq_freezer_show(struct seq_file *m)
{
	mutex_lock(&cmwq_pool_mutex);
	seq_printf(m, "state %s\n", state_names[freeze_state]);
	seq_printf(m, "cycles %llu\n", freezer.cycles);
	seq_printf(m, "aborted %llu\n", freezer.aborted);
	seq_printf(m, "held %llu\n", freezer.held);
	seq_printf(m, "last_held %llu\n", freezer.last_held);
	seq_printf(m, "last_frozen_ms %llu\n", freezer.last_frozen_ms);
	mutex_unlock(&cmwq_pool_mutex);
}

/**
 * cmwq_freezer_init - follow system suspend and hibernation
 *
 * Context: module load.
 * Return: 0 or a negative errno.
 */
int cmwq_freezer_init(void)
{
	return register_pm_notifier(&cmwq_pm_nb);
}

/**
 * cmwq_freezer_exit - stop following them; thaw what a caller left frozen
 *
 * Context: module unload.
 */
void cmwq_freezer_exit(void)
{
	unregister_pm_notifier(&cmwq_pm_nb);
	cmwq_thaw_workqueues();
}
