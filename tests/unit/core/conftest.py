"""Each test here runs under every system zone of :mod:`tests.zones`."""

from tests.zones import machine_zone, pytest_generate_tests

__all__ = ["machine_zone", "pytest_generate_tests"]
