"""Time the ``ergo status`` round trip over the control channel.

Starts a control server with a trivial handler in a subprocess, then times
``request("status")`` in this process and ``python -m ergo status`` as a
subprocess (what a user or script pays, interpreter start included), next to
a bare ``python -c pass`` for reference. Prints median and p95 in ms.

The subprocess runs once with a bytecode cache (in a temporary
PYTHONPYCACHEPREFIX, as an installed ergo has) and once compiling ergo's
sources on every start (what PYTHONDONTWRITEBYTECODE=1 on a checkout costs).

With ``--running`` it times the ergo daemon already running for this user
(``ergo run``, found through ``ERGO_RUNTIME_DIR`` like any ergo command), so the
figures include the dispatcher thread that answers.

    PYTHONPATH=. python bench/control_roundtrip.py [-n 300] [--cli-runs 40] [--running]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

STATUS = {
    "pid": 0, "state": "active", "paused_until": None, "snoozed_until": None,
    "next": [{"id": "walk", "title": "Walk around", "at": "2030-01-02T10:40:00+00:00"}],
    "snoozes_left_today": 3, "backends": {"tray": "none", "notifier": "log", "idle": "none"},
    "config_files": [], "interruption": None,
}


def serve(runtime_dir: str) -> None:
    from ergo.control.endpoint import Endpoint
    from ergo.control.protocol import Response
    from ergo.control.server import ControlServer

    with ControlServer(lambda req: Response.success(STATUS), Endpoint.for_dir(runtime_dir)):
        print("ready", flush=True)
        sys.stdin.read()  # until the benchmark closes our stdin


def summary(label: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return (f"{label:<42} n={len(ms):<4} median {statistics.median(ms):7.2f} ms   "
            f"p95 {p95:7.2f} ms   max {ms[-1]:7.2f} ms")


def time_command(argv: list[str], env: dict[str, str], runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
        timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="in-process round trips")
    parser.add_argument("--cli-runs", type=int, default=40, help="`ergo status` subprocesses")
    parser.add_argument("--running", action="store_true",
                        help="time the ergo daemon running for this user instead of a stand-in")
    parser.add_argument("--serve", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return

    scratch = tempfile.mkdtemp(prefix="ergo-bench-", dir="/tmp" if os.name == "posix" else None)
    runtime_dir = os.environ.get("ERGO_RUNTIME_DIR", "") if args.running else scratch
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    server = None
    if runtime_dir:
        env["ERGO_RUNTIME_DIR"] = runtime_dir
        os.environ["ERGO_RUNTIME_DIR"] = runtime_dir
    if not args.running:
        server = subprocess.Popen([sys.executable, __file__, "--serve", runtime_dir],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                  env=env)
    try:
        if server is not None:
            assert server.stdout.readline().strip() == "ready"
        from ergo.control.client import request
        from ergo.errors import UserError

        try:
            pid = request("status").get("pid")  # warm up
        except UserError as error:
            raise SystemExit(f"control_roundtrip: {error}") from None
        in_process = []
        for _ in range(args.n):
            started = time.perf_counter()
            request("status")
            in_process.append(time.perf_counter() - started)

        status = [sys.executable, "-m", "ergo", "status"]
        cached = {**env, "PYTHONPYCACHEPREFIX": os.path.join(scratch, "pycache")}
        cached.pop("PYTHONDONTWRITEBYTECODE", None)
        time_command(status, cached, 1)  # fills the bytecode cache
        cli = time_command(status, cached, args.cli_runs)
        uncached = time_command(status, {**env, "PYTHONDONTWRITEBYTECODE": "1"}, args.cli_runs)
        bare = time_command([sys.executable, "-c", "pass"], env, args.cli_runs)
        print(f"Python {sys.version.split()[0]} on {sys.platform}; answered by "
              + (f"the running ergo (pid {pid})" if args.running else "a stand-in server"))
        print(summary("request('status') in-process", in_process))
        print(summary("`ergo status` subprocess, bytecode cached", cli))
        print(summary("`ergo status` subprocess, no bytecode", uncached))
        print(summary("`python -c pass` (interpreter start)", bare))
    finally:
        if server is not None:
            server.stdin.close()
            server.wait(10)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
