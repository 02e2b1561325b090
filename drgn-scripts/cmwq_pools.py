#!/usr/bin/env drgn
# SPDX-License-Identifier: GPL-2.0
desc = """
List cmwq's worker pools from the live kernel, one line per pool, in the
format of /sys/kernel/debug/cmwq/pools, so the two can be compared.

  id       pool ID
  cpu      CPU the pool is bound to (-1 if unbound)
  node     NUMA node of the pool's memory and workers
  nice     nice level of the pool's workers
  workers  number of workers
  idle     number of idle workers
  running  concurrency-managed workers running now (nr_running)
  flags    P per-CPU, H highpri, B BH (softirq,
           no workers), U unbound, S strict to its pod,
           X disassociated (CPU offline), D dying, - none
  cpus     CPUs its workers may run on
  blocked_window_us, create_interval_us, reap
           the pool's XNU-style options (0, 0, fixed: off)
  cm_woken cm_create cm_held created create_deferred create_failed
           its decisions: blocks that woke an idle worker, that used up
           the last idle one (so a new one is created), that the blocked
           window held; workers the manager created, creations deferred
           by pacing, creations that failed
  cm_none cm_bounded cm_unbounded
           the first three again (woken/create/held) by the class of the
           blocked worker's work (module/work_class.c)
  bounded_max bounded_claimed bounded_parked bounded_cap_reached,
  unbounded_max ... unbounded_cap_reached
           each work class's cap (0: none), works in progress, works
           parked waiting for a slot, and works parked at cap so far

Run as: drgn -k -s VMLINUX -s cmwq.ko cmwq_pools.py
"""

import argparse
import os
import sys

parser = argparse.ArgumentParser(
    description=desc, formatter_class=argparse.RawTextHelpFormatter
)
args = parser.parse_args()

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cmwq_helpers import (  # noqa: E402
    for_each_pool,
    CLASS_NAMES,
    CM_STAT_NAMES,
    main_guard,
    pool_class_state,
    pool_cm_class_stats,
    pool_cm_policy,
    pool_allowed_cpus,
    pool_flags_str,
)

main_guard(prog)  # noqa: F821 (drgn provides prog)
print("id cpu node nice workers idle running flags cpus "
      "blocked_window_us create_interval_us reap cm_woken cm_create cm_held "
      "created create_deferred create_failed cm_none cm_bounded cm_unbounded "
      "bounded_max bounded_claimed bounded_parked bounded_cap_reached "
      "unbounded_max unbounded_claimed unbounded_parked unbounded_cap_reached")
for pool in for_each_pool(prog):  # noqa: F821
    cp = pool_cm_policy(pool)
    by_class = pool_cm_class_stats(pool)
    wc = pool_class_state(pool)
    print(
        f"{int(pool.id)} {int(pool.cpu)} {int(pool.node)} {int(pool.nice)} "
        f"{int(pool.nr_workers)} {int(pool.nr_idle)} "
        f"{int(pool.nr_running.counter)} {pool_flags_str(pool)} "
        f"{pool_allowed_cpus(pool)} {cp['blocked_window_us']} "
        f"{cp['create_interval_us']} {cp['reap']} "
        + " ".join(str(cp[n]) for n in CM_STAT_NAMES) + " "
        + " ".join(by_class[c] for c in CLASS_NAMES) + " "
        + " ".join(str(wc[c][k]) for c in CLASS_NAMES[1:]
                   for k in ("max", "claimed", "parked", "cap_reached"))
    )
