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
    main_guard,
    pool_allowed_cpus,
    pool_flags_str,
)

main_guard(prog)  # noqa: F821 (drgn provides prog)
print("id cpu node nice workers idle running flags cpus")
for pool in for_each_pool(prog):  # noqa: F821
    print(
        f"{int(pool.id)} {int(pool.cpu)} {int(pool.node)} {int(pool.nice)} "
        f"{int(pool.nr_workers)} {int(pool.nr_idle)} "
        f"{int(pool.nr_running.counter)} {pool_flags_str(pool)} "
        f"{pool_allowed_cpus(pool)}"
    )
