// SPDX-License-Identifier: GPL-2.0
/*
 * Lockdep maps for workqueues and work items, so that lockdep sees waiting
 * for work as taking a lock.
 *
 * Each workqueue and each work item has a struct lockdep_map. A worker
 * "acquires" the workqueue's map, then the work's, around the work's
 * function; whoever waits for that work or workqueue acquires and at once
 * releases the same map ("touches" it). Lockdep then records the locks
 * the function takes as taken inside the map, and the locks held by a
 * waiter as taken outside it, and reports the cycles that are deadlocks:
 *
 *   - a work that flushes its own workqueue (recursive locking on the map);
 *   - a lock held across flush_work(), cancel_work_sync(), flush_workqueue()
 *     or destroy that the work, or a work of that workqueue, takes too
 *     (circular dependency through the map).
 *
 * Classes: each workqueue is a class of its own, with a key registered
 * when it is created, so that two workqueues made by one helper are not
 * mistaken for one (a work of one may flush the other). Each work item
 * init site (CMWQ_INIT_WORK(), cmwq_work_on_cpu()) has a static key, so
 * that items of one kind share what lockdep learns about them.
 *
 * The rules of when to touch follow the kernel's workqueue: a work's map
 * only when it is actually pending or running (flushing or cancelling an
 * idle work waits for nothing); the workqueue's map on flush_work() only
 * where that can deadlock through the workqueue itself (max_active 1, or a
 * rescuer that might be the only one to run both works), and never from a
 * cancel, whose work either had not started or runs ahead of everything
 * else of the workqueue. Built only with CONFIG_LOCKDEP; lockdep.h has
 * empty stand-ins otherwise.
 */
#include <linux/bottom_half.h>
#include <linux/lockdep.h>
#include <linux/string.h>

#include "internal.h"

/**
 * cmwq_lockdep_wq_init - give a new workqueue its lock class
 * @wq: the workqueue, its name set
 *
 * Context: process context.
 */
void cmwq_lockdep_wq_init(struct cmwq_workqueue *wq)
{
	lockdep_register_key(&wq->lockdep_key);
	/* lockdep keeps the pointer: the name lives as long as the key. */
	snprintf(wq->lockdep_name, sizeof(wq->lockdep_name),
		 "(cmwq_wq_completion)%s", wq->name);
	lockdep_init_map(&wq->lockdep_map, wq->lockdep_name,
			 &wq->lockdep_key, 0);
}

/**
 * cmwq_lockdep_wq_exit - forget a workqueue's lock class
 * @wq: the workqueue, about to be freed; nothing runs on it any more
 *
 * Context: process context, may sleep (waits for an RCU grace period).
 */
void cmwq_lockdep_wq_exit(struct cmwq_workqueue *wq)
{
	/*
	 * It waits for an RCU grace period: flushers that touch our map under
	 * rcu_read_lock() after their work ended are done with it before the
	 * workqueue is freed (flush.c).
	 */
	lockdep_unregister_key(&wq->lockdep_key);
}

/**
 * cmwq_lockdep_run_begin - a worker is about to run a work's function
 * @run: the worker's copy of the work's map, on its stack
 * @wq: the workqueue the work runs for
 * @work: the work
 *
 * The function may free @work, so the work's map is copied first and the
 * copy is what stays "held" until cmwq_lockdep_run_end().
 *
 * Context: a worker, pool->lock not held (no lock may be recorded as taken
 * outside the maps).
 */
void cmwq_lockdep_run_begin(struct cmwq_lockdep_run *run,
			    struct cmwq_workqueue *wq, struct cmwq_work *work)
{
	lockdep_copy_map(&run->work_map, &work->lockdep_map);
	lock_map_acquire(&wq->lockdep_map);
	lock_map_acquire(&run->work_map);
}

/**
 * cmwq_lockdep_run_end - the work's function returned
 * @run: what cmwq_lockdep_run_begin() filled in
 * @wq: the workqueue the work ran for
 *
 * Context: a worker, before it checks for leaked locks.
 */
void cmwq_lockdep_run_end(struct cmwq_lockdep_run *run,
			  struct cmwq_workqueue *wq)
{
	lock_map_release(&run->work_map);
	lock_map_release(&wq->lockdep_map);
}

/**
 * cmwq_lockdep_flush_wq - about to wait for works of a workqueue
 * @wq: the workqueue being flushed, drained or destroyed
 *
 * Context: process context, before waiting.
 */
/*
 * A BH workqueue's maps are held in softirq while its works run: touched
 * with softirqs on, lockdep would call them softirq-unsafe locks taken in
 * softirq. So they are touched with softirqs off, as upstream does.
 */
static void touch_map(struct lockdep_map *map, struct cmwq_workqueue *wq)
{
	bool bh = READ_ONCE(wq->flags) & CMWQ_BH;

	if (bh)
		local_bh_disable();
	lock_map_acquire(map);
	lock_map_release(map);
	if (bh)
		local_bh_enable();
}

void cmwq_lockdep_flush_wq(struct cmwq_workqueue *wq)
{
	touch_map(&wq->lockdep_map, wq);
}

/**
 * cmwq_lockdep_flush_work - about to wait for one pending or running work
 * @work: the work, a waiter hung on it
 * @wq: the workqueue it is queued on or running for
 * @from_cancel: the wait is cancel's (or disable's), not flush_work()'s
 *
 * Context: process context, after the waiter is hung on @work and before
 * waiting; under rcu_read_lock(), which keeps @wq (see wq_exit below).
 */
void cmwq_lockdep_flush_work(struct cmwq_work *work,
			     struct cmwq_workqueue *wq, bool from_cancel)
{
	touch_map(&work->lockdep_map, wq);
	/*
	 * With one work at a time, the work we wait for may be queued behind
	 * the one we run in; with a rescuer, the rescuer may be the only one
	 * left to run both. Either way a wait from inside the workqueue can
	 * deadlock on the workqueue itself. A cancelled work instead had not
	 * started (no wait) or is the one running (nothing ahead of it).
	 */
	if (!from_cancel && (READ_ONCE(wq->saved_max_active) == 1 ||
			     READ_ONCE(wq->rescuer)))
		cmwq_lockdep_flush_wq(wq);
}
