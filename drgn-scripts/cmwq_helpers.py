# SPDX-License-Identifier: GPL-2.0
"""
Helpers for reading cmwq's state from a live kernel (or a core dump) with
drgn, in the style of drgn's own drgn.helpers.linux modules. The scripts in
this directory import it; run them as

    drgn -k -s VMLINUX -s path/to/cmwq.ko SCRIPT.py [ARGS]

so that drgn has the kernel's and the module's DWARF.
"""

import sys
from typing import Iterator

from drgn import Object, Program
from drgn.helpers.linux.idr import idr_for_each
from drgn.helpers.linux.list import list_for_each_entry

__all__ = (
    "CmwqNotLoaded",
    "check_cmwq",
    "for_each_pool",
    "for_each_pool_worker",
    "pool_flags_str",
    "main_guard",
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


def pool_flags_str(pool: Object) -> str:
    """
    A pool's flags as in the debugfs ``pools`` file: ``P`` per-CPU, ``H``
    highpri, ``D`` dying, ``-`` for none.

    :param pool: ``struct cmwq_pool *``
    """
    prog = pool.prog_
    flags = int(pool.flags)
    letters = "".join(
        letter
        for name, letter in (
            ("CMWQ_POOL_PERCPU", "P"),
            ("CMWQ_POOL_HIGHPRI", "H"),
            ("CMWQ_POOL_DYING", "D"),
        )
        if flags & int(prog[name])
    )
    return letters or "-"


def main_guard(prog: Program) -> None:
    """Exit with a readable message (status 2) unless cmwq can be read."""
    try:
        check_cmwq(prog)
    except CmwqNotLoaded as e:
        sys.exit(f"error: {e}")
