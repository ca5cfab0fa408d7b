"""Print how a real ``ergo run`` answers a crowd: many ``ergo status`` at once while
other connections stall.

It starts ``python -m ergo run --no-tray`` in a private home, opens ``--stalled``
connections that never send a request (half of them trickle one byte a second),
then runs ``--clients`` ``ergo status`` commands at the same moment, and prints
the calls, the failures and the latency of each call (start of the command to its
exit, so Python's start-up is included).

Run: PYTHONPATH=. python bench/control_crowd.py [--clients 50] [--stalled 10] [--rounds 2]
(``--source DIR`` runs the daemon and the commands from another checkout of ergo,
for a before/after comparison; Python then starts with ``-S``, so that an editable
install of this checkout does not take over. With ``--in-process`` the requests go
through this checkout's client.)
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PYTHON = [sys.executable]


def environment(root: Path, source: Path) -> dict[str, str]:
    home = root / "home"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ERGO_", "XDG_", "DISPLAY", "WAYLAND", "DBUS"))}
    paths = [str(source)]
    if source != Path(__file__).resolve().parent.parent:
        import sysconfig

        PYTHON.append("-S")
        paths.append(sysconfig.get_paths()["purelib"])
    env.update(PYTHONPATH=os.pathsep.join(paths), HOME=str(home),
               XDG_CONFIG_HOME=str(home / "config"),
               XDG_STATE_HOME=str(home / "state"), XDG_CONFIG_DIRS=str(root / "etc"),
               XDG_RUNTIME_DIR=str(root), ERGO_RUNTIME_DIR=str(root / "run"),
               ERGO_NOTIFIER="log", ERGO_IDLE="none")
    return env


def status(env: dict[str, str]) -> tuple[bool, float, str]:
    started = time.perf_counter()
    done = subprocess.run([*PYTHON, "-m", "ergo", "status"], env=env, cwd=env["XDG_RUNTIME_DIR"],
                          capture_output=True, text=True, timeout=60, check=False)
    return done.returncode == 0, time.perf_counter() - started, done.stderr.strip()


def status_in_process(env: dict[str, str]) -> tuple[bool, float, str]:
    """One ``status`` request through ergo's client, without starting a Python."""
    from ergo.control.client import request
    from ergo.errors import UserError

    started = time.perf_counter()
    try:
        request("status")
    except UserError as error:
        return False, time.perf_counter() - started, str(error)
    return True, time.perf_counter() - started, ""


def stall(path: Path, trickle: bool, stop: threading.Event) -> None:
    with socket.socket(socket.AF_UNIX) as sock:
        try:
            sock.connect(str(path))
            while not stop.wait(1.0):
                if trickle:
                    sock.send(b"\0")
        except OSError:
            pass  # dropped by the daemon: that is the point


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--stalled", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--in-process", action="store_true",
                        help="send the requests from threads of this process (the channel's "
                             "own latency, without Python's start-up)")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="ergo-crowd-"))
    env = environment(root, args.source.resolve())
    if args.in_process:
        os.environ.update(env)
    call = status_in_process if args.in_process else status
    daemon = subprocess.Popen([*PYTHON, "-m", "ergo", "run", "--no-tray"], env=env, cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not status(env)[0]:
            if time.monotonic() > deadline or daemon.poll() is not None:
                raise SystemExit("ergo run did not come up")
        socket_path = root / "run" / "ergo.sock"
        latencies: list[float] = []
        failures: list[str] = []
        for _ in range(args.rounds):
            stop = threading.Event()
            stallers = [threading.Thread(target=stall, args=(socket_path, n % 2 == 1, stop))
                        for n in range(args.stalled)]
            for thread in stallers:
                thread.start()
            time.sleep(0.3)
            results: list[tuple[bool, float, str]] = []
            lock = threading.Lock()

            def one(results: list[tuple[bool, float, str]] = results,
                    lock: threading.Lock = lock) -> None:
                result = call(env)
                with lock:
                    results.append(result)

            callers = [threading.Thread(target=one) for _ in range(args.clients)]
            for thread in callers:
                thread.start()
            for thread in callers:
                thread.join()
            stop.set()
            for thread in stallers:
                thread.join()
            latencies += [seconds for _, seconds, _ in results]
            failures += [said for ok, _, said in results if not ok]
        print(f"ergo from {args.source}")
        how = "status requests from threads" if args.in_process else "`ergo status` commands"
        print(f"{args.rounds} rounds of {args.clients} concurrent {how} with "
              f"{args.stalled} stalled connections")
        print(f"calls {len(latencies)}, failures {len(failures)}")
        print(f"latency p50 {statistics.median(latencies) * 1000:.0f} ms, "
              f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, "
              f"max {max(latencies) * 1000:.0f} ms")
        for said in sorted(set(failures)):
            print(f"  failure: {said} (x{failures.count(said)})")
    finally:
        daemon.terminate()
        daemon.wait(10)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
