#!/usr/bin/env drgn
# SPDX-License-Identifier: GPL-2.0
# What drgn gave this script (prog; newer drgn adds its helpers) is what each
# script run here gets: taken before this file defines names of its own.
DRGN_GLOBALS = {k: v for k, v in globals().items() if not k.startswith("__")}

desc = """
Run several of the scripts of this directory in one drgn session, one
after the other, as if each had been run by drgn on its own. drgn then
loads the kernel's and cmwq.ko's debug info once instead of once per
script: most of what a script costs (seconds for a debug vmlinux, some
8 s under QEMU TCG), where the script itself takes a fraction of one.

Scripts are separated by a "---" argument; a name without "/" is a
script of this directory, anything else a path:

  drgn -k -s VMLINUX -s cmwq.ko cmwq_batch.py \\
      cmwq_pools.py --- cmwq_monitor.py -i 0 --- cmwq_show.py -a

Each script starts with fresh globals (prog, as drgn gives a script),
its own sys.argv, and fresh copies of the modules it imports from its
directory (cmwq_helpers), so nothing of one script is left for the next.

Output: before each script's output (stdout and stderr), one line

  === cmwq_batch: SCRIPT [ARG...]

and after the last script one line with each script's exit status, in
order, as the shell would see it (0, 2 for a bad option, 1 for an error
or an exception, whose traceback is printed):

  === cmwq_batch: exit statuses: 0 0 2

A script that fails does not stop the next. The batch exits 0 if every
script did, 1 otherwise.
"""

import argparse
import os
import pkgutil
import runpy
import shlex
import signal
import sys
import traceback

SEPARATOR = "---"
MARKER = "=== cmwq_batch:"
HERE = os.path.dirname(os.path.abspath(__file__))

parser = argparse.ArgumentParser(
    description=desc, formatter_class=argparse.RawTextHelpFormatter,
    usage="%(prog)s SCRIPT [ARG...] [--- SCRIPT [ARG...]]...",
)
parser.add_argument("runs", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
args = parser.parse_args()


def split_runs(argv):
    """[[script, arg...], ...] from the arguments, split at SEPARATOR."""
    runs = [[]]
    for arg in argv:
        if arg == SEPARATOR:
            runs.append([])
        else:
            runs[-1].append(arg)
    if not all(runs):
        parser.error(f"a SCRIPT is missing before or after {SEPARATOR}")
    return runs


def script_path(name):
    return name if "/" in name else os.path.join(HERE, name)


def exit_status(e):
    """The status a process ending with SystemExit e has, as Python does."""
    if e.code is None:
        return 0
    if isinstance(e.code, int):
        return e.code & 0xFF
    # sys.exit("message"): Python prints the message and exits 1.
    print(e.code, file=sys.stderr)
    return 1


def run_script(path, argv):
    """Run one script as drgn runs one; return its exit status."""
    saved_path = sys.path[:]
    saved_modules = set(sys.modules)
    saved_sigint = signal.getsignal(signal.SIGINT)
    script_dir = os.path.dirname(os.path.abspath(path))
    sys.argv = [path] + argv
    # As drgn does: the script's directory first on the import path.
    if pkgutil.get_importer(path) is None:
        sys.path.insert(0, script_dir)
    try:
        runpy.run_path(path, init_globals=dict(DRGN_GLOBALS), run_name="__main__")
        status = 0
    except SystemExit as e:
        status = exit_status(e)
    except Exception:
        traceback.print_exc()
        status = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.path[:] = saved_path
        signal.signal(signal.SIGINT, saved_sigint)
        # A fresh cmwq_helpers for the next script; drgn's and Python's
        # own modules stay, they hold no script's state.
        for name in set(sys.modules) - saved_modules:
            file = getattr(sys.modules[name], "__file__", None)
            if file and os.path.dirname(os.path.abspath(file)) in (script_dir, HERE):
                del sys.modules[name]
    return status


if not args.runs:
    parser.error("no SCRIPT given")
statuses = []
for script, *script_args in split_runs(args.runs):
    print(MARKER, shlex.join([script] + script_args), flush=True)
    statuses.append(run_script(script_path(script), script_args))
print(MARKER, "exit statuses:", " ".join(map(str, statuses)), flush=True)
sys.exit(0 if not any(statuses) else 1)
