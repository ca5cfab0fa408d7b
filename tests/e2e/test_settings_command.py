"""``ergo settings`` where no window can open: a clear message, no traceback, and the
user's file untouched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_without_a_display_ergo_settings_says_what_to_do_instead_in_dutch_too(tmp_path):
    config = tmp_path / "ergo.yaml"
    config.write_text("# mine\nlanguage: nl\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "DISPLAY"}
    env.update(PYTHONPATH=str(ROOT), HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path),
               LANG="C.UTF-8", LANGUAGE="nl")
    result = subprocess.run([sys.executable, "-m", "ergo", "settings", "--config", str(config)],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "ergo: het instellingenvenster kan hier niet openen (geen beeldscherm, of Python "
        "zonder Tk); wijzig in plaats daarvan het instellingenbestand: ergo config paths")
    assert config.read_text(encoding="utf-8") == "# mine\nlanguage: nl\n"
