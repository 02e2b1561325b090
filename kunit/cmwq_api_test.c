// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_api: the calls of <linux/workqueue.h> that cmwq added
 * for upstream parity (Documentation/api.rst): what the current worker
 * runs and whether it is a rescuer, congestion, running a function on
 * one or every CPU, process context on demand, enable-and-queue, the
 * delayed-work and from_work helpers, worker descriptions in the worker
 * info and the dumps, and touching the lockup watchdog.
 */
#include <linux/bottom_half.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "cmwq_test_util.h"

/* A work that records what the API says about its context. */
struct api_probe {
	struct cmwq_work	work;
	struct cmwq_test_gate	*gate;		/* wait at it at the end */
	const char		*desc;		/* set as its description */
	struct cmwq_work	*seen_work;	/* cmwq_current_work() */
	bool			seen_rescuer;	/* ..._is_workqueue_rescuer() */
	struct task_struct	*task;
	atomic_t		runs;
	struct completion	started, done;
};

static void api_probe_fn(struct cmwq_work *work)
{
	struct api_probe *p = cmwq_from_work(p, work, work);

	p->seen_work = cmwq_current_work();
	p->seen_rescuer = cmwq_current_is_workqueue_rescuer();
	p->task = current;
	if (p->desc)
		cmwq_set_worker_desc("%s", p->desc);
	atomic_inc(&p->runs);
	complete(&p->started);
	if (p->gate)
		wait_event(p->gate->wq, READ_ONCE(p->gate->open));
	complete(&p->done);	/* the last touch of @p */
}

static struct api_probe *api_probes(struct kunit *test, int n)
{
	struct api_probe *p;
	int i;

	p = kunit_kcalloc(test, n, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	for (i = 0; i < n; i++) {
		CMWQ_INIT_WORK(&p[i].work, api_probe_fn);
		init_completion(&p[i].started);
		init_completion(&p[i].done);
	}
	return p;
}

static void api_wait(struct kunit *test, struct completion *c)
{
	KUNIT_ASSERT_NE_MSG(test, wait_for_completion_timeout(c, 10 * HZ), 0UL,
			    "a work item did not get there in 10 s");
}

/*
 * cmwq_current_work() is the running work inside it and NULL outside;
 * neither a pool worker nor the test's task is a rescuer.
 */
static void cmwq_api_current_work_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_workqueue *uwq = cmwq_test_alloc_wq(test, CMWQ_UNBOUND, 0);
	struct api_probe *p = api_probes(test, 2);

	KUNIT_EXPECT_NULL(test, cmwq_current_work());
	KUNIT_EXPECT_FALSE(test, cmwq_current_is_workqueue_rescuer());
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work(wq, &p[0].work));
	KUNIT_EXPECT_TRUE(test, cmwq_queue_work(uwq, &p[1].work));
	api_wait(test, &p[0].done);
	api_wait(test, &p[1].done);
	KUNIT_EXPECT_PTR_EQ(test, p[0].seen_work, &p[0].work);
	KUNIT_EXPECT_PTR_EQ(test, p[1].seen_work, &p[1].work);
	KUNIT_EXPECT_FALSE(test, p[0].seen_rescuer);
	KUNIT_EXPECT_FALSE(test, p[1].seen_rescuer);
	KUNIT_EXPECT_NULL(test, cmwq_current_work());
	cmwq_destroy_workqueue(uwq);
	cmwq_destroy_workqueue(wq);
}

#ifdef CONFIG_FAULT_INJECTION
static int api_pool_workers(struct cmwq_pool *pool)
{
	int n;

	raw_spin_lock_irq(&pool->lock);
	n = pool->nr_workers;
	raw_spin_unlock_irq(&pool->lock);
	return n;
}

/*
 * Works that only the rescuer can run (every worker busy, creating one
 * fails) see cmwq_current_is_workqueue_rescuer() true, and themselves as
 * cmwq_current_work(). The set-up is cmwq_manage_rescuer_test's.
 */
static void cmwq_api_current_is_rescuer_test(struct kunit *test)
{
	int cpu = cpumask_first(cpu_online_mask), i, nr_blockers;
	struct cmwq_pool *pool = cmwq_cpu_pool(cpu, CMWQ_NORMAL_POOL);
	struct cmwq_workqueue *wq, *plain;
	struct cmwq_test_item *blockers;
	struct cmwq_test_gate gate;
	struct api_probe *p;

	cmwq_test_require_cm(test);
	wq = cmwq_test_alloc_wq(test, CMWQ_MEM_RECLAIM, 0);
	plain = cmwq_test_alloc_wq(test, 0, 0);

	cmwq_fail_create_worker.verbose = 0;
	cmwq_fail_create_worker.probability = 100;
	atomic_set(&cmwq_fail_create_worker.times, -1);

	nr_blockers = api_pool_workers(pool);
	blockers = cmwq_test_items(test, nr_blockers);
	cmwq_test_gate_init(&gate);
	for (i = 0; i < nr_blockers; i++) {
		blockers[i].gate = &gate;
		cmwq_queue_work_on(cpu, plain, cmwq_test_work(&blockers[i]));
	}
	/* All but the last worker hold a blocker; the last one manages. */
	for (i = 0; i < nr_blockers - 1; i++)
		KUNIT_ASSERT_NE(test,
				wait_for_completion_timeout(&blockers[i].started,
							    10 * HZ), 0UL);

	p = api_probes(test, 2);
	for (i = 0; i < 2; i++)
		cmwq_queue_work_on(cpu, wq, &p[i].work);
	for (i = 0; i < 2; i++)
		api_wait(test, &p[i].done);

	atomic_set(&cmwq_fail_create_worker.times, 0);
	cmwq_fail_create_worker.probability = 0;
	cmwq_test_gate_open(&gate);
	cmwq_flush_workqueue(plain);

	for (i = 0; i < 2; i++) {
		KUNIT_EXPECT_TRUE(test, p[i].seen_rescuer);
		KUNIT_EXPECT_PTR_EQ(test, p[i].task, wq->rescuer->task);
		KUNIT_EXPECT_PTR_EQ(test, p[i].seen_work, &p[i].work);
	}
	cmwq_destroy_workqueue(plain);
	cmwq_destroy_workqueue(wq);
}
#endif

/*
 * With max_active=1 and the one active work held, a second work waits
 * inactive: the workqueue is congested on that CPU (by number and as the
 * local CPU), not on the others; not before, nor once both ran.
 */
static void cmwq_api_congested_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 1);
	struct cmwq_test_item *it = cmwq_test_items(test, 2);
	bool before, one, local, by_cpu;
	struct cmwq_test_gate gate;
	int cpu, other;

	cmwq_test_gate_init(&gate);
	it[0].gate = &gate;
	/* Queued and asked from the local CPU; expectations checked after. */
	cpu = get_cpu();
	before = cmwq_workqueue_congested(CMWQ_CPU_UNBOUND, wq);
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[0]));
	one = cmwq_workqueue_congested(CMWQ_CPU_UNBOUND, wq);
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[1]));
	local = cmwq_workqueue_congested(CMWQ_CPU_UNBOUND, wq);
	put_cpu();
	by_cpu = cmwq_workqueue_congested(cpu, wq);

	KUNIT_EXPECT_FALSE(test, before);
	KUNIT_EXPECT_FALSE_MSG(test, one, "congested with one active work");
	KUNIT_EXPECT_TRUE(test, local);
	KUNIT_EXPECT_TRUE(test, by_cpu);
	for_each_online_cpu(other)
		if (other != cpu)
			KUNIT_EXPECT_FALSE_MSG(test,
					       cmwq_workqueue_congested(other, wq),
					       "cpu %d", other);
	/* Not nr_cpu_ids: on UP that is NR_CPUS, i.e. CMWQ_CPU_UNBOUND. */
	KUNIT_EXPECT_FALSE(test, cmwq_workqueue_congested(-1, wq));

	cmwq_test_gate_open(&gate);
	cmwq_test_wait_done(test, &it[0]);
	cmwq_test_wait_done(test, &it[1]);
	KUNIT_EXPECT_FALSE(test, cmwq_workqueue_congested(cpu, wq));
	cmwq_destroy_workqueue(wq);
}

/* The same on an unbound workqueue: the pod's pwq of that CPU. */
static void cmwq_api_congested_unbound_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, CMWQ_UNBOUND, 1);
	struct cmwq_test_item *it = cmwq_test_items(test, 2);
	int cpu = cpumask_first(cpu_online_mask);
	struct cmwq_test_gate gate;

	cmwq_test_gate_init(&gate);
	it[0].gate = &gate;
	KUNIT_EXPECT_FALSE(test, cmwq_workqueue_congested(cpu, wq));
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[0]));
	KUNIT_EXPECT_FALSE(test, cmwq_workqueue_congested(cpu, wq));
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[1]));
	KUNIT_EXPECT_TRUE(test, cmwq_workqueue_congested(cpu, wq));
	cmwq_test_gate_open(&gate);
	cmwq_test_wait_done(test, &it[0]);
	cmwq_test_wait_done(test, &it[1]);
	KUNIT_EXPECT_FALSE(test, cmwq_workqueue_congested(cpu, wq));
	cmwq_destroy_workqueue(wq);
}

static atomic_t api_on_cpu_calls;

static long api_on_cpu_fn(void *arg)
{
	atomic_inc(&api_on_cpu_calls);
	if (cmwq_current_work() == NULL)
		return -1000;
	return raw_smp_processor_id();
}

/*
 * cmwq_work_on_cpu_safe() runs the function in a cmwq work on that CPU
 * and returns its value; for a CPU that is not online it returns -ENODEV
 * without calling it.
 */
static void cmwq_api_work_on_cpu_safe_test(struct kunit *test)
{
	int cpu, n = 0;

	atomic_set(&api_on_cpu_calls, 0);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, cmwq_work_on_cpu_safe(cpu, api_on_cpu_fn,
							    NULL), (long)cpu);
		n++;
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&api_on_cpu_calls), n);
	KUNIT_EXPECT_EQ(test, cmwq_work_on_cpu_safe(nr_cpu_ids, api_on_cpu_fn,
						    NULL), (long)-ENODEV);
	KUNIT_EXPECT_EQ(test, cmwq_work_on_cpu_safe(-1, api_on_cpu_fn, NULL),
			(long)-ENODEV);
	for_each_possible_cpu(cpu)
		if (!cpu_online(cpu))
			KUNIT_EXPECT_EQ(test,
					cmwq_work_on_cpu_safe(cpu,
							      api_on_cpu_fn,
							      NULL),
					(long)-ENODEV);
	KUNIT_EXPECT_EQ(test, atomic_read(&api_on_cpu_calls), n);
}

/* Runs of the function, by CPU; in a cmwq work or not. */
static atomic_t *api_each_cpu_runs;
static atomic_t api_each_cpu_not_work;

static void api_each_cpu_fn(struct cmwq_work *work)
{
	if (cmwq_current_work() != work)
		atomic_inc(&api_each_cpu_not_work);
	/* Late: the caller must have waited for it. */
	msleep(20);
	atomic_inc(&api_each_cpu_runs[raw_smp_processor_id()]);
}

/*
 * cmwq_schedule_on_each_cpu() ran the function once on every online CPU,
 * as a cmwq work, and returned after the last one ended.
 */
static void cmwq_api_schedule_on_each_cpu_test(struct kunit *test)
{
	int cpu;

	api_each_cpu_runs = kunit_kcalloc(test, nr_cpu_ids,
					  sizeof(*api_each_cpu_runs),
					  GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, api_each_cpu_runs);
	atomic_set(&api_each_cpu_not_work, 0);
	KUNIT_EXPECT_EQ(test, cmwq_schedule_on_each_cpu(api_each_cpu_fn), 0);
	for_each_possible_cpu(cpu)
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&api_each_cpu_runs[cpu]),
				    cpu_online(cpu) ? 1 : 0, "cpu %d", cpu);
	KUNIT_EXPECT_EQ(test, atomic_read(&api_each_cpu_not_work), 0);
}

struct api_exec {
	struct cmwq_execute_work ew;
	struct task_struct	*task;
	struct cmwq_work	*seen_work;
	bool			in_task;
	atomic_t		runs;
	struct completion	done;
};

static void api_exec_fn(struct cmwq_work *work)
{
	struct api_exec *e = container_of(work, struct api_exec, ew.work);

	e->task = current;
	e->seen_work = cmwq_current_work();
	e->in_task = in_task() && !irqs_disabled();
	atomic_inc(&e->runs);
	complete(&e->done);
}

/*
 * In process context the function runs at once, by the caller; with
 * bottom halves disabled (interrupt context) it is queued and runs later
 * as a cmwq work, in process context.
 */
static void cmwq_api_execute_in_process_context_test(struct kunit *test)
{
	struct api_exec *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, e);
	init_completion(&e->done);
	KUNIT_EXPECT_EQ(test, cmwq_execute_in_process_context(api_exec_fn,
							      &e->ew), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&e->runs), 1);
	KUNIT_EXPECT_PTR_EQ(test, e->task, current);
	KUNIT_EXPECT_NULL(test, e->seen_work);

	reinit_completion(&e->done);
	e->task = NULL;
	local_bh_disable();
	ret = cmwq_execute_in_process_context(api_exec_fn, &e->ew);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, ret, 1);
	api_wait(test, &e->done);
	cmwq_flush_work(&e->ew.work);
	KUNIT_EXPECT_EQ(test, atomic_read(&e->runs), 2);
	KUNIT_EXPECT_PTR_NE(test, e->task, current);
	KUNIT_EXPECT_PTR_EQ(test, e->seen_work, &e->ew.work);
	KUNIT_EXPECT_TRUE(test, e->in_task);
}

/* cmwq_delayed_work_pending() while the timer is armed, not after. */
static void cmwq_api_delayed_work_pending_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, 1);

	KUNIT_EXPECT_FALSE(test, cmwq_delayed_work_pending(&it->dwork));
	KUNIT_EXPECT_TRUE(test, cmwq_queue_delayed_work(wq, &it->dwork,
							100 * HZ));
	KUNIT_EXPECT_TRUE(test, cmwq_delayed_work_pending(&it->dwork));
	KUNIT_EXPECT_TRUE(test, cmwq_cancel_delayed_work_sync(&it->dwork));
	KUNIT_EXPECT_FALSE(test, cmwq_delayed_work_pending(&it->dwork));
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 0);
	cmwq_destroy_workqueue(wq);
}

/*
 * cmwq_enable_and_queue_work() queues only when the enable brings the
 * disable count to zero.
 */
static void cmwq_api_enable_and_queue_work_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	struct cmwq_test_item *it = cmwq_test_items(test, 1);
	struct cmwq_work *work = cmwq_test_work(it);

	KUNIT_EXPECT_FALSE(test, cmwq_disable_work(work));
	KUNIT_EXPECT_FALSE(test, cmwq_disable_work(work));
	KUNIT_EXPECT_FALSE(test, cmwq_enable_and_queue_work(wq, work));
	KUNIT_EXPECT_FALSE(test, cmwq_work_pending(work));
	/* Still disabled once: a plain queue is refused too. */
	KUNIT_EXPECT_FALSE(test, cmwq_queue_work(wq, work));
	KUNIT_EXPECT_TRUE(test, cmwq_enable_and_queue_work(wq, work));
	cmwq_test_wait_done(test, it);
	cmwq_flush_workqueue(wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&it->runs), 1);
	cmwq_destroy_workqueue(wq);
}

/* Whatever cmwq_dump_workqueue() or, with @wq NULL, the state dump shows. */
static char *api_dump(struct kunit *test, struct cmwq_workqueue *wq)
{
	struct seq_file m = { .size = PAGE_SIZE };

	m.buf = kunit_kzalloc(test, PAGE_SIZE + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m.buf);
	if (wq)
		KUNIT_ASSERT_EQ(test, cmwq_dump_workqueue(&m, wq), 0);
	else
		KUNIT_ASSERT_EQ(test, cmwq_dump_state(&m), 0);
	return m.buf;
}

#define API_LONG_DESC	"desc-0123456789abcdefghijklmnopqrstuvwxyz"

/*
 * A description set by a running work shows in its worker's info line
 * (cut to CMWQ_WORKER_DESC_LEN - 1 characters), in that workqueue's dump
 * and in the state dump; it is gone when the worker starts a work that
 * sets none. Other tasks, and calls outside a work, show nothing.
 */
static void cmwq_api_worker_desc_test(struct kunit *test)
{
	struct cmwq_workqueue *wq = cmwq_test_alloc_wq(test, 0, 0);
	char want[CMWQ_WORKER_DESC_LEN + 2], entry[32];
	struct api_probe *p = api_probes(test, 2);
	char info[CMWQ_WORKER_INFO_LEN];
	int cpu = cpumask_first(cpu_online_mask);
	struct cmwq_test_gate gate;
	char *dump;

	snprintf(want, sizeof(want), "(%.*s)", CMWQ_WORKER_DESC_LEN - 1,
		 API_LONG_DESC);
	cmwq_set_worker_desc("not a worker");
	KUNIT_EXPECT_EQ(test, cmwq_worker_info(current, info, sizeof(info)),
			(size_t)0);
	KUNIT_EXPECT_STREQ(test, info, "");

	cmwq_test_gate_init(&gate);
	p[0].gate = &gate;
	p[0].desc = API_LONG_DESC;
	cmwq_queue_work_on(cpu, wq, &p[0].work);
	api_wait(test, &p[0].started);

	KUNIT_EXPECT_GT(test, cmwq_worker_info(p[0].task, info, sizeof(info)),
			(size_t)0);
	KUNIT_EXPECT_EQ_MSG(test, strncmp(info, "Workqueue: kunit api_probe_fn",
					  strlen("Workqueue: kunit api_probe_fn")),
			    0, "info: %s", info);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(info, want), "info: %s", info);
	cmwq_print_worker_info(KERN_INFO, p[0].task);

	snprintf(entry, sizeof(entry), " %d:api_probe_fn",
		 task_pid_nr(p[0].task));
	dump = api_dump(test, wq);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(dump, "workqueue kunit: "),
				  "dump: %s", dump);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(dump, entry), "dump: %s", dump);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(dump, want), "dump: %s", dump);
	dump = api_dump(test, NULL);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(dump, want), "state: %s", dump);
	cmwq_show_one_workqueue(wq);

	cmwq_test_gate_open(&gate);
	api_wait(test, &p[0].done);
	cmwq_flush_workqueue(wq);

	/* Likely the same worker again (idle workers are used newest first). */
	cmwq_test_gate_init(&gate);
	p[1].gate = &gate;
	cmwq_queue_work_on(cpu, wq, &p[1].work);
	api_wait(test, &p[1].started);
	kunit_info(test, "second work on the same worker: %s\n",
		   p[1].task == p[0].task ? "yes" : "no");
	KUNIT_EXPECT_GT(test, cmwq_worker_info(p[1].task, info, sizeof(info)),
			(size_t)0);
	KUNIT_EXPECT_NULL_MSG(test, strchr(info, '('), "info: %s", info);
	dump = api_dump(test, wq);
	KUNIT_EXPECT_NULL_MSG(test, strstr(dump, want), "dump: %s", dump);
	cmwq_test_gate_open(&gate);
	api_wait(test, &p[1].done);
	cmwq_flush_workqueue(wq);

	/* Idle now: nothing to show. */
	dump = api_dump(test, wq);
	KUNIT_EXPECT_STREQ(test, dump, "");
	cmwq_destroy_workqueue(wq);
}

/*
 * A pool kept from starting its ready work (a concurrency-managed work
 * spinning on its CPU, another queued behind it) is stalled for the
 * watchdog; touching its CPU, or every CPU, restarts its clock, touching
 * another CPU does not. The watchdog's own test is asked, with a
 * threshold of 200 ms: the real one (watchdog_thresh, 30 s) never fires.
 */
static void cmwq_api_wq_watchdog_touch_test(struct kunit *test)
{
	unsigned long ithresh = cmwq_cpu_intensive_thresh_us;
	unsigned long thresh = max(HZ / 5, 1);
	int cpu = cpumask_last(cpu_online_mask), other;
	struct cmwq_pool *pool = cmwq_cpu_pool(cpu, CMWQ_HIGHPRI_POOL);
	bool stalled, other_touched = false, cpu_touched, all_touched;
	struct cmwq_test_gate spin_gate;
	struct cmwq_workqueue *wq;
	struct cmwq_test_item *it;

	cmwq_test_require_cm(test);
	/* The spinner must not be taken out of CM as a hog. */
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, 0);
	wq = cmwq_test_alloc_wq(test, CMWQ_HIGHPRI, 0);
	it = cmwq_test_items(test, 2);
	cmwq_test_gate_init(&spin_gate);
	it[0].spin_gate = &spin_gate;
	KUNIT_EXPECT_FALSE(test, cmwq_watchdog_pool_stalled(pool, thresh));
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[0]));
	api_wait(test, &it[0].started);
	cmwq_queue_work_on(cpu, wq, cmwq_test_work(&it[1]));

	msleep(2 * jiffies_to_msecs(thresh));
	stalled = cmwq_watchdog_pool_stalled(pool, thresh);
	other = cpumask_first(cpu_online_mask);
	if (other != cpu) {
		cmwq_wq_watchdog_touch(other);
		other_touched = cmwq_watchdog_pool_stalled(pool, thresh);
	}
	cmwq_wq_watchdog_touch(cpu);
	cpu_touched = cmwq_watchdog_pool_stalled(pool, thresh);
	msleep(2 * jiffies_to_msecs(thresh));
	stalled &= cmwq_watchdog_pool_stalled(pool, thresh);
	cmwq_wq_watchdog_touch(-1);
	all_touched = cmwq_watchdog_pool_stalled(pool, thresh);
	/* Whether the second work waited all along: it must not have run. */
	stalled &= !completion_done(&it[1].started);

	cmwq_test_gate_open(&spin_gate);
	cmwq_test_wait_done(test, &it[0]);
	cmwq_test_wait_done(test, &it[1]);
	WRITE_ONCE(cmwq_cpu_intensive_thresh_us, ithresh);
	cmwq_destroy_workqueue(wq);

	KUNIT_EXPECT_TRUE_MSG(test, stalled, "the pool did not stall");
	if (other != cpu)
		KUNIT_EXPECT_TRUE_MSG(test, other_touched,
				      "touching cpu %d restarted cpu %d's pool",
				      other, cpu);
	KUNIT_EXPECT_FALSE(test, cpu_touched);
	KUNIT_EXPECT_FALSE(test, all_touched);
	KUNIT_EXPECT_FALSE(test, cmwq_watchdog_pool_stalled(pool, thresh));
}

static struct kunit_case cmwq_api_test_cases[] = {
	KUNIT_CASE(cmwq_api_current_work_test),
#ifdef CONFIG_FAULT_INJECTION
	KUNIT_CASE(cmwq_api_current_is_rescuer_test),
#endif
	KUNIT_CASE(cmwq_api_congested_test),
	KUNIT_CASE(cmwq_api_congested_unbound_test),
	KUNIT_CASE(cmwq_api_work_on_cpu_safe_test),
	KUNIT_CASE(cmwq_api_schedule_on_each_cpu_test),
	KUNIT_CASE(cmwq_api_execute_in_process_context_test),
	KUNIT_CASE(cmwq_api_delayed_work_pending_test),
	KUNIT_CASE(cmwq_api_enable_and_queue_work_test),
	KUNIT_CASE(cmwq_api_worker_desc_test),
	KUNIT_CASE(cmwq_api_wq_watchdog_touch_test),
	{}
};

static struct kunit_suite cmwq_api_test_suite = {
	.name = "cmwq_api",
	.test_cases = cmwq_api_test_cases,
};
kunit_test_suite(cmwq_api_test_suite);
