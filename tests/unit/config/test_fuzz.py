"""Whatever a config file holds, loading it raises nothing but ConfigError."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ergo.config import ConfigError, load_config

TOKENS = [*"abcdefghijklmnopqrstuvwxyz0123456789 :-[]{},&*!|>'\"#\n\t.%@`",
          "reminders", "walk", "every", "policy", "locked", "bounds", "work_hours",
          "per_day", "  ", "- ", ": ", "\n  ", "20m", "off", "&a ", "*a", "!!int "]
YAMLISH = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)

KEYS = st.sampled_from(["language", "work_hours", "reminders", "snooze", "notifications",
                        "routines", "walk", "every", "enabled", "title", "days", "start",
                        "end", "breaks", "per_day", "fri", "steps", "policy", "en", "nl",
                        "locked", "bounds", "min", "max", "routine", "reps", "pace"])
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**30) | st.floats(allow_nan=True)
    | st.sampled_from(["20m", "0s", "09:00", "25:00", "9999999999999999999999h", "12:30-13:00",
                       "off", "auto", "mon", "lumbar-short", "reminders.*.every",
                       "snooze.max_per_day", ""])
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=20,
)


def load_bytes_as_user_file(raw: bytes, as_org: bool = False) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "ergo.yaml"
        path.write_bytes(raw)
        try:
            load_config(None, path, environ={}) if as_org else load_config(path, environ={})
        except ConfigError as error:
            assert error.problems and all(isinstance(line, str) for line in error.problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise_anything_but_config_error(raw):
    load_bytes_as_user_file(raw)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises_anything_but_config_error(text):
    load_bytes_as_user_file(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=400, deadline=None)
@given(YAMLISH)
def test_yaml_like_text_never_raises_anything_but_config_error(text):
    load_bytes_as_user_file(text.encode("utf-8"))


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=5), st.booleans())
def test_well_formed_yaml_of_any_shape_never_raises_anything_but_config_error(data, as_org):
    load_bytes_as_user_file(json.dumps(data).encode("utf-8"), as_org)
