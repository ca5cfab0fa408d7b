"""Deep merge of layers and the origin of every value."""

from __future__ import annotations

from ergo.config.load import load_text
from ergo.config.merge import BUILT_IN, MISSING, USER, Layer, lookup, merge

BUILT = """\
reminders:
  walk: {every: 60m, enabled: true}
snooze:
  durations: [5m, 10m, 20m]
"""
USER_FILE = """\
reminders:
  walk: {every: 45m}
snooze:
  durations: [15m]
"""


def layers():
    return [
        Layer(BUILT_IN, load_text(BUILT, "defaults.yaml")),
        Layer(USER, load_text(USER_FILE, "ergo.yaml")),
    ]


def test_mappings_merge_key_by_key_and_lists_replace():
    merged = merge(layers())
    assert merged.data == {
        "reminders": {"walk": {"every": "45m", "enabled": True}},
        "snooze": {"durations": ["15m"]},
    }


def test_each_value_remembers_the_file_and_line_that_set_it():
    merged = merge(layers())
    assert str(merged.origins[("reminders", "walk", "every")]) == "ergo.yaml:2:10"
    assert merged.origins[("reminders", "walk", "every")].layer == USER
    assert str(merged.origins[("reminders", "walk", "enabled")]) == "defaults.yaml:2:22"
    assert str(merged.origins[("snooze", "durations", 0)]) == "ergo.yaml:4:15"


def test_a_replaced_list_leaves_no_origins_of_the_old_items():
    merged = merge(layers())
    assert ("snooze", "durations", 2) not in merged.origins


def test_a_mapping_takes_the_origin_of_the_highest_layer_that_mentions_it():
    assert str(merge(layers()).origins[("reminders", "walk")]) == "ergo.yaml:2:3"


def test_a_scalar_can_replace_a_mapping_and_the_other_way_round():
    low = Layer(BUILT_IN, load_text("title: {en: Walk, nl: Loop}\nday: off\n", "a"))
    high = Layer(USER, load_text("title: Stroll\nday: {end: '16:00'}\n", "b"))
    merged = merge([low, high])
    assert merged.data == {"title": "Stroll", "day": {"end": "16:00"}}
    assert ("title", "en") not in merged.origins


def test_merging_never_changes_its_inputs():
    given = layers()
    before = [layer.document.data.copy() for layer in given]
    merged = merge(given)
    merged.data["reminders"]["walk"]["every"] = "1m"
    assert [layer.document.data for layer in given] == before
    assert given[0].document.data["reminders"]["walk"]["every"] == "60m"


def test_lookup_finds_nested_values_and_reports_missing_ones():
    data = {"a": {"b": [1, {"c": 2}]}}
    assert lookup(data, ("a", "b", 1, "c")) == 2
    assert lookup(data, ("a", "x")) is MISSING
    assert lookup(data, ("a", "b", 5)) is MISSING
