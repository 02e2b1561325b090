// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite cmwq_race: kthreads race queue, flush, work_busy, cancel,
 * cancel_sync, disable, enable and mod_delayed_work on the same few items
 * for 20 s (cmwq_race.ko does the racing); every queueing must have run
 * exactly once or been cancelled.
 */
#include <kunit/test.h>

#include "cmwq_race.h"

#define CMWQ_RACE_TEST_SECONDS	20

static void cmwq_race_api_test(struct kunit *test)
{
	struct cmwq_race_report rep;
	int ret;

	ret = cmwq_race_run(CMWQ_RACE_TEST_SECONDS, &rep);
	kunit_info(test, "%llu calls: %llu queued, %llu ran, %llu cancelled\n",
		   rep.ops, rep.queued, rep.ran, rep.cancelled);
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "%s", rep.why);
	KUNIT_EXPECT_EQ(test, rep.lost, 0ULL);
	KUNIT_EXPECT_EQ(test, rep.reentered, 0ULL);
	KUNIT_EXPECT_EQ(test, rep.still_busy, 0ULL);
	/*
	 * A race in which nothing happened proves nothing. The bar is low:
	 * on a loaded 2-core TCG host the race runs 20 times slower than on
	 * an idle one (about 1 000 runs instead of 20 000).
	 */
	KUNIT_EXPECT_GT(test, rep.ran, 100ULL);
	KUNIT_EXPECT_GT(test, rep.cancelled, 10ULL);
}

static struct kunit_case cmwq_race_cases[] = {
	KUNIT_CASE(cmwq_race_api_test),
	{}
};

static struct kunit_suite cmwq_race_suite = {
	.name = "cmwq_race",
	.test_cases = cmwq_race_cases,
};
kunit_test_suite(cmwq_race_suite);
