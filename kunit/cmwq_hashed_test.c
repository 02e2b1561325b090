// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: cmwq_queue_work_hashed(), io-wq's hash chains (module/hashed.c).
 *
 * Same-key works never overlap and keep their order; different keys run
 * at once; a busy key parks its later works without a worker waiting for
 * them; parked works are pending for queue, cancel, flush and destroy.
 * Every wait is on a completion or a state, bounded at 10 s; no test
 * depends on how long anything takes.
 */
#include <linux/kthread.h>
#include <linux/random.h>
#include <linux/string.h>

#include "cmwq_test_util.h"

/* One key's bookkeeping: overlap and order of its works. */
struct hkey {
	atomic_t	running;
	atomic_t	max_running;
	atomic_t	next;		/* queue index of the next to start */
	atomic_t	order_errors;
};

struct hitem {
	struct cmwq_work	work;
	struct hkey		*k;
	int			idx;	/* its place in its key's queue */
	struct cmwq_test_gate	*gate;
	struct cmwq_test_tracker *all;	/* every item, for overlap */
	unsigned int		sleep_us;
	struct cmwq_pool	*pool;	/* where it ran */
	atomic_t		runs;
	struct completion	started, done;
};

static void hitem_fn(struct cmwq_work *work)
{
	struct hitem *it = container_of(work, struct hitem, work);
	struct cmwq_worker *worker = cmwq_current_worker();
	struct hkey *k = it->k;

	it->pool = worker ? worker->pool : NULL;
	if (k) {
		cmwq_test_atomic_max(&k->max_running,
				     atomic_inc_return(&k->running));
		if (it->idx != atomic_read(&k->next))
			atomic_inc(&k->order_errors);
	}
	if (it->all)
		cmwq_test_atomic_max(&it->all->max_running,
				     atomic_inc_return(&it->all->running));
	complete(&it->started);
	if (it->gate)
		wait_event(it->gate->wq, READ_ONCE(it->gate->open));
	if (it->sleep_us)
		usleep_range(it->sleep_us, 2 * it->sleep_us);
	if (it->all)
		atomic_dec(&it->all->running);
	if (k) {
		atomic_inc(&k->next);
		atomic_dec(&k->running);
	}
	atomic_inc(&it->runs);
	complete(&it->done);
}

static bool parked(struct hitem *it)
{
	return atomic_long_read(&it->work.data) & CMWQ_WORK_PARKED;
}

static u64 wq_stat(struct cmwq_workqueue *wq, enum cmwq_pwq_stat stat)
{
	struct cmwq_pwq *pwq;
	u64 sum = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(pwq, &wq->pwqs, pwqs_node) {
		raw_spin_lock_irq(&pwq->pool->lock);
		sum += pwq->stats[stat];
		raw_spin_unlock_irq(&pwq->pool->lock);
	}
	rcu_read_unlock();
	return sum;
}

#define NKEYS	4
#define PERKEY	16

/*
 * Many works over a few keys on an unbound workqueue, queued interleaved:
 * each key's works run one at a time, in queueing order, while works of
 * different keys did overlap (so the serialisation was not for free).
 */
static void cmwq_hashed_serial_order_test(struct kunit *test)
{
	struct cmwq_test_tracker all = {};
	struct cmwq_workqueue *wq;
	struct hkey keys[NKEYS] = {};
	struct hitem *it;
	int i, k;

	wq = cmwq_test_alloc_wq(test, CMWQ_UNBOUND, 16);
	it = CMWQ_TEST_ALLOC_ITEMS(test, NKEYS * PERKEY, struct hitem, hitem_fn);
	for (i = 0; i < PERKEY; i++) {
		for (k = 0; k < NKEYS; k++) {
			struct hitem *h = &it[i * NKEYS + k];

			h->k = &keys[k];
			h->idx = i;
			h->all = &all;
			h->sleep_us = 500;
			KUNIT_EXPECT_TRUE(test,
				cmwq_queue_work_hashed(wq, &h->work, 100 + k));
		}
	}
	for (i = 0; i < NKEYS * PERKEY; i++)
		cmwq_test_wait_completion(test, &it[i].done);
	for (k = 0; k < NKEYS; k++) {
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&keys[k].max_running), 1,
				    "key %d overlapped", k);
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&keys[k].order_errors),
				    0, "key %d out of order", k);
		KUNIT_EXPECT_EQ(test, atomic_read(&keys[k].next), PERKEY);
	}
	for (i = 0; i < NKEYS * PERKEY; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&it[i].runs), 1);
	KUNIT_EXPECT_GE(test, atomic_read(&all.max_running), 2);
	/* Every key but its first work parked once at least. */
	KUNIT_EXPECT_GE(test, wq_stat(wq, CMWQ_PWQ_STAT_HASHED_HANDOFF), 1);
	cmwq_destroy_workqueue(wq);
}

/*
 * Key 1's head is held: key 2's work starts beside it (overlap), key 1's
 * next work stays parked, pending: queueing it again is refused.
 */
static void cmwq_hashed_keys_parallel_test(struct kunit *test)
{
	struct cmwq_test_gate gate;
	struct cmwq_workqueue *wq;
	struct hitem *it;

	cmwq_test_gate_init(&gate);
	wq = cmwq_test_alloc_wq(test, CMWQ_UNBOUND, 0);
	it = CMWQ_TEST_ALLOC_ITEMS(test, 3, struct hitem, hitem_fn);
	it[0].gate = &gate;
	it[1].gate = &gate;
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work_hashed(wq, &it[0].work, 1));
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work_hashed(wq, &it[1].work, 2));
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work_hashed(wq, &it[2].work, 1));
	/* Both heads run at once: neither returns before the gate opens. */
	cmwq_test_wait_completion(test, &it[0].started);
	cmwq_test_wait_completion(test, &it[1].started);
	KUNIT_EXPECT_TRUE(test, parked(&it[2]));
	KUNIT_EXPECT_TRUE(test, cmwq_work_pending(&it[2].work));
	KUNIT_EXPECT_FALSE(test, cmwq_queue_work_hashed(wq, &it[2].work, 1));
	KUNIT_EXPECT_FALSE(test, cmwq_queue_work(wq, &it[2].work));
	KUNIT_EXPECT_FALSE(test, completion_done(&it[2].started));
	cmwq_test_gate_open(&gate);
	cmwq_test_wait_completion(test, &it[2].done);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[0].runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[2].runs), 1);
	KUNIT_EXPECT_FALSE(test, cmwq_work_pending(&it[2].work));
	cmwq_destroy_workqueue(wq);
}

#define NPARK	50

/*
 * 50 works behind a held key on a per-CPU workqueue: all are parked, not
 * on the pool (no worker is woken or created for them), and another key's
 * work on the same pool still runs. Then all 50 run, in order.
 */
static void cmwq_hashed_no_blocked_worker_test(struct kunit *test)
{
	struct cmwq_test_gate gate;
	struct cmwq_workqueue *wq;
	struct cmwq_pool *pool;
	struct hkey key = {};
	struct hitem *it;
	int i, workers;

	cmwq_test_gate_init(&gate);
	wq = cmwq_test_alloc_wq(test, 0, 0);
	it = CMWQ_TEST_ALLOC_ITEMS(test, NPARK + 2, struct hitem, hitem_fn);
	it[0].gate = &gate;
	for (i = 0; i <= NPARK; i++) {
		it[i].k = &key;
		it[i].idx = i;
	}
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work_hashed(wq, &it[0].work, 9));
	cmwq_test_wait_completion(test, &it[0].started);
	pool = it[0].pool;
	KUNIT_ASSERT_NOT_NULL(test, pool);
	raw_spin_lock_irq(&pool->lock);
	workers = pool->nr_workers;
	raw_spin_unlock_irq(&pool->lock);

	for (i = 1; i <= NPARK; i++)
		KUNIT_EXPECT_TRUE(test,
			cmwq_queue_work_hashed(wq, &it[i].work, 9));
	for (i = 1; i <= NPARK; i++)
		KUNIT_EXPECT_TRUE_MSG(test, parked(&it[i]), "item %d", i);
	KUNIT_EXPECT_EQ(test, wq_stat(wq, CMWQ_PWQ_STAT_HASHED_PARKED),
			NPARK);
	/* Another key is not held up by the parked ones. */
	KUNIT_EXPECT_TRUE(test,
		cmwq_queue_work_hashed(wq, &it[NPARK + 1].work, 10));
	cmwq_test_wait_completion(test, &it[NPARK + 1].done);
	raw_spin_lock_irq(&pool->lock);
	i = pool->nr_workers;
	raw_spin_unlock_irq(&pool->lock);
	/* One for key 10's work, one kept idle in reserve, at most. */
	KUNIT_EXPECT_LE(test, i, workers + 2);
	KUNIT_EXPECT_FALSE(test, completion_done(&it[1].started));

	cmwq_test_gate_open(&gate);
	for (i = 0; i <= NPARK; i++)
		cmwq_test_wait_completion(test, &it[i].done);
	KUNIT_EXPECT_EQ(test, atomic_read(&key.max_running), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&key.order_errors), 0);
	KUNIT_EXPECT_EQ(test, wq_stat(wq, CMWQ_PWQ_STAT_HASHED_HANDOFF),
			NPARK);
	cmwq_destroy_workqueue(wq);
}

/* Opens a gate once a condition on the waiter side holds. */
struct opener {
	struct cmwq_test_gate	*gate;
	struct cmwq_pool	*pool;	/* flush_work(): its waiters */
	struct cmwq_workqueue	*wq;	/* flush_workqueue(): its flusher */
	struct completion	done;
};

static int opener_fn(void *arg)
{
	struct opener *op = arg;
	unsigned long end = jiffies + 10 * HZ;

	/* Only opens early (the test still passes, weaker) on timeout. */
	while (time_before(jiffies, end)) {
		if (op->pool && READ_ONCE(op->pool->nr_flush_waiters))
			break;
		if (op->wq && READ_ONCE(op->wq->first_flusher))
			break;
		usleep_range(1000, 2000);
	}
	cmwq_test_gate_open(op->gate);
	complete(&op->done);
	return 0;
}

static void start_opener(struct kunit *test, struct opener *op)
{
	struct task_struct *t;

	init_completion(&op->done);
	t = kthread_run(opener_fn, op, "kunit-opener");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
}

/*
 * flush_work() on a parked work waits for it, and flush_workqueue()
 * waits for parked works too: the gate of the key's head opens only once
 * the flush is waiting, so the parked work is still parked when it starts.
 */
static void cmwq_hashed_flush_test(struct kunit *test)
{
	struct cmwq_test_gate gate;
	struct cmwq_workqueue *wq;
	struct opener op = {};
	struct hitem *it;

	wq = cmwq_test_alloc_wq(test, 0, 0);
	it = CMWQ_TEST_ALLOC_ITEMS(test, 4, struct hitem, hitem_fn);

	cmwq_test_gate_init(&gate);
	it[0].gate = &gate;
	it[1].sleep_us = 20000;
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work_hashed(wq, &it[0].work, 5));
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work_hashed(wq, &it[1].work, 5));
	cmwq_test_wait_completion(test, &it[0].started);
	KUNIT_ASSERT_TRUE(test, parked(&it[1]));
	op.gate = &gate;
	/* Parked on the pwq of its key's head. */
	op.pool = it[0].pool;
	KUNIT_ASSERT_NOT_NULL(test, op.pool);
	start_opener(test, &op);
	KUNIT_EXPECT_TRUE(test, cmwq_flush_work(&it[1].work));
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 1);
	cmwq_test_wait_completion(test, &op.done);

	cmwq_test_gate_init(&gate);
	it[2].gate = &gate;
	it[3].sleep_us = 20000;
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work_hashed(wq, &it[2].work, 5));
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work_hashed(wq, &it[3].work, 5));
	cmwq_test_wait_completion(test, &it[2].started);
	KUNIT_ASSERT_TRUE(test, parked(&it[3]));
	op.pool = NULL;
	op.wq = wq;
	start_opener(test, &op);
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[2].runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[3].runs), 1);
	cmwq_test_wait_completion(test, &op.done);
	cmwq_destroy_workqueue(wq);
}

/*
 * Cancelling a parked work takes it back (reported pending, never runs)
 * and leaves the rest of its key in order; cancelling a key's queued head
 * hands the key on to its next work.
 */
static void cmwq_hashed_cancel_test(struct kunit *test)
{
	struct cmwq_test_gate gate, gate2;
	struct cmwq_workqueue *wq;
	struct hkey key = {};
	struct hitem *it;
	int i;

	cmwq_test_gate_init(&gate);
	wq = cmwq_test_alloc_wq(test, 0, 0);
	it = CMWQ_TEST_ALLOC_ITEMS(test, 8, struct hitem, hitem_fn);
	it[0].gate = &gate;
	/* it[2] is cancelled: the others keep their order around it. */
	it[0].k = it[1].k = it[3].k = &key;
	it[0].idx = 0;
	it[1].idx = 1;
	it[3].idx = 2;
	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_TRUE(test,
			cmwq_queue_work_hashed(wq, &it[i].work, 3));
	cmwq_test_wait_completion(test, &it[0].started);
	KUNIT_EXPECT_TRUE(test, cmwq_cancel_work_sync(&it[2].work));
	KUNIT_EXPECT_FALSE(test, cmwq_work_pending(&it[2].work));
	KUNIT_EXPECT_FALSE(test, cmwq_cancel_work(&it[0].work));
	cmwq_test_gate_open(&gate);
	cmwq_test_wait_completion(test, &it[3].done);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[2].runs), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&key.order_errors), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&key.next), 3);
	cmwq_destroy_workqueue(wq);

	/* max_active 1: a held plain work keeps the key's head queued. */
	cmwq_test_gate_init(&gate2);
	wq = cmwq_test_alloc_wq(test, 0, 1);
	it[4].gate = &gate2;
	/* All three on this CPU's pwq: the hashed ones queue locally. */
	i = get_cpu();
	cmwq_queue_work_on(i, wq, &it[4].work);
	cmwq_queue_work_hashed(wq, &it[5].work, 4);
	cmwq_queue_work_hashed(wq, &it[6].work, 4);
	put_cpu();
	cmwq_test_wait_completion(test, &it[4].started);
	KUNIT_EXPECT_TRUE(test, atomic_long_read(&it[5].work.data) &
			  CMWQ_WORK_INACTIVE);
	KUNIT_EXPECT_TRUE(test, parked(&it[6]));
	KUNIT_EXPECT_TRUE(test, cmwq_cancel_work(&it[5].work));
	/* The key went on to it[6], now its queued head. */
	KUNIT_EXPECT_FALSE(test, parked(&it[6]));
	KUNIT_EXPECT_TRUE(test, cmwq_work_pending(&it[6].work));
	cmwq_test_gate_open(&gate2);
	cmwq_test_wait_completion(test, &it[6].done);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[5].runs), 0);
	/* And the key is free again: a new work of it runs at once. */
	KUNIT_ASSERT_TRUE(test, cmwq_queue_work_hashed(wq, &it[7].work, 4));
	cmwq_test_wait_completion(test, &it[7].done);
	cmwq_destroy_workqueue(wq);
}

/*
 * Destroying a workqueue with parked works runs them all first (its
 * drain waits for them), and leaves no busy key behind (no warning).
 */
static void cmwq_hashed_destroy_test(struct kunit *test)
{
	struct cmwq_workqueue *wq;
	struct hkey key = {};
	struct hitem *it;
	int i;

	wq = cmwq_test_alloc_wq(test, CMWQ_UNBOUND, 0);
	it = CMWQ_TEST_ALLOC_ITEMS(test, 10, struct hitem, hitem_fn);
	for (i = 0; i < 10; i++) {
		it[i].k = &key;
		it[i].idx = i;
		it[i].sleep_us = 2000;
		KUNIT_ASSERT_TRUE(test,
			cmwq_queue_work_hashed(wq, &it[i].work, 77));
	}
	cmwq_destroy_workqueue(wq);
	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&it[i].runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&key.max_running), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&key.order_errors), 0);
}

static int hexec(struct kunit *test, const char *cmd)
{
	size_t size = strlen(cmd) + 1;
	char *line = kunit_kmalloc(test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, line);
	memcpy(line, cmd, size);
	return cmwq_control_exec(line);
}

static struct cmwq_workqueue *wq_by_name(const char *name)
{
	struct cmwq_workqueue *wq, *found = NULL;

	mutex_lock(&cmwq_pool_mutex);
	list_for_each_entry(wq, &cmwq_workqueues, list)
		if (!strcmp(wq->name, name))
			found = wq;
	mutex_unlock(&cmwq_pool_mutex);
	return found;
}

/*
 * The control file: "queue ... hash=" runs every item once, and bad
 * input is refused with a reason, nothing done; "cancel_match" finds a
 * tag's five hashed items, all pending but the first at most.
 */
static void cmwq_hashed_control_test(struct kunit *test)
{
	static const struct {
		const char *cmd;
		int err;
		const char *reason;
	} bad[] = {
		{ "queue wq=khash hash=1 cpu=0", -EINVAL,
		  "hash= takes no cpu=, node= or delay_ms=" },
		{ "queue wq=khash hash=1 delay_ms=5", -EINVAL,
		  "hash= takes no" },
		{ "queue wq=khash hash=-2", -ERANGE, "out of range" },
		{ "queue wq=khash hash=x", -EINVAL, "not an integer" },
		{ "cancel_match wq=khash", -EINVAL, "cancel_match: missing tag=" },
		{ "cancel_match tag=kh", -EINVAL, "cancel_match: missing wq=" },
		{ "cancel_match wq=khash tag=nosuch", -ENOENT,
		  "cancel_match: no tag 'nosuch'" },
		{ "cancel_match wq=nosuch tag=kh", -ENOENT, "nosuch" },
	};
	char err[CMWQ_ERROR_LEN];
	struct cmwq_workqueue *wq;
	u64 before;
	int i;

	KUNIT_ASSERT_EQ(test, hexec(test, "create_wq wq=khash flags=unbound"),
			0);
	wq = wq_by_name("khash");
	KUNIT_ASSERT_NOT_NULL(test, wq);
	KUNIT_ASSERT_EQ(test,
		hexec(test, "queue wq=khash tag=kh count=20 hash=5 spin_us=100"),
		0);
	KUNIT_EXPECT_EQ(test, hexec(test, "flush wq=khash"), 0);
	KUNIT_EXPECT_EQ(test, wq_stat(wq, CMWQ_PWQ_STAT_COMPLETED), 20);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		before = wq_stat(wq, CMWQ_PWQ_STAT_STARTED);
		KUNIT_EXPECT_EQ_MSG(test, hexec(test, bad[i].cmd), bad[i].err,
				    "%s", bad[i].cmd);
		cmwq_control_last_error(err, sizeof(err));
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(err, bad[i].reason),
					  "%s: %s", bad[i].cmd, err);
		KUNIT_EXPECT_EQ(test, wq_stat(wq, CMWQ_PWQ_STAT_STARTED),
				before);
	}

	/* Long sleepers: the first holds the key until "wake". */
	KUNIT_ASSERT_EQ(test,
		hexec(test, "queue wq=khash tag=km count=5 hash=6 sleep_us=20000000"),
		0);
	KUNIT_EXPECT_EQ(test, hexec(test, "cancel_match wq=khash tag=km"), 0);
	KUNIT_EXPECT_EQ(test,
			wq_stat(wq, CMWQ_PWQ_STAT_CANCEL_MATCH_PENDING) +
			wq_stat(wq, CMWQ_PWQ_STAT_CANCEL_MATCH_RUNNING), 5);
	KUNIT_EXPECT_GE(test, wq_stat(wq, CMWQ_PWQ_STAT_CANCEL_MATCH_PENDING),
			4);
	KUNIT_EXPECT_EQ(test, hexec(test, "wake tag=km"), 0);
	KUNIT_EXPECT_EQ(test, hexec(test, "flush wq=khash"), 0);
	KUNIT_EXPECT_LE(test, wq_stat(wq, CMWQ_PWQ_STAT_COMPLETED), 21);
	KUNIT_EXPECT_EQ(test, hexec(test, "destroy_wq wq=khash"), 0);
}

/* The race: threads queue, cancel and cancel by predicate at once. */
#define RACE_ITEMS	24
#define RACE_KEYS	3
#define RACE_THREADS	4
#define RACE_ROUNDS	2000

struct race_item {
	struct cmwq_work	work;
	struct hkey		*k;
	atomic_t		queued, cancelled, runs;
};

struct race {
	struct cmwq_workqueue	*wq;
	struct race_item	*items;
	struct hkey		keys[RACE_KEYS];
	atomic_t		matched_pending;
	atomic_t		threads_left;
	struct completion	done;
};

static void race_fn(struct cmwq_work *work)
{
	struct race_item *it = container_of(work, struct race_item, work);

	cmwq_test_atomic_max(&it->k->max_running,
			     atomic_inc_return(&it->k->running));
	udelay(20);
	atomic_dec(&it->k->running);
	atomic_inc(&it->runs);
}

static bool race_match(struct cmwq_work *work, void *data)
{
	return ((container_of(work, struct race_item, work) -
		 (struct race_item *)data) % 5) == 0;
}

static int race_thread(void *arg)
{
	struct race *r = arg;
	u32 seed = get_random_u32();
	int i;

	for (i = 0; i < RACE_ROUNDS; i++) {
		struct race_item *it;
		int idx;

		seed = seed * 1103515245 + 12345;
		idx = (seed >> 8) % RACE_ITEMS;
		it = &r->items[idx];
		switch ((seed >> 20) % 8) {
		case 0:
			if (cmwq_cancel_work(&it->work))
				atomic_inc(&it->cancelled);
			break;
		case 1: {
			struct cmwq_cancel_match_result res;

			cmwq_cancel_work_match(r->wq, race_match, r->items,
					       &res);
			atomic_add(res.pending, &r->matched_pending);
			break;
		}
		default:
			if (cmwq_queue_work_hashed(r->wq, &it->work,
						   idx % RACE_KEYS))
				atomic_inc(&it->queued);
		}
		if (!(i % 64))
			cond_resched();
	}
	if (atomic_dec_and_test(&r->threads_left))
		complete(&r->done);
	return 0;
}

/*
 * Queueing, cancel and cancel by predicate race on a few keys from four
 * threads: every successful queueing ran once or was reported cancelled
 * (by cancel_work() or in a cancel_match count), and no key's works ever
 * overlapped.
 */
static void cmwq_hashed_race_test(struct kunit *test)
{
	struct race *r;
	long queued = 0, done = 0;
	int i;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	r->items = kunit_kcalloc(test, RACE_ITEMS, sizeof(*r->items),
				 GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r->items);
	for (i = 0; i < RACE_ITEMS; i++) {
		CMWQ_INIT_WORK(&r->items[i].work, race_fn);
		r->items[i].k = &r->keys[i % RACE_KEYS];
	}
	r->wq = cmwq_test_alloc_wq(test, CMWQ_UNBOUND, 0);
	init_completion(&r->done);
	atomic_set(&r->threads_left, RACE_THREADS);
	for (i = 0; i < RACE_THREADS; i++)
		KUNIT_ASSERT_FALSE(test, IS_ERR(kthread_run(race_thread, r,
							    "kunit-race/%d",
							    i)));
	if (!wait_for_completion_timeout(&r->done, 60 * HZ)) {
		KUNIT_FAIL(test, "the racing threads did not end in 60 s");
		/* Slow or stuck, they use r and the items: do not free them. */
		wait_for_completion(&r->done);
	}
	cmwq_flush_workqueue(r->wq);
	for (i = 0; i < RACE_ITEMS; i++) {
		KUNIT_EXPECT_FALSE(test, cmwq_work_pending(&r->items[i].work));
		queued += atomic_read(&r->items[i].queued);
		done += atomic_read(&r->items[i].runs) +
			atomic_read(&r->items[i].cancelled);
	}
	done += atomic_read(&r->matched_pending);
	kunit_info(test, "%ld queued, %d taken by cancel_match\n", queued,
		   atomic_read(&r->matched_pending));
	KUNIT_EXPECT_EQ(test, queued, done);
	KUNIT_EXPECT_GT(test, queued, 0);
	for (i = 0; i < RACE_KEYS; i++)
		KUNIT_EXPECT_LE(test, atomic_read(&r->keys[i].max_running), 1);
	cmwq_destroy_workqueue(r->wq);
}

static struct kunit_case cmwq_hashed_test_cases[] = {
	KUNIT_CASE(cmwq_hashed_serial_order_test),
	KUNIT_CASE(cmwq_hashed_keys_parallel_test),
	KUNIT_CASE(cmwq_hashed_no_blocked_worker_test),
	KUNIT_CASE(cmwq_hashed_flush_test),
	KUNIT_CASE(cmwq_hashed_cancel_test),
	KUNIT_CASE(cmwq_hashed_destroy_test),
	KUNIT_CASE(cmwq_hashed_control_test),
	KUNIT_CASE(cmwq_hashed_race_test),
	{}
};

static struct kunit_suite cmwq_hashed_test_suite = {
	.name = "cmwq_hashed",
	.test_cases = cmwq_hashed_test_cases,
};
kunit_test_suite(cmwq_hashed_test_suite);
