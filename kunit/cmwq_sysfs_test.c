// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_sysfs: CMWQ_SYSFS through the API, the cases the
 * control file cannot reach: a directory for the flag only, two
 * workqueues of one name, names sysfs cannot take, an ordered workqueue's
 * read-only max_active, and the directory gone with its workqueue.
 * selftests/cmwq_sysfs.sh reads and writes the files.
 */
#include <kunit/test.h>
#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/path.h>

#include "internal.h"

#define CMWQ_BUS_DEVICES "/sys/bus/cmwq/devices/"

/* The mode bits of a file under /sys/bus/cmwq/devices/, or -errno. */
static int cmwq_sysfs_mode(const char *rel)
{
	char name[96];
	struct path path;
	int ret;

	snprintf(name, sizeof(name), CMWQ_BUS_DEVICES "%s", rel);
	ret = kern_path(name, LOOKUP_FOLLOW, &path);
	if (ret)
		return ret;
	ret = d_inode(path.dentry)->i_mode & 0777;
	path_put(&path);
	return ret;
}

/*
 * The tests look the files up by path, from the KUnit thread: skip where
 * that thread does not see the guest's /sys (its root is not the one
 * userspace switched to).
 */
static int cmwq_sysfs_test_init(struct kunit *test)
{
	struct path path;

	if (kern_path("/sys/bus/cmwq", LOOKUP_FOLLOW, &path))
		kunit_skip(test, "/sys/bus/cmwq not visible from the test thread");
	else
		path_put(&path);
	return 0;
}

/* The flag, and only the flag, gives a directory; destroy removes it. */
static void cmwq_sysfs_flag_test(struct kunit *test)
{
	struct cmwq_workqueue *with, *without;

	with = cmwq_alloc_workqueue("ksys_with", CMWQ_SYSFS, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(with));
	without = cmwq_alloc_workqueue("ksys_without", 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(without));
	KUNIT_EXPECT_EQ(test, cmwq_sysfs_mode("ksys_with/max_active"), 0644);
	KUNIT_EXPECT_EQ(test, cmwq_sysfs_mode("ksys_with/per_cpu"), 0444);
	/* A per-CPU workqueue has no attrs files. */
	KUNIT_EXPECT_EQ(test, cmwq_sysfs_mode("ksys_with/nice"), -ENOENT);
	KUNIT_EXPECT_EQ(test, cmwq_sysfs_mode("ksys_without"), -ENOENT);
	cmwq_destroy_workqueue(with);
	cmwq_destroy_workqueue(without);
	KUNIT_EXPECT_EQ(test, cmwq_sysfs_mode("ksys_with"), -ENOENT);
}

/*
 * A second workqueue of one name fails with -EEXIST, the first keeps its
 * directory, and the name is free again once the first is gone. '/' is
 * '!' in sysfs, so "a/b" and "a!b" are one name there.
 */
static void cmwq_sysfs_name_clash_test(struct kunit *test)
{
	struct cmwq_workqueue *first, *second;

	first = cmwq_alloc_workqueue("ksys_dup", CMWQ_SYSFS | CMWQ_UNBOUND, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(first));
	/* Unbound with a rescuer: the failure undoes both. */
	second = cmwq_alloc_workqueue("ksys_dup", CMWQ_SYSFS | CMWQ_UNBOUND |
				      CMWQ_MEM_RECLAIM, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(second), -EEXIST);
	if (!IS_ERR(second))
		cmwq_destroy_workqueue(second);
	KUNIT_EXPECT_EQ(test, cmwq_sysfs_mode("ksys_dup/nice"), 0644);
	cmwq_destroy_workqueue(first);

	second = cmwq_alloc_workqueue("ksys_dup", CMWQ_SYSFS, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(second));
	KUNIT_EXPECT_EQ(test, cmwq_sysfs_mode("ksys_dup/per_cpu"), 0444);
	cmwq_destroy_workqueue(second);

	first = cmwq_alloc_workqueue("ksys/slash", CMWQ_SYSFS, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(first));
	KUNIT_EXPECT_EQ(test, cmwq_sysfs_mode("ksys!slash/per_cpu"), 0444);
	second = cmwq_alloc_workqueue("ksys!slash", CMWQ_SYSFS, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(second), -EEXIST);
	if (!IS_ERR(second))
		cmwq_destroy_workqueue(second);
	cmwq_destroy_workqueue(first);
}

/* Names sysfs cannot take fail the allocation; without the flag they do not. */
static void cmwq_sysfs_bad_name_test(struct kunit *test)
{
	static const char * const names[] = { "", ".", ".." };
	struct cmwq_workqueue *wq;
	int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		wq = cmwq_alloc_workqueue("%s", CMWQ_SYSFS, 0, names[i]);
		KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(wq), -EINVAL,
				    "name \"%s\"", names[i]);
		if (!IS_ERR(wq))
			cmwq_destroy_workqueue(wq);
	}
	wq = cmwq_alloc_workqueue("..", 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(wq));
	cmwq_destroy_workqueue(wq);
}

/* An ordered workqueue has its directory, max_active read-only. */
static void cmwq_sysfs_ordered_test(struct kunit *test)
{
	struct cmwq_workqueue *wq;

	wq = cmwq_alloc_ordered_workqueue("ksys_ord", CMWQ_SYSFS);
	KUNIT_ASSERT_FALSE(test, IS_ERR(wq));
	KUNIT_EXPECT_EQ(test, cmwq_sysfs_mode("ksys_ord/max_active"), 0444);
	KUNIT_EXPECT_EQ(test, cmwq_sysfs_mode("ksys_ord/cpumask"), 0644);
	KUNIT_EXPECT_EQ(test, cmwq_sysfs_mode("ksys_ord/affinity_strict"),
			0644);
	cmwq_destroy_workqueue(wq);
	KUNIT_EXPECT_EQ(test, cmwq_sysfs_mode("ksys_ord"), -ENOENT);
}

static struct kunit_case cmwq_sysfs_test_cases[] = {
	KUNIT_CASE(cmwq_sysfs_flag_test),
	KUNIT_CASE(cmwq_sysfs_name_clash_test),
	KUNIT_CASE(cmwq_sysfs_bad_name_test),
	KUNIT_CASE(cmwq_sysfs_ordered_test),
	{}
};

static struct kunit_suite cmwq_sysfs_test_suite = {
	.name = "cmwq_sysfs",
	.init = cmwq_sysfs_test_init,
	.test_cases = cmwq_sysfs_test_cases,
};
kunit_test_suite(cmwq_sysfs_test_suite);
