"""The code base passes mypy (pyproject.toml's [tool.mypy]: strict for ergo/core,
ergo/config and ergo/control), so a type slip fails the suite like any other defect."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_type_errors():
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
