"""What the running daemon's memory is made of: the ten biggest costs, by package and file.

Usage (from the repository root)::

    python bench/breakdown.py [--settle 15] [--window 30] [--returning]
                              [--without MODULE]... [-- ERGO_ARGS...]

Starts the virtual desktop of tests/desktop/session.py and runs ``python -m ergo run``
(or ``python -m ergo ERGO_ARGS``) in it under this script's ``--inside`` mode, which
starts :mod:`tracemalloc` first, runs ergo as ``python -m ergo`` would, and after
``--settle`` seconds writes what the daemon holds. It prints:

- the daemon's anonymous memory (``/proc/PID/smaps_rollup``) at rest, and its threads
  by name with the context switches of each over the next ``--window`` seconds;
- the ten packages whose import costs most: each module the daemon loaded is imported
  again in a fresh interpreter, in the order the daemon finished loading them (from
  ``python -X importtime``, so a module's own imports come before it), and the growth
  of that interpreter's anonymous memory is charged to the module's top-level package
  (for ergo, its sub-package: importing a module first runs its package's ``__init__``);
- the ten source files that allocated most of the Python objects still alive in the
  daemon (tracemalloc, by the innermost frame; the code objects of every imported
  module are charged to ``<frozen importlib._bootstrap_external>``);
- for each ``--without MODULE`` (an ergo module, say ``ergo.runtime.timer``): what the
  daemon's imports would cost without that module and every module it was the first
  to import (its subtree in ``-X importtime``), both lists imported in fresh
  interpreters. Leaving out a module that brought nothing else moves the figure by
  up to about 600 kB here, as the other objects pack differently; only larger
  differences say what a module costs.

tracemalloc itself costs memory, so the daemon's figures here are larger than
bench/footprint.py's; only the ranking counts.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import runpy
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def anonymous_kb(pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Anonymous:"):
            return int(line.split()[1])
    return 0


def switches(pid: int) -> dict[int, int]:
    """Return the context switches so far of each of a process's threads, by thread id."""
    counts = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            counts[int(task.name)] = sum(
                int(line.split()[1]) for line in (task / "status").read_text().splitlines()
                if line.startswith(("voluntary_ctxt", "nonvoluntary_ctxt")))
    return counts


def group(module: str) -> str:
    """Return the package a module's cost is charged to: its top-level package, or for
    ergo the sub-package (a module of ``ergo.desktop`` or ``ergo.runtime`` on its own,
    as those packages' ``__init__`` imports nothing)."""
    parts = module.split(".")
    if parts[0] != "ergo":
        return parts[0]
    return ".".join(parts[:3] if parts[1:2] in (["desktop"], ["runtime"]) else parts[:2])


def inside(out: Path, settle: float, args: list[str]) -> None:
    """Run ``python -m ergo ARGS`` under tracemalloc; after ``settle`` s write ``out``."""
    import tracemalloc

    tracemalloc.start()

    def dump() -> None:
        statistics = tracemalloc.take_snapshot().statistics("filename")
        report = {
            "files": [(s.traceback[0].filename, s.size) for s in statistics[:10]],
            "traced_kb": tracemalloc.get_traced_memory()[0] // 1024,
            "threads": {t.native_id: t.name for t in threading.enumerate() if t is not timer},
            # -X importtime does not see what importlib.import_module loads (ergo's
            # command modules, say), so the list of loaded modules comes from here too.
            "modules": list(sys.modules),
        }
        out.write_text(json.dumps(report))

    timer = threading.Timer(settle, dump)
    timer.daemon = True
    timer.start()
    sys.argv = ["ergo", *args]
    runpy.run_module("ergo", run_name="__main__", alter_sys=True)


def in_fresh_interpreter(script: str, modules: list[str]) -> str:
    """Run ``script`` in a fresh interpreter, with this file's helpers importable and
    ``modules`` as JSON on its stdin; return what it prints."""
    header = "import importlib, json, sys\nsys.path.insert(0, sys.argv[1])\n"
    done = subprocess.run([sys.executable, "-c", header + script, str(ROOT / "bench")],
                          input=json.dumps(modules), capture_output=True, text=True, check=True)
    return done.stdout


def import_costs(modules: list[str]) -> list[tuple[str, int]]:
    """Import ``modules`` in order in a fresh interpreter; return kB of anonymous memory by
    package, biggest first."""
    costs: dict[str, int] = json.loads(in_fresh_interpreter(
        "from breakdown import anonymous_kb, group\n"
        "costs = {}\n"
        "for name in json.loads(sys.stdin.read()):\n"
        "    if name in sys.modules: continue\n"
        "    before = anonymous_kb()\n"
        "    try: importlib.import_module(name)\n"
        "    except Exception: continue\n"
        "    costs[group(name)] = costs.get(group(name), 0) + anonymous_kb() - before\n"
        "print(json.dumps(costs))\n", modules))
    return sorted(costs.items(), key=lambda item: -item[1])


def imported_kb(modules: list[str]) -> tuple[int, int]:
    """Import ``modules`` in order in a fresh interpreter; return its anonymous kB and
    how many modules it then holds."""
    kb, count = in_fresh_interpreter(
        "from breakdown import anonymous_kb\n"
        "for name in json.loads(sys.stdin.read()):\n"
        "    try: importlib.import_module(name)\n"
        "    except Exception: continue\n"
        "print(anonymous_kb(), len(sys.modules))\n", modules).split()
    return int(kb), int(count)


def first_imported_by(module: str, importtime: list[str]) -> set[str]:
    """Return ``module`` and the modules it was the first to import, from ``-X importtime``
    lines (a module's imports come just before it, indented deeper)."""
    rows = [(len(name) - len(name.lstrip()), name.strip()) for name in
            (line.rsplit("|", 1)[1] for line in importtime)]
    found = set()
    for index, (depth, name) in enumerate(rows):
        if name != module:
            continue
        found.add(name)
        for below, child in reversed(rows[:index]):
            if below <= depth:
                break
            found.add(child)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settle", type=float, default=15, help="wait before the snapshot, s")
    parser.add_argument("--returning", action="store_true",
                        help="ergo's first-run marker is present: no welcome window")
    parser.add_argument("--window", type=float, default=30,
                        help="s over which each thread's context switches are counted")
    parser.add_argument("--without", action="append", default=[], metavar="MODULE",
                        help="also measure the imports without MODULE and what it brought")
    parser.add_argument("--inside", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("ergo_args", nargs=argparse.REMAINDER, help="after --; default: run")
    args = parser.parse_args(argv)
    args.ergo_args = [a for a in args.ergo_args if a != "--"] or ["run"]
    if args.inside:
        inside(args.inside, args.settle, args.ergo_args)
        return 0
    sys.path.insert(0, str(ROOT))
    from footprint import process_tree, thread_names

    from tests.desktop.session import DesktopSession, wait_until

    out = Path(tempfile.mkdtemp(prefix="ergo-breakdown-")) / "report.json"
    with DesktopSession() as desktop:
        if args.returning:
            state = Path(desktop.env["HOME"]) / ".local" / "state" / "ergo"
            state.mkdir(parents=True)
            (state / "welcome-shown").write_text("")
        imports = out.with_name("importtime.txt")
        with imports.open("wb") as stderr:
            process = desktop.popen([sys.executable, "-X", "importtime", __file__, "--settle",
                                     str(args.settle), "--inside", str(out), *args.ergo_args],
                                    stderr=stderr)
        wait_until(out.exists, args.settle + 30, "the daemon's report")
        time.sleep(0.5)
        pids = process_tree(process.pid)
        tasks = sum(len(thread_names(pid)) for pid in pids)
        anonymous = sum(anonymous_kb(pid) for pid in pids)
        before = switches(process.pid)
        time.sleep(args.window)
        after = switches(process.pid)
        desktop.terminate(process)
    report = json.loads(out.read_text())
    names = {int(native): name for native, name in report["threads"].items()}
    timed = [line for line in imports.read_text().splitlines()
             if line.startswith("import time:") and not line.endswith("| imported package")]
    modules = [line.rsplit("|", 1)[1].strip() for line in timed]
    listed = set(modules)
    modules += [name for name in report["modules"] if name not in listed]
    print(f"daemon at rest after {args.settle:g} s (under tracemalloc): {len(pids)} process(es), "
          f"{anonymous / 1024:.1f} MB anonymous, {report['traced_kb'] / 1024:.1f} MB traced, "
          f"{len(modules)} modules")
    print(f"threads ({tasks}), with their context switches over {args.window:g} s:")
    for task, count in sorted(after.items(), key=lambda item: -item[1] + before.get(item[0], 0)):
        print(f"  {count - before.get(task, 0):>5}  {names.get(task, f'task {task}')}")
    print("\nten biggest import costs (anonymous kB in a fresh interpreter):")
    for name, kb in import_costs(modules)[:10]:
        print(f"  {kb:>7}  {name}")
    print("\nten files holding most live Python objects (tracemalloc kB):")
    prefix = os.path.commonpath([sys.prefix, str(ROOT)])
    for name, size in report["files"]:
        print(f"  {size // 1024:>7}  {name.removeprefix(prefix)}")
    if args.without:
        whole, count = imported_kb(modules)
        print(f"\nall the daemon's imports: {whole} kB anonymous, {count} modules")
    for module in args.without:
        dropped = first_imported_by(module, timed)
        kb, left = imported_kb([name for name in modules if name not in dropped])
        print(f"  without {module} and the {len(dropped) - 1} modules it brought: "
              f"{kb} kB ({kb - whole:+d} kB), {left} modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
