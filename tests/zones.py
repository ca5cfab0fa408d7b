"""System time zones the pure tests run under.

The engine, the config and the statistics must only ever use the zone they are given
(the work-hours zone, or the zone of ``now``), never the machine's. Running the same
tests under zones with different daylight-saving rules, and one fourteen hours from
UTC, catches code that reads the machine's zone by accident: under UTC alone the two
are the same.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

# Two zones with daylight saving on different dates, and UTC+14, where a local date
# differs from the UTC date for most of the day.
ZONES = ("UTC", "Europe/Amsterdam", "America/New_York", "Pacific/Kiritimati")


@contextmanager
def system_zone(name: str) -> Iterator[None]:
    """Make ``name`` the process's local zone (``TZ`` plus ``time.tzset``), and restore
    the previous zone afterwards."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


# Property tests draw their own inputs for a long time; they run once, in the zone
# farthest from UTC, instead of once per zone.
PROPERTY_TEST_ZONE = "Pacific/Kiritimati"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Give every test except the property tests one run per zone of :data:`ZONES`."""
    if "machine_zone" in metafunc.fixturenames and not getattr(
        metafunc.function, "is_hypothesis_test", False
    ):
        metafunc.parametrize("machine_zone", ZONES, indirect=True)


@pytest.fixture(autouse=True)
def machine_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """The machine's zone for one test, by name. A conftest that imports this fixture and
    :func:`pytest_generate_tests` runs each test of its directory under every zone."""
    name = getattr(request, "param", PROPERTY_TEST_ZONE)
    with system_zone(name):
        yield name
