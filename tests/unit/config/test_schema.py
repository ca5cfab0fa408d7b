"""The JSON Schema comes from the validator's own description and matches the shipped files."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from ergo.config.load import load_path
from ergo.config.schema import json_schema, json_schema_text

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = [
    ROOT / "config" / "ergo.yaml",
    ROOT / "config" / "org-example.yaml",
    ROOT / "ergo" / "config" / "routines.yaml",
    ROOT / "ergo" / "config" / "user-template.yaml",
]


def test_the_checked_in_schema_matches_the_one_generated_from_the_validator():
    checked_in = (ROOT / "config" / "ergo.schema.json").read_text(encoding="utf-8")
    assert checked_in == json_schema_text(), (
        "config/ergo.schema.json is out of date; regenerate it with "
        "`python -m ergo config schema > config/ergo.schema.json`")


def test_the_schema_is_itself_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_the_schema_accepts_the_shipped_config_files(path):
    jsonschema.validate(load_path(path).data, json_schema())


def test_the_schema_rejects_what_the_validator_rejects():
    validator = jsonschema.Draft202012Validator(json_schema())
    for bad in (
        {"languag": "nl"},
        {"reminders": {"walk": {"every": 20}}},
        {"reminders": {"walk": {"enabled": "yes"}}},
        {"work_hours": {"per_day": {"fri": "of"}}},
        {"reminders": {"walk": {"title": {"de": "Gehen"}}}},
    ):
        assert list(validator.iter_errors(bad)), bad


def test_the_example_files_point_editors_at_the_schema():
    for path in (ROOT / "config" / "ergo.yaml", ROOT / "config" / "org-example.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=ergo.schema.json"
    assert json.loads((ROOT / "config" / "ergo.schema.json").read_text())["title"]


def test_the_repository_copy_of_the_defaults_is_the_shipped_file():
    assert (ROOT / "config" / "ergo.yaml").read_bytes() == (
        ROOT / "ergo" / "config" / "defaults.yaml").read_bytes()


def test_the_user_template_is_valid_with_every_example_line_switched_on(tmp_path):
    from ergo.config import check_file

    template = (ROOT / "ergo" / "config" / "user-template.yaml").read_text(encoding="utf-8")
    switched_on = "\n".join(
        line[2:] if line.startswith("# ") else line for line in template.splitlines())
    path = tmp_path / "ergo.yaml"
    path.write_text(switched_on, encoding="utf-8")
    loaded = check_file(path)
    assert loaded.settings.language == "en"
    assert loaded.settings.reminder("feet-flat").enabled is False
