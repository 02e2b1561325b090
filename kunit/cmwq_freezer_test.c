// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_freezer: freezable workqueues through the calls the PM
 * notifier uses (freezer.c). A freeze holds the works of freezable
 * workqueues, whatever their kind, and only theirs; active works finish
 * first; the thaw runs every held work once, in order; a held work can be
 * cancelled; the busy freezable workqueues can be listed. Each case thaws on its way out, failed or not, so that no
 * workqueue stays frozen.
 */
#include <linux/seq_file.h>
#include <linux/string.h>

#include "cmwq_test_util.h"

struct freezer_ctx {
	struct cmwq_workqueue	*wqs[4];
	int			nr_wqs;
};

/* Keep @wq for freezer_exit(), which destroys it after the thaw. */
static struct cmwq_workqueue *freezer_keep(struct kunit *test,
					   struct cmwq_workqueue *wq)
{
	struct freezer_ctx *ctx = test->priv;

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(wq), "alloc: %ld", PTR_ERR(wq));
	KUNIT_ASSERT_LT(test, ctx->nr_wqs, (int)ARRAY_SIZE(ctx->wqs));
	ctx->wqs[ctx->nr_wqs++] = wq;
	return wq;
}

static struct cmwq_workqueue *freezer_wq(struct kunit *test,
					 unsigned int flags, int max_active)
{
	return freezer_keep(test, cmwq_alloc_workqueue("kunit_fz", flags,
						       max_active));
}

/* Works of @wq started while the system was frozen. */
static u64 started_frozen(struct cmwq_workqueue *wq)
{
	struct cmwq_pwq *pwq;
	u64 n = 0;

	mutex_lock(&wq->mutex);
	list_for_each_entry(pwq, &wq->pwqs, pwqs_node) {
		raw_spin_lock_irq(&pwq->pool->lock);
		n += pwq->stats[CMWQ_PWQ_STAT_STARTED_FROZEN];
		raw_spin_unlock_irq(&pwq->pool->lock);
	}
	mutex_unlock(&wq->mutex);
	return n;
}

/* Held: queued, not started. */
static void expect_held(struct kunit *test, struct cmwq_test_item *it)
{
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 0);
	KUNIT_EXPECT_FALSE(test, completion_done(&it->started));
	KUNIT_EXPECT_TRUE(test, cmwq_work_busy(cmwq_test_work(it)) &
			  CMWQ_BUSY_PENDING);
}

/* Wait (bounded) until no freezable work is active: frozen. */
static void wait_frozen(struct kunit *test)
{
	int i;

	for (i = 0; i < 500 && cmwq_freeze_workqueues_busy(); i++)
		msleep(20);
	KUNIT_ASSERT_FALSE_MSG(test, cmwq_freeze_workqueues_busy(),
			       "freezable works still active after 10 s");
}

static void freeze(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, cmwq_freeze_workqueues_begin(), 0);
	wait_frozen(test);
}

/* Per-CPU, unbound and ordered freezable workqueues hold; others run. */
static void freezer_holds_only_freezable(struct kunit *test)
{
	struct cmwq_workqueue *fz, *ufz, *plain;
	struct cmwq_test_item *it = cmwq_test_items(test, 4);
	int i;

	fz = freezer_wq(test, CMWQ_FREEZABLE, 0);
	ufz = freezer_wq(test, CMWQ_FREEZABLE | CMWQ_UNBOUND, 0);
	plain = freezer_wq(test, 0, 0);

	freeze(test);
	cmwq_queue_work(fz, cmwq_test_work(&it[0]));
	cmwq_queue_work(ufz, cmwq_test_work(&it[1]));
	cmwq_queue_work(plain, cmwq_test_work(&it[2]));
	/* A plain work runs to its end while the others stay queued. */
	cmwq_test_wait_done(test, &it[2]);
	expect_held(test, &it[0]);
	expect_held(test, &it[1]);
	KUNIT_EXPECT_EQ(test, started_frozen(plain), 1);
	KUNIT_EXPECT_EQ(test, started_frozen(fz), 0);
	KUNIT_EXPECT_EQ(test, started_frozen(ufz), 0);

	/* flush_workqueue of a plain workqueue is not held up. */
	cmwq_queue_work(plain, cmwq_test_work(&it[3]));
	cmwq_flush_workqueue(plain);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[3].runs), 1);

	cmwq_thaw_workqueues();
	for (i = 0; i < 2; i++) {
		cmwq_test_wait_done(test, &it[i]);
		KUNIT_EXPECT_EQ(test, atomic_read(&it[i].runs), 1);
	}
	KUNIT_EXPECT_EQ(test, started_frozen(fz), 0);
}

/* A work already running keeps the freeze "busy" until it ends. */
static void freezer_waits_for_active(struct kunit *test)
{
	struct cmwq_test_item *it = cmwq_test_items(test, 2);
	struct cmwq_test_gate gate;
	struct cmwq_workqueue *fz;

	cmwq_test_gate_init(&gate);
	fz = freezer_wq(test, CMWQ_FREEZABLE, 0);
	it[0].gate = &gate;
	cmwq_queue_work(fz, cmwq_test_work(&it[0]));
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&it[0].started,
							  10 * HZ), 0);

	KUNIT_ASSERT_EQ(test, cmwq_freeze_workqueues_begin(), 0);
	KUNIT_EXPECT_TRUE(test, cmwq_freeze_workqueues_busy());
	/* Queued during the freeze, behind the active one: held. */
	cmwq_queue_work(fz, cmwq_test_work(&it[1]));
	KUNIT_EXPECT_TRUE(test, cmwq_freeze_workqueues_busy());
	expect_held(test, &it[1]);

	cmwq_test_gate_open(&gate);
	cmwq_test_wait_done(test, &it[0]);
	wait_frozen(test);
	expect_held(test, &it[1]);

	cmwq_thaw_workqueues();
	cmwq_test_wait_done(test, &it[1]);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 1);
}

/* A second begin is refused; thaw without a freeze does nothing. */
static void freezer_begin_twice(struct kunit *test)
{
	struct cmwq_test_item *it = cmwq_test_items(test, 1);
	struct cmwq_workqueue *fz;

	fz = freezer_wq(test, CMWQ_FREEZABLE, 0);
	cmwq_thaw_workqueues();
	KUNIT_EXPECT_FALSE(test, cmwq_freeze_workqueues_busy());
	freeze(test);
	KUNIT_EXPECT_EQ(test, cmwq_freeze_workqueues_begin(), -EBUSY);
	/* Still frozen after the refused call. */
	cmwq_queue_work(fz, cmwq_test_work(&it[0]));
	expect_held(test, &it[0]);
	cmwq_thaw_workqueues();
	cmwq_test_wait_done(test, &it[0]);
	cmwq_thaw_workqueues();
	KUNIT_EXPECT_EQ(test, atomic_read(&it[0].runs), 1);
}

/*
 * A workqueue made during the freeze is frozen too; max_active set then
 * takes effect at the thaw; an ordered one keeps its order.
 */
static void freezer_new_wq_and_max_active(struct kunit *test)
{
	struct cmwq_test_item *it = cmwq_test_items(test, 5);
	struct cmwq_test_tracker tracker = {};
	struct cmwq_workqueue *ord, *ufz;
	int i;

	freeze(test);
	ord = freezer_keep(test, cmwq_alloc_ordered_workqueue("kunit_fz_ord",
							      CMWQ_FREEZABLE));
	ufz = freezer_wq(test, CMWQ_FREEZABLE | CMWQ_UNBOUND, 1);
	KUNIT_EXPECT_EQ(test, cmwq_workqueue_set_max_active(ufz, 2), 0);
	for (i = 0; i < 3; i++) {
		it[i].tracker = &tracker;
		cmwq_queue_work(ord, cmwq_test_work(&it[i]));
	}
	cmwq_queue_work(ufz, cmwq_test_work(&it[3]));
	cmwq_queue_work(ufz, cmwq_test_work(&it[4]));
	for (i = 0; i < 5; i++)
		expect_held(test, &it[i]);

	cmwq_thaw_workqueues();
	for (i = 0; i < 5; i++) {
		cmwq_test_wait_done(test, &it[i]);
		KUNIT_EXPECT_EQ(test, atomic_read(&it[i].runs), 1);
	}
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, it[i].seq, i + 1);
	KUNIT_EXPECT_EQ(test, ufz->saved_max_active, 2);
}

/* A held work cancelled is gone: the thaw does not run it. */
static void freezer_cancel_held(struct kunit *test)
{
	struct cmwq_test_item *it = cmwq_test_items(test, 2);
	struct cmwq_workqueue *fz;

	fz = freezer_wq(test, CMWQ_FREEZABLE, 0);
	freeze(test);
	cmwq_queue_work(fz, cmwq_test_work(&it[0]));
	cmwq_queue_work(fz, cmwq_test_work(&it[1]));
	KUNIT_EXPECT_TRUE(test, cmwq_cancel_work_sync(cmwq_test_work(&it[0])));
	expect_held(test, &it[1]);
	cmwq_thaw_workqueues();
	cmwq_flush_workqueue(fz);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[0].runs), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&it[1].runs), 1);
}

/*
 * show_freezable_workqueues: a busy freezable workqueue is listed, with
 * its held work; a busy plain one and an idle freezable one are not.
 */
static void freezer_show_freezable(struct kunit *test)
{
	struct cmwq_test_item *it = cmwq_test_items(test, 2);
	struct seq_file m = { .size = PAGE_SIZE };
	struct cmwq_workqueue *fz, *plain, *idle;
	struct cmwq_test_gate gate;

	cmwq_test_gate_init(&gate);
	fz = freezer_keep(test, cmwq_alloc_workqueue("kunit_fz_busy",
						     CMWQ_FREEZABLE, 0));
	plain = freezer_keep(test, cmwq_alloc_workqueue("kunit_plain_busy",
							0, 0));
	idle = freezer_keep(test, cmwq_alloc_workqueue("kunit_fz_idle",
						       CMWQ_FREEZABLE, 0));
	it[1].gate = &gate;
	cmwq_queue_work(plain, cmwq_test_work(&it[1]));
	freeze(test);
	cmwq_queue_work(fz, cmwq_test_work(&it[0]));

	m.buf = kunit_kzalloc(test, PAGE_SIZE + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m.buf);
	KUNIT_EXPECT_EQ(test, cmwq_dump_freezable(&m), 0);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(m.buf, "freezable workqueues still busy:"),
				  "dump: %s", m.buf);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(m.buf, "workqueue kunit_fz_busy: "),
				  "dump: %s", m.buf);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(m.buf, "cmwq_test_item_fn"),
				  "dump: %s", m.buf);
	KUNIT_EXPECT_NULL_MSG(test, strstr(m.buf, "kunit_plain_busy"),
			      "dump: %s", m.buf);
	KUNIT_EXPECT_NULL_MSG(test, strstr(m.buf, "kunit_fz_idle"),
			      "dump: %s", m.buf);
	cmwq_show_freezable_workqueues();

	cmwq_test_gate_open(&gate);
	cmwq_thaw_workqueues();
	cmwq_test_wait_done(test, &it[0]);
	cmwq_test_wait_done(test, &it[1]);
	cmwq_flush_workqueue(idle);
}

static int freezer_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct freezer_ctx),
				   GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

/* Thaw first: a frozen workqueue's destroy would wait for ever. */
static void freezer_exit(struct kunit *test)
{
	struct freezer_ctx *ctx = test->priv;
	int i;

	cmwq_thaw_workqueues();
	for (i = 0; i < ctx->nr_wqs; i++)
		cmwq_destroy_workqueue(ctx->wqs[i]);
}

static struct kunit_case freezer_cases[] = {
	KUNIT_CASE(freezer_holds_only_freezable),
	KUNIT_CASE(freezer_waits_for_active),
	KUNIT_CASE(freezer_begin_twice),
	KUNIT_CASE(freezer_new_wq_and_max_active),
	KUNIT_CASE(freezer_cancel_held),
	KUNIT_CASE(freezer_show_freezable),
	{}
};

static struct kunit_suite freezer_suite = {
	.name = "cmwq_freezer",
	.init = freezer_init,
	.exit = freezer_exit,
	.test_cases = freezer_cases,
};
kunit_test_suite(freezer_suite);
