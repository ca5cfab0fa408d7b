"""Render the tray icons of ergo/desktop/icons.py into ergo/data/tray/, one PNG per look
and size, so the running daemon needs no image library (ergo/desktop/pixmaps.py reads
them). Run it from the repository root after changing a look; the results are
committed as package data:

    python tools/render_tray_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ergo.desktop.icons import write_png
from ergo.desktop.pixmaps import LOOKS, SIZES, icon_file


def main() -> int:
    for status in dict.fromkeys(LOOKS.values()):
        for size in SIZES:
            write_png(status, icon_file(status, size), size)  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
