/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmwq_race.ko: kthreads that race the work-item API of cmwq on a few
 * items and check that each queueing ran exactly once or was cancelled.
 * Used by the KUnit suite cmwq_race and by selftests/cmwq_race.sh.
 */
#ifndef _CMWQ_RACE_H
#define _CMWQ_RACE_H

#include <linux/types.h>

struct cmwq_race_report {
	u64	queued;		/* queueings that returned true */
	u64	ran;		/* runs of the work function */
	u64	cancelled;	/* cancels/disables that took a pending item */
	u64	ops;		/* every API call made */
	u64	lost;		/* sum over items of |queued - ran - cancelled| */
	u64	reentered;	/* an item ran on two workers at once */
	u64	still_busy;	/* items pending or running after the end */
	char	why[128];	/* the first violation, in words */
};

int cmwq_race_run(unsigned int seconds, struct cmwq_race_report *rep);

#endif /* _CMWQ_RACE_H */
