#!/usr/bin/env drgn
# SPDX-License-Identifier: GPL-2.0
desc = """
Show what cmwq is doing right now, like the kernel's show_one_workqueue()
(SysRq-t) does for the in-kernel workqueue.

For each workqueue with work in flight, each of its pool_workqueues with
work: the pool and CPU, active/max_active, and the work items

  in-flight  running on a worker: PID:function, the (description) the
             work set with cmwq_set_worker_desc() if any, then (the CPU
             time the work used so far, in ms)
  pending    on the pool's worklist, waiting for a worker: function xN
  inactive   waiting for max_active room: function xN

Then, for each pool with busy workers: every non-idle worker, its state,
current function and (description).

Run as: drgn -k -s VMLINUX -s cmwq.ko cmwq_show.py [-a]
"""

import argparse
import os
import sys
from collections import Counter

parser = argparse.ArgumentParser(
    description=desc, formatter_class=argparse.RawTextHelpFormatter
)
parser.add_argument("-a", "--all", action="store_true",
                    help="show idle workqueues and pools too")
args = parser.parse_args()

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cmwq_helpers import (  # noqa: E402
    for_each_pool,
    for_each_pool_worker,
    for_each_pwq,
    for_each_workqueue,
    main_guard,
    pool_bh_running,
    work_pwq,
    worker_desc,
    worker_state,
)
from drgn.helpers.linux.list import list_for_each_entry  # noqa: E402


def func_name(prog, func):
    try:
        return prog.symbol(func.value_()).name
    except LookupError:
        return hex(func.value_())


def works_of(prog, head, pwq=None):
    """Functions of the works on a list, those of @pwq only if given."""
    names = Counter()
    for work in list_for_each_entry("struct cmwq_work", head.address_of_(), "entry"):
        if pwq is not None and work_pwq(work).value_() != pwq.value_():
            continue
        names[func_name(prog, work.func)] += 1
    return names


def desc_of(worker):
    """The worker's work's description in parentheses, or nothing."""
    desc = worker_desc(worker)
    return f" ({desc})" if desc else ""


def fmt(counter):
    return ", ".join(f"{f} x{n}" for f, n in sorted(counter.items()))


main_guard(prog)  # noqa: F821 (drgn provides prog)
for wq in for_each_workqueue(prog):  # noqa: F821
    lines = []
    for pwq in for_each_pwq(wq):
        pool = pwq.pool
        # A BH pool's works run on its bh_worker, in softirq.
        in_flight = [
            w for w in list(for_each_pool_worker(pool)) + pool_bh_running(pool)
            if w.current_pwq.value_() == pwq.value_()
        ]
        pending = works_of(prog, pool.worklist, pwq)  # noqa: F821
        inactive = works_of(prog, pwq.inactive_works)  # noqa: F821
        if not (in_flight or pending or inactive or args.all):
            continue
        lines.append(f"  pwq {int(pool.cpu)}: pool {int(pool.id)} "
                     f"active={int(pwq.nr_active)}/{int(pwq.max_active)} "
                     f"refcnt={int(pwq.refcnt)}")
        if in_flight:
            runs = []
            for w in in_flight:
                if not w.task.value_():
                    # No task: "bh" for the pid, no runtime to read.
                    runs.append(f"bh:{func_name(prog, w.current_func)}")  # noqa: F821
                    continue
                ms = (int(w.task.se.sum_exec_runtime) - int(w.current_at)) / 1e6
                runs.append(f"{int(w.task.pid)}:"
                            f"{func_name(prog, w.current_func)}{desc_of(w)} "  # noqa: F821
                            f"({ms:.1f} ms)")
            lines.append("    in-flight: " + ", ".join(runs))
        if pending:
            lines.append("    pending: " + fmt(pending))
        if inactive:
            lines.append("    inactive: " + fmt(inactive))
    if lines:
        print(f"workqueue {wq.name.string_().decode()}: "
              f"max_active={int(wq.saved_max_active)}")
        print("\n".join(lines))

print()
for pool in for_each_pool(prog):  # noqa: F821
    busy = [w for w in for_each_pool_worker(pool) if worker_state(w) != "idle"]
    busy += pool_bh_running(pool)
    if not busy and not args.all:
        continue
    print(f"pool {int(pool.id)}: cpu={int(pool.cpu)} workers={int(pool.nr_workers)} "
          f"idle={int(pool.nr_idle)} running={int(pool.nr_running.counter)}")
    for w in busy:
        func = func_name(prog, w.current_func) if w.current_func.value_() else "-"  # noqa: F821
        if not w.task.value_():
            print(f"  worker bh: running {func}")
            continue
        print(f"  worker {int(w.task.pid)}: {worker_state(w)} {func}{desc_of(w)}")
