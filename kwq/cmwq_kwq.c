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
 * have run; /sys/kernel/debug/cmwq_kwq/result then reads "max_running M
 * completed N": the most works running at once, and how many ran.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
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
#define KWQ_MAX_SPIN_US	100000
#define KWQ_MAX_SLEEP_US	1000000

/* One run at a time: kwq_mutex serializes the writers and guards kwq_result. */
static DEFINE_MUTEX(kwq_mutex);
static char kwq_result[64] = "no run yet\n";

static DEFINE_SPINLOCK(kwq_lock);
static unsigned int kwq_running, kwq_max_running, kwq_completed; /* kwq_lock */
static unsigned int kwq_spin_us, kwq_sleep_us;

static struct dentry *kwq_dir;

/* The body of cmwq's synthetic item (module/synth.c): spin, then sleep. */
static void kwq_fn(struct work_struct *work)
{
	unsigned long flags;
	u64 end;

	spin_lock_irqsave(&kwq_lock, flags);
	kwq_running++;
	kwq_max_running = max(kwq_max_running, kwq_running);
	spin_unlock_irqrestore(&kwq_lock, flags);

	end = ktime_get_ns() + (u64)READ_ONCE(kwq_spin_us) * NSEC_PER_USEC;
	while (ktime_get_ns() < end)
		cpu_relax();
	if (READ_ONCE(kwq_sleep_us))
		schedule_timeout_uninterruptible(usecs_to_jiffies(kwq_sleep_us));

	spin_lock_irqsave(&kwq_lock, flags);
	kwq_running--;
	kwq_completed++;
	spin_unlock_irqrestore(&kwq_lock, flags);
}

static int kwq_run(unsigned int count, unsigned int spin_us,
		   unsigned int sleep_us, unsigned int cpu, bool intensive)
{
	struct workqueue_struct *wq;
	struct work_struct *works;
	unsigned int i;

	works = kcalloc(count, sizeof(*works), GFP_KERNEL);
	if (!works)
		return -ENOMEM;
	wq = alloc_workqueue("cmwq_kwq", intensive ? WQ_CPU_INTENSIVE : 0, 0);
	if (!wq) {
		kfree(works);
		return -ENOMEM;
	}
	spin_lock_irq(&kwq_lock);
	kwq_running = 0;
	kwq_max_running = 0;
	kwq_completed = 0;
	spin_unlock_irq(&kwq_lock);
	WRITE_ONCE(kwq_spin_us, spin_us);
	WRITE_ONCE(kwq_sleep_us, sleep_us);

	for (i = 0; i < count; i++) {
		INIT_WORK(&works[i], kwq_fn);
		queue_work_on(cpu, wq, &works[i]);
	}
	/* Destroying drains: every work has run when it returns. */
	destroy_workqueue(wq);
	kfree(works);

	spin_lock_irq(&kwq_lock);
	snprintf(kwq_result, sizeof(kwq_result), "max_running %u completed %u\n",
		 kwq_max_running, kwq_completed);
	spin_unlock_irq(&kwq_lock);
	pr_info("count=%u spin_us=%u sleep_us=%u cpu=%u%s: %s", count, spin_us,
		sleep_us, cpu, intensive ? " cpu_intensive" : "", kwq_result);
	return 0;
}

static ssize_t kwq_run_write(struct file *file, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	unsigned int count = 1, spin_us = 0, sleep_us = 0, cpu = 0;
	bool intensive = false, have_cpu = false;
	char buf[128], *p = buf, *word;
	int ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';

	while ((word = strsep(&p, " \t\n"))) {
		ret = 0;
		if (!*word)
			continue;
		if (!strcmp(word, "cpu_intensive")) {
			intensive = true;
		} else if (str_has_prefix(word, "count=")) {
			ret = kstrtouint(word + 6, 0, &count);
		} else if (str_has_prefix(word, "spin_us=")) {
			ret = kstrtouint(word + 8, 0, &spin_us);
		} else if (str_has_prefix(word, "sleep_us=")) {
			ret = kstrtouint(word + 9, 0, &sleep_us);
		} else if (str_has_prefix(word, "cpu=")) {
			ret = kstrtouint(word + 4, 0, &cpu);
			have_cpu = true;
		} else {
			ret = -EINVAL;
		}
		if (ret) {
			pr_warn_ratelimited("bad word '%s'\n", word);
			return -EINVAL;
		}
	}
	if (!have_cpu || count < 1 || count > KWQ_MAX_COUNT ||
	    spin_us > KWQ_MAX_SPIN_US || sleep_us > KWQ_MAX_SLEEP_US ||
	    cpu >= nr_cpu_ids || !cpu_online(cpu))
		return -EINVAL;

	if (mutex_lock_interruptible(&kwq_mutex))
		return -EINTR;
	ret = kwq_run(count, spin_us, sleep_us, cpu, intensive);
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
