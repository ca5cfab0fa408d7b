"""The player's bulleted lines on a real Tk display: a line too long for the width wraps
under its text, not under the bullet (a hanging indent)."""

from __future__ import annotations

import tkinter as tk
from tkinter import font as tkfont

import pytest

from ergo.player.bullets import BULLET, bullet_list, fill_bullets
from tests.desktop.session import DesktopSession

pytestmark = pytest.mark.desktop

LONG = ("Ga vooraan op je stoel zitten, met je voeten plat op de vloer, en laat je "
        "schouders ontspannen zakken terwijl je rustig doorademt.")


def test_a_wrapped_line_continues_under_its_text_and_rows_are_replaced(desktop: DesktopSession):
    root = tk.Tk()
    try:
        font = tkfont.Font(root, family="DejaVu Sans", size=12)
        frame = bullet_list(root, [LONG, "Adem uit."], font, 300, "black", "white")
        frame.pack()
        root.update()
        bullet, text, *_second = frame.winfo_children()
        assert bullet.cget("text") == BULLET
        # The text wraps onto more lines than one ...
        assert text.winfo_height() >= 2 * font.metrics("linespace")
        # ... and every one of them starts to the right of the bullet.
        assert text.winfo_x() >= bullet.winfo_x() + font.measure(BULLET)
        assert text.winfo_x() + text.winfo_width() <= 300
        fill_bullets(frame, ["Kom terug naar het midden."], font, 300, "black", "white")
        root.update()
        assert [w.cget("text") for w in frame.winfo_children()] == [
            BULLET, "Kom terug naar het midden."]
    finally:
        root.destroy()
