"""Print how long the settings window takes to open: from starting
``python -m ergo.settings`` until its window is on screen (in the virtual desktop of
tests/desktop), with no user file and with a commented user file and an organisation
file, beside an empty Tk window started the same way. Best and median of several
starts, in wall-clock time and in the CPU time the process used until then (its user
+ system time, which a busy machine inflates less). ergo's modules are compiled to
bytecode first, as an installed ergo's are, so that a checkout run with
PYTHONDONTWRITEBYTECODE does not time Python's compiler.

Run: PYTHONPATH=. python bench/settings_window.py [STARTS]
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.desktop.session import DesktopSession

USER = """\
# My settings
language: en
work_hours:
  days: [mon, tue, wed, thu]   # four days
  start: "08:00"
reminders:
  walk:
    every: 45m   # a bit more often
"""

ORG = """\
policy:
  locked: [interruptions.meetings]
  bounds:
    reminders.walk.every: {min: 30m, max: 90m}
"""


def visible(desktop: DesktopSession) -> bool:
    done = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^ergo settings$"],
                          env=desktop.env, capture_output=True, text=True, check=False)
    return bool(done.stdout.strip())


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def open_once(desktop: DesktopSession, env: dict[str, str], args: list[str]
              ) -> tuple[float, float]:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, *args], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while not visible(desktop):
        if process.poll() is not None:
            raise SystemExit(f"the window did not open: {process.stderr.read().decode()}")
        time.sleep(0.005)
    took = time.perf_counter() - started, cpu_seconds(process.pid)
    process.kill()
    process.wait()
    return took


def main() -> None:
    starts = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    compileall.compile_dir(Path(__file__).parents[1] / "ergo", quiet=1)
    folder = Path(tempfile.mkdtemp(prefix="ergo-bench-"))
    (folder / "ergo.yaml").write_text(USER, encoding="utf-8")
    (folder / "org.yaml").write_text(ORG, encoding="utf-8")
    with DesktopSession() as desktop:
        env = {**os.environ, **desktop.env, "PYTHONPATH": str(Path(__file__).parents[1]),
               "XDG_CONFIG_HOME": str(folder / "config"), "XDG_RUNTIME_DIR": str(folder)}
        settings = ["-m", "ergo.settings"]
        cases = {
            # What any Tk window costs: the floor for a window in a process of its own.
            "baseline: an empty Tk window": [
                "-c", "import tkinter; r = tkinter.Tk(); r.title('ergo settings'); r.mainloop()"],
            "defaults (no user file)": [*settings, "--config", str(folder / "none.yaml")],
            "commented user file + organisation policy": [
                *settings, "--config", str(folder / "ergo.yaml"),
                "--org-config", str(folder / "org.yaml")],
        }
        for label, args in cases.items():
            runs = [open_once(desktop, env, args) for _ in range(starts)]
            for what, times in (("wall", [r[0] for r in runs]), ("cpu", [r[1] for r in runs])):
                print(f"{label:<44} {what:<4} best {min(times) * 1000:6.0f} ms   "
                      f"median {statistics.median(times) * 1000:6.0f} ms   ({starts} starts)")


if __name__ == "__main__":
    main()
