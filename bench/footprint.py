"""Footprint of a tray program in the virtual desktop: memory, idle CPU, wake-ups, start-up.

Usage (from the repository root)::

    python bench/footprint.py [--idle 120] [--settle 20] [--host HOST] [--probe "CMD"] \\
        [--returning] [--peers] [--breakdown] -- COMMAND [ARGS...]

Starts a private virtual desktop (Xvfb, D-Bus session, dunst and a tray host; see
tests/desktop/session.py), runs COMMAND in it and prints, summed over COMMAND's
process tree:

- start to icon: seconds until a tray icon window appears in trayer's panel
  (``--host trayer``, the default, an XEmbed host), or until the panel's
  StatusNotifierWatcher lists an item (``--host xfce4-panel`` or ``lxqt-panel``);
- PSS, USS (private pages), RSS and anonymous memory in MB (``/proc/PID/smaps_rollup``)
  at the end of the idle window; anonymous memory (heap, objects, thread stacks) is
  what the program allocates itself, so it moves least with whatever else maps the
  same libraries;
- the threads of the tree at the end of the idle window;
- CPU seconds (utime + stime from ``/proc/PID/stat``) and context switches
  (voluntary + involuntary, over ``/proc/PID/task/*/status``) during the idle
  window, which starts after ``--settle`` seconds; and the CPU seconds of the
  short-lived programs the tree started and waited for meanwhile (cutime + cstime),
  such as a ``notify-send`` per notification;
- with ``--probe``, the median and 95th percentile wall time of running that
  command in the same session after the idle window (for ergo:
  ``--probe "python -m ergo status"``, the round trip a user or script pays).

With ``--returning`` the session's HOME already has ergo's first-run marker, as for a
returning user, so no welcome window is opened.

With ``--peers``, Workrave and Safe Eyes (Debian's packages) are measured the same way
right after COMMAND, each in a fresh desktop, and one table compares the three.

Linux only (it reads /proc). Safe Eyes 2.1.5 takes any process whose command line
mentions ``safeeyes`` (this script's own, when measuring it) for a running Safe Eyes
and exits; measure it through a symbolic link with another name.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.desktop.session import PANELS, DesktopSession

_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Usage:
    cpu_seconds: float
    context_switches: int
    #: CPU seconds of the children the process waited for (they are gone now).
    ended_children_seconds: float = 0.0


def process_tree(root: int) -> list[int]:
    """Given a pid, return it and all its living descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may contain spaces and parentheses: split after the last ')'.
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, ()))
    return tree


def usage(pid: int) -> Usage:
    """Return the CPU time and context switches of one process so far (zero if gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        switches = 0
        for task in Path(f"/proc/{pid}/task").iterdir():
            for line in (task / "status").read_text().splitlines():
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    switches += int(line.split()[1])
    except OSError:
        return Usage(0.0, 0)
    # Fields after the name: state is index 0, so utime (14th field) is 11, stime 12,
    # then cutime and cstime.
    return Usage((int(fields[11]) + int(fields[12])) / _TICKS, switches,
                 (int(fields[13]) + int(fields[14])) / _TICKS)


def memory_kb(pid: int) -> tuple[int, int, int, int]:
    """Return (PSS, RSS, anonymous, USS) of one process in kB, zero if it is gone."""
    values = {"Pss:": 0, "Rss:": 0, "Anonymous:": 0, "Private_Clean:": 0, "Private_Dirty:": 0}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, *rest = line.split()
            if key in values:
                values[key] = int(rest[0])
    except OSError:
        pass
    return (values["Pss:"], values["Rss:"], values["Anonymous:"],
            values["Private_Clean:"] + values["Private_Dirty:"])


def thread_names(pid: int) -> list[str]:
    """Return the names of one process's threads (empty if it is gone)."""
    try:
        return [(task / "comm").read_text().strip() for task in Path(f"/proc/{pid}/task").iterdir()]
    except OSError:
        return []


def time_probe(desktop: DesktopSession, probe: list[str], runs: int) -> str:
    """Run ``probe`` ``runs`` times in the session; return its median and p95 wall time."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(probe, env=desktop.env, check=True, stdout=subprocess.DEVNULL)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return f"median {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms (n={runs})"


def icon_shown(desktop: DesktopSession, host: str) -> bool:
    """Is a tray icon shown by ``host``?"""
    return bool(desktop.registered_items() if host in PANELS else desktop.tray_icons())


def measure(
    command: list[str],
    idle: float,
    settle: float,
    icon_timeout: float,
    host: str = "trayer",
    probe: list[str] | None = None,
    probe_runs: int = 20,
    returning: bool = False,
) -> dict[str, str]:
    with DesktopSession() as desktop:
        if returning:
            state = Path(desktop.env["HOME"]) / ".local" / "state" / "ergo"
            state.mkdir(parents=True)
            (state / "welcome-shown").write_text("")
        if host in PANELS:
            desktop.start_panel(host)
        start = time.monotonic()
        process = desktop.popen(command)
        icon = "none"
        deadline = start + icon_timeout
        while time.monotonic() < deadline and process.poll() is None:
            if icon_shown(desktop, host):
                icon = f"{time.monotonic() - start:.2f} s"
                break
            time.sleep(0.01)
        if process.poll() is not None:
            raise SystemExit(f"footprint: the command exited with status {process.returncode}")
        time.sleep(max(0.0, settle - (time.monotonic() - start)))
        before = {pid: usage(pid) for pid in process_tree(process.pid)}
        time.sleep(idle)
        pids = process_tree(process.pid)
        after = {pid: usage(pid) for pid in pids}
        memory = [memory_kb(pid) for pid in pids]
        threads = [name for pid in pids for name in thread_names(pid)]
        cpu = sum(a.cpu_seconds - before.get(p, Usage(0, 0)).cpu_seconds for p, a in after.items())
        switches = sum(
            a.context_switches - before.get(p, Usage(0, 0)).context_switches
            for p, a in after.items()
        )
        ended = sum(a.ended_children_seconds - before.get(p, Usage(0, 0)).ended_children_seconds
                    for p, a in after.items())
        probed = time_probe(desktop, probe, probe_runs) if probe else None
        desktop.terminate(process)
    figures = {
        "processes": str(len(pids)),
        "start to icon": icon,
        "PSS MB": f"{sum(m[0] for m in memory) / 1024:.1f}",
        "USS MB": f"{sum(m[3] for m in memory) / 1024:.1f}",
        "RSS MB": f"{sum(m[1] for m in memory) / 1024:.1f}",
        "anonymous MB": f"{sum(m[2] for m in memory) / 1024:.1f}",
        f"CPU s / {idle:g} s idle": f"{cpu:.2f}",
        f"context switches / {idle:g} s idle": str(switches),
        f"ended helpers' CPU s / {idle:g} s": f"{ended:.2f}",
        "threads": f"{len(threads)}: {', '.join(sorted(threads))}",
    }
    if probed:
        figures[shlex.join(probe or [])] = probed
    return figures


def peer_commands(workdir: Path) -> dict[str, list[str]]:
    """Return the commands that start Workrave and Safe Eyes, by name.

    Safe Eyes is started through a link with another name: it takes any process
    whose command line mentions ``safeeyes`` (this script's, say) for a running copy.
    """
    link = workdir / "peer-se"
    if not link.exists():
        link.symlink_to("/usr/bin/safeeyes")
    return {"Workrave": ["workrave"], "Safe Eyes": [str(link)]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--idle", type=float, default=120, help="idle window, s (default 120)")
    parser.add_argument("--settle", type=float, default=20, help="wait before it, s (default 20)")
    parser.add_argument("--icon-timeout", type=float, default=30, help="s to wait for the icon")
    parser.add_argument("--host", choices=("trayer", *PANELS), default="trayer",
                        help="tray host: trayer (XEmbed, default) or a StatusNotifierItem panel")
    parser.add_argument("--probe", help="a command to time in the session after the idle window")
    parser.add_argument("--probe-runs", type=int, default=20, help="how often (default 20)")
    parser.add_argument("--peers", action="store_true",
                        help="also measure Workrave and Safe Eyes, one after another")
    parser.add_argument("--returning", action="store_true",
                        help="ergo's first-run marker is present: no welcome window")
    parser.add_argument("command", nargs="+", help="the command to measure (after --)")
    args = parser.parse_args(argv)
    probe = shlex.split(args.probe) if args.probe else None
    runs = {" ".join(args.command): (args.command, probe)}
    if args.peers:
        workdir = Path(tempfile.mkdtemp(prefix="ergo-footprint-"))
        runs.update({name: (command, None) for name, command in peer_commands(workdir).items()})
    table: dict[str, dict[str, str]] = {}
    for name, (command, probing) in runs.items():
        table[name] = measure(command, args.idle, args.settle, args.icon_timeout, args.host,
                              probing, args.probe_runs, args.returning)
    print(f"tray host: {args.host}; {args.settle:g} s settle, then {args.idle:g} s idle")
    for name, figures in table.items():
        print(name)
        for key, value in figures.items():
            print(f"  {key:<36} {value}")
    if len(table) > 1:
        keys = [k for k in next(iter(table.values())) if k not in ("processes", "threads")]
        print()
        print(" | ".join(["program", *keys]))
        for name, figures in table.items():
            print(" | ".join([name, *(figures.get(k, "-") for k in keys)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
