// SPDX-License-Identifier: GPL-2.0
/*
 * The control language of /sys/kernel/debug/cmwq/control.
 *
 * One command per write: a verb followed by key=value arguments separated by
 * blanks, e.g. "create_worker pool=3". A command either succeeds completely
 * or fails with an errno and changes nothing; the reason of the last failure
 * is kept for the last_error file. Documentation/control.rst lists the verbs.
 */
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/nodemask.h>
#include <linux/seq_file.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "internal.h"
#include "synth.h"

#define CMWQ_CONTROL_MAX_ARGS	16

struct cmwq_args {
	const char *verb;
	int nr;
	struct {
		char *key;
		char *val;
		bool used;
	} kv[CMWQ_CONTROL_MAX_ARGS];
};

struct cmwq_command {
	const char *verb;
	int (*exec)(struct cmwq_args *args);
};

/* Serialises commands, so that last_error belongs to one command. */
static DEFINE_MUTEX(cmwq_control_mutex);
static char cmwq_last_error[CMWQ_ERROR_LEN];	/* cmwq_control_mutex */

static __printf(2, 3) int cmwq_fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmwq_last_error, sizeof(cmwq_last_error), fmt, ap);
	va_end(ap);
	return err;
}

/* Split "verb k=v k=v" in place; every word after the verb must be k=v. */
static int cmwq_args_parse(char *line, struct cmwq_args *args)
{
	char *word;

	memset(args, 0, sizeof(*args));
	while ((word = strsep(&line, " \t")) != NULL) {
		char *eq;

		if (!*word)
			continue;
		if (!args->verb) {
			args->verb = word;
			continue;
		}
		eq = strchr(word, '=');
		if (!eq || eq == word || !eq[1])
			return cmwq_fail(-EINVAL, "%s: '%s' is not key=value",
					 args->verb, word);
		if (args->nr == CMWQ_CONTROL_MAX_ARGS)
			return cmwq_fail(-EINVAL, "%s: more than %d arguments",
					 args->verb, CMWQ_CONTROL_MAX_ARGS);
		*eq = '\0';
		args->kv[args->nr].key = word;
		args->kv[args->nr].val = eq + 1;
		args->nr++;
	}
	if (!args->verb)
		return cmwq_fail(-EINVAL, "empty command");
	return 0;
}

/* The value of @key, marked as used; NULL if absent. Twice is an error. */
static int cmwq_arg_find(struct cmwq_args *args, const char *key, char **val)
{
	int i;

	*val = NULL;
	for (i = 0; i < args->nr; i++) {
		if (strcmp(args->kv[i].key, key))
			continue;
		if (*val)
			return cmwq_fail(-EINVAL, "%s: %s= given twice",
					 args->verb, key);
		*val = args->kv[i].val;
		args->kv[i].used = true;
	}
	return 0;
}

/* Parse the required integer argument @key into @out, within [min, max]. */
static int cmwq_arg_int(struct cmwq_args *args, const char *key, int min,
			int max, int *out)
{
	char *val;
	int ret;

	ret = cmwq_arg_find(args, key, &val);
	if (ret)
		return ret;
	if (!val)
		return cmwq_fail(-EINVAL, "%s: missing %s=", args->verb, key);
	if (kstrtoint(val, 0, out))
		return cmwq_fail(-EINVAL, "%s: %s=%s is not an integer",
				 args->verb, key, val);
	if (*out < min || *out > max)
		return cmwq_fail(-ERANGE, "%s: %s=%d is out of range [%d, %d]",
				 args->verb, key, *out, min, max);
	return 0;
}

/* Fail on any argument the command did not ask for. */
static int cmwq_args_done(struct cmwq_args *args)
{
	int i;

	for (i = 0; i < args->nr; i++)
		if (!args->kv[i].used)
			return cmwq_fail(-EINVAL, "%s: unknown argument %s=",
					 args->verb, args->kv[i].key);
	return 0;
}

/* An optional integer argument: @def when absent. */
static int cmwq_arg_int_opt(struct cmwq_args *args, const char *key, int min,
			    int max, int def, int *out)
{
	char *val;
	int ret;

	ret = cmwq_arg_find(args, key, &val);
	if (ret)
		return ret;
	if (!val) {
		*out = def;
		return 0;
	}
	return cmwq_arg_int(args, key, min, max, out);
}

/*
 * A name argument (workqueue or tag): 1 to @len - 1 characters of
 * [A-Za-z0-9_.-]. *@out is NULL when absent and not @required.
 */
static int cmwq_arg_name(struct cmwq_args *args, const char *key,
			 bool required, size_t len, char **out)
{
	char *val, *c;
	int ret;

	ret = cmwq_arg_find(args, key, &val);
	if (ret)
		return ret;
	*out = val;
	if (!val)
		return required ? cmwq_fail(-EINVAL, "%s: missing %s=",
					    args->verb, key) : 0;
	if (strlen(val) >= len)
		return cmwq_fail(-EINVAL, "%s: %s=%s is longer than %zu",
				 args->verb, key, val, len - 1);
	for (c = val; *c; c++)
		if (!isalnum(*c) && !strchr("_.-", *c))
			return cmwq_fail(-EINVAL,
					 "%s: %s=%s: only letters, digits, _ . -",
					 args->verb, key, val);
	return 0;
}

static const struct {
	const char *name;
	unsigned int flag;
} cmwq_flag_names[] = {
	{ "highpri", CMWQ_HIGHPRI },
	{ "cpu_intensive", CMWQ_CPU_INTENSIVE },
	{ "mem_reclaim", CMWQ_MEM_RECLAIM },
	{ "freezable", CMWQ_FREEZABLE },
};

/* flags=a,b,c with the names above; 0 when absent. */
static int cmwq_arg_flags(struct cmwq_args *args, unsigned int *out)
{
	char *val, *name;
	int ret, i;

	*out = 0;
	ret = cmwq_arg_find(args, "flags", &val);
	if (ret || !val)
		return ret;
	while ((name = strsep(&val, ",")) != NULL) {
		for (i = 0; i < ARRAY_SIZE(cmwq_flag_names); i++)
			if (!strcmp(name, cmwq_flag_names[i].name))
				break;
		if (i == ARRAY_SIZE(cmwq_flag_names))
			return cmwq_fail(-EINVAL,
					 "%s: unknown flag '%s' (highpri, cpu_intensive, mem_reclaim, freezable)",
					 args->verb, name);
		*out |= cmwq_flag_names[i].flag;
	}
	return 0;
}

/**
 * cmwq_flags_str - a workqueue's flags as create_wq takes them
 * @flags: CMWQ_* flags
 * @buf: where to write
 * @size: size of @buf
 *
 * Return: @buf, "-" when no flag is set.
 */
char *cmwq_flags_str(unsigned int flags, char *buf, size_t size)
{
	int i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(cmwq_flag_names); i++)
		if (flags & cmwq_flag_names[i].flag)
			n += scnprintf(buf + n, size - n, "%s%s", n ? "," : "",
				       cmwq_flag_names[i].name);
	if (!n)
		strscpy(buf, "-", size);
	return buf;
}

/*
 * The workqueue called @name that commands may use: one created here, or
 * the system workqueue. Others belong to modules that may free them.
 */
static struct cmwq_workqueue *cmwq_ctl_wq_find(const char *name)
{
	struct cmwq_workqueue *wq, *found = NULL;

	mutex_lock(&cmwq_pool_mutex);
	list_for_each_entry(wq, &cmwq_workqueues, list) {
		if (strcmp(wq->name, name))
			continue;
		if ((wq->flags & __CMWQ_CONTROL) || wq == cmwq_system_wq)
			found = wq;
		break;
	}
	mutex_unlock(&cmwq_pool_mutex);
	return found;
}

/* The required wq=/name= argument, resolved. */
static int cmwq_arg_wq(struct cmwq_args *args, const char *key,
		       struct cmwq_workqueue **out)
{
	char *name;
	int ret;

	ret = cmwq_arg_name(args, key, true, CMWQ_NAME_LEN, &name);
	if (ret)
		return ret;
	*out = cmwq_ctl_wq_find(name);
	if (!*out)
		return cmwq_fail(-ENOENT, "%s: no workqueue '%s' (see workqueues)",
				 args->verb, name);
	return 0;
}

/* The command's only argument, a workqueue: resolve it, refuse others. */
static int cmwq_args_only_wq(struct cmwq_args *args, const char *key,
			     struct cmwq_workqueue **out)
{
	int ret = cmwq_arg_wq(args, key, out);

	return ret ?: cmwq_args_done(args);
}

/* The command's only argument, tag=: required, and nothing else. */
static int cmwq_args_only_tag(struct cmwq_args *args, char **tag)
{
	int ret = cmwq_arg_name(args, "tag", true, CMWQ_SYNTH_NAME_LEN, tag);

	return ret ?: cmwq_args_done(args);
}

/* create_worker pool=<id>: start one more (idle) worker in a pool. */
static int cmwq_cmd_create_worker(struct cmwq_args *args)
{
	struct cmwq_pool *pool;
	int id, ret;

	ret = cmwq_arg_int(args, "pool", 0, INT_MAX, &id);
	if (!ret)
		ret = cmwq_args_done(args);
	if (ret)
		return ret;

	mutex_lock(&cmwq_pool_mutex);
	pool = cmwq_pool_get_by_id(id);
	mutex_unlock(&cmwq_pool_mutex);
	if (!pool)
		return cmwq_fail(-ENOENT, "create_worker: no pool with id %d",
				 id);
	/* Per-CPU pools live as long as the module: no reference needed. */
	ret = cmwq_create_worker(pool);
	if (ret)
		return cmwq_fail(ret, "create_worker: pool %d: error %d", id,
				 ret);
	return 0;
}

/* create_wq name=<name> [flags=<f,...>] [max_active=<n>] */
static int cmwq_cmd_create_wq(struct cmwq_args *args)
{
	struct cmwq_workqueue *wq;
	unsigned int flags;
	int max_active, ret;
	char *name;

	ret = cmwq_arg_name(args, "name", true, CMWQ_NAME_LEN, &name);
	if (!ret)
		ret = cmwq_arg_flags(args, &flags);
	if (!ret)
		ret = cmwq_arg_int_opt(args, "max_active", 0, CMWQ_MAX_ACTIVE,
				       0, &max_active);
	if (!ret)
		ret = cmwq_args_done(args);
	if (ret)
		return ret;

	mutex_lock(&cmwq_pool_mutex);
	list_for_each_entry(wq, &cmwq_workqueues, list) {
		if (!strcmp(wq->name, name)) {
			mutex_unlock(&cmwq_pool_mutex);
			return cmwq_fail(-EEXIST,
					 "create_wq: workqueue '%s' exists",
					 name);
		}
	}
	mutex_unlock(&cmwq_pool_mutex);

	wq = cmwq_alloc_workqueue("%s", flags, max_active, name);
	if (IS_ERR(wq))
		return cmwq_fail(PTR_ERR(wq), "create_wq: %s: error %ld", name,
				 PTR_ERR(wq));
	mutex_lock(&wq->mutex);
	wq->flags |= __CMWQ_CONTROL;
	mutex_unlock(&wq->mutex);
	return 0;
}

static void cmwq_ctl_destroy_wq(struct cmwq_workqueue *wq)
{
	cmwq_synth_cancel_wq(wq);
	cmwq_destroy_workqueue(wq);
}

/* destroy_wq name=<name>: cancel its delayed items, drain, destroy. */
static int cmwq_cmd_destroy_wq(struct cmwq_args *args)
{
	struct cmwq_workqueue *wq;
	int ret;

	ret = cmwq_args_only_wq(args, "name", &wq);
	if (ret)
		return ret;
	if (!(wq->flags & __CMWQ_CONTROL))
		return cmwq_fail(-EPERM, "destroy_wq: %s belongs to cmwq",
				 wq->name);
	cmwq_ctl_destroy_wq(wq);
	return 0;
}

/* set_max_active name=<name> max_active=<n> */
static int cmwq_cmd_set_max_active(struct cmwq_args *args)
{
	struct cmwq_workqueue *wq;
	int max_active, ret;

	ret = cmwq_arg_wq(args, "name", &wq);
	if (!ret)
		ret = cmwq_arg_int(args, "max_active", 0, CMWQ_MAX_ACTIVE,
				   &max_active);
	if (!ret)
		ret = cmwq_args_done(args);
	if (ret)
		return ret;
	return cmwq_workqueue_set_max_active(wq, max_active);
}

/*
 * queue wq=<name> [tag=<tag>] [count=<n>] [cpu=<cpu> | node=<node>]
 *       [spin_us=<us>] [sleep_us=<us>] [delay_ms=<ms>]
 */
static int cmwq_cmd_queue(struct cmwq_args *args)
{
	struct cmwq_synth_spec spec = {};
	struct cmwq_workqueue *wq;
	int spin, sleep, delay, ret;
	char *tag;

	ret = cmwq_arg_wq(args, "wq", &wq);
	if (!ret)
		ret = cmwq_arg_name(args, "tag", false, CMWQ_SYNTH_NAME_LEN,
				    &tag);
	if (!ret)
		ret = cmwq_arg_int_opt(args, "count", 1, 1000, 1, &spec.count);
	if (!ret)
		ret = cmwq_arg_int_opt(args, "cpu", 0, nr_cpu_ids - 1, -1,
				       &spec.cpu);
	if (!ret)
		ret = cmwq_arg_int_opt(args, "node", 0, nr_node_ids - 1, -1,
				       &spec.node);
	if (!ret)
		ret = cmwq_arg_int_opt(args, "spin_us", 0, 100000, 0, &spin);
	if (!ret)
		ret = cmwq_arg_int_opt(args, "sleep_us", 0, 120000000, 0,
				       &sleep);
	if (!ret)
		ret = cmwq_arg_int_opt(args, "delay_ms", 0, 10000, 0, &delay);
	if (!ret)
		ret = cmwq_args_done(args);
	if (ret)
		return ret;

	if (spec.cpu >= 0 && spec.node >= 0)
		return cmwq_fail(-EINVAL, "queue: cpu= and node= exclude each other");
	if (spec.cpu >= 0 && !cpu_online(spec.cpu))
		return cmwq_fail(-EINVAL, "queue: cpu %d is not online",
				 spec.cpu);
	if (spec.node >= 0 &&
	    !cpumask_intersects(cpumask_of_node(spec.node), cpu_online_mask))
		return cmwq_fail(-EINVAL, "queue: node %d has no online CPU",
				 spec.node);
	spec.tag = tag ?: "default";
	spec.spin_us = spin;
	spec.sleep_us = sleep;
	spec.delay = msecs_to_jiffies(delay);

	ret = cmwq_synth_queue(wq, &spec);
	if (ret == -ENOSPC)
		return cmwq_fail(ret, "queue: over %d items or %d tags in flight",
				 CMWQ_SYNTH_MAX_LIVE, CMWQ_SYNTH_MAX_TAGS);
	if (ret == -EBUSY)
		return cmwq_fail(ret, "queue: %s is being drained", wq->name);
	if (ret)
		return cmwq_fail(ret, "queue: error %d", ret);
	return 0;
}

/* flush wq=<name> | flush tag=<tag> */
static int cmwq_cmd_flush(struct cmwq_args *args)
{
	char *wqname, *tag;
	int ret;

	ret = cmwq_arg_name(args, "wq", false, CMWQ_NAME_LEN, &wqname);
	if (!ret)
		ret = cmwq_arg_name(args, "tag", false, CMWQ_SYNTH_NAME_LEN,
				    &tag);
	if (!ret)
		ret = cmwq_args_done(args);
	if (ret)
		return ret;
	if (!wqname == !tag)
		return cmwq_fail(-EINVAL, "flush: give either wq= or tag=");
	if (tag) {
		ret = cmwq_synth_flush(tag);
		if (ret == -ENOENT)
			return cmwq_fail(ret, "flush: no tag '%s'", tag);
		if (ret == -EBUSY)
			return cmwq_fail(ret, "flush: tag %s has disabled items: enable them first",
					 tag);
		if (ret)
			return cmwq_fail(ret, "flush: tag %s: interrupted", tag);
		return 0;
	}
	{
		struct cmwq_workqueue *wq = cmwq_ctl_wq_find(wqname);

		if (!wq)
			return cmwq_fail(-ENOENT, "flush: no workqueue '%s'",
					 wqname);
		cmwq_flush_workqueue(wq);
	}
	return 0;
}

/* drain wq=<name> */
static int cmwq_cmd_drain(struct cmwq_args *args)
{
	struct cmwq_workqueue *wq;
	int ret;

	ret = cmwq_args_only_wq(args, "wq", &wq);
	if (ret)
		return ret;
	cmwq_drain_workqueue(wq);
	return 0;
}

/* cancel tag=<tag>: cancel what has not started, wait for the rest. */
static int cmwq_cmd_cancel(struct cmwq_args *args)
{
	char *tag;
	int ret;

	ret = cmwq_args_only_tag(args, &tag);
	if (ret)
		return ret;
	ret = cmwq_synth_cancel(tag);
	if (ret == -ENOENT)
		return cmwq_fail(ret, "cancel: no tag '%s'", tag);
	return ret < 0 ? ret : 0;
}

/* wake tag=<tag>: end the sleeps of the tag's items. */
static int cmwq_cmd_wake(struct cmwq_args *args)
{
	char *tag;
	int ret;

	ret = cmwq_args_only_tag(args, &tag);
	if (ret)
		return ret;
	if (cmwq_synth_wake(tag))
		return cmwq_fail(-ENOENT, "wake: no tag '%s'", tag);
	return 0;
}

/* disable tag=<tag> | enable tag=<tag> */
static int cmwq_cmd_disable_enable(struct cmwq_args *args)
{
	bool disable = !strcmp(args->verb, "disable");
	char *tag;
	int ret;

	ret = cmwq_args_only_tag(args, &tag);
	if (ret)
		return ret;
	ret = cmwq_synth_disable(tag, disable);
	if (ret)
		return cmwq_fail(ret, "%s: no tag '%s'", args->verb, tag);
	return 0;
}

/* reset_stats [wq=<name>]: zero the per-pwq statistics. */
static int cmwq_cmd_reset_stats(struct cmwq_args *args)
{
	struct cmwq_workqueue *wq = NULL;
	char *name;
	int ret;

	ret = cmwq_arg_name(args, "wq", false, CMWQ_NAME_LEN, &name);
	if (!ret)
		ret = cmwq_args_done(args);
	if (ret)
		return ret;
	if (name) {
		wq = cmwq_ctl_wq_find(name);
		if (!wq)
			return cmwq_fail(-ENOENT, "reset_stats: no workqueue '%s'",
					 name);
	}
	cmwq_workqueues_reset_stats(wq);
	return 0;
}

static const struct cmwq_command cmwq_commands[] = {
	{ "create_wq", cmwq_cmd_create_wq },
	{ "destroy_wq", cmwq_cmd_destroy_wq },
	{ "set_max_active", cmwq_cmd_set_max_active },
	{ "queue", cmwq_cmd_queue },
	{ "flush", cmwq_cmd_flush },
	{ "drain", cmwq_cmd_drain },
	{ "cancel", cmwq_cmd_cancel },
	{ "wake", cmwq_cmd_wake },
	{ "disable", cmwq_cmd_disable_enable },
	{ "enable", cmwq_cmd_disable_enable },
	{ "reset_stats", cmwq_cmd_reset_stats },
	{ "create_worker", cmwq_cmd_create_worker },
};

/**
 * cmwq_control_exec - run one command of the control language
 * @line: the command, NUL-terminated, without newline; modified in place
 *
 * Context: process context, may sleep.
 * Return: 0, or a negative errno; last_error then says why.
 */
int cmwq_control_exec(char *line)
{
	struct cmwq_args args;
	int i, ret;

	mutex_lock(&cmwq_control_mutex);
	cmwq_last_error[0] = '\0';
	ret = cmwq_args_parse(line, &args);
	if (ret)
		goto out;
	for (i = 0; i < ARRAY_SIZE(cmwq_commands); i++) {
		if (!strcmp(args.verb, cmwq_commands[i].verb)) {
			ret = cmwq_commands[i].exec(&args);
			goto out;
		}
	}
	ret = cmwq_fail(-EINVAL, "unknown command '%s'", args.verb);
out:
	mutex_unlock(&cmwq_control_mutex);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(cmwq_control_exec, CMWQ_INTERNAL);

/**
 * cmwq_control_fail - record why input was rejected before parsing
 * @err: the errno to return
 * @why: the reason, for last_error
 *
 * Context: process context.
 * Return: @err.
 */
int cmwq_control_fail(int err, const char *why)
{
	mutex_lock(&cmwq_control_mutex);
	cmwq_fail(err, "%s", why);
	mutex_unlock(&cmwq_control_mutex);
	return err;
}

/**
 * cmwq_control_last_error - copy the reason of the last failed command
 * @buf: where to copy it
 * @size: size of @buf
 *
 * The copy is empty when the last command succeeded.
 *
 * Context: process context, may sleep.
 */
void cmwq_control_last_error(char *buf, size_t size)
{
	mutex_lock(&cmwq_control_mutex);
	strscpy(buf, cmwq_last_error, size);
	mutex_unlock(&cmwq_control_mutex);
}
EXPORT_SYMBOL_NS_GPL(cmwq_control_last_error, CMWQ_INTERNAL);

/**
 * cmwq_control_show_works - the debugfs ``works`` file
 * @m: the seq_file
 *
 * Context: process context, may sleep.
 */
void cmwq_control_show_works(struct seq_file *m)
{
	mutex_lock(&cmwq_control_mutex);
	cmwq_synth_show(m);
	mutex_unlock(&cmwq_control_mutex);
}

/**
 * cmwq_control_exit - destroy what the control language created
 *
 * Context: module unload, after the control file is gone.
 */
void cmwq_control_exit(void)
{
	struct cmwq_workqueue *wq;

	mutex_lock(&cmwq_control_mutex);
	for (;;) {
		mutex_lock(&cmwq_pool_mutex);
		wq = NULL;
		list_for_each_entry(wq, &cmwq_workqueues, list)
			if (wq->flags & __CMWQ_CONTROL)
				break;
		if (list_entry_is_head(wq, &cmwq_workqueues, list))
			wq = NULL;
		mutex_unlock(&cmwq_pool_mutex);
		if (!wq)
			break;
		cmwq_ctl_destroy_wq(wq);
	}
	cmwq_synth_exit();
	mutex_unlock(&cmwq_control_mutex);
}
