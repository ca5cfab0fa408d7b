"""The one description of the config's shape, used both to validate and to emit JSON Schema.

Each node of the description is a small :class:`Spec` that can check a value
(reporting ``key.path: what is wrong; how to fix it``) and render itself as JSON
Schema. ``user.schema.json`` (a user's file: no ``policy:``) and ``org.schema.json``
(an organisation file) next to this module are :func:`json_schema_text` written out,
with each key's built-in default from ``defaults.yaml``; a test fails when they differ,
so editors see the rules ergo enforces. ``tools/write_schemas`` rewrites them.

Adding a top-level section: add its Spec to :data:`SECTIONS` here, its builder in
``validate.py`` and its defaults in ``defaults.yaml``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TypeGuard

from ergo.config.problems import KeyPath, closest, did_you_mean
from ergo.core.durations import parse_duration
from ergo.core.model import WEEKDAYS
from ergo.i18n import LOCALE_DIR, available_languages

Report = Callable[[KeyPath, str], None]

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
_CLOCK = r"(?:[01]?[0-9]|2[0-3]):[0-5][0-9]"
CLOCK_PATTERN = f"^{_CLOCK}$"
SPAN_PATTERN = f"^{_CLOCK}-{_CLOCK}$"
DURATION_PATTERN = r"^\s*(?:[0-9]+\s*[hmsHMS]\s*)+$"

# Shown by yaml-language-server (and the VS Code YAML extension) instead of the regex.
DURATION_MESSAGE = "A duration needs a unit: 45s, 20m, 1h or 1h30m."
CLOCK_MESSAGE = 'A time of day is HH:MM in quotes, for example "09:00".'
SPAN_MESSAGE = 'A break is HH:MM-HH:MM in quotes, for example "12:30-13:00".'
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:_[A-Z]{2})?$"
REGION_PATTERN = r"^(?:auto|[A-Za-z]{2})$"
REGION_MESSAGE = "A region is auto or a two-letter country code such as NL or GB."
LANGUAGE_MESSAGE = "A language is a code such as en or nl, with a catalog installed for it."
ID_MESSAGE = "An id uses lower-case letters, digits, '-' and '_' only, for example neck-roll."
SCHEMA_FILES = {False: "user.schema.json", True: "org.schema.json"}
NO_ROUTINE = "none"
"""A reminder's ``routine`` that offers no routine, unsetting one a lower layer names."""
_NO_DEFAULT = object()


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value) if isinstance(value, str) else str(value)


class Spec:
    """One node of the config description; subclasses check values and render JSON Schema."""

    description: str = ""

    def accepts(self, value: object) -> bool:
        """Return whether the value has this spec's basic type (used to pick an alternative)."""
        return True

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        """Given a value at ``path``, call ``report(path, message)`` for each problem."""

    def schema(self) -> dict[str, object]:
        """Return this node as a JSON Schema mapping."""
        raise NotImplementedError

    def child(self, key: str) -> Spec | None:
        """Given a key below this node, return its Spec, or None if no such key exists."""
        return None

    def examples(self) -> list[object]:
        """Return values to show as examples in editors."""
        return []

    def schema_for(self, default: object) -> dict[str, object]:
        """Return :meth:`schema` with ``default`` (a built-in value) added where given."""
        result = self.schema()
        if default is not _NO_DEFAULT:
            result["default"] = default
        return result

    def json(self, default: object = _NO_DEFAULT) -> dict[str, object]:
        """Return this node as JSON Schema with its description, examples and ``default``."""
        result = self.schema_for(default)
        examples = self.examples()
        if examples:
            result["examples"] = examples
        if self.description:
            result = {"description": self.description, **result}
        return result


def _example_values(text: str) -> list[object]:
    import yaml

    return [yaml.safe_load(text)]


@dataclass
class Boolean(Spec):
    description: str = ""

    def accepts(self, value: object) -> bool:
        return isinstance(value, bool)

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        if not isinstance(value, bool):
            report(path, f"expected true or false, got {_shown(value)}; write true or false")

    def schema(self) -> dict[str, object]:
        return {"type": "boolean"}

    def examples(self) -> list[object]:
        return [True, False]


@dataclass
class Integer(Spec):
    description: str = ""
    minimum: int = 0
    maximum: int | None = None

    def accepts(self, value: object) -> TypeGuard[int]:
        return isinstance(value, int) and not isinstance(value, bool)

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        if not self.accepts(value):
            report(path, f"expected a whole number, got {_shown(value)}; write for example 3")
        elif value < self.minimum or (self.maximum is not None and value > self.maximum):
            top = "" if self.maximum is None else f" and at most {self.maximum}"
            report(path, f"{value} is out of range; write a number of at least {self.minimum}{top}")

    def schema(self) -> dict[str, object]:
        result: dict[str, object] = {"type": "integer", "minimum": self.minimum}
        if self.maximum is not None:
            result["maximum"] = self.maximum
        return result

    def examples(self) -> list[object]:
        example = max(self.minimum, 3)
        return [example if self.maximum is None else min(example, self.maximum)]


@dataclass
class String(Spec):
    description: str = ""
    pattern: str | None = None
    example: str = "text"
    pattern_message: str = ""

    def accepts(self, value: object) -> bool:
        return isinstance(value, str)

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        if not isinstance(value, str):
            report(path, f"expected text, got {_shown(value)}; write for example {self.example}")
        elif self.pattern and not re.match(self.pattern, value):
            report(path, f"{value!r} is not valid here; write for example {self.example}")

    def schema(self) -> dict[str, object]:
        result: dict[str, object] = {"type": "string"}
        if self.pattern:
            result["pattern"] = self.pattern
        if self.pattern_message:
            result["patternErrorMessage"] = self.pattern_message
        return result

    def examples(self) -> list[object]:
        return _example_values(self.example)


@dataclass
class Choice(Spec):
    values: tuple[str, ...]
    description: str = ""

    def accepts(self, value: object) -> bool:
        return isinstance(value, str)

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        if value not in self.values:
            options = ", ".join(self.values)
            near = closest(value, self.values) if isinstance(value, str) else None
            fix = f"did you mean {near!r}?" if near else f"write one of {options}"
            report(path, f"{_shown(value)} is not one of {options}; {fix}")

    def schema(self) -> dict[str, object]:
        return {"enum": list(self.values)}

    def examples(self) -> list[object]:
        return list(self.values)


def check_language(value: object, path: KeyPath, report: Report, allowed: tuple[str, ...] = ()
                   ) -> None:
    """Report ``value`` unless it is one of ``allowed`` or a language with a catalog."""
    found = available_languages()
    if isinstance(value, str) and (value in allowed or value in found):
        return
    options = ", ".join((*allowed, *found))
    near = closest(value, (*allowed, *found)) if isinstance(value, str) else None
    fix = f"did you mean {near!r}?" if near else f"write one of {options}"
    report(path, f"{_shown(value)} is not a language ergo has a catalog for (found: {options}); "
           f"{fix} (docs/translating.md says how to add one)")


@dataclass
class Language(Spec):
    """A language code: ``auto`` or any language with a catalog (see :mod:`ergo.i18n`)."""

    description: str = ""

    def accepts(self, value: object) -> bool:
        return isinstance(value, str)

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        check_language(value, path, report, ("auto",))

    def schema(self) -> dict[str, object]:
        # Catalogs can be added after the schema is written, so it names the form only.
        return {"type": "string", "pattern": f"^auto$|{LANGUAGE_PATTERN}",
                "patternErrorMessage": LANGUAGE_MESSAGE}

    def examples(self) -> list[object]:
        return ["auto", *available_languages(LOCALE_DIR)]


@dataclass
class Duration(Spec):
    description: str = ""
    positive: bool = True
    maximum: timedelta = timedelta(days=1)

    def accepts(self, value: object) -> bool:
        return isinstance(value, str)

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            report(path, f"{value} has no unit; write for example {value}m or {value}s "
                   "(durations need s, m or h)")
            return
        try:
            amount = parse_duration(value)
        except ValueError as error:
            report(path, str(error) if isinstance(value, str) else
                   f"expected a duration, got {_shown(value)}; write for example 20m or 1h30m")
            return
        if self.positive and amount <= timedelta(0):
            report(path, f"{value!r} is zero; write a duration longer than 0s, for example 20m")
        elif amount > self.maximum:
            report(path, f"{value!r} is longer than a day; write at most 24h")

    def schema(self) -> dict[str, object]:
        return {"type": "string", "pattern": DURATION_PATTERN,
                "patternErrorMessage": DURATION_MESSAGE}

    def examples(self) -> list[object]:
        return ["20m", "1h30m"]


@dataclass
class Text(Spec):
    """A text shown to people: a plain string, or a mapping from language code to string."""

    description: str = ""

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        if isinstance(value, str):
            if not value.strip():
                report(path, "is empty; write the text to show")
            return
        if not isinstance(value, dict) or not value:
            report(path, f"expected text, got {_shown(value)}; write a string, or "
                   "one per language: {en: ..., nl: ...}")
            return
        found = available_languages()
        for language, text in value.items():
            if language not in found:
                check_language(language, (*path, language), report)
            elif not isinstance(text, str) or not text.strip():
                report((*path, language), f"expected text, got {_shown(text)}; "
                       "write the text to show in this language")

    def child(self, key: str) -> Spec | None:
        return String() if re.match(LANGUAGE_PATTERN, key) else None

    def examples(self) -> list[object]:
        return ["Time to stand up", {"en": "Time to stand up", "nl": "Tijd om op te staan"}]

    def schema(self) -> dict[str, object]:
        return {
            "oneOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "patternProperties": {LANGUAGE_PATTERN: {"type": "string", "minLength": 1}},
                    "additionalProperties": False,
                    "minProperties": 1,
                },
            ]
        }


@dataclass
class ListOf(Spec):
    item: Spec
    description: str = ""
    min_items: int = 0
    example: str = "[a, b]"

    def accepts(self, value: object) -> bool:
        return isinstance(value, list)

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        if not isinstance(value, list):
            report(path, f"expected a list, got {_shown(value)}; write for example {self.example}")
            return
        if len(value) < self.min_items:
            report(path, f"needs at least {self.min_items} entries; write for example "
                   f"{self.example}")
        for index, item in enumerate(value):
            self.item.check(item, (*path, index), report)

    def schema(self) -> dict[str, object]:
        result: dict[str, object] = {"type": "array", "items": self.item.json()}
        if self.min_items:
            result["minItems"] = self.min_items
        return result

    def examples(self) -> list[object]:
        return _example_values(self.example)


@dataclass
class Record(Spec):
    """A mapping with a fixed set of keys.

    ``required`` is checked on the merged config only: a single file may leave
    out anything a lower layer provides, so the JSON Schema (which editors apply
    to single files) lists no required keys.
    """

    fields: dict[str, Spec]
    description: str = ""
    required: tuple[str, ...] = ()

    def accepts(self, value: object) -> bool:
        return isinstance(value, dict)

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        if not isinstance(value, dict):
            keys = ", ".join(list(self.fields)[:3])
            report(path, f"expected a mapping, got {_shown(value)}; write keys such as {keys} "
                   "indented below it")
            return
        for key in self.required:
            if key not in value:
                report(path, f"has no {key!r}; add '{key}:' below it")
        for key, item in value.items():
            spec = self.fields.get(key)
            if spec is None:
                report((*path, key), f"unknown key; {did_you_mean(key, self.fields)}")
            else:
                spec.check(item, (*path, key), report)

    def child(self, key: str) -> Spec | None:
        return self.fields.get(key)

    def schema(self) -> dict[str, object]:
        return self.schema_for({})

    def schema_for(self, default: object) -> dict[str, object]:
        # Each key gets its own default, rather than the record showing the whole mapping.
        defaults = default if isinstance(default, dict) else {}
        return {
            "type": "object",
            "properties": {key: spec.json(defaults.get(key, _NO_DEFAULT))
                           for key, spec in self.fields.items()},
            "additionalProperties": False,
        }


@dataclass
class Table(Spec):
    """A mapping keyed by ids the user chooses (reminders, routines)."""

    value: Spec
    description: str = ""
    keys: str = ID_PATTERN
    keys_message: str = ID_MESSAGE

    def accepts(self, value: object) -> bool:
        return isinstance(value, dict)

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        if not isinstance(value, dict):
            report(path, f"expected a mapping of ids, got {_shown(value)}; write one "
                   "'id:' per entry, indented below it")
            return
        for key, item in value.items():
            if not re.match(self.keys, key):
                report((*path, key), "ids use lower-case letters, digits, '-' and '_' only; "
                       "rename it, for example 'neck-roll'")
            self.value.check(item, (*path, key), report)

    def child(self, key: str) -> Spec | None:
        return self.value

    def schema(self) -> dict[str, object]:
        return {
            "type": "object",
            "propertyNames": {"pattern": self.keys, "patternErrorMessage": self.keys_message},
            "additionalProperties": self.value.json(),
        }


@dataclass
class Either(Spec):
    """One of several alternatives, chosen by the value's basic type."""

    options: tuple[Spec, ...]
    description: str = ""
    expected: str = ""

    def accepts(self, value: object) -> bool:
        return any(option.accepts(value) for option in self.options)

    def check(self, value: object, path: KeyPath, report: Report) -> None:
        option = next((option for option in self.options if option.accepts(value)), None)
        if option is None:
            report(path, f"expected {self.expected}, got {_shown(value)}; write {self.expected}")
        else:
            option.check(value, path, report)

    def child(self, key: str) -> Spec | None:
        return next((o.child(key) for o in self.options if o.child(key) is not None), None)

    def schema(self) -> dict[str, object]:
        return {"anyOf": [option.json() for option in self.options]}


DAY_HOURS = {
    "start": String("Start of the working day, HH:MM.", CLOCK_PATTERN, '"09:00"', CLOCK_MESSAGE),
    "end": String("End of the working day, HH:MM.", CLOCK_PATTERN, '"17:30"', CLOCK_MESSAGE),
    "breaks": ListOf(
        String("A break, HH:MM-HH:MM.", SPAN_PATTERN, '"12:30-13:00"', SPAN_MESSAGE),
        "Breaks within the day (lunch); no reminders during them.",
        example='["12:30-13:00"]',
    ),
}

REMINDER = Record(
    {
        "enabled": Boolean("Whether this reminder runs."),
        "every": Duration("How long after the last reminder (or real break) it comes."),
        "kind": Choice(
            ("movement", "posture"),
            "movement: reset by a break of reset_after; posture: restarts when you come back.",
        ),
        "reset_after": Duration("A break at least this long counts as having moved."),
        "title": Text("Notification title."),
        "message": Text("Notification text."),
        "routine": String(f"Id of a routine to offer with this reminder, or {NO_ROUTINE} "
                          "to offer none (also when a lower layer names one).", ID_PATTERN,
                          "lumbar-short", ID_MESSAGE),
        "start_routine": Boolean("Start the routine right away instead of offering it."),
        "delivery": Choice(
            ("notification", "prompt", "both"),
            "notification: a pop-up; prompt: a small window with buttons; both.",
        ),
    },
    "One reminder.",
    required=("every", "title", "message"),
)

STEP = Record(
    {
        "id": String("Step id.", ID_PATTERN, "pelvic-tilt", ID_MESSAGE),
        "name": Text("Step name."),
        "cues": ListOf(Text("One instruction line."), "What to do, line by line.", 1,
                       "[Sit tall., Breathe out.]"),
        "duration": Duration("How long the step lasts (or give reps and pace)."),
        "reps": Integer("How many repetitions (with pace).", 1, 100),
        "pace": Duration("Time per repetition."),
        "side": Choice(("left", "right"), "Which side, for one-sided steps."),
        "illustration": String("Picture to show.", ID_PATTERN, "pelvic-tilt", ID_MESSAGE),
        "caution": Text("When to skip or take care."),
    },
    "One exercise.",
    required=("id", "name", "cues"),
)

SECTIONS: dict[str, Spec] = {
    "language": Language("Language of texts; auto follows the system, or a code such as en "
                         "or nl that has a catalog."),
    "region": String("Country for where-to-get-help advice: auto (the locale's country), NL, "
                     "GB, or another two-letter code (neutral advice).",
                     pattern=REGION_PATTERN, example="NL", pattern_message=REGION_MESSAGE),
    "work_hours": Record(
        {
            "timezone": String("auto (the system zone) or an IANA name such as Europe/Amsterdam.",
                               example="Europe/Amsterdam"),
            "days": ListOf(Choice(WEEKDAYS), "Working days.", example="[mon, tue, wed, thu, fri]"),
            **DAY_HOURS,
            "per_day": Record(
                {
                    day: Either((Choice(("off",)), Record(DAY_HOURS)),
                                expected="off or a mapping with start, end and breaks")
                    for day in WEEKDAYS
                },
                "Changes for single weekdays: off, or other start, end and breaks.",
            ),
        },
        "When reminders run.",
        required=("days", "start", "end"),
    ),
    "reminders": Table(REMINDER, "Reminders, keyed by id."),
    "snooze": Record(
        {
            "durations": ListOf(Duration(), "Snooze lengths offered.", 1, "[5m, 10m, 20m]"),
            "max_per_day": Integer("Snoozes allowed per day, all reminders together.", 0, 1000),
            "max_per_reminder": Integer("Snoozes allowed in a row for one reminder.", 0, 1000),
            "rest_of_day": Boolean("Offer 'not today'."),
        },
        "What snooze offers and how often.",
    ),
    "notifications": Record(
        {
            "timeout": Duration("How long a pop-up stays."),
            "min_gap": Duration("Reminders due this close together are shown as one."),
            "prompt_timeout": Duration("How long a prompt window waits for an answer."),
            "sound": Boolean("Play a sound."),
            "urgency": Choice(
                ("low", "normal", "critical"),
                "Urgency the notification server is told; critical pop-ups may stay until "
                "answered.",
            ),
        },
        "How reminders are shown.",
    ),
    "idle": Record(
        {
            "break_after": Duration(
                "No keyboard or mouse input for this long counts as a break: "
                "reminders wait until you are back."
            ),
        },
        "Natural breaks: how long without input counts as being away.",
    ),
    "interruptions": Record(
        {
            "meetings": Boolean("Wait while the microphone or camera is in use."),
            "fullscreen": Boolean("Wait while a full-screen window has the focus."),
            "do_not_disturb": Boolean("Wait while the desktop's do-not-disturb is on."),
            "apps": ListOf(
                String("A program's process name, as the task manager shows it.",
                       example="zoom"),
                "Programs during which reminders wait.",
                example="[zoom, obs]",
            ),
            "grace": Duration(
                "After the last interruption ends, wait this long before the one reminder.",
                positive=False,
            ),
            "max_defer": Duration(
                "The longest a reminder waits; then it is shown quietly, in the tray only."
            ),
            "calendars": ListOf(
                String("An ICS feed: an https:// (or webcal://) address, or a path to an "
                       ".ics file.", example="~/calendar.ics"),
                "Calendars whose busy events make reminders wait, as during a call.",
                example="[https://calendar.example.org/me/calendar.ics]",
            ),
            "calendar_refresh": Duration("How often ergo reads the calendars again."),
            "calendar_addresses": ListOf(
                String("An e-mail address of yours.", example="ana@example.org"),
                "Your addresses, to find your own answer (declined, tentative) among an "
                "event's attendees.",
                example="[ana@example.org]",
            ),
            "tentative_busy": Boolean("Count tentative and unanswered events as busy."),
            "show_titles": Boolean("Show meeting titles in ergo status and the tray; off "
                                   "keeps them out of ergo altogether."),
            "before_long_meeting": Duration(
                "Before a meeting of an hour or more, the walk reminder comes this much "
                "earlier, so you move first; 0m switches it off.",
                positive=False,
            ),
        },
        "When reminders wait: calls, presentations, do-not-disturb, chosen programs, "
        "meetings in your calendar.",
    ),
    "routines": Table(
        Record(
            {"title": Text("Routine title."),
             "steps": ListOf(STEP, "The steps, in order.", 1,
                             "[{id: pelvic-tilt, name: Pelvic tilt, cues: [Sit tall.]}]")},
            "A guided routine.",
            required=("title", "steps"),
        ),
        "Guided routines, keyed by id.",
    ),
}

_BOUND = Either((Duration(positive=False), Integer()), expected="a duration such as 30m or a count")

POLICY = Record(
    {
        "locked": ListOf(
            String("A dotted key path; '*' matches any reminder or routine id.",
                   example="reminders.walk.every"),
            "Keys whose organisation value users cannot change.",
            example="[reminders.walk.every]",
        ),
        "bounds": Table(
            Record({"min": _BOUND, "max": _BOUND}, "Smallest and largest allowed value."),
            "Limits on durations and counts, keyed by dotted key path.",
            keys=r"^[a-z0-9_*-]+(?:\.[a-z0-9_*-]+)*$",
            keys_message="A key is a dotted path such as reminders.walk.every.",
        ),
    },
    "Organisation file only: locks and bounds on user settings.",
)

CONFIG = Record(
    {**SECTIONS, "policy": POLICY},
    "ergo configuration (built-in defaults < organisation file < user file).",
)
USER_FILE = Record(SECTIONS, "ergo user configuration: your own settings, over your "
                   "organisation's file and the built-in defaults.")


@dataclass
class _Collector:
    problems: list[tuple[KeyPath, str]] = field(default_factory=list)

    def __call__(self, path: KeyPath, message: str) -> None:
        self.problems.append((path, message))


def check(spec: Spec, value: object, path: KeyPath = ()) -> list[tuple[KeyPath, str]]:
    """Given a spec and a value, return every (key path, message) problem, in file order."""
    collector = _Collector()
    spec.check(value, path, collector)
    return collector.problems


def spec_at(path: tuple[str, ...], spec: Spec = CONFIG) -> Spec | None:
    """Given a key path (``'*'`` allowed for ids), return its Spec, or None if no such key."""
    for key in path:
        found = spec.child(key)
        if found is None:
            return None
        spec = found
    return spec


def json_schema(organisation: bool = False) -> dict[str, object]:
    """Return the JSON Schema of a user's file, or with ``organisation`` of an organisation
    file, with the built-in defaults as each key's ``default``."""
    from importlib import resources

    import yaml

    defaults = yaml.safe_load(
        resources.files("ergo.config").joinpath("defaults.yaml").read_text(encoding="utf-8"))
    spec = CONFIG if organisation else USER_FILE
    title = "ergo organisation file" if organisation else "ergo user configuration"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        **spec.json(defaults),
    }


def json_schema_text(organisation: bool = False) -> str:
    """Return the JSON Schema as the text of its file (see :data:`SCHEMA_FILES`)."""
    return json.dumps(json_schema(organisation), indent=2, ensure_ascii=False) + "\n"


def schema_uri(organisation: bool = False) -> str:
    """Return the ``file://`` URI of the installed schema file, for editor modelines."""
    from importlib import resources
    from pathlib import Path

    path = Path(str(resources.files("ergo.config").joinpath(SCHEMA_FILES[organisation])))
    return path.resolve().as_uri()


def modeline(organisation: bool = False) -> str:
    """Return the first line that points yaml-language-server at the installed schema."""
    return f"# yaml-language-server: $schema={schema_uri(organisation)}"
