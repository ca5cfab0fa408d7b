"""The JSON Schemas come from the validator's own description and match the shipped files."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from ergo.config.load import load_path
from ergo.config.schema import SCHEMA_FILES, json_schema, json_schema_text

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "ergo" / "config"
SHIPPED = [
    (ROOT / "config" / "ergo.yaml", False),
    (ROOT / "config" / "org-example.yaml", True),
    (PACKAGE / "routines.yaml", False),
    (PACKAGE / "user-template.yaml", False),
]


@pytest.mark.parametrize("organisation", [False, True], ids=["user", "org"])
def test_the_shipped_schemas_match_the_ones_generated_from_the_validator(organisation):
    name = SCHEMA_FILES[organisation]
    shipped = (PACKAGE / name).read_text(encoding="utf-8")
    assert shipped == json_schema_text(organisation), (
        f"ergo/config/{name} is out of date; regenerate it with tools/write_schemas")


@pytest.mark.parametrize("organisation", [False, True], ids=["user", "org"])
def test_the_schemas_are_themselves_valid_json_schemas(organisation):
    jsonschema.Draft202012Validator.check_schema(json_schema(organisation))


@pytest.mark.parametrize(("path", "organisation"), SHIPPED,
                         ids=lambda item: getattr(item, "name", ""))
def test_the_schemas_accept_the_shipped_config_files(path, organisation):
    jsonschema.validate(load_path(path).data, json_schema(organisation))


def test_policy_is_valid_in_the_organisation_schema_only():
    policy = {"policy": {"locked": ["snooze.max_per_day"]}}
    jsonschema.validate(policy, json_schema(organisation=True))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(policy, json_schema())


def test_every_key_with_a_built_in_value_has_it_as_its_default_and_has_examples():
    schema = json_schema()
    work_hours = schema["properties"]["work_hours"]["properties"]
    assert work_hours["start"]["default"] == "09:00"
    assert schema["properties"]["snooze"]["properties"]["durations"]["default"] == [
        "5m", "10m", "20m"]
    assert schema["properties"]["language"]["default"] == "auto"

    def leaves(node, path):
        if isinstance(node.get("additionalProperties"), dict):
            yield from leaves(node["additionalProperties"], (*path, "*"))
        elif node.get("type") == "object" and "properties" in node:
            for key, child in node["properties"].items():
                yield from leaves(child, (*path, key))
        elif path:
            yield path, node

    for path, node in leaves(schema, ()):
        assert node.get("examples") or "oneOf" in node or "anyOf" in node, path


@pytest.mark.parametrize("organisation", [False, True], ids=["user", "org"])
def test_every_example_and_default_is_valid_where_it_is_shown(organisation):
    def nodes(node):
        if isinstance(node, dict):
            yield node
            for value in node.values():
                yield from nodes(value)
        elif isinstance(node, list):
            for value in node:
                yield from nodes(value)

    checked = 0
    for node in nodes(json_schema(organisation)):
        if "examples" in node or "default" in node:
            validator = jsonschema.Draft202012Validator(node)
            for value in [*node.get("examples", []), *(
                    [node["default"]] if "default" in node else [])]:
                validator.validate(value)
                checked += 1
    assert checked > 50


def test_durations_and_times_explain_themselves_instead_of_showing_the_pattern():
    reminder = json_schema()["properties"]["reminders"]["additionalProperties"]
    assert reminder["properties"]["every"]["patternErrorMessage"] == (
        "A duration needs a unit: 45s, 20m, 1h or 1h30m.")
    start = json_schema()["properties"]["work_hours"]["properties"]["start"]
    assert "HH:MM" in start["patternErrorMessage"]


def test_the_schema_rejects_what_the_validator_rejects():
    validator = jsonschema.Draft202012Validator(json_schema())
    for bad in (
        {"languag": "nl"},
        {"reminders": {"walk": {"every": 20}}},
        {"reminders": {"walk": {"enabled": "yes"}}},
        {"work_hours": {"per_day": {"fri": "of"}}},
        {"reminders": {"walk": {"title": {"German": "Gehen"}}}},
    ):
        assert list(validator.iter_errors(bad)), bad


@pytest.mark.parametrize(("path", "name"), [
    (ROOT / "config" / "ergo.yaml", "user.schema.json"),
    (ROOT / "config" / "org-example.yaml", "org.schema.json"),
    (PACKAGE / "defaults.yaml", "user.schema.json"),
], ids=["ergo.yaml", "org-example.yaml", "defaults.yaml"])
def test_the_example_files_point_editors_at_the_right_schema(path, name):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    target = (path.parent / first.removeprefix("# yaml-language-server: $schema=")).resolve()
    assert target == PACKAGE / name
    assert json.loads(target.read_text(encoding="utf-8"))["title"]


def test_the_repository_copy_of_the_defaults_is_the_shipped_file_below_its_modeline():
    assert (ROOT / "config" / "ergo.yaml").read_text().splitlines()[1:] == (
        PACKAGE / "defaults.yaml").read_text().splitlines()[1:]


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
