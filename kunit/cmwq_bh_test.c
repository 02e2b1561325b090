// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_bh: BH workqueues (CMWQ_BH, module/bh.c). Their works
 * run in softirq on the queueing CPU, in queueing order, at most
 * CMWQ_BH_BUDGET_ITEMS per round; flush, cancel, disable and delayed work
 * behave as for any workqueue; bad flags are refused; a CPU that goes
 * offline strands nothing. Cases that need a second CPU (or hotplug) skip
 * on UML, which is uniprocessor.
 */
#include <kunit/test.h>
#include <linux/bottom_half.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/interrupt.h>
#include <linux/timer.h>

#include "cmwq_test_util.h"

/*
 * A BH test item. Its own init site (bh_items()) gives it a lockdep class
 * of its own: cmwq_test_items()' class is held in process context by the
 * other suites, and one class held in both would be an inconsistent lock.
 */
struct bh_item {
	struct cmwq_delayed_work dwork;	/* .work for a plain work */
	struct cmwq_pool	*pool;	/* read its round counters, if set */
	atomic_t		*order;	/* take a start number from it */
	struct cmwq_test_gate	*spin_gate; /* spin until open (5 s at most) */
	unsigned int		spin_us;
	struct cmwq_workqueue	*requeue_wq; /* requeue on it ... */
	atomic_t		requeues; /* ... this many more times */
	atomic_t		runs;
	int			cpu;	/* where it last ran */
	bool			softirq; /* in_serving_softirq() */
	bool			in_task; /* in_task() */
	struct cmwq_worker	*bh_worker; /* cmwq_bh_current_worker() */
	unsigned long		round;	/* pool->bh_rounds when it ran */
	unsigned int		round_items; /* works before it in its round */
	int			seq;
	int			want_cpu; /* where the test queued it */
	ktime_t			end;
	struct completion	started, done;
};

static void bh_item_fn(struct cmwq_work *work)
{
	struct bh_item *it = container_of(work, struct bh_item, dwork.work);

	it->cpu = raw_smp_processor_id();
	it->softirq = in_serving_softirq();
	it->in_task = in_task();
	it->bh_worker = cmwq_bh_current_worker();
	/* Written by the round running us, on this CPU: no race. */
	if (it->pool) {
		it->round = it->pool->bh_rounds;
		it->round_items = it->pool->bh_round_items;
	}
	if (it->order)
		it->seq = atomic_inc_return(it->order);
	complete(&it->started);
	if (it->spin_gate) {
		u64 end = ktime_get_ns() + 5 * NSEC_PER_SEC;

		while (!READ_ONCE(it->spin_gate->open) && ktime_get_ns() < end)
			cpu_relax();
	}
	if (it->spin_us)
		cmwq_test_spin(it->spin_us);
	it->end = ktime_get();
	atomic_inc(&it->runs);
	if (it->requeue_wq && atomic_dec_if_positive(&it->requeues) >= 0)
		cmwq_queue_work(it->requeue_wq, work);
	else
		complete(&it->done);
}

static struct bh_item *bh_items(struct kunit *test, int n)
{
	struct bh_item *items;
	int i;

	/*
	 * Too big for kcalloc() in the larger cases; freed by bh_free(),
	 * and left allocated when a case fails half-way, since a work of
	 * it may still be queued then.
	 */
	items = kvcalloc(n, sizeof(*items), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, items);
	for (i = 0; i < n; i++) {
		CMWQ_INIT_DELAYED_WORK(&items[i].dwork, bh_item_fn);
		init_completion(&items[i].started);
		init_completion(&items[i].done);
		items[i].cpu = -1;
	}
	return items;
}

static void bh_free(struct bh_item *items)
{
	kvfree(items);
}

static struct cmwq_work *bh_work(struct bh_item *it)
{
	return &it->dwork.work;
}

static void bh_wait_done(struct kunit *test, struct bh_item *it)
{
	KUNIT_ASSERT_NE_MSG(test, wait_for_completion_timeout(&it->done,
							      10 * HZ),
			    0, "a BH work item did not finish in 10 s");
}

static struct cmwq_workqueue *bh_alloc_wq(struct kunit *test,
					  unsigned int flags)
{
	struct cmwq_workqueue *wq;

	wq = cmwq_alloc_workqueue("kunit_bh", CMWQ_BH | flags, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(wq), "alloc: %ld", PTR_ERR(wq));
	return wq;
}

/* Queued from a CPU, run in softirq there, by that CPU's BH pool. */
static void cmwq_bh_context_test(struct kunit *test)
{
	static const unsigned int kinds[] = { 0, CMWQ_HIGHPRI };
	struct bh_item *items = bh_items(test, 2 * (nr_cpu_ids + 1));
	int k, n = 0;

	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		enum cmwq_std_pool which = kinds[k] ? CMWQ_HIGHPRI_POOL :
						      CMWQ_NORMAL_POOL;
		struct cmwq_workqueue *wq = bh_alloc_wq(test, kinds[k]);
		int cpu, first = n;

		for_each_online_cpu(cpu) {
			/* Queued to the CPU from wherever the test runs ... */
			KUNIT_EXPECT_TRUE(test, cmwq_queue_work_on(cpu, wq,
						bh_work(&items[n])));
			items[n++].want_cpu = cpu;
		}
		/* ... and locally, from the CPU we are pinned to. */
		cpu = get_cpu();
		KUNIT_EXPECT_TRUE(test, cmwq_queue_work(wq, bh_work(&items[n])));
		put_cpu();
		items[n++].want_cpu = cpu;

		for (; first < n; first++) {
			struct bh_item *it = &items[first];
			int want = it->want_cpu;

			bh_wait_done(test, it);
			KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 1);
			KUNIT_EXPECT_TRUE(test, it->softirq);
			KUNIT_EXPECT_FALSE(test, it->in_task);
			KUNIT_EXPECT_EQ(test, it->cpu, want);
			KUNIT_EXPECT_PTR_EQ(test, it->bh_worker,
					    cmwq_bh_pool(want, which)->bh_worker);
		}
		cmwq_destroy_workqueue(wq);
	}
	bh_free(items);
}

/* Per CPU, BH works run in the order they were queued. */
static void cmwq_bh_order_test(struct kunit *test)
{
	const int n = 240;
	struct bh_item *items = bh_items(test, n);
	struct cmwq_workqueue *wq = bh_alloc_wq(test, 0);
	atomic_t *order = kunit_kcalloc(test, nr_cpu_ids, sizeof(*order),
					GFP_KERNEL);
	int *last = kunit_kcalloc(test, nr_cpu_ids, sizeof(*last), GFP_KERNEL);
	int i, cpu = cpumask_first(cpu_online_mask);

	KUNIT_ASSERT_NOT_NULL(test, order);
	KUNIT_ASSERT_NOT_NULL(test, last);
	/* Round robin over the online CPUs: every CPU's queue interleaves. */
	for (i = 0; i < n; i++) {
		items[i].order = &order[cpu];
		items[i].want_cpu = cpu;
		KUNIT_EXPECT_TRUE(test, cmwq_queue_work_on(cpu, wq,
							   bh_work(&items[i])));
		cpu = cmwq_test_next_online_cpu(cpu);
	}
	cmwq_flush_workqueue(wq);
	for (i = 0; i < n; i++) {
		cpu = items[i].want_cpu;
		KUNIT_EXPECT_EQ(test, atomic_read(&items[i].runs), 1);
		KUNIT_EXPECT_EQ(test, items[i].cpu, cpu);
		KUNIT_EXPECT_GT_MSG(test, items[i].seq, last[cpu],
				    "item %d ran out of order on CPU %d", i, cpu);
		last[cpu] = items[i].seq;
	}
	cmwq_destroy_workqueue(wq);
	bh_free(items);
}

/*
 * 1000 works queued at once on one CPU: each runs exactly once, no round
 * runs more than the budget, so it takes at least 1000 / budget rounds.
 */
static void cmwq_bh_budget_test(struct kunit *test)
{
	const int n = 1000;
	struct bh_item *items = bh_items(test, n);
	struct cmwq_workqueue *wq = bh_alloc_wq(test, 0);
	unsigned int max_items = 0;
	unsigned long rounds;
	struct cmwq_pool *pool;
	atomic_t order;
	int i, cpu;

	atomic_set(&order, 0);
	/* BH off: all are queued before the first round runs. */
	local_bh_disable();
	cpu = smp_processor_id();
	pool = cmwq_bh_pool(cpu, CMWQ_NORMAL_POOL);
	for (i = 0; i < n; i++) {
		items[i].pool = pool;
		items[i].order = &order;
		cmwq_queue_work(wq, bh_work(&items[i]));
	}
	local_bh_enable();
	cmwq_flush_workqueue(wq);

	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ(test, atomic_read(&items[i].runs), 1);
		KUNIT_EXPECT_EQ(test, items[i].cpu, cpu);
		KUNIT_EXPECT_EQ(test, items[i].seq, i + 1);
		max_items = max(max_items, items[i].round_items);
		if (i)
			KUNIT_EXPECT_GE(test, items[i].round, items[i - 1].round);
	}
	rounds = items[n - 1].round - items[0].round + 1;
	kunit_info(test, "%d works in %lu rounds, at most %u before one in its round",
		   n, rounds, max_items);
	KUNIT_EXPECT_LT(test, max_items, (unsigned int)CMWQ_BH_BUDGET_ITEMS);
	KUNIT_EXPECT_GE(test, rounds,
			(unsigned long)DIV_ROUND_UP(n, CMWQ_BH_BUDGET_ITEMS));
	cmwq_destroy_workqueue(wq);
	bh_free(items);
}

/*
 * Opens a gate from a timer: at once (bh_open_gate), or once a flush_work()
 * waits on @pool's BH worker (bh_open_on_flush), polling each jiffy.
 */
struct bh_opener {
	struct timer_list	timer;
	struct cmwq_test_gate	*gate;
	struct cmwq_pool	*pool;
};

static void bh_open_gate(struct timer_list *t)
{
	struct bh_opener *o = timer_container_of(o, t, timer);

	WRITE_ONCE(o->gate->open, true);
}

static void bh_open_on_flush(struct timer_list *t)
{
	struct bh_opener *o = timer_container_of(o, t, timer);
	struct cmwq_pool *pool = o->pool;
	unsigned long flags;
	bool waited;

	raw_spin_lock_irqsave(&pool->lock, flags);
	waited = !hlist_empty(&pool->bh_worker->flush_waiters);
	raw_spin_unlock_irqrestore(&pool->lock, flags);
	if (waited)
		WRITE_ONCE(o->gate->open, true);
	else
		mod_timer(t, jiffies + 1);
}

/*
 * flush_work() waits for a BH work running on another CPU, and returns
 * %false for an idle one; drain lets a requeueing chain in, to its end.
 */
static void cmwq_bh_flush_test(struct kunit *test)
{
	struct bh_item *items = bh_items(test, 2);
	struct cmwq_workqueue *wq = bh_alloc_wq(test, 0);
	struct cmwq_test_gate gate;
	struct bh_opener opener;
	int here, other;

	/* A chain of requeues, drained: the chain is let in, to its end. */
	items[1].requeue_wq = wq;
	atomic_set(&items[1].requeues, 200);
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work(wq, bh_work(&items[1])));
	cmwq_drain_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&items[1].runs), 201);

	/*
	 * The work spins in softirq on another CPU than ours (migration off,
	 * so it never interrupts us), until our flush waits on it: only then
	 * does the timer, pinned to our CPU, open its gate. No timing decides
	 * whether the flush finds it running.
	 */
	migrate_disable();
	here = smp_processor_id();
	other = cpumask_any_but(cpu_online_mask, here);
	if (other >= nr_cpu_ids) {
		migrate_enable();
		cmwq_destroy_workqueue(wq);
		bh_free(items);
		kunit_skip(test, "flushing a running BH work needs 2 online CPUs");
	}
	cmwq_test_gate_init(&gate);
	items[0].spin_gate = &gate;
	/* No assertion while migration is off: a failed one would leave it. */
	if (!cmwq_queue_work_on(other, wq, bh_work(&items[0])) ||
	    !wait_for_completion_timeout(&items[0].started, 10 * HZ)) {
		migrate_enable();
		KUNIT_FAIL(test, "the BH work was not queued or did not start");
		return;
	}
	opener.gate = &gate;
	opener.pool = cmwq_bh_pool(other, CMWQ_NORMAL_POOL);
	timer_setup_on_stack(&opener.timer, bh_open_on_flush, 0);
	opener.timer.expires = jiffies + 1;
	add_timer_on(&opener.timer, here);
	KUNIT_EXPECT_TRUE(test, cmwq_flush_work(bh_work(&items[0])));
	KUNIT_EXPECT_EQ(test, atomic_read(&items[0].runs), 1);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(gate.open));
	timer_delete_sync(&opener.timer);
	destroy_timer_on_stack(&opener.timer);
	migrate_enable();
	/* Idle now: nothing to wait for. */
	KUNIT_EXPECT_FALSE(test, cmwq_flush_work(bh_work(&items[0])));
	cmwq_destroy_workqueue(wq);
	bh_free(items);
}

/*
 * cancel_work_sync() and disable_work_sync() of a BH work running on
 * another CPU wait for it to return; of a pending one, take it, even with
 * BH disabled (upstream allows atomic callers for BH works).
 */
static void cmwq_bh_cancel_test(struct kunit *test)
{
	struct bh_item *items = bh_items(test, 4);
	struct cmwq_workqueue *wq = bh_alloc_wq(test, 0);
	struct cmwq_test_gate gate;
	struct bh_opener opener;
	int i, cpu, other;
	ktime_t t0;

	/* Pending, taken back from atomic context before it can run. */
	local_bh_disable();
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work(wq, bh_work(&items[0])));
	KUNIT_EXPECT_TRUE(test, cmwq_cancel_work_sync(bh_work(&items[0])));
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work(wq, bh_work(&items[1])));
	KUNIT_EXPECT_TRUE(test, cmwq_disable_work_sync(bh_work(&items[1])));
	local_bh_enable();
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&items[0].runs), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&items[1].runs), 0);
	KUNIT_EXPECT_TRUE(test, cmwq_enable_work(bh_work(&items[1])));

	cpu = get_cpu();
	other = cpumask_any_but(cpu_online_mask, cpu);
	put_cpu();
	if (other >= nr_cpu_ids) {
		cmwq_destroy_workqueue(wq);
		bh_free(items);
		kunit_skip(test, "running on another CPU needs 2 online CPUs");
	}

	/* Running elsewhere: cancel and disable wait until it returns. */
	for (i = 2; i < 4; i++) {
		cmwq_test_gate_init(&gate);
		items[i].spin_gate = &gate;
		KUNIT_ASSERT_TRUE(test, cmwq_queue_work_on(other, wq,
							   bh_work(&items[i])));
		KUNIT_ASSERT_NE(test, wait_for_completion_timeout(
					&items[i].started, 10 * HZ), 0);
		opener.gate = &gate;
		timer_setup_on_stack(&opener.timer, bh_open_gate, 0);
		/* Before arming: a stall between the two only adds time. */
		t0 = ktime_get();
		mod_timer(&opener.timer, jiffies + msecs_to_jiffies(100));
		if (i == 2)
			KUNIT_EXPECT_FALSE(test, cmwq_cancel_work_sync(
						bh_work(&items[i])));
		else
			KUNIT_EXPECT_FALSE(test, cmwq_disable_work_sync(
						bh_work(&items[i])));
		/* It had returned when the wait ended. */
		KUNIT_EXPECT_EQ(test, atomic_read(&items[i].runs), 1);
		KUNIT_EXPECT_GE(test, ktime_ms_delta(ktime_get(), t0), 50);
		timer_delete_sync(&opener.timer);
		destroy_timer_on_stack(&opener.timer);
	}
	/* Disabled: queueing does nothing until enabled. */
	KUNIT_EXPECT_FALSE(test, cmwq_queue_work_on(other, wq,
						    bh_work(&items[3])));
	KUNIT_EXPECT_TRUE(test, cmwq_enable_work(bh_work(&items[3])));
	items[3].spin_gate = NULL;
	reinit_completion(&items[3].done);
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work_on(other, wq,
						   bh_work(&items[3])));
	bh_wait_done(test, &items[3]);
	KUNIT_EXPECT_EQ(test, atomic_read(&items[3].runs), 2);
	cmwq_destroy_workqueue(wq);
	bh_free(items);
}

/* Delayed BH work: the timer queues it to the CPU's BH pool. */
static void cmwq_bh_delayed_test(struct kunit *test)
{
	struct bh_item *items = bh_items(test, 3);
	struct cmwq_workqueue *wq = bh_alloc_wq(test, CMWQ_HIGHPRI);
	int cpu = cpumask_last(cpu_online_mask);
	unsigned long t0 = jiffies;

	KUNIT_ASSERT_TRUE(test, cmwq_queue_delayed_work_on(cpu, wq,
							   &items[0].dwork, 3));
	bh_wait_done(test, &items[0]);
	KUNIT_EXPECT_GE(test, jiffies - t0, 3UL);
	KUNIT_EXPECT_EQ(test, atomic_read(&items[0].runs), 1);
	KUNIT_EXPECT_TRUE(test, items[0].softirq);
	KUNIT_EXPECT_EQ(test, items[0].cpu, cpu);
	KUNIT_EXPECT_PTR_EQ(test, items[0].bh_worker,
			    cmwq_bh_pool(cpu, CMWQ_HIGHPRI_POOL)->bh_worker);

	/* Armed far ahead, cancelled: it never runs. */
	KUNIT_ASSERT_TRUE(test, cmwq_queue_delayed_work_on(cpu, wq,
							   &items[1].dwork,
							   100 * HZ));
	KUNIT_EXPECT_TRUE(test, cmwq_cancel_delayed_work_sync(&items[1].dwork));
	/* Armed far ahead, cut short by mod to 0 and flushed. */
	KUNIT_ASSERT_TRUE(test, cmwq_queue_delayed_work_on(cpu, wq,
							   &items[2].dwork,
							   100 * HZ));
	KUNIT_EXPECT_TRUE(test, cmwq_mod_delayed_work_on(cpu, wq,
							 &items[2].dwork, 0));
	/* It may have run already on its CPU: only the runs tell. */
	cmwq_flush_delayed_work(&items[2].dwork);
	KUNIT_EXPECT_EQ(test, atomic_read(&items[2].runs), 1);
	KUNIT_EXPECT_EQ(test, items[2].cpu, cpu);
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&items[1].runs), 0);
	cmwq_destroy_workqueue(wq);
	bh_free(items);
}

static int bh_nr_workqueues(void)
{
	struct cmwq_workqueue *wq;
	int n = 0;

	mutex_lock(&cmwq_pool_mutex);
	list_for_each_entry(wq, &cmwq_workqueues, list)
		n++;
	mutex_unlock(&cmwq_pool_mutex);
	return n;
}

/* Upstream's WQ_BH rules: HIGHPRI only, no max_active; nothing made. */
static void cmwq_bh_flags_test(struct kunit *test)
{
	static const unsigned int bad[] = {
		CMWQ_UNBOUND, CMWQ_MEM_RECLAIM, CMWQ_CPU_INTENSIVE,
		CMWQ_FREEZABLE, CMWQ_SYSFS, CMWQ_UNBOUND | __CMWQ_ORDERED,
	};
	int before = bh_nr_workqueues();
	struct cmwq_workqueue *wq;
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		wq = cmwq_alloc_workqueue("kunit_bh_bad", CMWQ_BH | bad[i], 0);
		KUNIT_EXPECT_TRUE_MSG(test, IS_ERR(wq), "flags 0x%x", bad[i]);
		if (IS_ERR(wq))
			KUNIT_EXPECT_EQ(test, PTR_ERR(wq), -EINVAL);
		else
			cmwq_destroy_workqueue(wq);
	}
	wq = cmwq_alloc_ordered_workqueue("kunit_bh_bad", CMWQ_BH);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(wq), -EINVAL);
	wq = cmwq_alloc_workqueue("kunit_bh_bad", CMWQ_BH, 4);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(wq), -EINVAL);
	KUNIT_EXPECT_EQ(test, bh_nr_workqueues(), before);

	wq = bh_alloc_wq(test, CMWQ_HIGHPRI);
	KUNIT_EXPECT_EQ(test, cmwq_workqueue_set_max_active(wq, 4), -EINVAL);
	cmwq_destroy_workqueue(wq);

	KUNIT_ASSERT_NOT_NULL(test, cmwq_system_bh_wq);
	KUNIT_ASSERT_NOT_NULL(test, cmwq_system_bh_highpri_wq);
	KUNIT_EXPECT_EQ(test, cmwq_system_bh_wq->flags & CMWQ_USER_FLAGS,
			(unsigned int)CMWQ_BH);
	KUNIT_EXPECT_EQ(test,
			cmwq_system_bh_highpri_wq->flags & CMWQ_USER_FLAGS,
			(unsigned int)(CMWQ_BH | CMWQ_HIGHPRI));
}

/*
 * A CPU goes offline with BH works pending on it, more are queued to it
 * while it is out, and more once it is back: each runs exactly once,
 * those queued while it is out elsewhere, the last ones on it again.
 */
static void cmwq_bh_hotplug_test(struct kunit *test)
{
	const int before = 2000, during = 100, after = 100;
	const int n = before + during + after;
	struct bh_item *items = bh_items(test, n);
	struct cmwq_workqueue *wq = bh_alloc_wq(test, 0);
	int cpu = cpumask_last(cpu_online_mask);
	struct cmwq_pool *pool;
	int i, moved = 0;

	if (cpu <= 0) {
		cmwq_destroy_workqueue(wq);
		bh_free(items);
		kunit_skip(test, "needs a second online CPU");
	}
	pool = cmwq_bh_pool(cpu, CMWQ_NORMAL_POOL);
	/* About 100 ms of rounds: the CPU goes while they run. */
	for (i = 0; i < before; i++) {
		items[i].spin_us = 50;
		cmwq_queue_work_on(cpu, wq, bh_work(&items[i]));
	}
	if (remove_cpu(cpu)) {
		cmwq_destroy_workqueue(wq);
		bh_free(items);
		kunit_skip(test, "CPU %d cannot go offline", cpu);
	}
	KUNIT_EXPECT_TRUE(test, READ_ONCE(pool->flags) &
				CMWQ_POOL_DISASSOCIATED);
	for (; i < before + during; i++)
		KUNIT_EXPECT_TRUE(test, cmwq_queue_work_on(cpu, wq,
							   bh_work(&items[i])));
	for (i = before; i < before + during; i++)
		bh_wait_done(test, &items[i]);
	/*
	 * A last, empty round of the pool may still be scheduled where the
	 * works ran: once back, the CPU's kicks would find it scheduled and
	 * leave the next works to it there.
	 */
	for (i = 0; i < 250 && (READ_ONCE(pool->bh_tasklet.state) &
				(BIT(TASKLET_STATE_SCHED) |
				 BIT(TASKLET_STATE_RUN))); i++)
		msleep(20);
	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(pool->flags) &
				 CMWQ_POOL_DISASSOCIATED);
	for (i = before + during; i < n; i++)
		KUNIT_EXPECT_TRUE(test, cmwq_queue_work_on(cpu, wq,
							   bh_work(&items[i])));
	cmwq_flush_workqueue(wq);

	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&items[i].runs), 1,
				    "item %d", i);
		KUNIT_EXPECT_TRUE(test, items[i].softirq);
		if (i < before && items[i].cpu != cpu)
			moved++;
		else if (i >= before && i < before + during)
			KUNIT_EXPECT_NE(test, items[i].cpu, cpu);
		else if (i >= before + during)
			KUNIT_EXPECT_EQ(test, items[i].cpu, cpu);
	}
	kunit_info(test, "%d of the %d works pending at the offline ran elsewhere",
		   moved, before);
	cmwq_destroy_workqueue(wq);
	bh_free(items);
}

static struct kunit_case cmwq_bh_test_cases[] = {
	KUNIT_CASE(cmwq_bh_context_test),
	KUNIT_CASE(cmwq_bh_order_test),
	KUNIT_CASE(cmwq_bh_budget_test),
	KUNIT_CASE(cmwq_bh_flush_test),
	KUNIT_CASE(cmwq_bh_cancel_test),
	KUNIT_CASE(cmwq_bh_delayed_test),
	KUNIT_CASE(cmwq_bh_flags_test),
	KUNIT_CASE(cmwq_bh_hotplug_test),
	{}
};

static struct kunit_suite cmwq_bh_test_suite = {
	.name = "cmwq_bh",
	.test_cases = cmwq_bh_test_cases,
};
kunit_test_suite(cmwq_bh_test_suite);
