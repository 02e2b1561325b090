// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_control: the control language, good and bad input,
 * and writes of several commands.
 */
#include <kunit/test.h>
#include <linux/ctype.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "internal.h"

/* Run @cmd as the control file would; @cmd is copied, it may be const. */
static int cmwq_exec(struct kunit *test, const char *cmd)
{
	size_t size = strlen(cmd) + 1;
	char *line = kunit_kmalloc(test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, line);
	memcpy(line, cmd, size);
	return cmwq_control_exec(line);
}

static int cmwq_nr_workers(struct cmwq_pool *pool)
{
	int n;

	raw_spin_lock_irq(&pool->lock);
	n = pool->nr_workers;
	raw_spin_unlock_irq(&pool->lock);
	return n;
}

/* create_worker pool=<id> adds an idle worker to exactly that pool. */
static void cmwq_control_create_worker_test(struct kunit *test)
{
	struct cmwq_pool *pool = cmwq_cpu_pool(0, CMWQ_HIGHPRI_POOL);
	struct cmwq_pool *other = cmwq_cpu_pool(0, CMWQ_NORMAL_POOL);
	int before = cmwq_nr_workers(pool), other_before = cmwq_nr_workers(other);
	char cmd[48], err[CMWQ_ERROR_LEN];

	snprintf(cmd, sizeof(cmd), "create_worker pool=%d", pool->id);
	KUNIT_ASSERT_EQ(test, cmwq_exec(test, cmd), 0);
	KUNIT_EXPECT_EQ(test, cmwq_nr_workers(pool), before + 1);
	KUNIT_EXPECT_EQ(test, cmwq_nr_workers(other), other_before);
	cmwq_control_last_error(err, sizeof(err));
	KUNIT_EXPECT_STREQ(test, err, "");
}

struct cmwq_bad_input {
	const char *cmd;
	int err;
	const char *reason;	/* a part of last_error */
};

static const struct cmwq_bad_input cmwq_bad_inputs[] = {
	{ "", -EINVAL, "empty command" },
	{ "   \t ", -EINVAL, "empty command" },
	{ "bogus", -EINVAL, "unknown command 'bogus'" },
	{ "create_worker", -EINVAL, "missing pool=" },
	{ "create_worker pool", -EINVAL, "'pool' is not key=value" },
	{ "create_worker pool=", -EINVAL, "is not key=value" },
	{ "create_worker =3", -EINVAL, "is not key=value" },
	{ "create_worker pool=abc", -EINVAL, "pool=abc is not an integer" },
	{ "create_worker pool=-1", -ERANGE, "out of range" },
	{ "create_worker pool=99999", -ENOENT, "no pool with id 99999" },
	{ "create_worker pool=0 pool=0", -EINVAL, "pool= given twice" },
	{ "create_worker pool=0 color=red", -EINVAL, "unknown argument color=" },
	{ "create_worker pool=99999999999", -EINVAL, "not an integer" },
	{ "x a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8 i=9 j=10 k=11 l=12 m=13 n=14 o=15 p=16 q=17",
	  -EINVAL, "more than 16 arguments" },
	{ "create_wq wq=kx name=kx", -EINVAL, "create_wq: give wq= or its alias name=, not both" },
	{ "queue name=cmwq_system", -EINVAL, "queue: missing wq=" },
	{ "drain name=cmwq_system", -EINVAL, "drain: missing wq=" },
	{ "flush wq=cmwq_system name=x", -EINVAL, "unknown argument name=" },
	{ "destroy_wq wq=cmwq_system", -EPERM, "belongs to cmwq" },
	{ "destroy_wq wq=cmwq_system_unbound", -EPERM, "belongs to cmwq" },
	{ "dump wq=cmwq_system", -EINVAL, "dump: unknown argument wq=" },
	{ "# a comment only", -EINVAL, "empty command" },
	{ "\n\t\n# c\n\n", -EINVAL, "empty command" },
	{ "create_worker pool=0\x01", -EINVAL, "non-printable byte" },
	{ "# fine\ncreate_worker pool=99999\ncreate_worker pool=0", -ENOENT,
	  "line 2: create_worker: no pool with id 99999" },
	{ "create_worker pool=99999\n", -ENOENT, "create_worker: no pool" },
};

/*
 * The command, quoted, with octal escapes for what would break a KTAP
 * result line: control bytes, and '#', which starts a directive there.
 */
static void cmwq_bad_input_desc(const struct cmwq_bad_input *in, char *desc)
{
	size_t n = 0, size = KUNIT_PARAM_DESC_SIZE - 2;
	const char *c;

	desc[n++] = '"';
	for (c = in->cmd; *c && n + 5 < size; c++) {
		if (isprint(*c) && *c != '#' && *c != '\\')
			desc[n++] = *c;
		else
			n += scnprintf(desc + n, size - n, "\\%03o",
				       (unsigned char)*c);
	}
	desc[n++] = '"';
	desc[n] = '\0';
}
KUNIT_ARRAY_PARAM(cmwq_bad_input, cmwq_bad_inputs, cmwq_bad_input_desc);

/* Bad input fails with the right errno and reason, and changes nothing. */
static void cmwq_control_bad_input_test(struct kunit *test)
{
	const struct cmwq_bad_input *in = test->param_value;
	int before[2], which;
	char err[CMWQ_ERROR_LEN];

	for (which = 0; which < CMWQ_NR_STD_POOLS; which++)
		before[which] = cmwq_nr_workers(cmwq_cpu_pool(0, which));
	KUNIT_EXPECT_EQ(test, cmwq_exec(test, in->cmd), in->err);
	cmwq_control_last_error(err, sizeof(err));
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(err, in->reason),
				  "last_error: %s", err);
	for (which = 0; which < CMWQ_NR_STD_POOLS; which++)
		KUNIT_EXPECT_EQ(test, cmwq_nr_workers(cmwq_cpu_pool(0, which)),
				before[which]);
}

/* Can the control language name workqueue @name? (Clears last_error.) */
static bool cmwq_wq_exists(struct kunit *test, const char *name)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "reset_stats wq=%s", name);
	return !cmwq_exec(test, cmd);
}

/* Every line of a write runs, in order; blank and '#' lines are skipped. */
static void cmwq_control_several_lines_test(struct kunit *test)
{
	char err[CMWQ_ERROR_LEN];

	KUNIT_ASSERT_EQ(test, cmwq_exec(test,
		"# set up\ncreate_wq wq=kml1\n\n  set_max_active name=kml1 max_active=3\n"
		"queue wq=kml1 tag=kml count=4\nflush tag=kml\n"), 0);
	KUNIT_EXPECT_TRUE(test, cmwq_wq_exists(test, "kml1"));
	cmwq_control_last_error(err, sizeof(err));
	KUNIT_EXPECT_STREQ(test, err, "");
	KUNIT_EXPECT_EQ(test, cmwq_exec(test, "destroy_wq wq=kml1\n"), 0);
	KUNIT_EXPECT_FALSE(test, cmwq_wq_exists(test, "kml1"));
}

/*
 * The first failing line ends the write: its errno, "line N: reason"; the
 * lines before it took effect, those after it did not run.
 */
static void cmwq_control_first_failure_test(struct kunit *test)
{
	char err[CMWQ_ERROR_LEN];

	KUNIT_EXPECT_EQ(test, cmwq_exec(test,
		"create_wq wq=kml2\ncreate_wq wq=kml2\ncreate_wq wq=kml3\n"),
		-EEXIST);
	cmwq_control_last_error(err, sizeof(err));
	KUNIT_EXPECT_STREQ(test, err,
			   "line 2: create_wq: workqueue 'kml2' exists");
	KUNIT_EXPECT_TRUE(test, cmwq_wq_exists(test, "kml2"));
	KUNIT_EXPECT_FALSE(test, cmwq_wq_exists(test, "kml3"));
	KUNIT_EXPECT_EQ(test, cmwq_exec(test, "destroy_wq name=kml2"), 0);
}

/* A line too long or a bad byte anywhere: nothing of the write runs. */
static void cmwq_control_refused_whole_test(struct kunit *test)
{
	char *input = kunit_kzalloc(test, 512, GFP_KERNEL);
	char err[CMWQ_ERROR_LEN];

	KUNIT_ASSERT_NOT_NULL(test, input);
	strcpy(input, "create_wq wq=kml4\n");
	memset(input + strlen(input), 'x', CMWQ_CONTROL_MAX_LINE);
	KUNIT_EXPECT_EQ(test, cmwq_control_exec(input), -EINVAL);
	cmwq_control_last_error(err, sizeof(err));
	KUNIT_EXPECT_STREQ(test, err, "line 2: command longer than 255 bytes");
	KUNIT_EXPECT_FALSE(test, cmwq_wq_exists(test, "kml4"));
	KUNIT_EXPECT_EQ(test, cmwq_exec(test, "create_wq wq=kml4\nx\t\x7f"),
			-EINVAL);
	KUNIT_EXPECT_FALSE(test, cmwq_wq_exists(test, "kml4"));
}

static struct kunit_case cmwq_control_test_cases[] = {
	KUNIT_CASE(cmwq_control_create_worker_test),
	KUNIT_CASE(cmwq_control_several_lines_test),
	KUNIT_CASE(cmwq_control_first_failure_test),
	KUNIT_CASE(cmwq_control_refused_whole_test),
	KUNIT_CASE_PARAM(cmwq_control_bad_input_test, cmwq_bad_input_gen_params),
	{}
};

static struct kunit_suite cmwq_control_test_suite = {
	.name = "cmwq_control",
	.test_cases = cmwq_control_test_cases,
};
kunit_test_suite(cmwq_control_test_suite);
