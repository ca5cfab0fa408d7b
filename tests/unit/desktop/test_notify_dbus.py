"""The pure parts of the freedesktop notifier: the Notify call it builds, how closing
reasons and clicked actions map to answers, and where it looks for the theme icon."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ergo.desktop.icons import write_png
from ergo.desktop.notify_dbus import (
    SOUND_NAME,
    action_answer,
    closed_answer,
    installed_icon,
    notify_args,
)
from ergo.ports import Notification, NotificationAction, NotificationAnswers

ANSWERS = NotificationAnswers(
    (NotificationAction("done", "Done", "did it"), NotificationAction("snooze", "Snooze 5m", 5)),
    expired="timed out", dismissed="closed by the user",
)


def test_the_call_carries_title_body_timeout_entry_and_urgency_and_no_sound_by_default():
    app, replaces, icon, title, body, actions, hints, expire = notify_args(
        Notification("Sit upright", "Shoulders back.", timedelta(seconds=20)), icon_name="ergo")
    assert (app, replaces, icon, title, body, actions, expire) == (
        "ergo", 0, "ergo", "Sit upright", "Shoulders back.", [], 20000)
    assert hints == {"urgency": ("y", 1), "desktop-entry": ("s", "ergo"),
                     "suppress-sound": ("b", True)}


def test_buttons_are_key_label_pairs_and_a_picture_and_sound_go_in_hints():
    image = (2, 1, 8, True, 8, 4, bytes(8))
    *_, actions, hints, _expire = notify_args(
        Notification("t", "m", timedelta(seconds=1), sound=True), image=image, replaces=7,
        answers=ANSWERS)
    assert actions == ["done", "Done", "snooze", "Snooze 5m"]
    assert hints["image-data"] == ("(iiibiiay)", image)
    assert hints["sound-name"] == ("s", SOUND_NAME) and "suppress-sound" not in hints
    assert notify_args(Notification("t", "m", timedelta(seconds=1)), replaces=7)[1] == 7


@pytest.mark.parametrize(("urgency", "byte"), [("low", 0), ("normal", 1), ("critical", 2)])
def test_the_configured_urgency_is_the_specs_byte(urgency, byte):
    hints = notify_args(Notification("t", "m", timedelta(seconds=1), urgency=urgency))[6]
    assert hints["urgency"] == ("y", byte)


def test_a_timeout_below_a_millisecond_still_expires():
    assert notify_args(Notification("t", "m", timedelta(0)))[-1] == 1


@pytest.mark.parametrize(("reason", "answer"), [
    (1, "timed out"), (2, "closed by the user"), (3, None), (4, None), (99, None)])
def test_closing_reasons_map_to_the_answers_ergo_attached(reason, answer):
    assert closed_answer(ANSWERS, reason) == answer
    assert closed_answer(None, reason) is None


def test_a_clicked_action_hands_back_its_answer_and_an_unknown_key_nothing():
    assert action_answer(ANSWERS, "snooze") == 5
    assert action_answer(ANSWERS, "default") is None
    assert action_answer(None, "done") is None


def test_the_theme_icon_is_found_in_the_users_or_the_systems_data_folders(tmp_path):
    home, system = tmp_path / "home", tmp_path / "usr-share"
    env = {"XDG_DATA_HOME": str(home), "XDG_DATA_DIRS": str(system)}
    assert not installed_icon(env)
    write_png("active", system / "icons" / "hicolor" / "48x48" / "apps" / "ergo.png")
    assert installed_icon(env)
    assert not installed_icon({**env, "XDG_DATA_DIRS": str(tmp_path / "elsewhere")})
    svg = home / "icons" / "hicolor" / "scalable" / "apps" / "ergo.svg"
    svg.parent.mkdir(parents=True)
    svg.write_text("<svg/>")
    assert installed_icon({**env, "XDG_DATA_DIRS": str(tmp_path / "elsewhere")})
    # Without XDG_DATA_HOME, the spec's default under HOME.
    assert installed_icon({"HOME": str(tmp_path / "h"), "XDG_DATA_DIRS": str(system)})


def test_image_data_of_an_rgb_picture_comes_through_pillow_with_alpha(tmp_path):
    from PIL import Image

    from ergo.desktop.notify_dbus import image_data

    Image.new("RGB", (100, 50), (10, 20, 30)).save(tmp_path / "rgb.png")
    width, height, rowstride, alpha, bits, channels, data = image_data(tmp_path / "rgb.png")
    assert (width, height, rowstride, alpha, bits, channels) == (64, 32, 256, True, 8, 4)
    assert data[:4] == bytes([10, 20, 30, 255])


def test_image_data_of_ergos_own_icon_is_scaled_to_64_pixels(tmp_path):
    from ergo.desktop.notify_dbus import image_data
    from ergo.desktop.pixmaps import copy_icon

    width, height, _stride, _alpha, _bits, _channels, data = image_data(
        copy_icon("due", tmp_path / "due.png"))
    assert (width, height, len(data)) == (64, 64, 64 * 64 * 4)
