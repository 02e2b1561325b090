#!/usr/bin/env drgn
# SPDX-License-Identifier: GPL-2.0
desc = """
Dump cmwq's configuration from the live kernel, like the kernel's
tools/workqueue/wq_dump.py does for the in-kernel workqueue:

Worker Pools
  id, flags (P per-CPU, H highpri, D dying), nice, idle/workers, the CPU
  and node of each pool.

Workqueue CPU -> pool
  For each workqueue, the pool each CPU's pool_workqueue uses.

Workqueue -> rescuer
  The rescuer thread of each CMWQ_MEM_RECLAIM workqueue.

Workqueue max_active
  Each workqueue's flags and max_active (per CPU).

Affinity scopes, unbound pools and per-node counts come with cmwq's
unbound workqueues.

Run as: drgn -k -s VMLINUX -s cmwq.ko cmwq_dump.py
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
    for_each_workqueue,
    main_guard,
    pool_flags_str,
    workqueue_flags_str,
)
from drgn.helpers.linux.cpumask import for_each_possible_cpu  # noqa: E402

main_guard(prog)  # noqa: F821 (drgn provides prog)
cpus = list(for_each_possible_cpu(prog))  # noqa: F821

print("Worker Pools")
print("============")
for pool in for_each_pool(prog):  # noqa: F821
    print(f"pool[{int(pool.id):02}] flags={pool_flags_str(pool):<3} "
          f"nice={int(pool.nice):3} idle/workers={int(pool.nr_idle):3}/"
          f"{int(pool.nr_workers):3} cpu={int(pool.cpu):3} "
          f"node={int(pool.node)}")

print()
print("Workqueue CPU -> pool")
print("=====================")
print(f"[{'workqueue':^22}\\ CPU " + " ".join(f"{c:3}" for c in cpus) + "]")
for wq in for_each_workqueue(prog):  # noqa: F821
    pools = " ".join(f"{int(wq.cpu_pwqs[c].pool.id):3}" for c in cpus)
    print(f"{wq.name.string_().decode()[-22:]:<22} percpu {pools}")

print()
print("Workqueue -> rescuer")
print("====================")
print(f"[{'workqueue':^22}     pid]")
for wq in for_each_workqueue(prog):  # noqa: F821
    if wq.rescuer.value_():
        print(f"{wq.name.string_().decode()[-22:]:<22} {int(wq.rescuer.task.pid):7}")

print()
print("Workqueue max_active")
print("====================")
print(f"[{'workqueue':^22} {'flags':<30} max_active]")
for wq in for_each_workqueue(prog):  # noqa: F821
    print(f"{wq.name.string_().decode()[-22:]:<22} "
          f"{workqueue_flags_str(wq):<30} {int(wq.saved_max_active):10}")
