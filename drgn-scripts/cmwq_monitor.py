#!/usr/bin/env drgn
# SPDX-License-Identifier: GPL-2.0
desc = """
Monitor cmwq's workqueues from the live kernel, like the kernel's
tools/workqueue/wq_monitor.py does for the in-kernel workqueue. The numbers
are cmwq's per-pwq statistics (CMWQ_PWQ_STAT_*), summed per workqueue.

  total    Work items of the workqueue that started execution.

  infl     Work items in flight: started but not completed.

  CPUtime  CPU time the workqueue's work items used, in seconds (exact
           task runtime, where upstream samples ticks).

  CPUitsv  Times a concurrency-managed work item ran longer than
           cpu_intensive_thresh_us and was taken out of concurrency
           management. "-" for a cpu_intensive workqueue, whose items are
           never concurrency managed.

  CMW/RPR  Per-CPU workqueues: concurrency-management wake-ups, a worker
           running one of the workqueue's items slept and another worker
           was woken. Unbound workqueues: repatriations, an idle worker
           of a non-strict pod woken back into its pod, as upstream.

  mayday   Times the rescuer was called while waiting for a new worker.
           "-" for a workqueue without a rescuer (not mem_reclaim).

  rescued  Work items the rescuer ran. "-" without a rescuer.

With -i SECS the first table has totals and each following one the
increase over the last interval (rates per interval). -i 0 prints once.
With -j, one JSON object per workqueue and table; a column that does not
apply is null there.

Run as: drgn -k -s VMLINUX -s cmwq.ko cmwq_monitor.py [-i SECS] [-j] [REGEX...]
"""

import argparse
import json
import os
import re
import signal
import sys
import time

parser = argparse.ArgumentParser(
    description=desc, formatter_class=argparse.RawTextHelpFormatter
)
parser.add_argument(
    "workqueue", metavar="REGEX", nargs="*",
    help="Target workqueue name patterns (all if empty)",
)
parser.add_argument(
    "-i", "--interval", metavar="SECS", type=float, default=1,
    help="Monitoring interval (0 to print once and exit)",
)
parser.add_argument("-j", "--json", action="store_true", help="Output in json")
args = parser.parse_args()
if args.interval < 0:
    parser.error("the interval must not be negative")
try:
    patterns = [re.compile(p) for p in args.workqueue]
except re.error as e:
    parser.error(f"bad REGEX: {e}")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cmwq_helpers import (  # noqa: E402
    for_each_workqueue,
    main_guard,
    workqueue_stats,
)

COLUMNS = ("total", "infl", "CPUtime", "CPUitsv", "CMW/RPR", "mayday", "rescued")


def row(prog, wq, stats):
    """The monitor's columns from a workqueue's summed stats."""
    flags = int(wq.flags)
    rescuer = bool(flags & int(prog["CMWQ_MEM_RECLAIM"]))
    # A cpu_intensive workqueue's items are never concurrency managed, so
    # none can be taken out of it.
    managed = not flags & int(prog["CMWQ_CPU_INTENSIVE"])
    unbound = flags & int(prog["CMWQ_UNBOUND"])
    return {
        "total": stats["STARTED"],
        "infl": max(stats["STARTED"] - stats["COMPLETED"], 0),
        "CPUtime": stats["CPU_TIME"] / 1e6,
        "CPUitsv": stats["CPU_INTENSIVE"] if managed else None,
        "CMW/RPR": stats["REPATRIATED"] if unbound else stats["CM_WAKEUP"],
        "mayday": stats["MAYDAY"] if rescuer else None,
        "rescued": stats["RESCUED"] if rescuer else None,
    }


def snapshot(prog):
    rows = {}
    for wq in for_each_workqueue(prog):
        name = wq.name.string_().decode()
        if patterns and not any(p.search(name) for p in patterns):
            continue
        rows[name] = row(prog, wq, workqueue_stats(wq))
    return rows


def delta(now, before):
    out = {}
    for name, cols in now.items():
        old = before.get(name, dict.fromkeys(COLUMNS, 0))
        out[name] = {}
        for c in COLUMNS:
            if c == "infl" or cols[c] is None:
                out[name][c] = cols[c]
            else:
                out[name][c] = cols[c] - (old[c] or 0)
    return out


def cell(value, width):
    """A right-aligned count, or "-" where the column does not apply."""
    return f"{'-' if value is None else value:>{width}}"


def print_table(rows, title):
    print(f"{title:<24} {'total':>8} {'infl':>5} {'CPUtime':>9} "
          f"{'CPUitsv':>7} {'CMW/RPR':>7} {'mayday':>7} {'rescued':>7}")
    for name, c in rows.items():
        print(f"{name[-24:]:<24} {c['total']:8} {c['infl']:5} "
              f"{c['CPUtime']:9.3f} {cell(c['CPUitsv'], 7)} {c['CMW/RPR']:7} "
              f"{cell(c['mayday'], 7)} {cell(c['rescued'], 7)}")
    print()


main_guard(prog)  # noqa: F821 (drgn provides prog)
signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
before = None
while True:
    now = snapshot(prog)  # noqa: F821
    stamp = time.time()
    shown = now if before is None else delta(now, before)
    if args.json:
        for name, cols in shown.items():
            print(json.dumps({"timestamp": stamp, "name": name,
                              "kind": "total" if before is None else "delta",
                              **cols}))
    else:
        title = "total" if before is None else f"per {args.interval:g}s"
        print_table(shown, f"[{time.strftime('%H:%M:%S')} {title}]")
    if args.interval == 0:
        break
    before = now
    sys.stdout.flush()
    time.sleep(args.interval)
