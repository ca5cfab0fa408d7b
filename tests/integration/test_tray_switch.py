"""A reminder's tray switch is written into the user's file, so that the user's latest
word wins: once the file holds the switch, a later change in the settings window or an
editor decides; a switch the file cannot take holds in ergo and the user is told.

The dispatcher runs with the real config loader; the user's file is written by the real
``ergo.settings.switch`` (as the helper process would), and the test hands its outcome
to the dispatcher as the helper's worker does."""

from __future__ import annotations

from ergo.config.merge import lookup
from ergo.runtime.dispatcher import ConfigChanged
from ergo.runtime.helpers import SwitchSaved
from ergo.runtime.menu import Command
from ergo.settings.switch import main as switch
from tests.integration.test_dispatcher import CONFIG, Rig


def written_enabled(rig: Rig, reminder: str) -> object:
    import yaml

    data = yaml.safe_load(rig.config_path.read_text(encoding="utf-8")) or {}
    return lookup(data, ("reminders", reminder, "enabled"))


def test_a_switch_saved_in_the_file_leaves_the_file_to_decide(tmp_path):
    rig = Rig(tmp_path, config="# my comment\n" + CONFIG)
    rig.send(Command("toggle", "walk"))
    assert not rig.dispatcher.settings.reminder("walk").enabled
    assert rig.helpers.switches == [("walk", False)]
    assert switch(["walk", "off", "--config", str(rig.config_path)]) == 0
    assert written_enabled(rig, "walk") is False
    assert rig.config_path.read_text(encoding="utf-8").startswith("# my comment\n")
    rig.send(SwitchSaved("walk", False))
    assert rig.dispatcher.toggles == {}
    assert rig.store.load()["toggles"] == {}
    # The settings window (or an editor) turns it on again: that is the latest word.
    assert switch(["walk", "on", "--config", str(rig.config_path)]) == 0
    rig.send(ConfigChanged())
    assert rig.dispatcher.settings.reminder("walk").enabled
    assert "walk" in [n["id"] for n in rig.status()["next"]]


def test_a_switch_the_file_cannot_take_holds_in_ergo_and_the_user_is_told(tmp_path):
    rig = Rig(tmp_path)
    rig.send(Command("toggle", "walk"))
    rig.send(SwitchSaved("walk", False, f"{rig.config_path}: cannot be written"))
    assert rig.dispatcher.toggles == {"walk": False}
    assert not rig.dispatcher.settings.reminder("walk").enabled
    title, body = rig.notifier.shown[-1]
    assert title == "ergo could not save this switch in your settings file"
    assert body.startswith(f"{rig.config_path}: cannot be written\n")


def test_an_answer_for_a_switch_flipped_back_meanwhile_keeps_the_newer_switch(tmp_path):
    rig = Rig(tmp_path)
    rig.send(Command("toggle", "walk"))
    rig.send(Command("toggle", "walk"))
    assert rig.helpers.switches == [("walk", False), ("walk", True)]
    rig.send(SwitchSaved("walk", False))
    assert rig.dispatcher.toggles == {"walk": True}
    assert rig.dispatcher.settings.reminder("walk").enabled


def test_the_switch_helper_keeps_the_users_comments_and_refuses_a_locked_key(
        tmp_path, capsys):
    user = tmp_path / "ergo.yaml"
    user.write_text("# mine\nreminders:\n  walk:\n    every: 45m   # often\n")
    org = tmp_path / "org.yaml"
    org.write_text("policy:\n  locked: [reminders.feet-flat.enabled]\n")
    args = ["--config", str(user), "--org-config", str(org)]
    assert switch(["walk", "off", *args]) == 0
    text = user.read_text()
    assert text.startswith("# mine\n") and "every: 45m   # often" in text
    assert "enabled: false" in text
    assert switch(["feet-flat", "off", *args]) == 1
    assert "locked by the organisation file" in capsys.readouterr().out
    assert "feet-flat" not in user.read_text()


def test_the_switch_helper_writes_nothing_when_the_file_says_so_already_or_is_broken(
        tmp_path, capsys):
    user = tmp_path / "ergo.yaml"
    user.write_text("reminders:\n  walk: {every: often}\n")
    before = user.read_bytes()
    assert switch(["walk", "off", "--config", str(user)]) == 1
    assert "every" in capsys.readouterr().out
    assert user.read_bytes() == before
    user.write_text("language: en\n")
    assert switch(["walk", "on", "--config", str(user)]) == 0
    assert user.read_text() == "language: en\n"
