// SPDX-License-Identifier: GPL-2.0
/*
 * Work items: what work->data says, queueing on a pool_workqueue with
 * max_active and the inactive list, delayed work, and taking a work back
 * (cancel, disable, enable).
 *
 * Ownership of a work item is the PENDING bit: whoever sets it queues the
 * work; whoever grabs it back while it is set (try_to_grab_pending) may
 * requeue or drop it. While the work is on a pwq's list, data points to the
 * pwq and its colour; off the lists, data holds the pool it last ran on
 * (for non-reentrancy and flush_work) and the disable count.
 */
#include <linux/irqflags.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/smp.h>

#include "internal.h"
#include "trace.h"

#define CMWQ_OFFQ_DISABLE_MASK \
	(((1UL << CMWQ_OFFQ_DISABLE_BITS) - 1) << CMWQ_OFFQ_DISABLE_SHIFT)

static unsigned long *cmwq_data_bits(struct cmwq_work *work)
{
	return (unsigned long *)&work->data;
}

static unsigned long cmwq_data(struct cmwq_work *work)
{
	return atomic_long_read(&work->data);
}

static void cmwq_set_data(struct cmwq_work *work, unsigned long data)
{
	atomic_long_set(&work->data, data);
}

static unsigned long work_color_to_flags(int color)
{
	return (unsigned long)color << CMWQ_WORK_COLOR_SHIFT;
}

static unsigned int offq_disable(unsigned long data)
{
	return (data & CMWQ_OFFQ_DISABLE_MASK) >> CMWQ_OFFQ_DISABLE_SHIFT;
}

/*
 * Point @work at @pwq; the caller owns PENDING and holds pwq->pool->lock.
 *
 * Ordering: lockless readers (flush, cancel, busy) use a read of data only
 * to choose which pool lock to take, and decide on a second read under
 * that lock; this store and the list insertion are made under the same
 * lock, so the lock orders them for every reader that decides.
 */
void cmwq_set_work_pwq(struct cmwq_work *work, struct cmwq_pwq *pwq,
		       unsigned long extra_flags)
{
	cmwq_set_data(work, (unsigned long)pwq | CMWQ_WORK_PENDING |
		      CMWQ_WORK_PWQ | extra_flags);
}

/* Off queue, PENDING kept: the grabber still owns the work. */
static void set_work_pool_and_keep_pending(struct cmwq_work *work,
					   unsigned long pool_id,
					   unsigned long offq)
{
	cmwq_set_data(work, ((unsigned long)pool_id << CMWQ_OFFQ_POOL_SHIFT) |
		      offq | CMWQ_WORK_PENDING);
}

/**
 * cmwq_set_work_pool_and_clear_pending - release a work item
 * @work: the work item
 * @pool_id: the pool it was last on
 * @offq_flags: the disable count to keep, already shifted
 *
 * Once PENDING is clear another CPU may queue @work again.
 *
 * Ordering: the smp_wmb() makes the stores before the release (the
 * grabber's or the queuer's) visible before PENDING is seen clear. The
 * smp_mb() after it pairs with the full barrier of the next queuer's
 * test_and_set_bit(PENDING): when a worker releases a work and then runs
 * its function, either the queuer sees PENDING clear and queues a new
 * run, or its test_and_set_bit() fails and the running function's loads
 * see everything the queuer stored before queueing. Nothing that queues
 * is ever lost between "already pending" and "already running".
 *
 * Context: any; the caller owns PENDING (or the pool lock of the list the
 * work is on).
 */
void cmwq_set_work_pool_and_clear_pending(struct cmwq_work *work,
					  unsigned long pool_id,
					  unsigned long offq_flags)
{
	smp_wmb(); /* earlier stores before PENDING is seen clear */
	cmwq_set_data(work, ((unsigned long)pool_id << CMWQ_OFFQ_POOL_SHIFT) |
		      offq_flags);
	smp_mb(); /* pairs with the next queuer's test_and_set_bit() */
}

/*
 * Readers of work->data that do not own the work (flush, cancel, busy,
 * queueing behind a running instance) race with its owner switching it
 * between "on a pwq" and "off queue". Each decision is therefore taken on
 * one read of the word, decoded by the two helpers below, never on a
 * second read: a second read may already see the other form, whose low
 * bits are not a pointer.
 */

/* The pool a value of work->data names: the pwq's, or the last one. */
static struct cmwq_pool *data_pool(unsigned long data)
{
	struct cmwq_pwq *pwq = cmwq_data_pwq(data);
	unsigned long pool_id;

	if (pwq)
		return pwq->pool;
	pool_id = data >> CMWQ_OFFQ_POOL_SHIFT;
	if (pool_id == CMWQ_OFFQ_POOL_NONE)
		return NULL;
	return idr_find(&cmwq_pool_idr, pool_id);
}

/**
 * cmwq_get_work_pool - the pool a work item is queued on or last ran on
 * @work: the work item
 *
 * Reads work->data once. A pwq it names stays valid as long as its
 * workqueue (the caller's to keep alive); per-CPU pools live as long as
 * the module.
 *
 * Context: any; RCU read lock for the pool ID lookup.
 * Return: the pool, or %NULL if @work never ran.
 */
struct cmwq_pool *cmwq_get_work_pool(struct cmwq_work *work)
{
	return data_pool(cmwq_data(work));
}

/**
 * cmwq_get_pwq - take a reference on a pwq
 * @pwq: the pwq
 *
 * Context: pwq->pool->lock held.
 */
void cmwq_get_pwq(struct cmwq_pwq *pwq)
{
	lockdep_assert_held(&pwq->pool->lock);
	WARN_ON_ONCE(pwq->refcnt <= 0);
	pwq->refcnt++;
}

/**
 * cmwq_put_pwq - drop a reference on a pwq
 * @pwq: the pwq
 *
 * Per-CPU pwqs keep their base reference until their workqueue goes away,
 * so their count never reaches zero here; an unbound pwq that lost its
 * base reference (replaced, or its workqueue destroyed) is released with
 * the last one.
 *
 * Context: pwq->pool->lock held.
 */
void cmwq_put_pwq(struct cmwq_pwq *pwq)
{
	lockdep_assert_held(&pwq->pool->lock);
	if (likely(--pwq->refcnt))
		return;
	if (WARN_ON_ONCE(!(pwq->pool->flags & CMWQ_POOL_UNBOUND)))
		return;
	cmwq_pwq_release(pwq);
}

/**
 * cmwq_insert_work - put a work item on a list of a pwq's pool
 * @pwq: the pwq
 * @work: the work item, PENDING owned by the caller
 * @head: where to insert it (before @head)
 * @extra_flags: colour and INACTIVE flags for work->data
 *
 * Context: pwq->pool->lock held.
 */
void cmwq_insert_work(struct cmwq_pwq *pwq, struct cmwq_work *work,
		      struct list_head *head, unsigned long extra_flags)
{
	cmwq_set_work_pwq(work, pwq, extra_flags);
	list_add_tail(&work->entry, head);
	cmwq_get_pwq(pwq);
}

/* Move an inactive work, counted active already, to the worklist. */
static void pwq_activate_work(struct cmwq_pwq *pwq, struct cmwq_work *work)
{
	struct cmwq_pool *pool = pwq->pool;

	trace_cmwq_activate_work(work);
	if (list_empty(&pool->worklist))
		pool->watchdog_ts = jiffies;
	list_move_tail(&work->entry, &pool->worklist);
	__clear_bit(CMWQ_WORK_INACTIVE_BIT, cmwq_data_bits(work));
}

/**
 * cmwq_pwq_activate_inactive - activate the oldest inactive work, if allowed
 * @pwq: the pwq
 * @claim: how it asks for the slot (CMWQ_CLAIM_QUEUED but from kick_work)
 *
 * Context: pwq->pool->lock held.
 * Return: %true if a work was activated; %false if there is none, or no
 * slot for it (max_active, or the node's share: nr_active.c).
 */
bool cmwq_pwq_activate_inactive(struct cmwq_pwq *pwq,
				enum cmwq_slot_claim claim)
{
	if (list_empty(&pwq->inactive_works) ||
	    !cmwq_pwq_tryinc_active(pwq, claim))
		return false;
	pwq_activate_work(pwq, list_first_entry(&pwq->inactive_works,
						struct cmwq_work, entry));
	return true;
}

/**
 * cmwq_pwq_dec_nr_in_flight - a work item left a pwq
 * @pwq: the pwq
 * @work_data: the work's data when it left (colour, INACTIVE)
 *
 * Frees an active slot for the next inactive work, and completes the
 * pwq's part of a flush when this was the last work of the colour being
 * flushed. Drops the work's pwq reference.
 *
 * Context: pwq->pool->lock held.
 */
void cmwq_pwq_dec_nr_in_flight(struct cmwq_pwq *pwq, unsigned long work_data)
{
	int color = cmwq_work_color(work_data);

	if (!(work_data & CMWQ_WORK_INACTIVE))
		cmwq_pwq_dec_active(pwq);

	pwq->nr_in_flight[color]--;
	if (pwq->flush_color == color && !pwq->nr_in_flight[color]) {
		pwq->flush_color = -1;
		/* The last pwq of this flush wakes the first flusher. */
		if (atomic_dec_and_test(&pwq->wq->nr_pwqs_to_flush))
			complete(&pwq->wq->first_flusher->done);
	}
	cmwq_put_pwq(pwq);
}

/*
 * Is current a worker of @wq, queueing its own next work (chaining)? A BH
 * work chains from its softirq, on its CPU's BH worker.
 */
static bool is_chained_work(struct cmwq_workqueue *wq)
{
	struct cmwq_worker *worker = cmwq_current_worker() ?:
				     cmwq_bh_current_worker();

	return worker && worker->current_pwq && worker->current_pwq->wq == wq;
}

/*
 * Give PENDING back without queueing, keeping the off-queue @data the
 * caller read. It owns PENDING, so nobody else changes the word meanwhile.
 */
static void release_pending(struct cmwq_work *work, unsigned long data)
{
	cmwq_set_work_pool_and_clear_pending(work,
		data >> CMWQ_OFFQ_POOL_SHIFT, data & CMWQ_OFFQ_DISABLE_MASK);
}

/*
 * cmwq_queue_refused() (internal.h) of a workqueue that is draining or
 * being destroyed: @flags is the one read of wq->flags it decided on.
 */
bool __cmwq_queue_refused(struct cmwq_workqueue *wq, enum cmwq_queuer who,
			  unsigned int flags)
{
	/* Chains end by themselves: a drain or destroy waits for them. */
	if (is_chained_work(wq))
		return false;
	/*
	 * A delayed work armed before the drain is queued when its timer
	 * fires, and drained: dropping it would lose it. Once the workqueue
	 * is being destroyed, an armed timer is the caller's bug.
	 */
	return who != CMWQ_QUEUER_TIMER || (flags & __CMWQ_DESTROYING);
}

/*
 * __cmwq_queue_work(); with @hnew the head of a new hashed key, with
 * @class a work of that class (work_class.c). Never both.
 */
static int queue_work_pwq(int cpu, struct cmwq_workqueue *wq,
			  struct cmwq_work *work, enum cmwq_queuer who,
			  struct cmwq_hash_key *hnew,
			  enum cmwq_work_class class)
{
	struct cmwq_pool *last_pool, *pool;
	struct cmwq_pwq *pwq;
	struct list_head *worklist;
	unsigned long flags, extra;

	lockdep_assert_irqs_disabled();

	if (unlikely(cmwq_queue_refused(wq, who))) {
		pr_warn_ratelimited("cmwq: %s is being %s: %ps not queued\n",
				    wq->name,
				    READ_ONCE(wq->flags) & __CMWQ_DESTROYING ?
				    "destroyed" : "drained", work->func);
		release_pending(work, cmwq_data(work));
		return 0;
	}

	if (cpu == CMWQ_CPU_UNBOUND)
		cpu = raw_smp_processor_id();
	/* Slots and unbound pwqs: see the ordering rules in unbound.c. */
	rcu_read_lock();
retry:
	pwq = rcu_dereference(wq->cpu_pwqs[cpu]);
	pool = pwq->pool;

	/*
	 * Non-reentrancy: a work still running on another pool (queued there
	 * earlier) is queued behind itself on that pool's pwq instead. We own
	 * PENDING and the work is off queue, so its data is stable here.
	 */
	last_pool = cmwq_get_work_pool(work);
	/*
	 * Not for an ordered workqueue: its plugged newer pwq already waits
	 * for the older one, and a work requeued behind itself there would
	 * overtake works queued before it (upstream 74347be3edfd).
	 */
	if (last_pool && last_pool != pool &&
	    !(READ_ONCE(wq->flags) & __CMWQ_ORDERED)) {
		struct cmwq_worker *worker;

		raw_spin_lock(&last_pool->lock);
		worker = cmwq_find_worker_executing_work(last_pool, work);
		if (worker && worker->current_pwq->wq == wq) {
			pwq = worker->current_pwq;
			pool = last_pool;
		} else {
			raw_spin_unlock(&last_pool->lock);
			raw_spin_lock(&pool->lock);
		}
	} else {
		raw_spin_lock(&pool->lock);
	}
	/*
	 * An unbound pwq replaced since we read the slot, and already empty:
	 * the slot has its successor. (The running work's pwq found above
	 * holds a reference for that work.)
	 */
	if (unlikely(!pwq->refcnt)) {
		raw_spin_unlock(&pool->lock);
		/* Destroyed under us (the caller's bug): no slot will change. */
		if (WARN_ONCE(READ_ONCE(wq->flags) & __CMWQ_DESTROYING,
			      "cmwq: %ps queued on %s while it is destroyed\n",
			      work->func, wq->name)) {
			rcu_read_unlock();
			release_pending(work, cmwq_data(work));
			return 0;
		}
		cpu_relax();
		goto retry;
	}
	rcu_read_unlock();

	if (WARN_ON(!list_empty(&work->entry)))
		goto out;
	/*
	 * The first work of a hashed key: the key is busy from here, its
	 * later works parked on this pwq (hashed.c). Unless another CPU made
	 * it busy meanwhile: then this one is parked behind it instead.
	 */
	extra = 0;
	if (hnew) {
		if (!cmwq_hash_claim(pwq, work, hnew)) {
			raw_spin_unlock(&pool->lock);
			return -EAGAIN;
		}
		extra = CMWQ_WORK_HASHED;
	}
	trace_cmwq_queue_work(cpu, pwq, work);
	/* A class at its cap parks the work: it is queued, on no list. */
	if (class) {
		if (cmwq_class_claim(pwq, work, class))
			goto out;
		extra = cmwq_class_flags(class);
	}

	pwq->nr_in_flight[pwq->work_color]++;
	flags = work_color_to_flags(pwq->work_color) | extra;
	/* Behind inactive works, not ahead of them. */
	if (likely(list_empty(&pwq->inactive_works) &&
		   cmwq_pwq_tryinc_active(pwq, CMWQ_CLAIM_QUEUED))) {
		trace_cmwq_activate_work(work);
		worklist = &pool->worklist;
		if (list_empty(worklist))
			pool->watchdog_ts = jiffies;
	} else {
		flags |= CMWQ_WORK_INACTIVE;
		worklist = &pwq->inactive_works;
		/* Exported limit counter (cm_policy.c): max_active held it. */
		pwq->stats[CMWQ_PWQ_STAT_MAX_ACTIVE]++;
	}
	/* On a queue from here: freeing it now is a bug (debugobj.c). */
	cmwq_work_debug_activate(work);
	cmwq_insert_work(pwq, work, worklist, flags);
	/* Pairs with the barrier in the scheduler hooks: see sched_hooks.c. */
	smp_mb();
	if (cmwq_need_more_worker(pool))
		cmwq_wake_up_worker(pool);
out:
	raw_spin_unlock(&pool->lock);
	return 1;
}

/**
 * __cmwq_queue_work - queue a work item whose PENDING the caller owns
 * @cpu: the CPU, or %CMWQ_CPU_UNBOUND for the local one
 * @wq: the workqueue
 * @work: the work item
 * @who: %CMWQ_QUEUER_TIMER when the work's delay ran out (its timer fired
 *       or was cut short), %CMWQ_QUEUER_CALLER otherwise
 *
 * Context: IRQs disabled.
 * Return: %true if queued, %false if refused (@wq is being drained or
 * destroyed); PENDING is released then.
 */
bool __cmwq_queue_work(int cpu, struct cmwq_workqueue *wq,
		       struct cmwq_work *work, enum cmwq_queuer who)
{
	return queue_work_pwq(cpu, wq, work, who, NULL, CMWQ_CLASS_NONE) > 0;
}

/**
 * __cmwq_queue_work_hashed - queue a work item as the head of a new key
 * @cpu: the CPU, or %CMWQ_CPU_UNBOUND for the local one
 * @wq: the workqueue
 * @work: the work item, whose PENDING the caller owns
 * @hnew: the key's entry, its key set; registered by cmwq_hash_claim()
 *        under the pool lock of the pwq the work goes to
 *
 * Context: IRQs disabled.
 * Return: 1 if queued (@hnew is in use), 0 if refused (PENDING released),
 * -EAGAIN if the key became busy meanwhile (nothing done: park instead).
 */
int __cmwq_queue_work_hashed(int cpu, struct cmwq_workqueue *wq,
			     struct cmwq_work *work,
			     struct cmwq_hash_key *hnew)
{
	return queue_work_pwq(cpu, wq, work, CMWQ_QUEUER_CALLER, hnew,
			      CMWQ_CLASS_NONE);
}

/**
 * __cmwq_queue_work_class - queue a work item of a work class
 * @cpu: the CPU, or %CMWQ_CPU_UNBOUND for the local one
 * @wq: the workqueue
 * @work: the work item, whose PENDING the caller owns
 * @class: its class: takes a slot of the pool's cap, or parks
 *
 * Context: IRQs disabled.
 * Return: %true if queued or parked, %false if refused (PENDING released).
 */
bool __cmwq_queue_work_class(int cpu, struct cmwq_workqueue *wq,
			     struct cmwq_work *work,
			     enum cmwq_work_class class)
{
	return queue_work_pwq(cpu, wq, work, CMWQ_QUEUER_CALLER, NULL,
			      class) > 0;
}

/**
 * cmwq_clear_pending_if_disabled - refuse to queue a disabled work
 * @work: the work item, whose PENDING the caller just took
 *
 * Context: any; the caller owns PENDING.
 * Return: %true if @work is disabled and PENDING was given back.
 */
bool cmwq_clear_pending_if_disabled(struct cmwq_work *work)
{
	unsigned long data = cmwq_data(work);

	if (likely(!offq_disable(data)))
		return false;
	release_pending(work, data);
	return true;
}

static __always_inline int check_cpu(int cpu)
{
	if (cpu == CMWQ_CPU_UNBOUND)
		return 0;
	if (WARN_ONCE(cpu < 0 || cpu >= nr_cpu_ids || !cpu_possible(cpu),
		      "cmwq: CPU %d is not a possible CPU\n", cpu))
		return -EINVAL;
	return 0;
}

/**
 * cmwq_queue_work_on - queue a work item on a CPU's pool
 * @cpu: the CPU, or %CMWQ_CPU_UNBOUND for the local one
 * @wq: the workqueue
 * @work: the work item
 *
 * A work that is already pending is left alone. A disabled work is not
 * queued.
 *
 * Context: any, IRQs included.
 * Return: %true if @work was queued, %false if it was pending or disabled.
 */
bool cmwq_queue_work_on(int cpu, struct cmwq_workqueue *wq,
			struct cmwq_work *work)
{
	unsigned long flags;
	bool ret = false;

	if (check_cpu(cpu))
		return false;
	local_irq_save(flags);
	if (!test_and_set_bit(CMWQ_WORK_PENDING_BIT, cmwq_data_bits(work)) &&
	    !cmwq_clear_pending_if_disabled(work))
		ret = __cmwq_queue_work(cpu, wq, work, CMWQ_QUEUER_CALLER);
	local_irq_restore(flags);
	return ret;
}
EXPORT_SYMBOL_GPL(cmwq_queue_work_on);

/* A CPU of @node to queue from: the local one if it is there. */
static int node_queue_cpu(int node)
{
	int cpu;

	if (node == NUMA_NO_NODE || !node_online(node))
		return CMWQ_CPU_UNBOUND;
	cpu = raw_smp_processor_id();
	if (cpu_to_node(cpu) == node)
		return cpu;
	cpu = cpumask_any_and_distribute(cpumask_of_node(node),
					 cpu_online_mask);
	return cpu < nr_cpu_ids ? cpu : CMWQ_CPU_UNBOUND;
}

/**
 * cmwq_queue_work_node - queue a work item on an unbound workqueue, near a node
 * @node: the NUMA node, or %NUMA_NO_NODE for the local CPU's pod
 * @wq: an unbound workqueue
 * @work: the work item
 *
 * The work goes to the pod of a CPU of @node (the local CPU if it is on
 * @node): it runs there if the affinity scope keeps pods within nodes.
 * A node without an online CPU means the local CPU's pod.
 *
 * Context: any, IRQs included.
 * Return: %true if @work was queued, %false if it was pending or
 * disabled, or (with a warning, nothing queued) if @wq is per-CPU or
 * @node is not a possible node.
 */
bool cmwq_queue_work_node(int node, struct cmwq_workqueue *wq,
			  struct cmwq_work *work)
{
	unsigned long flags;
	bool ret = false;

	if (!(READ_ONCE(wq->flags) & CMWQ_UNBOUND)) {
		pr_warn_ratelimited("cmwq: %s is per-CPU: queue_work_node() needs an unbound workqueue\n",
				    wq->name);
		return false;
	}
	if (node != NUMA_NO_NODE &&
	    (node < 0 || node >= nr_node_ids || !node_possible(node))) {
		pr_warn_ratelimited("cmwq: node %d is not a possible node\n",
				    node);
		return false;
	}
	local_irq_save(flags);
	if (!test_and_set_bit(CMWQ_WORK_PENDING_BIT, cmwq_data_bits(work)) &&
	    !cmwq_clear_pending_if_disabled(work))
		ret = __cmwq_queue_work(node_queue_cpu(node), wq, work,
					CMWQ_QUEUER_CALLER);
	local_irq_restore(flags);
	return ret;
}
EXPORT_SYMBOL_GPL(cmwq_queue_work_node);

/**
 * cmwq_delayed_work_timer_fn - the timer of a delayed work fired
 * @t: the timer
 *
 * Context: timer (softirq), IRQs disabled (TIMER_IRQSAFE).
 */
void cmwq_delayed_work_timer_fn(struct timer_list *t)
{
	struct cmwq_delayed_work *dwork = timer_container_of(dwork, t, timer);

	__cmwq_queue_work(dwork->cpu, dwork->wq, &dwork->work,
			  CMWQ_QUEUER_TIMER);
}
EXPORT_SYMBOL_GPL(cmwq_delayed_work_timer_fn);

/**
 * cmwq_delayed_work_kick - cut a delayed work's delay short
 * @dwork: the delayed work item
 *
 * If its timer is armed, stop it and queue the work now on the workqueue
 * and CPU the timer was armed for, as if it had fired.
 *
 * A timer that is firing on another CPU is waited for, so that on return
 * the work is queued (or was refused) either way.
 *
 * Context: any but the timer itself; IRQs disabled.
 * Return: %true if the timer was armed (the work is queued now, or
 * refused as the timer would have been).
 */
bool cmwq_delayed_work_kick(struct cmwq_delayed_work *dwork)
{
	lockdep_assert_irqs_disabled();
	/*
	 * A timer we stop still owns PENDING: queue the work ourselves. The
	 * timer is IRQ-safe, so waiting for it with IRQs off is allowed.
	 */
	if (!timer_delete_sync(&dwork->timer))
		return false;
	__cmwq_queue_work(dwork->cpu, dwork->wq, &dwork->work,
			  CMWQ_QUEUER_TIMER);
	return true;
}

static bool __queue_delayed_work(int cpu, struct cmwq_workqueue *wq,
				 struct cmwq_delayed_work *dwork,
				 unsigned long delay)
{
	struct timer_list *timer = &dwork->timer;

	WARN_ON_ONCE(timer->function != cmwq_delayed_work_timer_fn);
	WARN_ON_ONCE(timer_pending(timer));
	WARN_ON_ONCE(!list_empty(&dwork->work.entry));

	if (!delay)
		return __cmwq_queue_work(cpu, wq, &dwork->work,
					 CMWQ_QUEUER_CALLER);
	dwork->wq = wq;
	dwork->cpu = cpu;
	timer->expires = jiffies + delay;
	if (cpu == CMWQ_CPU_UNBOUND)
		add_timer(timer);
	else
		add_timer_on(timer, cpu);
	return true;
}

/**
 * cmwq_queue_delayed_work_on - queue a work item on a CPU after a delay
 * @cpu: the CPU, or %CMWQ_CPU_UNBOUND for the local one
 * @wq: the workqueue
 * @dwork: the delayed work item
 * @delay: jiffies to wait; 0 queues at once
 *
 * Context: any, IRQs included.
 * Return: %true if queued, %false if @dwork was pending or is disabled.
 */
bool cmwq_queue_delayed_work_on(int cpu, struct cmwq_workqueue *wq,
				struct cmwq_delayed_work *dwork,
				unsigned long delay)
{
	struct cmwq_work *work = &dwork->work;
	unsigned long flags;
	bool ret = false;

	if (check_cpu(cpu))
		return false;
	local_irq_save(flags);
	if (!test_and_set_bit(CMWQ_WORK_PENDING_BIT, cmwq_data_bits(work)) &&
	    !cmwq_clear_pending_if_disabled(work))
		ret = __queue_delayed_work(cpu, wq, dwork, delay);
	local_irq_restore(flags);
	return ret;
}
EXPORT_SYMBOL_GPL(cmwq_queue_delayed_work_on);

/**
 * cmwq_work_take_queued - take a pending work off its queue, PENDING kept
 * @pool: the pool whose lock the caller holds
 * @pwq: the pwq of @pool that @data names
 * @work: the work, on a list of @pool (worklist, inactive, a worker's
 *        scheduled list, or parked on its hashed key: hashed.c)
 * @data: @work's data, read under the lock
 *
 * Its flush_work() waiters and flush colour are released as if it had
 * run; a hashed key's head hands the key on. The caller owns PENDING
 * afterwards, and releases it.
 *
 * Context: pool->lock held.
 */
void cmwq_work_take_queued(struct cmwq_pool *pool, struct cmwq_pwq *pwq,
			   struct cmwq_work *work, unsigned long data)
{
	lockdep_assert_held(&pool->lock);
	if (unlikely(data & CMWQ_WORK_PARKED)) {
		/* Never counted active: data has INACTIVE, dec skips it. */
		if (data & CMWQ_WORK_CLASSED)
			cmwq_class_taken(pool, work, data);
		else
			cmwq_hash_taken(pwq, work, data);
	} else if (data & CMWQ_WORK_INACTIVE) {
		/* Activate first so that nr_active stays balanced. */
		cmwq_pwq_tryinc_active(pwq, CMWQ_CLAIM_FORCED);
		pwq_activate_work(pwq, work);
		data &= ~CMWQ_WORK_INACTIVE;
	}
	cmwq_work_debug_deactivate(work);
	list_del_init(&work->entry);
	cmwq_flush_waiters_taken(pool, work);
	/* Before the pwq reference goes: the key lives on wq. */
	if (unlikely(cmwq_data_hashed(data)))
		cmwq_hash_taken(pwq, work, data);
	/* A claimed classed work gives its slot to the next parked one. */
	if (unlikely((data & (CMWQ_WORK_CLASSED | CMWQ_WORK_PARKED)) ==
		     CMWQ_WORK_CLASSED))
		cmwq_class_taken(pool, work, data);
	cmwq_pwq_dec_nr_in_flight(pwq, data);
	set_work_pool_and_keep_pending(work, pool->id, 0);
}

/*
 * Try to take PENDING of @work, stealing it from a timer or a pwq's list
 * when the work is pending. Returns 1 if it was pending and is now ours, 0
 * if it was idle and is now ours, -EAGAIN if it is in a state that cannot
 * be grabbed right now (being queued or released on another CPU). On
 * success IRQs stay disabled and *flags holds the state to restore.
 */
static int try_to_grab_pending(struct cmwq_work *work, bool is_dwork,
			       unsigned long *flags)
{
	struct cmwq_pool *pool;
	struct cmwq_pwq *pwq;
	unsigned long data;

	local_irq_save(*flags);

	if (is_dwork) {
		struct cmwq_delayed_work *dwork = to_cmwq_delayed_work(work);

		/* The timer is IRQ-safe, so it cannot be running here. */
		if (likely(timer_delete(&dwork->timer)))
			return 1;
	}

	if (!test_and_set_bit(CMWQ_WORK_PENDING_BIT, cmwq_data_bits(work)))
		return 0;

	rcu_read_lock();
	pool = cmwq_get_work_pool(work);
	if (!pool)
		goto fail;
	raw_spin_lock(&pool->lock);
	/*
	 * The work is ours if it is on a list of this pool: data is switched
	 * to one of its pwqs under this lock when queued, and away from it
	 * under this lock when the work starts running. So one read under the
	 * lock that names a pwq of this pool stays true until we unlock.
	 */
	data = cmwq_data(work);
	pwq = cmwq_data_pwq(data);
	if (pwq && pwq->pool == pool) {
		cmwq_work_take_queued(pool, pwq, work, data);
		raw_spin_unlock(&pool->lock);
		rcu_read_unlock();
		return 1;
	}
	raw_spin_unlock(&pool->lock);
fail:
	rcu_read_unlock();
	local_irq_restore(*flags);
	cpu_relax();
	return -EAGAIN;
}

/*
 * Grab PENDING whatever it takes; the result is try_to_grab_pending()'s.
 *
 * A caller that may sleep (@may_sleep) offers the CPU between tries. An
 * RCU work waiting for its grace period is pending on no queue, so it
 * cannot be grabbed until its RCU callback has queued it (rcu_work.c),
 * and that grace period needs this CPU to pass a quiescent state: a
 * non-preemptible kernel without a preempt count (Tiny RCU on UML, say)
 * would otherwise spin here forever.
 */
static bool work_grab_pending(struct cmwq_work *work, bool is_dwork,
			      unsigned long *flags, bool may_sleep)
{
	int ret;

	while (unlikely((ret = try_to_grab_pending(work, is_dwork,
						   flags)) == -EAGAIN))
		if (may_sleep)
			cond_resched();
	return ret;
}

/**
 * cmwq_mod_delayed_work_on - queue or re-arm a delayed work item
 * @cpu: the CPU, or %CMWQ_CPU_UNBOUND for the local one
 * @wq: the workqueue
 * @dwork: the delayed work item
 * @delay: jiffies to wait from now; 0 queues at once
 *
 * Whatever state @dwork is in, it ends up queued to run @delay jiffies
 * from now (unless it is disabled).
 *
 * Context: any, IRQs included.
 * Return: %true if @dwork was pending, %false if it was idle.
 */
bool cmwq_mod_delayed_work_on(int cpu, struct cmwq_workqueue *wq,
			      struct cmwq_delayed_work *dwork,
			      unsigned long delay)
{
	unsigned long flags;
	bool ret;

	if (check_cpu(cpu))
		return false;
	ret = work_grab_pending(&dwork->work, true, &flags, false);
	if (!cmwq_clear_pending_if_disabled(&dwork->work))
		__queue_delayed_work(cpu, wq, dwork, delay);
	local_irq_restore(flags);
	return ret;
}
EXPORT_SYMBOL_GPL(cmwq_mod_delayed_work_on);

/*
 * Take @work off its queue or timer; optionally raise its disable count.
 * @may_sleep: the caller may sleep while the work cannot be grabbed yet.
 */
static bool __cancel_work(struct cmwq_work *work, bool is_dwork, bool disable,
			  bool may_sleep)
{
	unsigned long flags, data, offq;
	bool ret;

	ret = work_grab_pending(work, is_dwork, &flags, may_sleep);
	data = cmwq_data(work);
	offq = data & CMWQ_OFFQ_DISABLE_MASK;
	if (disable) {
		if (WARN_ONCE(offq == CMWQ_OFFQ_DISABLE_MASK,
			      "cmwq: %ps disabled too many times\n", work->func))
			;
		else
			offq += 1UL << CMWQ_OFFQ_DISABLE_SHIFT;
	}
	cmwq_set_work_pool_and_clear_pending(work,
					     data >> CMWQ_OFFQ_POOL_SHIFT, offq);
	local_irq_restore(flags);
	return ret;
}

static bool __cancel_work_sync(struct cmwq_work *work, bool is_dwork,
			       bool disable)
{
	/*
	 * A BH work is waited for by spinning (flush.c), so it may be
	 * cancelled from any context but a hard IRQ, as upstream allows.
	 */
	bool bh = cmwq_work_is_bh(work);
	bool ret;

	if (!bh)
		might_sleep();
	/*
	 * Disabled while we wait, so nobody can requeue it meanwhile. A BH
	 * work's caller may still sleep if it is preemptible: an RCU work
	 * of a BH workqueue waits for a grace period before it can be
	 * grabbed, and under voluntary preemption a caller spinning for it
	 * without yielding kept a CPU from its stopper and its quiescent
	 * state (a livelock with CPU hotplug, found by the torture).
	 */
	ret = __cancel_work(work, is_dwork, true, !bh || preemptible());
	__cmwq_flush_work(work, true);
	if (!disable)
		cmwq_enable_work(work);
	return ret;
}

/**
 * cmwq_cancel_work - take a work item off its queue
 * @work: the work item
 *
 * Does not wait for a running instance.
 *
 * Context: any, IRQs included.
 * Return: %true if @work was pending.
 */
bool cmwq_cancel_work(struct cmwq_work *work)
{
	return __cancel_work(work, false, false, false);
}
EXPORT_SYMBOL_GPL(cmwq_cancel_work);

/**
 * cmwq_cancel_work_sync - cancel a work item and wait for it to finish
 * @work: the work item
 *
 * On return @work is neither pending nor running, until someone queues it
 * again. For a delayed work use cmwq_cancel_delayed_work_sync(): on its
 * work with the timer armed this waits for the timer, like upstream.
 *
 * Context: process context, may sleep; not from @work's own function. A
 * work last queued on a BH workqueue may also be cancelled from atomic
 * and softirq context (not hard IRQ): its run is waited for by spinning.
 * Return: %true if @work was pending.
 */
bool cmwq_cancel_work_sync(struct cmwq_work *work)
{
	return __cancel_work_sync(work, false, false);
}
EXPORT_SYMBOL_GPL(cmwq_cancel_work_sync);

/**
 * cmwq_cancel_delayed_work - take a delayed work off its timer or queue
 * @dwork: the delayed work item
 *
 * Context: any, IRQs included.
 * Return: %true if @dwork was pending.
 */
bool cmwq_cancel_delayed_work(struct cmwq_delayed_work *dwork)
{
	return __cancel_work(&dwork->work, true, false, false);
}
EXPORT_SYMBOL_GPL(cmwq_cancel_delayed_work);

/**
 * cmwq_cancel_delayed_work_sync - cancel a delayed work and wait for it
 * @dwork: the delayed work item
 *
 * Context: process context, may sleep.
 * Return: %true if @dwork was pending.
 */
bool cmwq_cancel_delayed_work_sync(struct cmwq_delayed_work *dwork)
{
	return __cancel_work_sync(&dwork->work, true, false);
}
EXPORT_SYMBOL_GPL(cmwq_cancel_delayed_work_sync);

/**
 * cmwq_disable_work - cancel a work item and keep it from being queued
 * @work: the work item
 *
 * Disabling counts: a work disabled twice needs two cmwq_enable_work()s.
 * Queueing a disabled work does nothing and returns %false.
 *
 * Context: any, IRQs included.
 * Return: %true if @work was pending.
 */
bool cmwq_disable_work(struct cmwq_work *work)
{
	return __cancel_work(work, false, true, false);
}
EXPORT_SYMBOL_GPL(cmwq_disable_work);

/**
 * cmwq_disable_work_sync - disable a work item and wait for it to finish
 * @work: the work item
 *
 * Context: process context, may sleep.
 * Return: %true if @work was pending.
 */
bool cmwq_disable_work_sync(struct cmwq_work *work)
{
	return __cancel_work_sync(work, false, true);
}
EXPORT_SYMBOL_GPL(cmwq_disable_work_sync);

/**
 * cmwq_disable_delayed_work - disable a delayed work, stopping its timer
 * @dwork: the delayed work item
 *
 * Context: any, IRQs included.
 * Return: %true if @dwork was pending (timer armed or queued).
 */
bool cmwq_disable_delayed_work(struct cmwq_delayed_work *dwork)
{
	return __cancel_work(&dwork->work, true, true, false);
}
EXPORT_SYMBOL_GPL(cmwq_disable_delayed_work);

/**
 * cmwq_disable_delayed_work_sync - disable a delayed work and wait for it
 * @dwork: the delayed work item
 *
 * Context: process context, may sleep.
 * Return: %true if @dwork was pending.
 */
bool cmwq_disable_delayed_work_sync(struct cmwq_delayed_work *dwork)
{
	return __cancel_work_sync(&dwork->work, true, true);
}
EXPORT_SYMBOL_GPL(cmwq_disable_delayed_work_sync);

/**
 * cmwq_enable_work - undo one cmwq_disable_work()
 * @work: the work item
 *
 * Context: any, IRQs included.
 * Return: %true if @work can be queued again (the count reached zero).
 */
bool cmwq_enable_work(struct cmwq_work *work)
{
	unsigned long flags, data, offq;

	work_grab_pending(work, false, &flags, false);
	data = cmwq_data(work);
	offq = data & CMWQ_OFFQ_DISABLE_MASK;
	if (!WARN_ONCE(!offq, "cmwq: %ps enabled more than disabled\n",
		       work->func))
		offq -= 1UL << CMWQ_OFFQ_DISABLE_SHIFT;
	cmwq_set_work_pool_and_clear_pending(work,
					     data >> CMWQ_OFFQ_POOL_SHIFT, offq);
	local_irq_restore(flags);
	return !offq;
}
EXPORT_SYMBOL_GPL(cmwq_enable_work);

/**
 * cmwq_enable_delayed_work - undo one cmwq_disable_delayed_work()
 * @dwork: the delayed work item
 *
 * Context: any, IRQs included.
 * Return: %true if @dwork can be queued again.
 */
bool cmwq_enable_delayed_work(struct cmwq_delayed_work *dwork)
{
	return cmwq_enable_work(&dwork->work);
}
EXPORT_SYMBOL_GPL(cmwq_enable_delayed_work);

/**
 * cmwq_work_busy - is a work item pending or running?
 * @work: the work item
 *
 * The answer may be stale by the time it is read: for debugging and
 * statistics only.
 *
 * Context: any.
 * Return: a mask of %CMWQ_BUSY_PENDING and %CMWQ_BUSY_RUNNING.
 */
unsigned int cmwq_work_busy(struct cmwq_work *work)
{
	struct cmwq_pool *pool;
	unsigned long flags;
	unsigned int ret = 0;

	if (cmwq_work_pending(work))
		ret |= CMWQ_BUSY_PENDING;

	rcu_read_lock();
	pool = cmwq_get_work_pool(work);
	if (pool) {
		raw_spin_lock_irqsave(&pool->lock, flags);
		if (cmwq_find_worker_executing_work(pool, work))
			ret |= CMWQ_BUSY_RUNNING;
		raw_spin_unlock_irqrestore(&pool->lock, flags);
	}
	rcu_read_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(cmwq_work_busy);
