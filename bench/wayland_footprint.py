"""Footprint of ``ergo run`` in a headless sway, with and without its Wayland sources.

Usage (from the repository root, as root or a user who may run sway)::

    python bench/wayland_footprint.py [--idle 60] [--settle 15]

Starts the sway session of tests/wayland/session.py (waybar, mako, no Xwayland)
and runs the daemon there twice: as it chooses by itself (idle time from
``org_kde_kwin_idle``, full screen from the wlroots toplevel list, each with a
Wayland connection and a receiver thread), then with ``ERGO_IDLE=none`` and
``interruptions.fullscreen: false``, so no Wayland code is loaded. For each it
prints, over the daemon's process tree (see bench/footprint.py): PSS, RSS and
anonymous memory at the end of the idle window, CPU seconds, context switches and
threads during it. The Wayland code's cost is the difference.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from footprint import Usage, memory_kb, process_tree, usage

from tests.desktop.session import wait_until
from tests.wayland.conftest import VENV_FOLDER
from tests.wayland.session import WaylandSession, user_venv

CONFIG = """\
work_hours: {{days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "23:59"}}
interruptions: {{fullscreen: {fullscreen}}}
"""


def threads(pid: int) -> int:
    try:
        return len(list(Path(f"/proc/{pid}/task").iterdir()))
    except OSError:
        return 0


def measure(session: WaylandSession, wayland: bool, idle: float, settle: float) -> dict:
    name = "with" if wayland else "without"
    config = session.write(f"ergo-{name}.yaml",
                           CONFIG.format(fullscreen="true" if wayland else "false"))
    session.write(f"home/{name}/.local/state/ergo/welcome-shown", "")
    env = dict(session.env, XDG_STATE_HOME=str(session.home / name / ".local" / "state"),
               XDG_CONFIG_HOME=str(session.home / name / ".config"))
    if not wayland:
        env["ERGO_IDLE"] = "none"
    python = str(session.python)
    process = session.popen([python, "-m", "ergo", "run", "--config", str(config)], env=env)

    def status() -> dict | None:
        done = session.run(python, "-m", "ergo", "status", "--json", env=env, check=False)
        return json.loads(done.stdout) if done.returncode == 0 else None

    backends = wait_until(status, 20, "ergo status")["backends"]
    time.sleep(settle)
    before = {pid: usage(pid) for pid in process_tree(process.pid)}
    time.sleep(idle)
    pids = process_tree(process.pid)
    after = {pid: usage(pid) for pid in pids}
    memory = [memory_kb(pid) for pid in pids]
    figures = {
        "idle source": backends.get("idle", "?"),
        "PSS MB": sum(m[0] for m in memory) / 1024,
        "RSS MB": sum(m[1] for m in memory) / 1024,
        "anonymous MB": sum(m[2] for m in memory) / 1024,
        "CPU s": sum(a.cpu_seconds - before.get(p, Usage(0, 0)).cpu_seconds
                     for p, a in after.items()),
        "context switches": sum(a.context_switches - before.get(p, Usage(0, 0)).context_switches
                                for p, a in after.items()),
        "threads": sum(threads(pid) for pid in pids),
    }
    session.terminate(process)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--idle", type=float, default=60, help="idle window, s (default 60)")
    parser.add_argument("--settle", type=float, default=15, help="wait before it, s (default 15)")
    args = parser.parse_args(argv)
    with WaylandSession("sway", user_venv(VENV_FOLDER)) as session:
        rows = {name: measure(session, name == "with", args.idle, args.settle)
                for name in ("with", "without")}
    print(f"ergo run in headless sway, {args.idle:g} s idle after {args.settle:g} s")
    print(f"  {'':<18} {'with Wayland':>16} {'without':>16} {'difference':>12}")
    for key in rows["with"]:
        with_, without = rows["with"][key], rows["without"][key]
        if isinstance(with_, str):
            print(f"  {key:<18} {with_:>16} {without:>16}")
        else:
            print(f"  {key:<18} {with_:>16.2f} {without:>16.2f} {with_ - without:>12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
