"""Group Policy templates (ADMX, with ADML in en-US and nl-NL) and an example macOS
configuration profile, generated from the policy catalog.

``tools/write_policy_templates`` writes :data:`TEMPLATE_FILES` below ``config/policy/``;
a test fails when the checked-in files differ from what this module generates. Not
used at run time: the readers in :mod:`group_policy` and :mod:`managed_prefs` read
what these templates write.

Each setting is one policy (class ``Both``: computer or user policy) under a category
per section (and per reminder). Enabling it writes the value, and its elements
optionally lock the key and (durations and counts) set a minimum and a maximum:

- booleans are a check box, choices a drop-down list, counts a number box with the
  limits of the config description, lists a multi-line box (one entry a line);
- durations are a text box holding ergo's own notation (``45s``, ``20m``, ``1h30m``),
  because the settings range from seconds (pop-up timeout) to hours, which no single
  Group Policy number unit covers; ergo checks the text and names the registry value
  in its message when it is wrong. Times of day are text (``09:00``).
"""

from __future__ import annotations

import plistlib
import re
import uuid
from functools import cache
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape

from ergo.config.group_policy import BOUND_KEYS, LOCKED_KEY, POLICY_KEY
from ergo.config.managed_prefs import BOUNDS, BUNDLE_ID, LOCKED
from ergo.config.native_policy import MAX, MIN
from ergo.config.policy_catalog import (
    BOOL,
    COUNT,
    DURATION,
    ENUM,
    LIST,
    TIME,
    PolicySetting,
    policy_settings,
)

ADMX = "windows/ergo.admx"
ADML = {"en-US": "windows/en-US/ergo.adml", "nl-NL": "windows/nl-NL/ergo.adml"}
MOBILECONFIG = "macos/ergo.mobileconfig"
TEMPLATE_FILES = (ADMX, *ADML.values(), MOBILECONFIG)
NAMESPACE = "http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"
TARGET = "ErgoReminders.Policies.Ergo"
SUPPORTED = "SUPPORTED_ergo"

#: The texts of the ADML files, by language.
TEXTS: dict[str, dict[str, str]] = {
    "en-US": {
        "product": "ergo",
        "description": "Settings, locks and limits for ergo, the workplace ergonomics "
                       "reminders.",
        "supported": "ergo 0.1 and newer",
        "explain": "Sets {key} for ergo. {description}\n\nThe built-in value is {default}. "
                   "Check \"Lock\" so that users cannot change it in their own file.",
        "explain_bounds": "\n\nMinimum and Maximum limit the users' own value; leave them "
                          "empty for no limit.",
        DURATION: "Value (a duration with a unit: 45s, 20m, 1h30m)",
        TIME: "Value (a time of day, HH:MM, for example 09:00)",
        LIST: "Values (one a line)",
        "value": "Value",
        "on": "On",
        "lock": "Lock: users cannot change this setting",
        MIN: "Minimum (empty: no minimum)",
        MAX: "Maximum (empty: no maximum)",
        "reminder": "Reminder {id}",
    },
    "nl-NL": {
        "product": "ergo",
        "description": "Instellingen, vergrendelingen en grenzen voor ergo, de herinneringen "
                       "voor een gezonde werkplek.",
        "supported": "ergo 0.1 en nieuwer",
        "explain": "Stelt {key} van ergo in.\n\nDe ingebouwde waarde is {default}. Vink "
                   "\"Vergrendelen\" aan zodat gebruikers de instelling niet in hun eigen "
                   "bestand kunnen wijzigen.",
        "explain_bounds": "\n\nMinimum en Maximum begrenzen de eigen waarde van gebruikers; "
                          "laat ze leeg voor geen grens.",
        DURATION: "Waarde (een duur met eenheid: 45s, 20m, 1h30m)",
        TIME: "Waarde (een tijdstip, UU:MM, bijvoorbeeld 09:00)",
        LIST: "Waarden (één per regel)",
        "value": "Waarde",
        "on": "Aan",
        "lock": "Vergrendelen: gebruikers kunnen deze instelling niet wijzigen",
        MIN: "Minimum (leeg: geen minimum)",
        MAX: "Maximum (leeg: geen maximum)",
        "reminder": "Herinnering {id}",
    },
}


def policy_name(setting: PolicySetting) -> str:
    """Return the ADMX policy name of a setting: its key with ``_`` for ``.`` and ``-``."""
    return re.sub(r"[.-]", "_", setting.key)


def _category(setting: PolicySetting) -> str:
    path = setting.path
    return "ergo_" + "_".join(re.sub("-", "_", part) for part in path[:2 if
                                                                   path[0] == "reminders" else 1])


@cache
def _defaults() -> dict[str, Any]:
    import yaml

    text = resources.files("ergo.config").joinpath("defaults.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def default_of(setting: PolicySetting) -> Any:
    """Return the built-in value of a setting, or None when it has none."""
    value: Any = _defaults()
    for key in setting.path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return str(value.get("en", next(iter(value.values()), "")))
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "(none)"
    return "(none)" if value is None else str(value)


def admx_text() -> str:
    """Return the ADMX file."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" '
        f'schemaVersion="1.0" xmlns="{NAMESPACE}">',
        "  <policyNamespaces>",
        f'    <target prefix="ergo" namespace="{TARGET}" />',
        "  </policyNamespaces>",
        '  <resources minRequiredRevision="1.0" />',
        "  <supportedOn>",
        "    <definitions>",
        f'      <definition name="{SUPPORTED}" displayName="$(string.{SUPPORTED})" />',
        "    </definitions>",
        "  </supportedOn>",
        "  <categories>",
        '    <category name="ergo" displayName="$(string.ergo)" />',
    ]
    for category in _categories():
        lines += [f'    <category name="{category}" displayName="$(string.{category})">',
                  '      <parentCategory ref="ergo" />', "    </category>"]
    lines += ["  </categories>", "  <policies>"]
    for setting in policy_settings():
        lines += _policy(setting)
    lines += ["  </policies>", "</policyDefinitions>", ""]
    return "\n".join(lines)


def _categories() -> list[str]:
    return list(dict.fromkeys(_category(setting) for setting in policy_settings()))


def _policy(setting: PolicySetting) -> list[str]:
    name = policy_name(setting)
    key = setting.key
    lines = [
        f'    <policy name="{name}" class="Both" displayName="$(string.{name})" '
        f'explainText="$(string.{name}_Explain)" presentation="$(presentation.{name})" '
        f'key="{POLICY_KEY}">',
        f'      <parentCategory ref="{_category(setting)}" />',
        f'      <supportedOn ref="{SUPPORTED}" />',
        "      <elements>",
        *("        " + line for line in _value_element(setting)),
        f'        <boolean id="lock" key="{LOCKED_KEY}" valueName="{key}">',
        '          <trueValue><decimal value="1" /></trueValue>',
        "          <falseValue><delete /></falseValue>",
        "        </boolean>",
    ]
    if setting.boundable:
        lines += [f'        <text id="{end}" key="{BOUND_KEYS[end]}" valueName="{key}" '
                  'maxLength="20" />' for end in (MIN, MAX)]
    return [*lines, "      </elements>", "    </policy>"]


def _value_element(setting: PolicySetting) -> list[str]:
    key = setting.key
    if setting.kind == BOOL:
        return [f'<boolean id="value" valueName="{key}">',
                '  <trueValue><decimal value="1" /></trueValue>',
                '  <falseValue><decimal value="0" /></falseValue>',
                "</boolean>"]
    if setting.kind == ENUM:
        name = policy_name(setting)
        items = [f'  <item displayName="$(string.{name}_{_token(choice)})">'
                 f"<value><string>{escape(choice)}</string></value></item>"
                 for choice in setting.choices]
        return [f'<enum id="value" valueName="{key}" required="true">', *items, "</enum>"]
    if setting.kind == COUNT:
        top = f' maxValue="{setting.maximum}"' if setting.maximum is not None else ""
        return [f'<decimal id="value" valueName="{key}" required="true" '
                f'minValue="{setting.minimum or 0}"{top} />']
    if setting.kind == LIST:
        return [f'<multiText id="value" valueName="{key}" />']
    return [f'<text id="value" valueName="{key}" required="true" maxLength="1023" />']


def _token(choice: str) -> str:
    return re.sub(r"\W", "_", choice)


def adml_text(language: str) -> str:
    """Return the ADML file of ``language`` (``en-US`` or ``nl-NL``)."""
    texts = TEXTS[language]
    strings = [("ergo", texts["product"]), (SUPPORTED, texts["supported"])]
    for category in _categories():
        strings.append((category, _category_name(category, texts)))
    presentations = []
    for setting in policy_settings():
        name = policy_name(setting)
        explain = texts["explain"].format(key=setting.key, description=setting.description,
                                          default=_shown(default_of(setting)))
        if setting.boundable:
            explain += texts["explain_bounds"]
        strings += [(name, setting.key), (f"{name}_Explain", explain)]
        strings += [(f"{name}_{_token(choice)}", choice) for choice in setting.choices]
        presentations += _presentation(setting, texts)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" '
        f'schemaVersion="1.0" xmlns="{NAMESPACE}">',
        f"  <displayName>{escape(texts['product'])}</displayName>",
        f"  <description>{escape(texts['description'])}</description>",
        "  <resources>",
        "    <stringTable>",
        *(f'      <string id="{id_}">{escape(text)}</string>' for id_, text in strings),
        "    </stringTable>",
        "    <presentationTable>",
        *presentations,
        "    </presentationTable>",
        "  </resources>",
        "</policyDefinitionResources>",
        "",
    ]
    return "\n".join(lines)


def _category_name(category: str, texts: dict[str, str]) -> str:
    section = category.removeprefix("ergo_")
    for setting in policy_settings():
        if _category(setting) == category and setting.path[0] == "reminders":
            return texts["reminder"].format(id=setting.path[1])
    return section


def _presentation(setting: PolicySetting, texts: dict[str, str]) -> list[str]:
    default = default_of(setting)
    inner: list[str]
    if setting.kind == BOOL:
        checked = "true" if default else "false"
        inner = [f'<checkBox refId="value" defaultChecked="{checked}">'
                 f"{escape(texts['on'])}</checkBox>"]
    elif setting.kind == ENUM:
        index = setting.choices.index(default) if default in setting.choices else 0
        inner = [f'<dropdownList refId="value" noSort="true" defaultItem="{index}">'
                 f"{escape(texts['value'])}</dropdownList>"]
    elif setting.kind == COUNT:
        value = default if isinstance(default, int) else setting.minimum or 0
        inner = [f'<decimalTextBox refId="value" defaultValue="{value}">'
                 f"{escape(texts['value'])}</decimalTextBox>"]
    elif setting.kind == LIST:
        inner = [f'<multiTextBox refId="value">{escape(texts[LIST])}</multiTextBox>']
    else:
        label = texts.get(setting.kind, texts["value"])
        shown = "" if default is None else f"<defaultValue>{escape(_shown(default))}" \
            "</defaultValue>"
        inner = [f'<textBox refId="value"><label>{escape(label)}</label>{shown}</textBox>']
    inner.append(f'<checkBox refId="lock" defaultChecked="false">{escape(texts["lock"])}'
                 "</checkBox>")
    if setting.boundable:
        inner += [f'<textBox refId="{end}"><label>{escape(texts[end])}</label></textBox>'
                  for end in (MIN, MAX)]
    return [f'      <presentation id="{policy_name(setting)}">',
            *("        " + line for line in inner), "      </presentation>"]


#: The settings of the example profile: a few values, one lock and one bound, the same
#: policy as the rollout guide's example organisation file.
EXAMPLE_VALUES = {"reminders.walk.every": "50m", "snooze.max_per_day": 4}
EXAMPLE_LOCKED = ("reminders.walk.enabled", "snooze.max_per_day")
EXAMPLE_BOUNDS = {("reminders.walk.every", MIN): "30m", ("reminders.walk.every", MAX): "90m"}


def mobileconfig_bytes() -> bytes:
    """Return the example configuration profile: one payload for :data:`BUNDLE_ID` with
    :data:`EXAMPLE_VALUES`, :data:`EXAMPLE_LOCKED` and :data:`EXAMPLE_BOUNDS`."""
    payload: dict[str, Any] = {
        "PayloadType": BUNDLE_ID,
        "PayloadVersion": 1,
        "PayloadIdentifier": f"{BUNDLE_ID}.settings",
        "PayloadUUID": str(uuid.uuid5(uuid.NAMESPACE_DNS, f"{BUNDLE_ID}.settings")).upper(),
        "PayloadDisplayName": "ergo settings",
        "PayloadEnabled": True,
        **EXAMPLE_VALUES,
        LOCKED: list(EXAMPLE_LOCKED),
    }
    for end, name in BOUNDS.items():
        payload[name] = {key: value for (key, which), value in EXAMPLE_BOUNDS.items()
                         if which == end}
    profile = {
        "PayloadContent": [payload],
        "PayloadDescription": "ergo: settings, locks and limits for the workplace "
                              "ergonomics reminders.",
        "PayloadDisplayName": "ergo",
        "PayloadIdentifier": BUNDLE_ID,
        "PayloadOrganization": "Example organisation",
        "PayloadRemovalDisallowed": True,
        "PayloadScope": "System",
        "PayloadType": "Configuration",
        "PayloadUUID": str(uuid.uuid5(uuid.NAMESPACE_DNS, BUNDLE_ID)).upper(),
        "PayloadVersion": 1,
    }
    return plistlib.dumps(profile, sort_keys=True)


def template_files() -> dict[str, bytes]:
    """Return every generated file's content by its path below ``config/policy/``."""
    files = {ADMX: admx_text().encode("utf-8")}
    files.update({path: adml_text(language).encode("utf-8") for language, path in ADML.items()})
    files[MOBILECONFIG] = mobileconfig_bytes()
    return files

