// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario 10: how cost grows. Null works (scenario 2's) and a light
 * blocking mix (every eighth work sleeps 100 to 200 us, none spins) with
 * 1, 2 and 4 producing CPUs (as many as are online) and 10^2, 10^3, 10^4
 * and 10^5 works in all (up to @scale_max), split evenly among the
 * producing CPUs: items/s and completion time.
 */
#include <linux/cpumask.h>
#include <linux/kernel.h>

#include "cmwq_bench.h"

static void sc_run(struct bench_run *r, unsigned int round, int side)
{
	static const unsigned int cpus[] = { 1, 2, 4 };
	unsigned int c, total;
	char name[40];

	for (c = 0; c < ARRAY_SIZE(cpus); c++) {
		if (cpus[c] > num_online_cpus())
			break;
		for (total = 100; total <= r->p->scale_max; total *= 10) {
			unsigned int per = max(total / cpus[c], 1U);

			snprintf(name, sizeof(name), "null_c%u_n%u", cpus[c],
				 total);
			bench_record(r, 10, name, UNIT_PER_S, side,
				     bench_null_per_cpu(side, cpus[c], per));
			snprintf(name, sizeof(name), "mix_c%u_n%u", cpus[c],
				 total);
			bench_record(r, 10, name, UNIT_NS, side,
				     bench_mix_per_cpu(side, cpus[c], per, 8,
						       0, NULL, NULL, NULL,
						       NULL));
		}
	}
}

const struct bench_scenario bench_scenario_scale = {
	.nr	= 10,
	.name	= "scaling",
	.run	= sc_run,
	.scale	= true,
};
