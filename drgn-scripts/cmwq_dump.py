#!/usr/bin/env drgn
# SPDX-License-Identifier: GPL-2.0
desc = """
Dump cmwq's configuration from the live kernel, like the kernel's
tools/workqueue/wq_dump.py does for the in-kernel workqueue:

Affinity Scopes
  For each scope (cpu, smt, cache, numa, system): the number of pods, each
  pod's CPUs and node, and each CPU's pod, and default_affinity_scope.

Worker Pools
  id, flags (P per-CPU, H highpri, B BH, U unbound, S strict, X disassociated,
  D dying), nice, idle/workers, the CPU and node of each pool; unbound
  pools also their CPUs.

Workqueue CPU -> pool
  For each workqueue, the pool each CPU's pool_workqueue uses ("percpu" or
  "unbound"; "dfl" is an unbound workqueue's default pwq).

Workqueue -> rescuer
  The rescuer thread of each CMWQ_MEM_RECLAIM workqueue.

Workqueue max_active
  Each workqueue's flags and max_active (per CPU).

Unbound workqueue -> node_nr_active
  For each unbound workqueue, active works and the share of max_active
  (nr/max) of each node, and of pods over several nodes ("dfl"), and
  min_active.

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
    cpulist,
    for_each_workqueue,
    main_guard,
    pool_allowed_cpus,
    pool_flags_str,
    workqueue_flags_str,
)
from drgn.helpers.linux.cpumask import for_each_possible_cpu  # noqa: E402

main_guard(prog)  # noqa: F821 (drgn provides prog)
cpus = list(for_each_possible_cpu(prog))  # noqa: F821
nr_node_ids = int(prog["nr_node_ids"])  # noqa: F821
SCOPES = ("cpu", "smt", "cache", "numa", "system")

print("Affinity Scopes")
print("===============")
print(f"default_affinity_scope={SCOPES[int(prog['cmwq_affn_dfl']) - 1]}")  # noqa: F821
for i, name in enumerate(SCOPES, start=1):
    pt = prog["cmwq_pod_types"][i]  # noqa: F821
    nr = int(pt.nr_pods)
    print(f"{name.upper()}")
    print(f"  nr_pods  {nr}")
    print("  pod_cpus " + " ".join(f"[{p}]={cpulist(pt.pod_cpus[p])}" for p in range(nr)))
    print("  pod_node " + " ".join(f"[{p}]={int(pt.pod_node[p])}" for p in range(nr)))
    print("  cpu_pod  " + " ".join(f"[{c}]={int(pt.cpu_pod[c])}" for c in cpus))
print()

print("Worker Pools")
print("============")
for pool in for_each_pool(prog):  # noqa: F821
    unbound = int(pool.flags) & int(prog["CMWQ_POOL_UNBOUND"])  # noqa: F821
    print(f"pool[{int(pool.id):02}] flags={pool_flags_str(pool):<3} "
          f"nice={int(pool.nice):3} idle/workers={int(pool.nr_idle):3}/"
          f"{int(pool.nr_workers):3} cpu={int(pool.cpu):3} "
          f"node={int(pool.node)}"
          + (f" cpus={pool_allowed_cpus(pool)}" if unbound else ""))

print()
print("Workqueue CPU -> pool")
print("=====================")
print(f"[{'workqueue':^22}\\ CPU " + " ".join(f"{c:3}" for c in cpus) + "]")
for wq in for_each_workqueue(prog):  # noqa: F821
    pools = " ".join(f"{int(wq.cpu_pwqs[c].pool.id):3}" for c in cpus)
    if int(wq.flags) & int(prog["CMWQ_UNBOUND"]):  # noqa: F821
        dfl = int(wq.dfl_pwq.pool.id)
        print(f"{wq.name.string_().decode()[-22:]:<22} unbound {pools} dfl={dfl}")
    else:
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

print()
print("Unbound workqueue -> node_nr_active")
print("===================================")
nodes = " ".join(f"{n:>7}" for n in range(nr_node_ids))
print(f"[{'workqueue':^22} {nodes}     dfl min_active]")
for wq in for_each_workqueue(prog):  # noqa: F821
    if not wq.node_nr_active:
        continue
    counts = " ".join(
        f"{int(wq.node_nr_active[n].nr):>3}/{int(wq.node_nr_active[n].max):<3}"
        for n in range(nr_node_ids + 1)
    )
    print(f"{wq.name.string_().decode()[-22:]:<22} {counts} {int(wq.min_active):10}")
