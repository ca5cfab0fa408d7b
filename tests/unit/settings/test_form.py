"""What the settings window shows and saves: controls read from the settings in effect,
only changed keys are saved, values beyond the organisation's bounds are refused with
the bound named, and every access key is unique where it works, in English and Dutch."""

from __future__ import annotations

from pathlib import Path

import pytest

from ergo.config.edit import Rule, open_user_file
from ergo.i18n import install
from ergo.settings import form
from ergo.settings.form import Field


@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_two_controls_share_an_access_key_on_a_tab_or_with_the_tabs_and_buttons(language):
    install(language)
    tabs = form.sections()
    everywhere = [form.mnemonic(label) for label in
                  [s.label for s in tabs] + list(form.buttons())]
    assert all(index >= 0 for _text, index in everywhere)
    shared = [text[index].lower() for text, index in everywhere]
    assert len(set(shared)) == len(shared)
    for tab in tabs:
        labels = form.reminder_columns() if tab.reminders else [f.label for f in tab.fields]
        marked = [form.mnemonic(label) for label in labels]
        keys = [text[index].lower() for text, index in marked if index >= 0 or not tab.reminders]
        assert keys and len(set(keys)) == len(keys), tab.label
        assert tab.reminders or all(index >= 0 for _text, index in marked), tab.label
        assert not set(keys) & set(shared), tab.label


def test_dutch_labels_differ_from_english_ones():
    english = [s.label for s in form.sections()]
    install("nl")
    assert [s.label for s in form.sections()] == [
        "&Werktijden", "&Herinneringen", "&Uitstellen en rustmomenten", "&Algemeen"]
    assert english == ["&Working hours", "&Reminders", "S&nooze and breaks", "&General"]


def test_a_mnemonic_is_the_letter_after_the_ampersand():
    assert form.mnemonic("S&nooze") == ("Snooze", 1)
    assert form.mnemonic("Plain") == ("Plain", -1)


@pytest.mark.parametrize("field, value, held, saved", [
    (Field(("work_hours", "days"), "days"), ["mon", "fri"], frozenset({"mon", "fri"}),
     ["mon", "fri"]),
    (Field(("snooze", "durations"), "list"), ["5m", "10m"], "5m, 10m", ["5m", "10m"]),
    (Field(("interruptions", "apps"), "list"), [], "", []),
    (Field(("interruptions", "meetings"), "switch"), True, True, True),
    (Field(("work_hours", "start"), "text"), "09:00", "09:00", "09:00"),
    (Field(("snooze", "max_per_day"), "count"), 4, "4", 4),
    (Field(("reminders", "walk", "routine"), "routine", choices=(("lumbar-short", ""),)),
     "none", False, "none"),
    (Field(("reminders", "walk", "routine"), "routine", choices=(("lumbar-short", ""),)),
     "lumbar-short", True, "lumbar-short"),
])
def test_a_control_shows_the_value_in_effect_and_saves_it_back_unchanged(
        field, value, held, saved):
    assert form.shown(field, value) == held
    assert form.written(field, held) == saved


def test_a_choice_shows_its_label_and_saves_its_value_in_dutch_too():
    install("nl")
    language = next(f for f in form.sections()[3].fields if f.path == ("language",))
    assert form.shown(language, "auto") == "De taal van het systeem"
    assert form.written(language, "Nederlands") == "nl"
    delivery = form.reminder_fields("walk", "lumbar-short")[2]
    assert form.shown(delivery, "prompt") == "Klein venster"
    assert form.written(delivery, "Allebei") == "both"


def test_days_are_saved_in_week_order_and_lists_split_on_commas_and_spaces():
    days = Field(("work_hours", "days"), "days")
    assert form.written(days, frozenset({"fri", "mon", "wed"})) == ["mon", "wed", "fri"]
    apps = Field(("interruptions", "apps"), "list")
    assert form.written(apps, " zoom,obs  teams ") == ["zoom", "obs", "teams"]


def test_only_changed_controls_become_changes_and_start_at_login_is_not_a_config_key():
    every = Field(("reminders", "walk", "every"), "text")
    language = Field(("language",), "text")
    login = Field(form.START_AT_LOGIN, "login")
    initial = {every: "60m", language: "en", login: False}
    now = {every: "45m", language: "en", login: True}
    assert form.changes(now, initial) == {("reminders", "walk", "every"): "45m"}


@pytest.mark.parametrize("rule, in_english, in_dutch", [
    (Rule(True), "set by your organisation", "ingesteld door je organisatie"),
    (Rule(False, "30m", "90m"), "30m to 90m, set by your organisation",
     "30m tot 90m, ingesteld door je organisatie"),
    (Rule(False, None, 4), "at most 4, set by your organisation",
     "hoogstens 4, ingesteld door je organisatie"),
    (Rule(False, "10m"), "at least 10m, set by your organisation",
     "minstens 10m, ingesteld door je organisatie"),
    (Rule(), "", ""),
])
def test_the_note_next_to_a_control_says_what_the_organisation_set(rule, in_english, in_dutch):
    assert form.note(rule) == in_english
    install("nl")
    assert form.note(rule) == in_dutch


def test_a_value_beyond_a_bound_is_refused_with_the_bound_in_the_users_language(tmp_path: Path):
    org = tmp_path / "org.yaml"
    org.write_text("policy:\n  bounds:\n    reminders.walk.every: {min: 30m, max: 90m}\n",
                   encoding="utf-8")
    opened = open_user_file(tmp_path / "ergo.yaml", org, {})
    names = {("reminders", "walk", "every"): "Walk: every"}
    assert form.refusals(opened, {("reminders", "walk", "every"): "2h"}, names) == [
        "Walk: every: 2h is more than the maximum 90m set by your organisation"]
    install("nl")
    assert form.refusals(opened, {("reminders", "walk", "every"): "10m"}, names) == [
        "Walk: every: 10m is minder dan het minimum van 30m dat je organisatie heeft "
        "ingesteld"]
    assert form.refusals(opened, {("reminders", "walk", "every"): "45m"}, names) == []


def test_offer_stretches_unticked_writes_routine_none_which_unsets_a_lower_layers_routine():
    routine = Field(("reminders", "walk", "routine"), "routine", choices=(("lumbar-short", ""),))
    assert form.shown(routine, None) is False
    assert form.changes({routine: False}, {routine: True}) == {
        ("reminders", "walk", "routine"): "none"}
