"""The Group Policy templates and the example configuration profile: generated from the
config description, checked in up to date, well-formed, and in step with the config:
every policy is a config key, and every key an organisation can lock has a policy."""

from __future__ import annotations

import plistlib
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from ergo.config import schema
from ergo.config.managed_prefs import BUNDLE_ID
from ergo.config.policy_catalog import YAML_ONLY, built_in_reminders, policy_settings
from ergo.config.policy_templates import ADML, ADMX, MOBILECONFIG, template_files

POLICY_DIR = Path(__file__).resolve().parents[3] / "config" / "policy"
NS = {"p": "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"}
DEFAULTS = Path(schema.__file__).with_name("defaults.yaml")


@pytest.mark.parametrize("name", sorted(template_files()))
def test_the_checked_in_templates_are_the_generated_ones(name):
    assert (POLICY_DIR / name).read_bytes() == template_files()[name], (
        f"config/policy/{name} is out of date; regenerate it with tools/write_policy_templates")


def admx() -> ET.Element:
    return ET.parse(POLICY_DIR / ADMX).getroot()


def policies() -> list[ET.Element]:
    return admx().findall("p:policies/p:policy", NS)


def elements(policy: ET.Element) -> dict[str, ET.Element]:
    return {element.get("id"): element for element in policy.find("p:elements", NS)}


@pytest.mark.parametrize("language", sorted(ADML))
def test_every_string_and_presentation_the_admx_names_is_in_each_adml(language):
    resources = ET.parse(POLICY_DIR / ADML[language]).getroot().find("p:resources", NS)
    strings = {string.get("id"): string.text for string in resources.iter(f"{{{NS['p']}}}string")}
    presentations = {p.get("id"): p for p in resources.iter(f"{{{NS['p']}}}presentation")}
    text = (POLICY_DIR / ADMX).read_text(encoding="utf-8")
    for name in re.findall(r"\$\(string\.([^)]+)\)", text):
        assert strings.get(name), f"{language}: no string {name}"
    for policy in policies():
        presentation = presentations[policy.get("presentation")[len("$(presentation."):-1]]
        assert {child.get("refId") for child in presentation} == set(elements(policy))


def lockable_keys() -> set[str]:
    """Every single setting the config description has, found from the built-in values
    (reminders by their built-in ids), apart from the YAML-only structures."""
    found: set[str] = set()

    def walk(value, path):
        key = ".".join(path)
        if any(key == part or key.startswith(part + ".") for part in YAML_ONLY):
            return
        spec = schema.spec_at(path)
        if isinstance(spec, schema.Record | schema.Table) and isinstance(value, dict):
            for name, item in value.items():
                walk(item, (*path, name))
        elif spec is not None:
            found.add(key)

    walk(yaml.safe_load(DEFAULTS.read_text(encoding="utf-8")), ())
    return found


def test_every_policy_is_a_config_key_and_every_lockable_key_has_a_policy():
    keys = set()
    for policy in policies():
        named = {element.get("valueName") for element in elements(policy).values()}
        [key] = named
        assert schema.spec_at(tuple(key.split("."))) is not None, key
        keys.add(key)
    # Keys without a built-in value (reminders.*.routine) have policies too.
    assert lockable_keys() <= keys
    assert keys == {setting.key for setting in policy_settings()}
    assert {key.split(".")[1] for key in keys if key.startswith("reminders.")} == set(
        built_in_reminders())


def test_each_kind_has_the_element_group_policy_editors_show_for_it():
    found = {policy.get("name"): elements(policy) for policy in policies()}
    assert [item.find("p:value/p:string", NS).text
            for item in found["notifications_urgency"]["value"]] == ["low", "normal", "critical"]
    assert found["reminders_walk_enabled"]["value"].tag.endswith("boolean")
    count = found["snooze_max_per_day"]["value"]
    assert count.tag.endswith("decimal")
    assert (count.get("minValue"), count.get("maxValue")) == ("0", "1000")
    assert found["reminders_walk_every"]["value"].tag.endswith("text")
    assert found["interruptions_apps"]["value"].tag.endswith("multiText")
    assert {"lock", "min", "max"} <= set(found["reminders_walk_every"])
    assert "min" not in found["reminders_walk_enabled"]
    assert all(element["lock"].get("key") == "Software\\Policies\\ergo\\Locked"
               for element in found.values())


def test_the_example_profile_is_a_property_list_for_ergo_that_validates(tmp_path):
    profile = plistlib.loads((POLICY_DIR / MOBILECONFIG).read_bytes())
    [payload] = profile["PayloadContent"]
    assert profile["PayloadType"] == "Configuration"
    assert payload["PayloadType"] == BUNDLE_ID
    from ergo.config import assemble
    from ergo.config.managed_prefs import read_managed_prefs
    from ergo.config.native_policy import to_document

    prefs = tmp_path / f"{BUNDLE_ID}.plist"
    prefs.write_bytes(plistlib.dumps(payload))
    loaded = assemble(to_document(read_managed_prefs(prefs)), None)
    assert "reminders.walk.enabled" in loaded.settings.locked
