"""The look ergo's windows share: the palette and the font family.

Kept apart from the routine player so that the other windows (welcome, About and
safety, settings) load it without the player. Called on the Tk main thread.
"""

from __future__ import annotations

import tkinter as tk
from tkinter import font as tkfont

BACKGROUND = "#f7f5f0"
INK = "#1f2a36"
MUTED = "#5b6672"
ACCENT = "#d9692b"
PROP = "#a3abb3"
CAUTION = "#8a4b08"


def font_family(root: tk.Misc) -> str:
    """Return the first of the usual desktop font families Tk has, else Tk's default."""
    families = set(tkfont.families(root))
    for family in ("Segoe UI", "Helvetica Neue", "Cantarell", "Noto Sans", "DejaVu Sans"):
        if family in families:
            return family
    return tkfont.nametofont("TkDefaultFont").actual("family")
