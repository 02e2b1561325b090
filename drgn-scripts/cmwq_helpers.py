# SPDX-License-Identifier: GPL-2.0
"""
Helpers for reading cmwq's state from a live kernel (or a core dump) with
drgn, in the style of drgn's own drgn.helpers.linux modules. The scripts in
this directory import it; run them as

    drgn -k -s VMLINUX -s path/to/cmwq.ko SCRIPT.py [ARGS]

so that drgn has the kernel's and the module's DWARF. Works with drgn 0.0.22
(Debian bookworm's python3-drgn).
"""

import sys
from typing import Dict, Iterator, List

from drgn import Object, Program, TypeKind, sizeof
from drgn.helpers.linux.idr import idr_for_each
from drgn.helpers.linux.list import list_for_each_entry

__all__ = (
    "CmwqNotLoaded",
    "PWQ_STAT_NAMES",
    "CM_STAT_NAMES",
    "CLASS_NAMES",
    "pool_class_state",
    "pool_cm_class_stats",
    "pool_cm_policy",
    "check_cmwq",
    "for_each_pool",
    "for_each_pool_worker",
    "for_each_pwq",
    "for_each_workqueue",
    "main_guard",
    "cpulist",
    "pool_allowed_cpus",
    "pool_flags_str",
    "pwq_stats",
    "work_pwq",
    "worker_desc",
    "worker_state",
    "workqueue_flags_str",
    "workqueue_stats",
)

# enum cmwq_pwq_stat, in order, without the CMWQ_PWQ_STAT_ prefix.
PWQ_STAT_NAMES = (
    "STARTED",
    "COMPLETED",
    "CPU_TIME",
    "CPU_INTENSIVE",
    "CM_WAKEUP",
    "REPATRIATED",
    "MAYDAY",
    "RESCUED",
    "STARTED_FROZEN",
    "MAX_ACTIVE",
    "HASHED_PARKED",
    "HASHED_HANDOFF",
    "CANCEL_MATCH_PENDING",
    "CANCEL_MATCH_RUNNING",
    "CLASS_PARKED",
)

# enum cmwq_cm_stat, in order, without the CMWQ_CM_STAT_ prefix: a pool's
# decisions of concurrency management and of its manager (cm_policy.c).
CM_STAT_NAMES = (
    "WOKEN",
    "CREATE",
    "HELD",
    "CREATED",
    "DEFERRED",
    "FAILED",
)


class CmwqNotLoaded(Exception):
    """cmwq is not loaded, or drgn has no debug info for it."""


def _module_loaded(prog: Program, name: str) -> bool:
    for mod in list_for_each_entry(
        "struct module", prog["modules"].address_of_(), "list"
    ):
        if mod.name.string_().decode() == name:
            return True
    return False


def check_cmwq(prog: Program) -> None:
    """
    Make sure cmwq is loaded and its debug info is there.

    :raises CmwqNotLoaded: with a message that says what to do
    """
    if not _module_loaded(prog, "cmwq"):
        raise CmwqNotLoaded("the cmwq module is not loaded (insmod cmwq.ko)")
    try:
        prog["cmwq_pool_idr"]
    except KeyError:
        raise CmwqNotLoaded(
            "cmwq is loaded but drgn has no debug info for it: "
            "run drgn with -s path/to/cmwq.ko"
        ) from None


def main_guard(prog: Program) -> None:
    """Exit with a readable message unless cmwq can be read."""
    try:
        check_cmwq(prog)
    except CmwqNotLoaded as e:
        sys.exit(f"error: {e}")


def for_each_pool(prog: Program) -> Iterator[Object]:
    """
    Iterate over every worker pool, in pool ID order.

    :return: Iterator of ``struct cmwq_pool *`` objects.
    """
    for _, entry in idr_for_each(prog["cmwq_pool_idr"].address_of_()):
        yield Object(prog, "struct cmwq_pool *", value=entry.value_())


def for_each_pool_worker(pool: Object) -> Iterator[Object]:
    """
    Iterate over the workers of a pool.

    :param pool: ``struct cmwq_pool *``
    :return: Iterator of ``struct cmwq_worker *`` objects.
    """
    return list_for_each_entry(
        "struct cmwq_worker", pool.workers.address_of_(), "node"
    )


def pool_cm_policy(pool: Object) -> Dict[str, object]:
    """
    A pool's XNU-style options and decision counters (``cm_policy.c``):
    ``blocked_window_us``, ``create_interval_us``, ``reap`` (``fixed`` or
    ``scaled``) and the counters by the names of ``CM_STAT_NAMES``.

    :param pool: ``struct cmwq_pool *``
    """
    cp = pool.cm_policy
    out: Dict[str, object] = {
        "blocked_window_us": int(cp.blocked_window_us),
        "create_interval_us": int(cp.create_interval_us),
        "reap": "scaled" if cp.reap_scaled else "fixed",
    }
    for i, name in enumerate(CM_STAT_NAMES):
        out[name] = int(cp.stats[i])
    return out


# enum cmwq_work_class, in order, lower case: the per-class decision
# counters (cm_policy.c) and the work class caps (work_class.c).
CLASS_NAMES = ("none", "bounded", "unbounded")


def pool_cm_class_stats(pool: Object) -> Dict[str, str]:
    """
    A pool's decisions that a block led to, by the class of the blocked
    work: ``{class: "woken/create/held"}``, as the pools file's
    ``cm_none cm_bounded cm_unbounded`` columns show them.

    :param pool: ``struct cmwq_pool *``
    """
    cs = pool.cm_policy.class_stats
    return {
        name: "/".join(str(int(cs[c][s])) for s in range(3))
        for c, name in enumerate(CLASS_NAMES)
    }


def pool_class_state(pool: Object) -> Dict[str, Dict[str, int]]:
    """
    A pool's work class caps and counts (``work_class.c``), for
    ``bounded`` and ``unbounded``: ``max`` (0: no cap), ``claimed`` (in
    progress), ``parked`` (waiting for a slot) and ``cap_reached``.

    :param pool: ``struct cmwq_pool *``
    """
    out = {}
    for c, name in enumerate(CLASS_NAMES):
        if c == 0:
            continue
        st = pool.wclass[c]
        out[name] = {
            "max": int(st.max),
            "claimed": int(st.nr_claimed),
            "parked": int(st.nr_parked),
            "cap_reached": int(st.cap_reached),
        }
    return out


def pool_is_bh(pool: Object) -> bool:
    """
    Is the pool a BH pool (module/bh.c): no kthreads, its works run in
    softirq by ``pool.bh_worker``, which has no task? ``False`` for a
    module built before BH pools.

    :param pool: ``struct cmwq_pool *``
    """
    try:
        bh = int(pool.prog_["CMWQ_POOL_BH"])
    except KeyError:
        return False
    return bool(int(pool.flags) & bh)


def pool_bh_running(pool: Object) -> List[Object]:
    """
    The BH worker of a BH pool while it runs a work, as a list of one;
    empty otherwise. It is on no ``workers`` list and has no task.

    :param pool: ``struct cmwq_pool *``
    """
    if not pool_is_bh(pool) or not pool.bh_worker.value_():
        return []
    worker = pool.bh_worker
    return [worker] if worker.current_work.value_() else []


def for_each_workqueue(prog: Program) -> Iterator[Object]:
    """
    Iterate over every cmwq workqueue, in creation order.

    :return: Iterator of ``struct cmwq_workqueue *`` objects.
    """
    return list_for_each_entry(
        "struct cmwq_workqueue", prog["cmwq_workqueues"].address_of_(), "list"
    )


def for_each_pwq(wq: Object) -> Iterator[Object]:
    """
    Iterate over the pool_workqueues of a workqueue.

    :param wq: ``struct cmwq_workqueue *``
    :return: Iterator of ``struct cmwq_pwq *`` objects.
    """
    return list_for_each_entry("struct cmwq_pwq", wq.pwqs.address_of_(), "pwqs_node")


def pwq_stats(pwq: Object) -> Dict[str, int]:
    """
    A pwq's statistics by name (``STARTED``, ``COMPLETED``, ...).

    :param pwq: ``struct cmwq_pwq *``
    """
    return {name: int(pwq.stats[i]) for i, name in enumerate(PWQ_STAT_NAMES)}


def workqueue_stats(wq: Object) -> Dict[str, int]:
    """
    A workqueue's statistics: its pwqs' summed, as the debugfs
    ``workqueues`` file shows them, plus ``IN_FLIGHT`` (works queued or
    running).

    :param wq: ``struct cmwq_workqueue *``
    """
    total = dict.fromkeys(PWQ_STAT_NAMES, 0)
    total["IN_FLIGHT"] = 0
    for pwq in for_each_pwq(wq):
        for name, value in pwq_stats(pwq).items():
            total[name] += value
        total["IN_FLIGHT"] += sum(int(n) for n in pwq.nr_in_flight)
    return total


def _flag_letters(prog: Program, flags: int, table) -> List[str]:
    return [text for name, text in table if flags & int(prog[name])]


def cpulist(mask: Object) -> str:
    """
    A cpumask as the kernel's ``%*pbl`` prints it: ``0-3,6``.

    :param mask: ``struct cpumask``, a pointer to one, or a ``cpumask_var_t``
    """
    # cpumask_var_t is a typedef of an array of one, or of a pointer.
    kind = mask.type_
    while kind.kind == TypeKind.TYPEDEF:
        kind = kind.type
    if kind.kind in (TypeKind.POINTER, TypeKind.ARRAY):
        mask = mask[0]
    bits = mask.bits
    word = sizeof(bits[0]) * 8
    nr = int(mask.prog_["nr_cpu_ids"])
    cpus = [c for c in range(nr) if int(bits[c // word]) >> (c % word) & 1]
    ranges = []
    for cpu in cpus:
        if ranges and ranges[-1][1] == cpu - 1:
            ranges[-1][1] = cpu
        else:
            ranges.append([cpu, cpu])
    return ",".join(f"{a}" if a == b else f"{a}-{b}" for a, b in ranges)


def pool_allowed_cpus(pool: Object) -> str:
    """
    The CPUs a pool's workers may run on, as the ``pools`` file's cpus
    column: the CPU of a per-CPU pool, an unbound pool's pod if strict, its
    cpumask otherwise.

    :param pool: ``struct cmwq_pool *``
    """
    if int(pool.flags) & int(pool.prog_["CMWQ_POOL_PERCPU"]):
        return str(int(pool.cpu))
    if pool.attrs.affn_strict:
        return cpulist(pool.pod_cpus)
    return cpulist(pool.attrs.cpumask)


def pool_flags_str(pool: Object) -> str:
    """
    A pool's flags as in the debugfs ``pools`` file: ``P`` per-CPU, ``H``
    highpri, ``B`` BH (softirq, no workers), ``U`` unbound, ``S`` strict to its pod, ``X`` disassociated
    (its CPU offline), ``D`` dying, ``-`` for none.

    :param pool: ``struct cmwq_pool *``
    """
    letters = _flag_letters(
        pool.prog_,
        int(pool.flags),
        (("CMWQ_POOL_PERCPU", "P"), ("CMWQ_POOL_HIGHPRI", "H")),
    )
    if pool_is_bh(pool):
        letters.append("B")
    letters += _flag_letters(
        pool.prog_, int(pool.flags), (("CMWQ_POOL_UNBOUND", "U"),)
    )
    if pool.attrs and pool.attrs.affn_strict:
        letters.append("S")
    letters += _flag_letters(
        pool.prog_, int(pool.flags), (("CMWQ_POOL_DISASSOCIATED", "X"),)
    )
    letters += _flag_letters(pool.prog_, int(pool.flags), (("CMWQ_POOL_DYING", "D"),))
    return "".join(letters) or "-"


def workqueue_flags_str(wq: Object) -> str:
    """
    A workqueue's flags as ``create_wq flags=`` takes them, ``-`` for none.

    :param wq: ``struct cmwq_workqueue *``
    """
    names = _flag_letters(
        wq.prog_,
        int(wq.flags),
        (
            ("CMWQ_UNBOUND", "unbound"),
            ("__CMWQ_ORDERED", "ordered"),
            ("CMWQ_HIGHPRI", "highpri"),
            ("CMWQ_CPU_INTENSIVE", "cpu_intensive"),
            ("CMWQ_MEM_RECLAIM", "mem_reclaim"),
            ("CMWQ_FREEZABLE", "freezable"),
        ),
    )
    return ",".join(names) or "-"


def worker_state(worker: Object) -> str:
    """
    A worker's state as in the debugfs ``workers`` file: ``manager``,
    ``idle``, ``running``, ``intensive`` or ``busy``.

    :param worker: ``struct cmwq_worker *``
    """
    prog = worker.prog_
    flags = int(worker.flags)
    if worker.pool.manager.value_() == worker.value_():
        return "manager"
    if flags & int(prog["CMWQ_WORKER_IDLE"]):
        return "idle"
    if worker.current_work.value_():
        if flags & int(prog["CMWQ_WORKER_CPU_INTENSIVE"]):
            return "intensive"
        return "running"
    return "busy"


def worker_desc(worker: Object) -> str:
    """
    The description the work a worker runs gave itself with
    ``cmwq_set_worker_desc()``, as the ``workers`` file and the state dump
    show it in parentheses; empty if it set none, or if the worker runs
    nothing.

    :param worker: ``struct cmwq_worker *``
    """
    if not worker.current_work.value_():
        return ""
    return worker.desc.string_().decode(errors="replace")


def work_pwq(work: Object) -> Object:
    """
    The pwq a queued work points to, or a NULL ``struct cmwq_pwq *``.

    :param work: ``struct cmwq_work *``
    """
    prog = work.prog_
    data = int(work.data.counter)
    if not data & (1 << int(prog["CMWQ_WORK_PWQ_BIT"])):
        return Object(prog, "struct cmwq_pwq *", value=0)
    mask = (1 << int(prog["CMWQ_WORK_FLAG_BITS"])) - 1
    return Object(prog, "struct cmwq_pwq *", value=data & ~mask)
