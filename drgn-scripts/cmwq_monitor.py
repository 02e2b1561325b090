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

  maxact   Work items that found max_active reached and waited on the
           inactive list (a limit counter, cmwq's own).

  parked   Hashed work items (cmwq_queue_work_hashed()) that found their
           key busy and were parked behind it, as io-wq's hash chains.

  cmatch   Work items that cmwq_cancel_work_match() found: pending ones
           cancelled plus running ones asked to stop.

With -p, a second table has a line per worker pool with the decisions of
concurrency management and of its manager (module/cm_policy.c), after
its options (wnd_us: blocked window, pace_us: creation interval, reap:
fixed or scaled; 0 is off):

  woken    A running worker blocked and an idle one was woken.
  create   ... and that used up the last idle worker: a new one is made.
  held     The blocked window held: the sleeper came back or the work
           was gone in time, and nothing was woken.
  created  Workers the pool's manager created.
  defer    Creations that waited for the pace (create_interval_us).
  failed   Creations that failed.
  wokenB createB heldB, wokenU createU heldU
           woken, create and held again, for blocks of workers running
           a bounded (B) or an unbounded (U) work (module/work_class.c);
           the rest of woken, create and held is for works of no class.

and its work class caps and their limit counters (module/work_class.c):

  bmax umax    The caps of bounded and unbounded works in progress on the
               pool at once (0: no cap).
  bpark upark  Works parked now, waiting for a slot of their class (a
               level: never a delta).
  bcap ucap    Works that found their class at its cap and were parked.

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
parser.add_argument(
    "-p", "--pools", action="store_true",
    help="Also show each pool's concurrency-management decisions",
)
args = parser.parse_args()
if args.interval < 0:
    parser.error("the interval must not be negative")
try:
    patterns = [re.compile(p) for p in args.workqueue]
except re.error as e:
    parser.error(f"bad REGEX: {e}")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cmwq_helpers import (  # noqa: E402
    CM_STAT_NAMES,
    for_each_pool,
    for_each_workqueue,
    main_guard,
    pool_class_state,
    pool_cm_class_stats,
    pool_cm_policy,
    pool_is_bh,
    workqueue_stats,
)

COLUMNS = ("total", "infl", "CPUtime", "CPUitsv", "CMW/RPR", "mayday",
           "rescued", "maxact", "parked", "cmatch")
# The pool table: options (never summed), then counters.
POOL_OPTIONS = ("wnd_us", "pace_us", "reap", "bmax", "umax", "bpark",
                "upark")
POOL_COLUMNS = ("woken", "create", "held", "created", "defer", "failed",
                "wokenB", "createB", "heldB", "wokenU", "createU", "heldU",
                "bcap", "ucap")


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
        "maxact": stats["MAX_ACTIVE"],
        "parked": stats["HASHED_PARKED"],
        "cmatch": stats["CANCEL_MATCH_PENDING"] + stats["CANCEL_MATCH_RUNNING"],
    }


def pool_snapshot(prog):
    """A line per pool with workers (BH pools have none to decide on)."""
    rows = {}
    for pool in for_each_pool(prog):
        if pool_is_bh(pool):
            continue
        cp = pool_cm_policy(pool)
        cols = {"wnd_us": cp["blocked_window_us"],
                "pace_us": cp["create_interval_us"], "reap": cp["reap"]}
        for col, name in zip(POOL_COLUMNS, CM_STAT_NAMES):
            cols[col] = cp[name]
        by_class = pool_cm_class_stats(pool)
        for cls, sfx in (("bounded", "B"), ("unbounded", "U")):
            woken, create, held = (int(v) for v in by_class[cls].split("/"))
            cols["woken" + sfx] = woken
            cols["create" + sfx] = create
            cols["held" + sfx] = held
        wc = pool_class_state(pool)
        for cls, c in (("bounded", "b"), ("unbounded", "u")):
            cols[c + "max"] = wc[cls]["max"]
            cols[c + "park"] = wc[cls]["parked"]
            cols[c + "cap"] = wc[cls]["cap_reached"]
        rows[str(int(pool.id))] = cols
    return rows


def pool_delta(now, before):
    out = {}
    for pid, cols in now.items():
        old = before.get(pid, dict.fromkeys(POOL_COLUMNS, 0))
        out[pid] = {c: cols[c] for c in POOL_OPTIONS}
        for c in POOL_COLUMNS:
            out[pid][c] = cols[c] - old[c]
    return out


def print_pool_table(rows, title):
    print(f"{title:<24} {'wnd_us':>7} {'pace_us':>7} {'reap':>6} "
          + " ".join(f"{c:>7}" for c in POOL_OPTIONS[3:] + POOL_COLUMNS))
    for pid, c in rows.items():
        print(f"{'pool ' + pid:<24} {c['wnd_us']:7} {c['pace_us']:7} "
              f"{c['reap']:>6} "
              + " ".join(f"{c[col]:7}"
                         for col in POOL_OPTIONS[3:] + POOL_COLUMNS))
    print()


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
          f"{'CPUitsv':>7} {'CMW/RPR':>7} {'mayday':>7} {'rescued':>7} "
          f"{'maxact':>7} {'parked':>7} {'cmatch':>7}")
    for name, c in rows.items():
        print(f"{name[-24:]:<24} {c['total']:8} {c['infl']:5} "
              f"{c['CPUtime']:9.3f} {cell(c['CPUitsv'], 7)} {c['CMW/RPR']:7} "
              f"{cell(c['mayday'], 7)} {cell(c['rescued'], 7)} "
              f"{c['maxact']:7} {c['parked']:7} {c['cmatch']:7}")
    print()


main_guard(prog)  # noqa: F821 (drgn provides prog)
signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
before = None
pools_before = None
while True:
    now = snapshot(prog)  # noqa: F821
    pools_now = pool_snapshot(prog) if args.pools else {}  # noqa: F821
    stamp = time.time()
    shown = now if before is None else delta(now, before)
    pools_shown = (pools_now if pools_before is None
                   else pool_delta(pools_now, pools_before))
    kind = "total" if before is None else "delta"
    if args.json:
        for name, cols in shown.items():
            print(json.dumps({"timestamp": stamp, "name": name,
                              "kind": kind, **cols}))
        for pid, cols in pools_shown.items():
            print(json.dumps({"timestamp": stamp, "pool": int(pid),
                              "kind": kind, **cols}))
    else:
        title = "total" if before is None else f"per {args.interval:g}s"
        print_table(shown, f"[{time.strftime('%H:%M:%S')} {title}]")
        if args.pools:
            print_pool_table(pools_shown,
                             f"[{time.strftime('%H:%M:%S')} pools]")
    if args.interval == 0:
        break
    before = now
    pools_before = pools_now
    sys.stdout.flush()
    time.sleep(args.interval)
