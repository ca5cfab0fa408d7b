"""``ergo routine`` and ``python -m ergo.player`` as subprocesses, playing in the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], tmp_path: Path, keys: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "DISPLAY"}
    env.update(PYTHONPATH=str(ROOT), HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_STATE_HOME=str(tmp_path / "state"), LANG="C.UTF-8", LANGUAGE="")
    return subprocess.run([sys.executable, *args], input=keys, capture_output=True, text=True,
                          env=env, timeout=60)


def test_ergo_routine_plays_the_micro_routine_in_the_terminal(tmp_path):
    # Enter accepts the safety notice, then skips both steps.
    result = run(["-m", "ergo", "routine", "lumbar-micro", "--terminal"], tmp_path, "\n\n\n")
    assert result.returncode == 0, result.stderr
    assert "not medical advice" in result.stdout
    assert "Step 2 of 2: Standing back bend" in result.stdout
    # Skipped through in no time: that is not a completed routine.
    assert "Skipped through" in result.stdout and "Well done" not in result.stdout


def test_ergo_routine_speaks_dutch(tmp_path):
    result = run(["-m", "ergo", "routine", "lumbar-micro", "--terminal", "--language", "nl"],
                 tmp_path, "\n\n\n")
    assert "Stap 1 van 2: Bekken kantelen (zittend)" in result.stdout


def test_an_unknown_routine_is_a_clear_error(tmp_path):
    result = run(["-m", "ergo", "routine", "no-such-routine", "--terminal"], tmp_path, "")
    assert result.returncode == 2
    assert "no-such-routine" in result.stderr and "lumbar-short" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_player_process_prints_only_the_outcome_on_stdout(tmp_path):
    result = run(["-m", "ergo.player", "lumbar-micro", "--terminal"], tmp_path, "\nq")
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert (outcome["status"], outcome["step"], outcome["steps"]) == ("stopped", 1, 2)
    assert "Step 1 of 2" in result.stderr
