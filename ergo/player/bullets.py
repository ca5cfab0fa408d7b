"""Bulleted lines for the player's Tk windows, with a hanging indent.

A Tk label wraps a long line back to its left edge, under the bullet. Here each
line is a row of two labels, the bullet and the text, so wrapped lines start
under the text. Call on the Tk main thread.
"""

from __future__ import annotations

import tkinter as tk
from collections.abc import Iterable
from tkinter import font as tkfont

BULLET = "•"


def bullet_list(parent: tk.Misc, texts: Iterable[str], font: tkfont.Font, wraplength: int,
                foreground: str, background: str) -> tk.Frame:
    """Return a frame in ``parent`` holding one bulleted row per text, ``wraplength``
    pixels wide in all (bullet included); pack or grid it as any widget."""
    frame = tk.Frame(parent, background=background)
    fill_bullets(frame, texts, font, wraplength, foreground, background)
    return frame


def fill_bullets(frame: tk.Frame, texts: Iterable[str], font: tkfont.Font, wraplength: int,
                 foreground: str, background: str) -> None:
    """Replace the rows of a :func:`bullet_list` frame with one row per text."""
    for child in frame.winfo_children():
        child.destroy()
    indent = font.measure(f"{BULLET}  ")
    frame.columnconfigure(0, minsize=indent)
    frame.columnconfigure(1, weight=1)

    def label(text: str, width: int) -> tk.Label:
        # No padding or border of its own, so the text starts exactly at the indent.
        return tk.Label(frame, text=text, font=font, foreground=foreground,
                        background=background, padx=0, pady=0, borderwidth=0,
                        highlightthickness=0, justify="left", anchor="w", wraplength=width)

    for row, text in enumerate(texts):
        label(BULLET, 0).grid(row=row, column=0, sticky="nw")
        label(text, max(wraplength - indent, 1)).grid(row=row, column=1, sticky="nw")
