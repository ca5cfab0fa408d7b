"""Print how long config loading takes: the defaults, a large file, and refused attacks.

Run: PYTHONPATH=. python bench/config_load.py
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from pathlib import Path

from ergo.config import ConfigError, load_config
from ergo.config.load import MAX_BYTES, load_text


def timed(label: str, call, repeat: int = 5) -> None:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        with contextlib.suppress(ConfigError):
            call()
        best = min(best, time.perf_counter() - started)
    print(f"{label:<48} {best * 1000:8.1f} ms")


def main() -> None:
    timed("load_config, built-in defaults only", lambda: load_config(environ={}))
    with tempfile.TemporaryDirectory() as directory:
        org = Path(directory) / "org.yaml"
        org.write_text(Path("config/org-example.yaml").read_text())
        timed("load_config with the example organisation file",
              lambda: load_config(None, org, environ={}))
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [{','.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    timed("billion-laughs alias bomb (refused)", lambda: load_text("\n".join(lines), "b"))
    timed("200 000 nested '[' (refused)", lambda: load_text("a: " + "[" * 200_000, "d"))
    big = "reminders:\n" + "".join(
        f"  r{n}: {{every: 20m, title: t, message: m}}\n" for n in range(24_000))
    big = big[:MAX_BYTES - 1]
    big = big[: big.rfind("\n") + 1]
    print(f"(large file: {len(big) // 1024} KiB)")
    timed("load_text of a file just under 1 MiB", lambda: load_text(big, "big"), repeat=2)


if __name__ == "__main__":
    main()
