// SPDX-License-Identifier: GPL-2.0
/*
 * Per-workqueue attribute files: /sys/bus/cmwq/devices/<name>/, as
 * upstream's /sys/bus/workqueue/devices/<name>/ for WQ_SYSFS.
 *
 * A "cmwq" bus, registered as a virtual subsystem (its devices live under
 * /sys/devices/virtual/cmwq/), gets one struct device per workqueue created
 * with CMWQ_SYSFS; the control file's create_wq sets that flag on every
 * workqueue it makes. Files, as upstream's:
 *
 *   per_cpu          0444  1 for a per-CPU workqueue, 0 for an unbound one
 *   max_active       0644  1 to CMWQ_MAX_ACTIVE; 0444 on an ordered one
 *   nice             0644  unbound only: MIN_NICE to MAX_NICE
 *   cpumask          0644  unbound only: a hex CPU mask ("%*pb")
 *   affinity_scope   0644  unbound only: default, cpu, smt, cache, numa,
 *                          system
 *   affinity_strict  0644  unbound only: 0 or 1
 *
 * A write goes through the API (cmwq_workqueue_set_max_active(),
 * cmwq_apply_workqueue_attrs()); what the API refuses, and what does not
 * parse, fails the write with -EINVAL (cpumask: cpumask_parse()'s errno)
 * and a rate-limited line in the kernel log, and changes nothing.
 *
 * Lifetime: the struct device is allocated apart from the workqueue and
 * freed by its release(). cmwq_destroy_workqueue() unregisters it before
 * anything else, and device_unregister() removes the directory through
 * kernfs, which waits for every show() and store() in progress and fails
 * later ones on files still open (-ENODEV) without calling us. So no
 * show() or store() runs once the workqueue's teardown starts, and none
 * needs a reference on the workqueue (cmwq has no such reference count).
 * That drain is why the unregistering caller must hold no lock that a
 * store() takes (cpus_read_lock(), cmwq_unbound_mutex, wq->mutex,
 * cmwq_sysfs_attrs_mutex): destroy holds none.
 *
 * Names: a device is named after its workqueue ('/' becomes '!', as for
 * every kobject). A second workqueue of the same name is refused: the
 * registration fails with -EEXIST and a line in the kernel log, and so
 * does cmwq_alloc_workqueue(). It is checked here, under
 * cmwq_sysfs_mutex, so that sysfs never sees the duplicate (it would dump
 * a stack trace).
 */
#include <linux/cpumask.h>
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/sched/prio.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "internal.h"
#include "pod.h"

/* A workqueue's device; wq is valid while the device is registered. */
struct cmwq_wq_device {
	struct cmwq_workqueue	*wq;		/* I */
	struct device		dev;
};

/*
 * Serialises registering and unregistering, so that the name check sees
 * every device in sysfs: a device leaves the bus's list before its
 * directory goes.
 */
static DEFINE_MUTEX(cmwq_sysfs_mutex);
/*
 * Serialises the attrs stores, each a read-modify-apply of the whole
 * attrs, so that two of them never undo each other.
 */
static DEFINE_MUTEX(cmwq_sysfs_attrs_mutex);

static struct cmwq_workqueue *dev_to_cmwq_wq(struct device *dev)
{
	return container_of(dev, struct cmwq_wq_device, dev)->wq;
}

/* Log why a write to @attr was refused, and return -EINVAL. */
static __printf(4, 5) int refuse(struct device *dev,
				 struct device_attribute *attr,
				 const char *buf, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;
	int len = min_t(size_t, strcspn(buf, "\n"), 32);

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_warn_ratelimited("cmwq: %s/%s: '%*pE' refused: %pV\n",
			    dev_to_cmwq_wq(dev)->name, attr->attr.name, len,
			    buf, &vaf);
	va_end(args);
	return -EINVAL;
}

static ssize_t per_cpu_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct cmwq_workqueue *wq = dev_to_cmwq_wq(dev);

	return sysfs_emit(buf, "%d\n", !(READ_ONCE(wq->flags) & CMWQ_UNBOUND));
}
static DEVICE_ATTR_RO(per_cpu);

static ssize_t max_active_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct cmwq_workqueue *wq = dev_to_cmwq_wq(dev);

	return sysfs_emit(buf, "%d\n", READ_ONCE(wq->saved_max_active));
}

static ssize_t max_active_store(struct device *dev,
				struct device_attribute *attr,
				const char *buf, size_t count)
{
	struct cmwq_workqueue *wq = dev_to_cmwq_wq(dev);
	int v;

	/* 0 would mean the default to the API; upstream refuses it here. */
	if (kstrtoint(buf, 10, &v) || v < 1 || v > CMWQ_MAX_ACTIVE)
		return refuse(dev, attr, buf, "want 1 to %d", CMWQ_MAX_ACTIVE);
	/* Refuses an ordered workqueue, whose file is 0444 anyway. */
	return cmwq_workqueue_set_max_active(wq, v) ?: count;
}
static DEVICE_ATTR_RW(max_active);

static ssize_t nice_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	struct cmwq_workqueue *wq = dev_to_cmwq_wq(dev);
	ssize_t len;

	mutex_lock(&wq->mutex);
	len = sysfs_emit(buf, "%d\n", wq->unbound_attrs->nice);
	mutex_unlock(&wq->mutex);
	return len;
}

/*
 * The attrs stores: attrs_get() takes cmwq_sysfs_attrs_mutex and returns a
 * copy of @wq's attrs, the store changes one field, attrs_apply() applies
 * the copy through the API, frees it and drops the mutex.
 */
static struct cmwq_workqueue_attrs *attrs_get(struct cmwq_workqueue *wq)
{
	struct cmwq_workqueue_attrs *attrs = cmwq_alloc_workqueue_attrs();

	if (!attrs)
		return NULL;
	mutex_lock(&cmwq_sysfs_attrs_mutex);
	/* Only unbound workqueues have these files: it cannot fail. */
	cmwq_get_workqueue_attrs(wq, attrs);
	return attrs;
}

/* @err: the store's own verdict; the attrs are applied only if it is 0. */
static ssize_t attrs_apply(struct cmwq_workqueue *wq,
			   struct cmwq_workqueue_attrs *attrs, int err,
			   size_t count)
{
	if (!err)
		err = cmwq_apply_workqueue_attrs(wq, attrs);
	mutex_unlock(&cmwq_sysfs_attrs_mutex);
	cmwq_free_workqueue_attrs(attrs);
	return err ?: count;
}

static ssize_t nice_store(struct device *dev, struct device_attribute *attr,
			  const char *buf, size_t count)
{
	struct cmwq_workqueue *wq = dev_to_cmwq_wq(dev);
	struct cmwq_workqueue_attrs *attrs;
	int v;

	if (kstrtoint(buf, 10, &v) || v < MIN_NICE || v > MAX_NICE)
		return refuse(dev, attr, buf, "want %d to %d", MIN_NICE,
			      MAX_NICE);
	attrs = attrs_get(wq);
	if (!attrs)
		return -ENOMEM;
	attrs->nice = v;
	return attrs_apply(wq, attrs, 0, count);
}
static DEVICE_ATTR_RW(nice);

static ssize_t cpumask_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct cmwq_workqueue *wq = dev_to_cmwq_wq(dev);
	ssize_t len;

	mutex_lock(&wq->mutex);
	len = sysfs_emit(buf, "%*pb\n",
			 cpumask_pr_args(wq->unbound_attrs->cpumask));
	mutex_unlock(&wq->mutex);
	return len;
}

static ssize_t cpumask_store(struct device *dev, struct device_attribute *attr,
			     const char *buf, size_t count)
{
	struct cmwq_workqueue *wq = dev_to_cmwq_wq(dev);
	struct cmwq_workqueue_attrs *attrs;
	int err;

	attrs = attrs_get(wq);
	if (!attrs)
		return -ENOMEM;
	/* The API refuses, and logs, a mask without an online CPU. */
	err = cpumask_parse(buf, attrs->cpumask);
	if (err) {
		refuse(dev, attr, buf, "not a hex CPU mask of %u CPUs (%d)",
		       nr_cpu_ids, err);
	}
	return attrs_apply(wq, attrs, err, count);
}
static DEVICE_ATTR_RW(cpumask);

/*
 * The scope as applied: cmwq resolves "default" to default_affinity_scope
 * when it applies the attrs, so this never shows upstream's
 * "default (<scope>)".
 */
static ssize_t affinity_scope_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	struct cmwq_workqueue *wq = dev_to_cmwq_wq(dev);
	ssize_t len;

	mutex_lock(&wq->mutex);
	len = sysfs_emit(buf, "%s\n",
			 cmwq_affn_scope_name(wq->unbound_attrs->affn_scope));
	mutex_unlock(&wq->mutex);
	return len;
}

static ssize_t affinity_scope_store(struct device *dev,
				    struct device_attribute *attr,
				    const char *buf, size_t count)
{
	struct cmwq_workqueue *wq = dev_to_cmwq_wq(dev);
	struct cmwq_workqueue_attrs *attrs;
	int scope = cmwq_affn_scope_parse(buf);

	if (scope < 0)
		return refuse(dev, attr, buf,
			      "want default, cpu, smt, cache, numa or system");
	attrs = attrs_get(wq);
	if (!attrs)
		return -ENOMEM;
	attrs->affn_scope = scope;
	return attrs_apply(wq, attrs, 0, count);
}
static DEVICE_ATTR_RW(affinity_scope);

static ssize_t affinity_strict_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	struct cmwq_workqueue *wq = dev_to_cmwq_wq(dev);
	ssize_t len;

	mutex_lock(&wq->mutex);
	len = sysfs_emit(buf, "%d\n", wq->unbound_attrs->affn_strict);
	mutex_unlock(&wq->mutex);
	return len;
}

static ssize_t affinity_strict_store(struct device *dev,
				     struct device_attribute *attr,
				     const char *buf, size_t count)
{
	struct cmwq_workqueue *wq = dev_to_cmwq_wq(dev);
	struct cmwq_workqueue_attrs *attrs;
	int v;

	/* Upstream takes any integer as a boolean; 0 and 1 only here. */
	if (kstrtoint(buf, 10, &v) || v < 0 || v > 1)
		return refuse(dev, attr, buf, "want 0 or 1");
	attrs = attrs_get(wq);
	if (!attrs)
		return -ENOMEM;
	attrs->affn_strict = v;
	return attrs_apply(wq, attrs, 0, count);
}
static DEVICE_ATTR_RW(affinity_strict);

static struct attribute *cmwq_wq_attrs[] = {
	&dev_attr_per_cpu.attr,
	&dev_attr_max_active.attr,
	&dev_attr_nice.attr,
	&dev_attr_cpumask.attr,
	&dev_attr_affinity_scope.attr,
	&dev_attr_affinity_strict.attr,
	NULL,
};

/*
 * The attrs files exist for unbound workqueues only. An ordered one's
 * max_active is read-only: more than one at a time would break its order
 * (upstream refused to register ordered workqueues at all until a 2026
 * change that registers them with this file read-only).
 */
static umode_t cmwq_wq_attr_visible(struct kobject *kobj, struct attribute *a,
				    int n)
{
	struct cmwq_workqueue *wq = dev_to_cmwq_wq(kobj_to_dev(kobj));
	unsigned int flags = READ_ONCE(wq->flags);

	if (a == &dev_attr_max_active.attr && (flags & __CMWQ_ORDERED))
		return 0444;
	if (a != &dev_attr_per_cpu.attr && a != &dev_attr_max_active.attr &&
	    !(flags & CMWQ_UNBOUND))
		return 0;
	return a->mode;
}

static const struct attribute_group cmwq_wq_group = {
	.attrs		= cmwq_wq_attrs,
	.is_visible	= cmwq_wq_attr_visible,
};

static const struct attribute_group *cmwq_wq_groups[] = {
	&cmwq_wq_group,
	NULL,
};

static struct bus_type cmwq_bus = {
	.name		= "cmwq",
	.dev_groups	= cmwq_wq_groups,
};

static void cmwq_wq_device_release(struct device *dev)
{
	kfree(container_of(dev, struct cmwq_wq_device, dev));
}

/**
 * cmwq_sysfs_register - give a workqueue its directory on the cmwq bus
 * @wq: the workqueue, complete but not yet on cmwq_workqueues
 *
 * Context: process context, may sleep; no lock held.
 * Return: 0; -EEXIST if a workqueue of that name has one already, -EINVAL
 * for a name sysfs cannot take ("", "." or ".."), both with a line in the
 * kernel log; -ENOMEM.
 */
int cmwq_sysfs_register(struct cmwq_workqueue *wq)
{
	struct cmwq_wq_device *wdev;
	struct device *other;
	int ret;

	if (!wq->name[0] || !strcmp(wq->name, ".") || !strcmp(wq->name, "..")) {
		pr_warn("cmwq: workqueue \"%s\": no sysfs directory can have that name\n",
			wq->name);
		return -EINVAL;
	}
	wdev = kzalloc(sizeof(*wdev), GFP_KERNEL);
	if (!wdev)
		return -ENOMEM;
	wdev->wq = wq;
	device_initialize(&wdev->dev);
	wdev->dev.bus = &cmwq_bus;
	wdev->dev.release = cmwq_wq_device_release;
	/* From here on put_device() frees it. */
	ret = dev_set_name(&wdev->dev, "%s", wq->name);
	if (ret)
		goto put;

	mutex_lock(&cmwq_sysfs_mutex);
	other = bus_find_device_by_name(&cmwq_bus, NULL, dev_name(&wdev->dev));
	if (other) {
		put_device(other);
		pr_warn("cmwq: workqueue %s: another one has that name in /sys/bus/cmwq/devices/\n",
			wq->name);
		ret = -EEXIST;
	} else {
		ret = device_add(&wdev->dev);
		if (!ret)
			wq->sysfs_dev = wdev;
	}
	mutex_unlock(&cmwq_sysfs_mutex);
	if (!ret)
		return 0;
put:
	put_device(&wdev->dev);
	return ret;
}

/**
 * cmwq_sysfs_unregister - remove a workqueue's directory, if it has one
 * @wq: the workqueue, before its teardown starts
 *
 * On return no show() or store() of @wq runs or will run (see the top of
 * the file).
 *
 * Context: process context, may sleep; no lock that a store() takes held.
 */
void cmwq_sysfs_unregister(struct cmwq_workqueue *wq)
{
	struct cmwq_wq_device *wdev = wq->sysfs_dev;

	if (!wdev)
		return;
	mutex_lock(&cmwq_sysfs_mutex);
	device_unregister(&wdev->dev);
	wq->sysfs_dev = NULL;
	mutex_unlock(&cmwq_sysfs_mutex);
}

/**
 * cmwq_sysfs_init - register the cmwq bus
 *
 * Context: module load, before any workqueue.
 * Return: 0 or a negative errno.
 */
int cmwq_sysfs_init(void)
{
	return subsys_virtual_register(&cmwq_bus, NULL);
}

/**
 * cmwq_sysfs_exit - unregister the cmwq bus
 *
 * Context: module unload, after every workqueue is gone.
 */
void cmwq_sysfs_exit(void)
{
	bus_unregister(&cmwq_bus);
}
