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
#include <linux/mutex.h>
#include <linux/string.h>

#include "internal.h"

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

static const struct cmwq_command cmwq_commands[] = {
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
