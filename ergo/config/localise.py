"""The built-in reminder and routine texts in the user's language, from ergo's catalogs.

``defaults.yaml`` and ``routines.yaml`` write their texts in English only; the
translations live in the gettext catalogs with the rest of ergo's texts
(``tools/update_catalogs`` extracts them). :func:`localise` adds the chosen
language's translation to every text that has none of its own, so a text a
config writes for that language still wins, and the core keeps reading plain
:class:`~ergo.core.model.Text` values. Runs on whichever thread loads the config.
"""

from __future__ import annotations

from dataclasses import replace

from ergo.core.model import Reminder, Routine, Settings, Step, Text
from ergo.i18n import SOURCE_LANGUAGE, translator


def localise(settings: Settings, language: str) -> Settings:
    """Given settings and a language code, return them with the texts translated into it."""
    if language == SOURCE_LANGUAGE:
        return settings
    lookup = translator(language).gettext

    def text(value: Text) -> Text:
        table = dict(value.values)
        source = table.get("*", table.get(SOURCE_LANGUAGE))
        if language in table or source is None or lookup(source) == source:
            return value
        return Text((*value.values, (language, lookup(source))))

    def step(value: Step) -> Step:
        caution = None if value.caution is None else text(value.caution)
        return replace(value, name=text(value.name), cues=tuple(map(text, value.cues)),
                       caution=caution)

    def routine(value: Routine) -> Routine:
        return replace(value, title=text(value.title), steps=tuple(map(step, value.steps)))

    def reminder(value: Reminder) -> Reminder:
        return replace(value, title=text(value.title), message=text(value.message))

    return replace(settings, reminders=tuple(map(reminder, settings.reminders)),
                   routines=tuple(map(routine, settings.routines)))
