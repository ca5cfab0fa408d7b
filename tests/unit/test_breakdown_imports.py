"""bench/breakdown.py's ``--without``: which modules a module was the first to import."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("breakdown", ROOT / "bench" / "breakdown.py")
assert spec is not None and spec.loader is not None
breakdown = importlib.util.module_from_spec(spec)
spec.loader.exec_module(breakdown)

# python -X importtime: a module's own imports are listed just before it, indented deeper.
IMPORTTIME = """\
import time:       120 |        120 |   _io
import time:        50 |         50 |       asyncio.constants
import time:       300 |        350 |     asyncio
import time:        40 |         40 |       inspect
import time:        80 |        120 |     apscheduler.util
import time:       200 |        670 |   apscheduler.triggers.date
import time:        90 |        760 | ergo.runtime.timer
import time:        30 |         30 |   json
import time:        60 |         90 | ergo.runtime.dispatcher
""".splitlines()


def test_a_module_brings_what_is_indented_below_it_up_to_the_previous_sibling():
    assert breakdown.first_imported_by("apscheduler.triggers.date", IMPORTTIME) == {
        "apscheduler.triggers.date", "apscheduler.util", "inspect", "asyncio",
        "asyncio.constants"}
    assert breakdown.first_imported_by("ergo.runtime.timer", IMPORTTIME) == {
        "ergo.runtime.timer", "apscheduler.triggers.date", "apscheduler.util", "inspect",
        "asyncio", "asyncio.constants", "_io"}


def test_a_module_that_imported_nothing_new_brings_only_itself():
    assert breakdown.first_imported_by("asyncio.constants", IMPORTTIME) == {"asyncio.constants"}
    assert breakdown.first_imported_by("ergo.runtime.dispatcher", IMPORTTIME) == {
        "ergo.runtime.dispatcher", "json"}
    assert breakdown.first_imported_by("yaml", IMPORTTIME) == set()
