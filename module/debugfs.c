// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/cmwq/: the control file that takes commands, and the
 * read-only files that show state.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "internal.h"
#include "pod.h"

static struct dentry *cmwq_debugfs_dir;

/* One write is one complete input: see cmwq_control_exec(). */
static ssize_t cmwq_control_write(struct file *file, const char __user *ubuf,
				  size_t len, loff_t *ppos)
{
	char *input;
	int ret;

	if (len > CMWQ_CONTROL_MAX_WRITE)
		return cmwq_control_fail(-EINVAL, "write longer than 4096 bytes");
	input = memdup_user_nul(ubuf, len);
	if (IS_ERR(input))
		return PTR_ERR(input);
	/* cmwq_control_exec() reads up to the first NUL. */
	if (strlen(input) != len)
		ret = cmwq_control_fail(-EINVAL, "non-printable byte in command");
	else
		ret = cmwq_control_exec(input);
	kfree(input);
	return ret ? ret : len;
}

static const struct file_operations cmwq_control_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = cmwq_control_write,
};

static int cmwq_pools_seq_show(struct seq_file *m, void *v)
{
	cmwq_pools_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cmwq_pools_seq);

/* The reason of the last failed command; empty after a success. */
static int cmwq_workqueues_seq_show(struct seq_file *m, void *v)
{
	cmwq_workqueues_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cmwq_workqueues_seq);

static int cmwq_workers_seq_show(struct seq_file *m, void *v)
{
	cmwq_workers_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cmwq_workers_seq);

static int cmwq_pods_seq_show(struct seq_file *m, void *v)
{
	cmwq_pods_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cmwq_pods_seq);

static int cmwq_works_seq_show(struct seq_file *m, void *v)
{
	cmwq_control_show_works(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cmwq_works_seq);

/* What runs and waits now, as the "dump" command logs it. */
static int cmwq_state_seq_show(struct seq_file *m, void *v)
{
	return cmwq_dump_state(m);
}
DEFINE_SHOW_ATTRIBUTE(cmwq_state_seq);

static int cmwq_last_error_seq_show(struct seq_file *m, void *v)
{
	char buf[CMWQ_ERROR_LEN];

	cmwq_control_last_error(buf, sizeof(buf));
	if (buf[0])
		seq_printf(m, "%s\n", buf);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cmwq_last_error_seq);

static int cmwq_freezer_seq_show(struct seq_file *m, void *v)
{
	cmwq_freezer_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cmwq_freezer_seq);

/**
 * cmwq_debugfs_init - create /sys/kernel/debug/cmwq and its files
 *
 * Context: process context, at module load.
 * Return: 0 (debugfs failures are not fatal to the engine, but reported).
 */
int cmwq_debugfs_init(void)
{
	cmwq_debugfs_dir = debugfs_create_dir("cmwq", NULL);
	if (IS_ERR(cmwq_debugfs_dir)) {
		pr_warn("cmwq: no debugfs directory (%ld): no control file\n",
			PTR_ERR(cmwq_debugfs_dir));
		return 0;
	}
	debugfs_create_file("control", 0200, cmwq_debugfs_dir, NULL,
			    &cmwq_control_fops);
	debugfs_create_file("pools", 0444, cmwq_debugfs_dir, NULL,
			    &cmwq_pools_seq_fops);
	debugfs_create_file("last_error", 0444, cmwq_debugfs_dir, NULL,
			    &cmwq_last_error_seq_fops);
	debugfs_create_file("workqueues", 0444, cmwq_debugfs_dir, NULL,
			    &cmwq_workqueues_seq_fops);
	debugfs_create_file("workers", 0444, cmwq_debugfs_dir, NULL,
			    &cmwq_workers_seq_fops);
	debugfs_create_file("works", 0444, cmwq_debugfs_dir, NULL,
			    &cmwq_works_seq_fops);
	debugfs_create_file("state", 0444, cmwq_debugfs_dir, NULL,
			    &cmwq_state_seq_fops);
	debugfs_create_file("pods", 0444, cmwq_debugfs_dir, NULL,
			    &cmwq_pods_seq_fops);
	debugfs_create_file("freezer", 0444, cmwq_debugfs_dir, NULL,
			    &cmwq_freezer_seq_fops);
	cmwq_fault_debugfs_init(cmwq_debugfs_dir);
	return 0;
}

/**
 * cmwq_debugfs_exit - remove /sys/kernel/debug/cmwq
 *
 * Context: process context, at module unload, before the pools go away.
 */
void cmwq_debugfs_exit(void)
{
	debugfs_remove_recursive(cmwq_debugfs_dir);
}
