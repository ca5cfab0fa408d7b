"""Helpers to write config files into a temporary directory; each test here runs under
every system zone of :mod:`tests.zones`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.zones import machine_zone, pytest_generate_tests

__all__ = ["machine_zone", "pytest_generate_tests", "write"]


@pytest.fixture
def write(tmp_path: Path):
    """Return a function that writes text to a file in tmp_path and returns its path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
