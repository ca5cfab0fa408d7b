"""Fixtures for tests that use real sockets, files and processes."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest


@pytest.fixture
def runtime_dir():
    """A private, short runtime directory: pytest's tmp_path can exceed the AF_UNIX path limit."""
    path = Path(tempfile.mkdtemp(prefix="ergo-test-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)
