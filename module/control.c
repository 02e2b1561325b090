// SPDX-License-Identifier: GPL-2.0
/*
 * The control language of /sys/kernel/debug/cmwq/control.
 *
 * Each write() is one complete input of newline-separated commands, run in
 * order; blank lines and lines starting with '#' are skipped. A command is
 * a verb followed by key=value arguments separated by blanks, e.g.
 * "create_worker pool=3", and either succeeds completely or fails with an
 * errno and changes nothing. The first failing command ends the write,
 * which returns its errno; the commands before it have taken effect. The
 * reason (with the line number if the write has several lines) is kept for
 * the last_error file. Documentation/control.rst lists the verbs.
 *
 * Locking: cmwq_control_mutex serialises writers, a whole write at a time,
 * and is taken interruptibly. Readers never take it: last_error is copied
 * under cmwq_last_error_lock, works under the synthetic tags' own mutex.
 * Every long wait of a writer can be interrupted by a signal (-EINTR): the
 * tag waits directly, and the engine's flush, drain and destroy because
 * they run as jobs on an ordered kernel workqueue that the writer waits
 * for. An interrupted job finishes in the background; jobs run one at a
 * time, in order, so a destroy never frees a workqueue that an earlier
 * flush or drain still uses, and unload waits for them all.
 */
#include <linux/completion.h>
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/nodemask.h>
#include <linux/seq_file.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>

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

/* Serialises writes, so that last_error belongs to one write. */
static DEFINE_MUTEX(cmwq_control_mutex);
/* The failing command's reason, built while it runs: cmwq_control_mutex. */
static char cmwq_error[CMWQ_ERROR_LEN];
/* What last_error shows: written at the end of each write. */
static DEFINE_SPINLOCK(cmwq_last_error_lock);
static char cmwq_last_error[CMWQ_ERROR_LEN];	/* cmwq_last_error_lock */
/* The engine's long waits run here: see the top of the file. */
static struct workqueue_struct *cmwq_control_jobs;	/* cmwq_control_mutex */

static __printf(2, 3) int cmwq_fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmwq_error, sizeof(cmwq_error), fmt, ap);
	va_end(ap);
	return err;
}

static void cmwq_publish_error(const char *why)
{
	spin_lock(&cmwq_last_error_lock);
	strscpy(cmwq_last_error, why, sizeof(cmwq_last_error));
	spin_unlock(&cmwq_last_error_lock);
}

/* One long engine call, run on cmwq_control_jobs; see ctl_job_run(). */
struct cmwq_ctl_job {
	struct work_struct	work;
	void			(*fn)(struct cmwq_workqueue *wq);
	struct cmwq_workqueue	*wq;
	struct completion	done;
	refcount_t		ref;		/* the writer's and the job's */
};

static void ctl_job_put(struct cmwq_ctl_job *job)
{
	if (refcount_dec_and_test(&job->ref))
		kfree(job);
}

static void ctl_job_fn(struct work_struct *work)
{
	struct cmwq_ctl_job *job = container_of(work, struct cmwq_ctl_job,
						work);

	job->fn(job->wq);
	complete(&job->done);
	ctl_job_put(job);
}

/*
 * Run @fn(@wq) as a job and wait for it; a signal ends the wait with
 * -EINTR and the job goes on alone. Callers make sure @wq outlives every
 * job queued for it: only a destroy job frees a workqueue, and jobs run
 * in order.
 */
static int ctl_job_run(void (*fn)(struct cmwq_workqueue *wq),
		       struct cmwq_workqueue *wq)
{
	struct cmwq_ctl_job *job;
	int ret = 0;

	lockdep_assert_held(&cmwq_control_mutex);
	if (!cmwq_control_jobs) {
		cmwq_control_jobs = alloc_ordered_workqueue("cmwq_control", 0);
		if (!cmwq_control_jobs)
			return -ENOMEM;
	}
	job = kzalloc(sizeof(*job), GFP_KERNEL);
	if (!job)
		return -ENOMEM;
	INIT_WORK(&job->work, ctl_job_fn);
	job->fn = fn;
	job->wq = wq;
	init_completion(&job->done);
	refcount_set(&job->ref, 2);
	queue_work(cmwq_control_jobs, &job->work);
	if (wait_for_completion_interruptible(&job->done))
		ret = -EINTR;
	ctl_job_put(job);
	return ret;
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
		if (!isascii(*c) || (!isalnum(*c) && !strchr("_.-", *c)))
			return cmwq_fail(-EINVAL,
					 "%s: %s=%s: only letters, digits, _ . -",
					 args->verb, key, val);
	return 0;
}

static const struct {
	const char *name;
	unsigned int flag;
} cmwq_flag_names[] = {
	{ "unbound", CMWQ_UNBOUND },
	{ "ordered", __CMWQ_ORDERED },
	{ "highpri", CMWQ_HIGHPRI },
	{ "cpu_intensive", CMWQ_CPU_INTENSIVE },
	{ "mem_reclaim", CMWQ_MEM_RECLAIM },
	{ "freezable", CMWQ_FREEZABLE },
	{ "sysfs", CMWQ_SYSFS },
	{ "power_efficient", CMWQ_POWER_EFFICIENT },
	{ "bh", CMWQ_BH },
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
					 "%s: unknown flag '%s' (unbound, ordered, highpri, cpu_intensive, mem_reclaim, freezable, sysfs, power_efficient, bh)",
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
 * CMWQ_SYSFS is left out: it changes no behaviour, every workqueue made
 * here has it, and /sys/bus/cmwq/devices/ lists them.
 *
 * Return: @buf, "-" when no flag is set.
 */
char *cmwq_flags_str(unsigned int flags, char *buf, size_t size)
{
	int i, n = 0;

	flags &= ~CMWQ_SYSFS;
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
 * The workqueue called @name that commands may use: one created here and
 * not being destroyed, or the system workqueue. Others belong to modules
 * that may free them.
 */
static struct cmwq_workqueue *cmwq_ctl_wq_find(const char *name)
{
	struct cmwq_workqueue *wq, *found = NULL;

	lockdep_assert_held(&cmwq_control_mutex);
	mutex_lock(&cmwq_pool_mutex);
	list_for_each_entry(wq, &cmwq_workqueues, list) {
		if (strcmp(wq->name, name))
			continue;
		/* __CMWQ_CONTROL changes under our mutex: see destroy_wq. */
		if ((READ_ONCE(wq->flags) & __CMWQ_CONTROL) ||
		    cmwq_is_system_wq(wq)) {
			found = wq;
			break;
		}
	}
	mutex_unlock(&cmwq_pool_mutex);
	return found;
}

/*
 * The workqueue's name: wq=, or (if @alias) its alias name=, not both.
 * *@out is NULL when absent and not @required.
 */
static int cmwq_arg_wq_name(struct cmwq_args *args, bool alias,
			    bool required, char **out)
{
	char *alt = NULL;
	int ret;

	ret = cmwq_arg_name(args, "wq", false, CMWQ_NAME_LEN, out);
	if (!ret && alias)
		ret = cmwq_arg_name(args, "name", false, CMWQ_NAME_LEN, &alt);
	if (ret)
		return ret;
	if (*out && alt)
		return cmwq_fail(-EINVAL, "%s: give wq= or its alias name=, not both",
				 args->verb);
	if (alt)
		*out = alt;
	if (!*out && required)
		return cmwq_fail(-EINVAL, "%s: missing wq=", args->verb);
	return 0;
}

/* The required workqueue argument (see cmwq_arg_wq_name()), resolved. */
static int cmwq_arg_wq(struct cmwq_args *args, bool alias,
		       struct cmwq_workqueue **out)
{
	char *name;
	int ret;

	ret = cmwq_arg_wq_name(args, alias, true, &name);
	if (ret)
		return ret;
	*out = cmwq_ctl_wq_find(name);
	if (!*out)
		return cmwq_fail(-ENOENT, "%s: no workqueue '%s' (see workqueues)",
				 args->verb, name);
	return 0;
}

/* The command's only argument, a workqueue: resolve it, refuse others. */
static int cmwq_args_only_wq(struct cmwq_args *args, bool alias,
			     struct cmwq_workqueue **out)
{
	int ret = cmwq_arg_wq(args, alias, out);

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

	/*
	 * Per-CPU and BH pools live as long as the module; an unbound one
	 * is freed with its last pwq, under cmwq_unbound_mutex: held until
	 * the new worker is in the pool.
	 */
	mutex_lock(&cmwq_unbound_mutex);
	mutex_lock(&cmwq_pool_mutex);
	pool = cmwq_pool_get_by_id(id);
	mutex_unlock(&cmwq_pool_mutex);
	if (!pool) {
		ret = cmwq_fail(-ENOENT, "create_worker: no pool with id %d",
				id);
	} else if (pool->flags & CMWQ_POOL_BH) {
		/* A kthread there would run its works outside softirq. */
		ret = cmwq_fail(-EINVAL, "create_worker: pool %d is a BH pool: it runs in softirq, without workers",
				id);
	} else {
		ret = cmwq_create_worker(pool);
		if (ret)
			ret = cmwq_fail(ret, "create_worker: pool %d: error %d",
					id, ret);
	}
	mutex_unlock(&cmwq_unbound_mutex);
	return ret;
}

/*
 * set_pool pool=<id> [blocked_window_us=<us>] [create_interval_us=<us>]
 * [reap=fixed|scaled] [bounded_max=<n>] [unbounded_max=<n>]: the pool's
 * XNU-style options (cm_policy.c) and its work class caps (work_class.c).
 */
static int cmwq_cmd_set_pool(struct cmwq_args *args)
{
	struct cmwq_cm_opts o = { -1, -1, -1 };
	int cap[CMWQ_NR_CLASSES] = { -1, -1, -1 };
	struct cmwq_pool *pool;
	int id, ret, c;
	bool cm_opts;
	char *reap;

	ret = cmwq_arg_int(args, "pool", 0, INT_MAX, &id);
	if (!ret)
		ret = cmwq_arg_int_opt(args, "blocked_window_us", 0,
				       CMWQ_CM_MAX_WINDOW_US, -1,
				       &o.blocked_window_us);
	if (!ret)
		ret = cmwq_arg_int_opt(args, "create_interval_us", 0,
				       CMWQ_CM_MAX_CREATE_INTERVAL_US, -1,
				       &o.create_interval_us);
	if (!ret)
		ret = cmwq_arg_find(args, "reap", &reap);
	if (!ret)
		ret = cmwq_arg_int_opt(args, "bounded_max", 0,
				       CMWQ_CLASS_MAX_CAP, -1,
				       &cap[CMWQ_CLASS_BOUNDED]);
	if (!ret)
		ret = cmwq_arg_int_opt(args, "unbounded_max", 0,
				       CMWQ_CLASS_MAX_CAP, -1,
				       &cap[CMWQ_CLASS_UNBOUNDED]);
	if (!ret)
		ret = cmwq_args_done(args);
	if (ret)
		return ret;
	if (reap && !strcmp(reap, "fixed"))
		o.reap_scaled = 0;
	else if (reap && !strcmp(reap, "scaled"))
		o.reap_scaled = 1;
	else if (reap)
		return cmwq_fail(-EINVAL, "set_pool: reap=%s: fixed or scaled",
				 reap);
	cm_opts = o.blocked_window_us >= 0 || o.create_interval_us >= 0 ||
		  o.reap_scaled >= 0;
	if (!cm_opts && cap[CMWQ_CLASS_BOUNDED] < 0 &&
	    cap[CMWQ_CLASS_UNBOUNDED] < 0)
		return cmwq_fail(-EINVAL, "set_pool: nothing to set: give blocked_window_us=, create_interval_us=, reap=, bounded_max= or unbounded_max=");

	/* An unbound pool is freed under cmwq_unbound_mutex: see above. */
	mutex_lock(&cmwq_unbound_mutex);
	mutex_lock(&cmwq_pool_mutex);
	pool = cmwq_pool_get_by_id(id);
	mutex_unlock(&cmwq_pool_mutex);
	if (!pool) {
		ret = cmwq_fail(-ENOENT, "set_pool: no pool with id %d", id);
	} else if (pool->flags & CMWQ_POOL_BH) {
		/* Neither the options nor the caps: refused before any change. */
		ret = cmwq_fail(-EINVAL, "set_pool: pool %d is a BH pool: it has no workers",
				id);
	} else {
		/*
		 * The options first: they may be refused. The caps, in range
		 * on a pool with workers, cannot be: all or nothing.
		 */
		ret = cm_opts ? cmwq_cm_policy_set(pool, &o) : 0;
		for (c = CMWQ_CLASS_BOUNDED; !ret && c < CMWQ_NR_CLASSES; c++)
			if (cap[c] >= 0)
				ret = cmwq_pool_set_class_max(pool, c, cap[c]);
		if (ret == -EINVAL)
			ret = cmwq_fail(ret, "set_pool: pool %d is a BH pool: it has no workers",
					id);
		else if (ret == -EOPNOTSUPP)
			ret = cmwq_fail(-EINVAL, "set_pool: pool %d is not concurrency managed: no blocked window",
					id);
		else if (ret)
			ret = cmwq_fail(ret, "set_pool: pool %d: error %d",
					id, ret);
	}
	mutex_unlock(&cmwq_unbound_mutex);
	return ret;
}

/* Is @name taken by a workqueue other than @self? */
static bool cmwq_wq_name_taken(const char *name, struct cmwq_workqueue *self)
{
	struct cmwq_workqueue *wq;
	bool taken = false;

	mutex_lock(&cmwq_pool_mutex);
	list_for_each_entry(wq, &cmwq_workqueues, list)
		taken |= wq != self && !strcmp(wq->name, name);
	mutex_unlock(&cmwq_pool_mutex);
	return taken;
}

/*
 * The attrs keys of create_wq and set_attrs, applied over @attrs:
 * nice=<n> cpus=<cpulist> scope=<scope> strict=0|1. *@given says whether
 * any was there.
 */
static int cmwq_arg_attrs(struct cmwq_args *args,
			  struct cmwq_workqueue_attrs *attrs, bool *given)
{
	char *nice, *cpus, *scope, *strict;
	int ret, v;

	ret = cmwq_arg_find(args, "nice", &nice);
	if (!ret)
		ret = cmwq_arg_find(args, "cpus", &cpus);
	if (!ret)
		ret = cmwq_arg_find(args, "scope", &scope);
	if (!ret)
		ret = cmwq_arg_find(args, "strict", &strict);
	if (ret)
		return ret;
	*given = nice || cpus || scope || strict;
	if (nice) {
		ret = cmwq_arg_int(args, "nice", MIN_NICE, MAX_NICE, &v);
		if (ret)
			return ret;
		attrs->nice = v;
	}
	if (cpus) {
		if (cpulist_parse(cpus, attrs->cpumask))
			return cmwq_fail(-EINVAL, "%s: cpus=%s is not a CPU list",
					 args->verb, cpus);
		if (!cpumask_intersects(attrs->cpumask, cpu_online_mask))
			return cmwq_fail(-EINVAL, "%s: cpus=%s has no online CPU",
					 args->verb, cpus);
	}
	if (scope) {
		v = cmwq_affn_scope_parse(scope);
		if (v < 0)
			return cmwq_fail(-EINVAL,
					 "%s: scope=%s is not default, cpu, smt, cache, numa or system",
					 args->verb, scope);
		attrs->affn_scope = v;
	}
	if (strict) {
		ret = cmwq_arg_int(args, "strict", 0, 1, &v);
		if (ret)
			return ret;
		attrs->affn_strict = v;
	}
	return 0;
}

/*
 * create_wq wq=<name> [flags=<f,...>] [max_active=<n>]
 *           [nice=<n>] [cpus=<list>] [scope=<scope>] [strict=0|1]
 */
static int cmwq_cmd_create_wq(struct cmwq_args *args)
{
	struct cmwq_workqueue_attrs *attrs;
	struct cmwq_workqueue *wq;
	unsigned int flags;
	int max_active, ret;
	bool given;
	char *name;

	attrs = cmwq_alloc_workqueue_attrs();
	if (!attrs)
		return cmwq_fail(-ENOMEM, "create_wq: out of memory");
	ret = cmwq_arg_wq_name(args, true, true, &name);
	if (!ret)
		ret = cmwq_arg_flags(args, &flags);
	if (!ret) {
		/*
		 * Every workqueue made here has its files, given or not, but
		 * a BH one: upstream's WQ_BH takes no WQ_SYSFS.
		 */
		if (!(flags & CMWQ_BH))
			flags |= CMWQ_SYSFS;
		ret = cmwq_arg_int_opt(args, "max_active", 0, CMWQ_MAX_ACTIVE,
				       0, &max_active);
	}
	if (!ret) {
		/* As cmwq_alloc_workqueue() does, unless nice= says else. */
		if (flags & CMWQ_HIGHPRI)
			attrs->nice = CMWQ_HIGHPRI_NICE;
		ret = cmwq_arg_attrs(args, attrs, &given);
	}
	if (!ret)
		ret = cmwq_args_done(args);
	if (ret)
		goto out;

	/* Before ordered adds unbound: the reason is the BH rule. */
	if ((flags & CMWQ_BH) && (flags & ~(CMWQ_BH_ALLOWS | CMWQ_SYSFS))) {
		ret = cmwq_fail(-EINVAL, "create_wq: bh runs in softirq on each CPU: it takes no flag but highpri");
		goto out;
	}
	if ((flags & CMWQ_BH) && max_active) {
		ret = cmwq_fail(-EINVAL, "create_wq: a bh workqueue has no max_active (%d given)",
				max_active);
		goto out;
	}
	/* ordered implies unbound and one at a time, as upstream. */
	if (flags & __CMWQ_ORDERED) {
		flags |= CMWQ_UNBOUND;
		if (max_active > 1) {
			ret = cmwq_fail(-EINVAL, "create_wq: an ordered workqueue runs one work at a time, not max_active=%d",
					max_active);
			goto out;
		}
		max_active = 1;
	}
	if ((flags & CMWQ_UNBOUND) && (flags & CMWQ_CPU_INTENSIVE)) {
		ret = cmwq_fail(-EINVAL, "create_wq: cpu_intensive means nothing for an unbound workqueue");
		goto out;
	}
	if (given && !(flags & CMWQ_UNBOUND)) {
		ret = cmwq_fail(-EINVAL, "create_wq: nice, cpus, scope and strict need flags=unbound");
		goto out;
	}

	if (cmwq_wq_name_taken(name, NULL)) {
		ret = cmwq_fail(-EEXIST, "create_wq: workqueue '%s' exists",
				name);
		goto out;
	}
	wq = cmwq_alloc_workqueue("%s", flags, max_active, name);
	if (IS_ERR(wq)) {
		ret = cmwq_fail(PTR_ERR(wq), "create_wq: %s: error %ld", name,
				PTR_ERR(wq));
		goto out;
	}
	if (given) {
		ret = cmwq_apply_workqueue_attrs(wq, attrs);
		if (ret) {
			cmwq_destroy_workqueue(wq);
			ret = cmwq_fail(ret, "create_wq: %s: attrs refused: error %d",
					name, ret);
			goto out;
		}
	}
	/*
	 * The check that counts is this one, on the list that holds ours:
	 * a module may have created the same name since the first check.
	 */
	if (cmwq_wq_name_taken(name, wq)) {
		cmwq_destroy_workqueue(wq);
		ret = cmwq_fail(-EEXIST, "create_wq: workqueue '%s' exists",
				name);
		goto out;
	}
	mutex_lock(&wq->mutex);
	WRITE_ONCE(wq->flags, wq->flags | __CMWQ_CONTROL);
	mutex_unlock(&wq->mutex);
out:
	cmwq_free_workqueue_attrs(attrs);
	return ret;
}

/* destroy_wq wq=<name>: cut delays short, drain, destroy. */
static int cmwq_cmd_destroy_wq(struct cmwq_args *args)
{
	char name[CMWQ_NAME_LEN];
	struct cmwq_workqueue *wq;
	int ret;

	ret = cmwq_args_only_wq(args, true, &wq);
	if (ret)
		return ret;
	if (cmwq_is_system_wq(wq))
		return cmwq_fail(-EPERM, "destroy_wq: %s belongs to cmwq",
				 wq->name);
	/* An interrupted job may free it before we report. */
	strscpy(name, wq->name, sizeof(name));
	/* From here on no command finds it, so none queues on it. */
	mutex_lock(&wq->mutex);
	WRITE_ONCE(wq->flags, wq->flags & ~__CMWQ_CONTROL);
	mutex_unlock(&wq->mutex);
	cmwq_synth_prepare_drain(wq, true);
	ret = ctl_job_run(cmwq_destroy_workqueue, wq);
	if (ret == -EINTR)
		return cmwq_fail(ret, "destroy_wq: interrupted: %s is destroyed in the background",
				 name);
	if (ret) {
		/* Not started: it stays, as before the command. */
		mutex_lock(&wq->mutex);
		WRITE_ONCE(wq->flags, wq->flags | __CMWQ_CONTROL);
		mutex_unlock(&wq->mutex);
		return cmwq_fail(ret, "destroy_wq: error %d", ret);
	}
	return 0;
}

/* The arguments of a set_*_active command: wq=, one integer @key, no more. */
static int cmwq_args_wq_and_int(struct cmwq_args *args, bool alias,
				const char *key, int min, int max,
				struct cmwq_workqueue **wq, int *val)
{
	int ret = cmwq_arg_wq(args, alias, wq);

	if (!ret)
		ret = cmwq_arg_int(args, key, min, max, val);
	return ret ?: cmwq_args_done(args);
}

/* set_max_active wq=<name> max_active=<n> */
static int cmwq_cmd_set_max_active(struct cmwq_args *args)
{
	struct cmwq_workqueue *wq;
	int max_active, ret;

	ret = cmwq_args_wq_and_int(args, true, "max_active", 0,
				   CMWQ_MAX_ACTIVE, &wq, &max_active);
	if (ret)
		return ret;
	ret = cmwq_workqueue_set_max_active(wq, max_active);
	if (ret)
		return cmwq_fail(ret, "set_max_active: %s is ordered: one at a time",
				 wq->name);
	return 0;
}

/* set_min_active wq=<name> min_active=<n> */
static int cmwq_cmd_set_min_active(struct cmwq_args *args)
{
	struct cmwq_workqueue *wq;
	int min_active, ret;

	ret = cmwq_args_wq_and_int(args, false, "min_active", 1,
				   CMWQ_MAX_ACTIVE, &wq, &min_active);
	if (ret)
		return ret;
	ret = cmwq_workqueue_set_min_active(wq, min_active);
	if (ret)
		return cmwq_fail(ret, "set_min_active: %s: unbound and not ordered, and min_active at most max_active %d",
				 wq->name, READ_ONCE(wq->saved_max_active));
	return 0;
}

/* set_attrs wq=<name> [nice=<n>] [cpus=<list>] [scope=<scope>] [strict=0|1] */
static int cmwq_cmd_set_attrs(struct cmwq_args *args)
{
	struct cmwq_workqueue_attrs *attrs;
	struct cmwq_workqueue *wq;
	bool given;
	int ret;

	attrs = cmwq_alloc_workqueue_attrs();
	if (!attrs)
		return cmwq_fail(-ENOMEM, "set_attrs: out of memory");
	ret = cmwq_arg_wq(args, false, &wq);
	if (!ret && cmwq_get_workqueue_attrs(wq, attrs))
		ret = cmwq_fail(-EINVAL, "set_attrs: %s is per-CPU: attrs are for unbound workqueues",
				wq->name);
	if (!ret)
		ret = cmwq_arg_attrs(args, attrs, &given);
	if (!ret)
		ret = cmwq_args_done(args);
	if (!ret && !given)
		ret = cmwq_fail(-EINVAL, "set_attrs: give nice=, cpus=, scope= or strict=");
	if (!ret) {
		ret = cmwq_apply_workqueue_attrs(wq, attrs);
		if (ret)
			ret = cmwq_fail(ret, "set_attrs: %s: error %d", wq->name,
					ret);
	}
	cmwq_free_workqueue_attrs(attrs);
	return ret;
}

/*
 * queue wq=<name> [tag=<tag>] [count=<n>] [cpu=<cpu> | node=<node>]
 *       [spin_us=<us>] [sleep_us=<us>] [spin_after_us=<us>] [delay_ms=<ms>]
 *       [hold_lock=0|1] [wake_tag=<tag>]
 *       [hash=<key> | class=bounded|unbounded]
 */
static int cmwq_cmd_queue(struct cmwq_args *args)
{
	struct cmwq_synth_spec spec = {};
	struct cmwq_workqueue *wq;
	int spin, sleep, spin_after, delay, hold_lock, hash, ret;
	char *tag, *wake_tag, *class;

	ret = cmwq_arg_wq(args, false, &wq);
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
		ret = cmwq_arg_int_opt(args, "spin_us", 0, 10000000, 0,
				       &spin);
	if (!ret)
		ret = cmwq_arg_int_opt(args, "sleep_us", 0, 120000000, 0,
				       &sleep);
	if (!ret)
		ret = cmwq_arg_int_opt(args, "spin_after_us", 0, 10000000, 0,
				       &spin_after);
	if (!ret)
		ret = cmwq_arg_int_opt(args, "delay_ms", 0, 10000, 0, &delay);
	if (!ret)
		ret = cmwq_arg_int_opt(args, "hold_lock", 0, 1, 0, &hold_lock);
	if (!ret)
		ret = cmwq_arg_name(args, "wake_tag", false,
				    CMWQ_SYNTH_NAME_LEN, &wake_tag);
	if (!ret)
		ret = cmwq_arg_int_opt(args, "hash", 0, INT_MAX, -1, &hash);
	if (!ret)
		ret = cmwq_arg_find(args, "class", &class);
	if (!ret)
		ret = cmwq_args_done(args);
	if (ret)
		return ret;

	if (spec.cpu >= 0 && spec.node >= 0)
		return cmwq_fail(-EINVAL, "queue: cpu= and node= exclude each other");
	/* cmwq_queue_work_hashed() queues on the local CPU, at once. */
	if (hash >= 0 && (spec.cpu >= 0 || spec.node >= 0 || delay))
		return cmwq_fail(-EINVAL, "queue: hash= takes no cpu=, node= or delay_ms=");
	spec.hashed = hash >= 0;
	spec.hash_key = hash;
	/* Work classes (work_class.c): never hashed, never on a BH wq. */
	if (class) {
		if (!strcmp(class, "bounded"))
			spec.class = CMWQ_CLASS_BOUNDED;
		else if (!strcmp(class, "unbounded"))
			spec.class = CMWQ_CLASS_UNBOUNDED;
		else
			return cmwq_fail(-EINVAL, "queue: class=%s: bounded or unbounded",
					 class);
		if (spec.hashed)
			return cmwq_fail(-EINVAL, "queue: class= and hash= exclude each other: a hashed work takes no class");
		if (delay)
			return cmwq_fail(-EINVAL, "queue: class= takes no delay_ms=");
		if (READ_ONCE(wq->flags) & CMWQ_BH)
			return cmwq_fail(-EINVAL, "queue: %s is a bh workqueue: its items take no class",
					 wq->name);
	}
	/*
	 * A BH item runs in softirq: it must not sleep, nor take the lock
	 * that other items take with softirqs on, and a long spin there
	 * holds the CPU's softirqs up (100 ms is far beyond any budget).
	 */
	if (READ_ONCE(wq->flags) & CMWQ_BH) {
		if (sleep)
			return cmwq_fail(-EINVAL, "queue: %s is a bh workqueue: its items run in softirq and must not sleep (sleep_us=%d)",
					 wq->name, sleep);
		if (hold_lock)
			return cmwq_fail(-EINVAL, "queue: %s is a bh workqueue: hold_lock=1 would take a process-context lock in softirq",
					 wq->name);
		if (spin + spin_after > 100000)
			return cmwq_fail(-EINVAL, "queue: %s is a bh workqueue: spin_us + spin_after_us at most 100000 in softirq",
					 wq->name);
	}
	spec.tag = tag ?: "default";
	spec.spin_us = spin;
	spec.sleep_us = sleep;
	spec.spin_after_us = spin_after;
	spec.hold_lock = hold_lock;
	spec.wake_tag = wake_tag;
	spec.delay = msecs_to_jiffies(delay);

	ret = cmwq_synth_queue(wq, &spec);
	if (ret == -ENODEV && spec.cpu >= 0)
		return cmwq_fail(-EINVAL, "queue: cpu %d is not online",
				 spec.cpu);
	if (ret == -ENODEV)
		return cmwq_fail(-EINVAL, "queue: node %d has no online CPU",
				 spec.node);
	if (ret == -ENOENT)
		return cmwq_fail(ret, "queue: no tag '%s' to wake", wake_tag);
	if (ret == -ENOSPC)
		return cmwq_fail(ret, "queue: over %d items or %d tags in flight",
				 CMWQ_SYNTH_MAX_LIVE, CMWQ_SYNTH_MAX_TAGS);
	if (ret == -EBUSY)
		return cmwq_fail(ret, "queue: %s is being drained or destroyed",
				 wq->name);
	if (ret)
		return cmwq_fail(ret, "queue: error %d", ret);
	return 0;
}

/* flush wq=<name> | flush tag=<tag> */
static int cmwq_cmd_flush(struct cmwq_args *args)
{
	struct cmwq_workqueue *wq;
	char *wqname, *tag;
	int ret;

	ret = cmwq_arg_wq_name(args, false, false, &wqname);
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
	wq = cmwq_ctl_wq_find(wqname);
	if (!wq)
		return cmwq_fail(-ENOENT, "flush: no workqueue '%s'", wqname);
	ret = ctl_job_run(cmwq_flush_workqueue, wq);
	if (ret == -EINTR)
		return cmwq_fail(ret, "flush: %s: interrupted", wqname);
	if (ret)
		return cmwq_fail(ret, "flush: error %d", ret);
	return 0;
}

/* drain wq=<name>: cut delays short, then drain_workqueue. */
static int cmwq_cmd_drain(struct cmwq_args *args)
{
	struct cmwq_workqueue *wq;
	int ret;

	ret = cmwq_args_only_wq(args, false, &wq);
	if (ret)
		return ret;
	cmwq_synth_prepare_drain(wq, false);
	ret = ctl_job_run(cmwq_drain_workqueue, wq);
	if (ret == -EINTR)
		return cmwq_fail(ret, "drain: %s: interrupted: the drain goes on in the background",
				 wq->name);
	if (ret)
		return cmwq_fail(ret, "drain: error %d", ret);
	return 0;
}

/* cancel tag=<tag>: cancel what has not started, wait for the rest. */
static int cmwq_cmd_cancel(struct cmwq_args *args)
{
	int ret, cancelled;
	char *tag;

	ret = cmwq_args_only_tag(args, &tag);
	if (ret)
		return ret;
	ret = cmwq_synth_cancel(tag, &cancelled);
	if (ret == -ENOENT)
		return cmwq_fail(ret, "cancel: no tag '%s'", tag);
	if (ret)
		return cmwq_fail(ret, "cancel: tag %s: %d cancelled, interrupted while the rest runs",
				 tag, cancelled);
	return 0;
}

/*
 * cancel_match wq=<name> tag=<tag>: cmwq_cancel_work_match() with "is an
 * item of <tag>" as the predicate: the tag's pending items on <name> are
 * cancelled, its running ones asked to stop (their spins end).
 */
static int cmwq_cmd_cancel_match(struct cmwq_args *args)
{
	struct cmwq_cancel_match_result res;
	struct cmwq_workqueue *wq;
	char *tag;
	int ret;

	ret = cmwq_arg_wq(args, false, &wq);
	if (!ret)
		ret = cmwq_arg_name(args, "tag", true, CMWQ_SYNTH_NAME_LEN,
				    &tag);
	if (!ret)
		ret = cmwq_args_done(args);
	if (ret)
		return ret;
	ret = cmwq_synth_cancel_match(wq, tag, &res);
	if (ret == -ENOENT)
		return cmwq_fail(ret, "cancel_match: no tag '%s'", tag);
	return ret;
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
	if (ret < 0)
		return cmwq_fail(ret, "%s: no tag '%s'", args->verb, tag);
	if (ret)
		return cmwq_fail(-EBUSY, "enable: tag %s: %d items refused by a workqueue being drained: counted as cancelled",
				 tag, ret);
	return 0;
}

/* reset_stats [wq=<name>]: zero the per-pwq statistics. */
static int cmwq_cmd_reset_stats(struct cmwq_args *args)
{
	struct cmwq_workqueue *wq = NULL;
	char *name;
	int ret;

	ret = cmwq_arg_wq_name(args, false, false, &name);
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

/* dump: the state of every busy workqueue and pool, to the kernel log. */
static int cmwq_cmd_dump(struct cmwq_args *args)
{
	int ret = cmwq_args_done(args);

	if (!ret && cmwq_dump_state(NULL))
		ret = cmwq_fail(-ENOMEM, "dump: out of memory");
	return ret;
}

static const struct cmwq_command cmwq_commands[] = {
	{ "create_wq", cmwq_cmd_create_wq },
	{ "destroy_wq", cmwq_cmd_destroy_wq },
	{ "set_max_active", cmwq_cmd_set_max_active },
	{ "set_attrs", cmwq_cmd_set_attrs },
	{ "set_min_active", cmwq_cmd_set_min_active },
	{ "queue", cmwq_cmd_queue },
	{ "flush", cmwq_cmd_flush },
	{ "drain", cmwq_cmd_drain },
	{ "cancel", cmwq_cmd_cancel },
	{ "cancel_match", cmwq_cmd_cancel_match },
	{ "wake", cmwq_cmd_wake },
	{ "disable", cmwq_cmd_disable_enable },
	{ "enable", cmwq_cmd_disable_enable },
	{ "reset_stats", cmwq_cmd_reset_stats },
	{ "create_worker", cmwq_cmd_create_worker },
	{ "set_pool", cmwq_cmd_set_pool },
	{ "dump", cmwq_cmd_dump },
};

/* Run the one command in @line (no newline), modified in place. */
static int cmwq_control_run_line(char *line)
{
	struct cmwq_args args;
	int i, ret;

	ret = cmwq_args_parse(line, &args);
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(cmwq_commands); i++)
		if (!strcmp(args.verb, cmwq_commands[i].verb))
			return cmwq_commands[i].exec(&args);
	return cmwq_fail(-EINVAL, "unknown command '%s'", args.verb);
}

/* Are the @len bytes at @line nothing but blanks, or a '#' comment? */
static bool cmwq_line_is_blank(const char *line, size_t len)
{
	while (len && isspace(*line)) {
		line++;
		len--;
	}
	return !len || *line == '#';
}

/*
 * Refuse an input that cannot be run at all, before any command runs: a
 * byte that is neither printable, a tab nor a newline, a line over
 * CMWQ_CONTROL_MAX_LINE - 1 bytes, or no command. *@bad is the number of
 * the line at fault (0 for the whole input).
 */
static int cmwq_input_check(const char *input, int *bad)
{
	const char *line = input, *c;
	int commands = 0;

	for (*bad = 1;; (*bad)++) {
		size_t len = strchrnul(line, '\n') - line;

		for (c = line; c < line + len; c++)
			if (!isprint(*c) && *c != '\t')
				return cmwq_fail(-EINVAL,
						 "non-printable byte in command");
		if (len >= CMWQ_CONTROL_MAX_LINE)
			return cmwq_fail(-EINVAL, "command longer than %d bytes",
					 CMWQ_CONTROL_MAX_LINE - 1);
		commands += !cmwq_line_is_blank(line, len);
		if (!line[len])
			break;
		line += len + 1;
	}
	*bad = 0;
	if (!commands)
		return cmwq_fail(-EINVAL, "empty command");
	return 0;
}

/**
 * cmwq_control_exec - run one write of the control language
 * @input: newline-separated commands, NUL-terminated; modified in place.
 *         One trailing newline is allowed.
 *
 * The commands run in order; blank and '#' lines are skipped. The first
 * failing command ends the input: its errno is returned and last_error
 * gets its reason, prefixed with "line N: " when @input has several lines;
 * the commands before it stay done. An input with a malformed byte or line
 * runs nothing.
 *
 * Context: process context, may sleep; a signal interrupts the wait for
 * another writer and every long wait.
 * Return: 0, or a negative errno (-EINTR when interrupted).
 */
int cmwq_control_exec(char *input)
{
	size_t n = strlen(input);
	char *line, *next;
	bool several;
	int nr = 0, ret;

	if (n && input[n - 1] == '\n')
		input[--n] = '\0';
	several = strchr(input, '\n');

	if (mutex_lock_interruptible(&cmwq_control_mutex))
		return -EINTR;
	cmwq_error[0] = '\0';
	ret = cmwq_input_check(input, &nr);
	for (next = input; !ret && next; ) {
		line = strsep(&next, "\n");
		nr++;
		if (!cmwq_line_is_blank(line, strlen(line)))
			ret = cmwq_control_run_line(line);
	}
	if (ret && several && nr) {
		char why[CMWQ_ERROR_LEN];

		strscpy(why, cmwq_error, sizeof(why));
		snprintf(cmwq_error, sizeof(cmwq_error), "line %d: %s", nr,
			 why);
	}
	/* A failure without a reason of its own still gets one. */
	if (ret && !cmwq_error[0])
		cmwq_fail(ret, "error %d", ret);
	cmwq_publish_error(ret ? cmwq_error : "");
	mutex_unlock(&cmwq_control_mutex);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(cmwq_control_exec, CMWQ_NS);

/**
 * cmwq_control_fail - record why a write was refused before it ran
 * @err: the errno to return
 * @why: the reason, for last_error
 *
 * Context: process context.
 * Return: @err.
 */
int cmwq_control_fail(int err, const char *why)
{
	cmwq_publish_error(why);
	return err;
}

/**
 * cmwq_control_last_error - copy the reason of the last failed write
 * @buf: where to copy it
 * @size: size of @buf
 *
 * The copy is empty when the last write succeeded. Never waits for a
 * command that is running.
 *
 * Context: any but hard IRQ.
 */
void cmwq_control_last_error(char *buf, size_t size)
{
	spin_lock(&cmwq_last_error_lock);
	strscpy(buf, cmwq_last_error, size);
	spin_unlock(&cmwq_last_error_lock);
}
EXPORT_SYMBOL_NS_GPL(cmwq_control_last_error, CMWQ_NS);

/**
 * cmwq_control_show_works - the debugfs ``works`` file
 * @m: the seq_file
 *
 * Context: process context, may sleep, but never waits for a command.
 */
void cmwq_control_show_works(struct seq_file *m)
{
	cmwq_synth_show(m);
}

/**
 * cmwq_control_exit - undo what the control language did
 *
 * Every synthetic item, on any workqueue (cmwq_system's included), is
 * cancelled or has finished, and every background job has ended, before
 * the tags and the workqueues created here are freed.
 *
 * Context: module unload, after the control file is gone (so no write is
 * running), before the engine's workqueues and pools go.
 */
void cmwq_control_exit(void)
{
	struct cmwq_workqueue *wq;

	mutex_lock(&cmwq_control_mutex);
	cmwq_synth_cancel_all();
	/* Their items are woken or cancelled now: the jobs end. */
	if (cmwq_control_jobs)
		destroy_workqueue(cmwq_control_jobs);
	cmwq_control_jobs = NULL;
	cmwq_synth_exit();
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
		cmwq_destroy_workqueue(wq);
	}
	mutex_unlock(&cmwq_control_mutex);
}
