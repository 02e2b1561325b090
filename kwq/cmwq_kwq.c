// SPDX-License-Identifier: GPL-2.0
/*
 * cmwq_kwq.ko: the kernel's own workqueue under a synthetic load like that
 * of cmwq's control file, so that a selftest can hold cmwq to what the
 * kernel does in the same boot where the answer depends on the preemption
 * model: under voluntary preemption a spinning work is never preempted,
 * so no second work of its CPU starts beside it, on either side.
 *
 * Writing "count=N [spin_us=US] [sleep_us=US] cpu=C [cpu_intensive]" to
 * /sys/kernel/debug/cmwq_kwq/run queues N works on CPU C of a fresh
 * per-CPU workqueue (WQ_CPU_INTENSIVE with "cpu_intensive"), each spinning
 * and then sleeping as cmwq's synthetic items do, and returns once all
 * have run (spin_us up to 1 s, sleep_us up to 1 s);
 * /sys/kernel/debug/cmwq_kwq/result then reads "max_running M
 * completed N": the most works running at once, and how many ran.
 *
 * Writing "scenario cpu=C [max_active=M]" runs the example scenario of
 * workqueue.rst on CPU C of a fresh per-CPU workqueue of that max_active
 * (default: the kernel's): w0 spins 5 ms, sleeps 10 ms and spins 5 ms,
 * w1 and w2 spin 5 ms each, queued in that order. result then reads one
 * line per work, "wN START END", in µs of ktime_get_ns() from the first
 * start, for selftests/cmwq_scenario.sh to compare with cmwq's.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#define KWQ_MAX_COUNT	64
#define KWQ_MAX_SPIN_US	1000000
#define KWQ_MAX_SLEEP_US	1000000
#define KWQ_SCENARIO_WORKS	3

/* One run at a time: kwq_mutex serializes the writers and guards kwq_result. */
static DEFINE_MUTEX(kwq_mutex);
static char kwq_result[128] = "no run yet\n";

static DEFINE_SPINLOCK(kwq_lock);
static unsigned int kwq_running, kwq_max_running, kwq_completed; /* kwq_lock */

static struct dentry *kwq_dir;

/* One work of a run: what it does, and when it ran (read after the drain). */
struct kwq_item {
	struct work_struct	work;
	unsigned int		spin_us, sleep_us, spin_after_us;
	u64			start_ns, end_ns;
};

static void kwq_spin_us(unsigned int us)
{
	u64 end = ktime_get_ns() + (u64)us * NSEC_PER_USEC;

	while (ktime_get_ns() < end)
		cpu_relax();
}

/* The body of cmwq's synthetic item (module/synth.c): spin, sleep, spin. */
static void kwq_fn(struct work_struct *work)
{
	struct kwq_item *it = container_of(work, struct kwq_item, work);
	unsigned long flags;

	it->start_ns = ktime_get_ns();
	spin_lock_irqsave(&kwq_lock, flags);
	kwq_running++;
	kwq_max_running = max(kwq_max_running, kwq_running);
	spin_unlock_irqrestore(&kwq_lock, flags);

	kwq_spin_us(it->spin_us);
	if (it->sleep_us)
		schedule_timeout_uninterruptible(usecs_to_jiffies(it->sleep_us));
	kwq_spin_us(it->spin_after_us);

	spin_lock_irqsave(&kwq_lock, flags);
	kwq_running--;
	kwq_completed++;
	spin_unlock_irqrestore(&kwq_lock, flags);
	it->end_ns = ktime_get_ns();
}

/*
 * Queue @items in order on @cpu of a fresh per-CPU workqueue and return
 * once all have run.
 */
static int kwq_run_items(struct kwq_item *items, unsigned int n,
			 unsigned int cpu, unsigned int flags, int max_active)
{
	struct workqueue_struct *wq;
	unsigned int i;

	wq = alloc_workqueue("cmwq_kwq", flags, max_active);
	if (!wq)
		return -ENOMEM;
	spin_lock_irq(&kwq_lock);
	kwq_running = 0;
	kwq_max_running = 0;
	kwq_completed = 0;
	spin_unlock_irq(&kwq_lock);

	for (i = 0; i < n; i++) {
		INIT_WORK(&items[i].work, kwq_fn);
		queue_work_on(cpu, wq, &items[i].work);
	}
	/* Destroying drains: every work has run when it returns. */
	destroy_workqueue(wq);
	return 0;
}

static int kwq_run_count(unsigned int count, unsigned int spin_us,
			 unsigned int sleep_us, unsigned int cpu, bool intensive)
{
	struct kwq_item *items;
	unsigned int i;
	int ret;

	items = kcalloc(count, sizeof(*items), GFP_KERNEL);
	if (!items)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		items[i].spin_us = spin_us;
		items[i].sleep_us = sleep_us;
	}
	ret = kwq_run_items(items, count, cpu,
			    intensive ? WQ_CPU_INTENSIVE : 0, 0);
	kfree(items);
	if (ret)
		return ret;

	spin_lock_irq(&kwq_lock);
	snprintf(kwq_result, sizeof(kwq_result), "max_running %u completed %u\n",
		 kwq_max_running, kwq_completed);
	spin_unlock_irq(&kwq_lock);
	pr_info("count=%u spin_us=%u sleep_us=%u cpu=%u%s: %s", count, spin_us,
		sleep_us, cpu, intensive ? " cpu_intensive" : "", kwq_result);
	return 0;
}

/* workqueue.rst's "Example Execution Scenarios": w0, w1, w2, in order. */
static const struct kwq_item kwq_scenario[KWQ_SCENARIO_WORKS] = {
	{ .spin_us = 5000, .sleep_us = 10000, .spin_after_us = 5000 },
	{ .spin_us = 5000 },
	{ .spin_us = 5000 },
};

static int kwq_run_scenario(unsigned int cpu, int max_active)
{
	struct kwq_item *items;
	unsigned int i, n = 0;
	u64 first;
	int ret;

	items = kmemdup(kwq_scenario, sizeof(kwq_scenario), GFP_KERNEL);
	if (!items)
		return -ENOMEM;
	ret = kwq_run_items(items, KWQ_SCENARIO_WORKS, cpu, 0, max_active);
	if (ret)
		goto out;
	first = items[0].start_ns;
	for (i = 1; i < KWQ_SCENARIO_WORKS; i++)
		first = min(first, items[i].start_ns);
	for (i = 0; i < KWQ_SCENARIO_WORKS; i++)
		n += scnprintf(kwq_result + n, sizeof(kwq_result) - n,
			       "w%u %llu %llu\n", i,
			       div_u64(items[i].start_ns - first, NSEC_PER_USEC),
			       div_u64(items[i].end_ns - first, NSEC_PER_USEC));
	pr_info("scenario cpu=%u max_active=%d:\n%s", cpu, max_active,
		kwq_result);
out:
	kfree(items);
	return ret;
}

/* What a write asks for. */
struct kwq_request {
	bool		scenario;	/* "scenario": else a load of count= */
	bool		have_cpu;
	unsigned int	cpu;
	/* For a load only: */
	bool		have_load_word;
	unsigned int	count, spin_us, sleep_us;
	bool		intensive;
	/* For a scenario only, 0 for the kernel's default: */
	bool		have_max_active;
	int		max_active;
};

static int kwq_parse_word(char *word, struct kwq_request *req)
{
	if (!strcmp(word, "scenario")) {
		req->scenario = true;
		return 0;
	}
	if (!strcmp(word, "cpu_intensive")) {
		req->intensive = true;
		req->have_load_word = true;
		return 0;
	}
	if (str_has_prefix(word, "cpu=")) {
		req->have_cpu = true;
		return kstrtouint(word + 4, 0, &req->cpu);
	}
	if (str_has_prefix(word, "max_active=")) {
		req->have_max_active = true;
		return kstrtoint(word + 11, 0, &req->max_active);
	}
	req->have_load_word = true;
	if (str_has_prefix(word, "count="))
		return kstrtouint(word + 6, 0, &req->count);
	if (str_has_prefix(word, "spin_us="))
		return kstrtouint(word + 8, 0, &req->spin_us);
	if (str_has_prefix(word, "sleep_us="))
		return kstrtouint(word + 9, 0, &req->sleep_us);
	return -EINVAL;
}

static bool kwq_request_valid(const struct kwq_request *req)
{
	if (!req->have_cpu || req->cpu >= nr_cpu_ids || !cpu_online(req->cpu))
		return false;
	if (req->scenario)
		return !req->have_load_word && req->max_active >= 0 &&
		       req->max_active <= WQ_MAX_ACTIVE;
	return !req->have_max_active && req->count >= 1 &&
	       req->count <= KWQ_MAX_COUNT && req->spin_us <= KWQ_MAX_SPIN_US &&
	       req->sleep_us <= KWQ_MAX_SLEEP_US;
}

static ssize_t kwq_run_write(struct file *file, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	struct kwq_request req = { .count = 1 };
	char buf[128], *p = buf, *word;
	int ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';

	while ((word = strsep(&p, " \t\n"))) {
		if (!*word)
			continue;
		if (kwq_parse_word(word, &req)) {
			pr_warn_ratelimited("bad word '%s'\n", word);
			return -EINVAL;
		}
	}
	if (!kwq_request_valid(&req))
		return -EINVAL;

	if (mutex_lock_interruptible(&kwq_mutex))
		return -EINTR;
	if (req.scenario)
		ret = kwq_run_scenario(req.cpu, req.max_active);
	else
		ret = kwq_run_count(req.count, req.spin_us, req.sleep_us,
				    req.cpu, req.intensive);
	mutex_unlock(&kwq_mutex);
	return ret ? ret : len;
}

static ssize_t kwq_result_read(struct file *file, char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	char buf[sizeof(kwq_result)];

	mutex_lock(&kwq_mutex);
	strscpy(buf, kwq_result, sizeof(buf));
	mutex_unlock(&kwq_mutex);
	return simple_read_from_buffer(ubuf, len, ppos, buf, strlen(buf));
}

static const struct file_operations kwq_run_fops = {
	.owner	= THIS_MODULE,
	.write	= kwq_run_write,
};

static const struct file_operations kwq_result_fops = {
	.owner	= THIS_MODULE,
	.read	= kwq_result_read,
};

static int __init kwq_init(void)
{
	kwq_dir = debugfs_create_dir("cmwq_kwq", NULL);
	debugfs_create_file("run", 0200, kwq_dir, NULL, &kwq_run_fops);
	debugfs_create_file("result", 0444, kwq_dir, NULL, &kwq_result_fops);
	return 0;
}

static void __exit kwq_exit(void)
{
	debugfs_remove_recursive(kwq_dir);
}

module_init(kwq_init);
module_exit(kwq_exit);
MODULE_DESCRIPTION("The kernel's workqueue under cmwq's synthetic load, for comparison");
MODULE_LICENSE("GPL");
