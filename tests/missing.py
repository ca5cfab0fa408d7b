"""What a test does when a program or permission it needs is missing."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def unavailable(message: str, *, module: bool = False) -> NoReturn:
    """Skip with ``message`` (the whole module with ``module``), or fail in CI (``CI``
    set), where .ci/run installs everything the tests need and a skip would hide a
    broken set-up."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message, allow_module_level=module)
