"""The About and safety window: ergo's version, what it does, the full safety notice and
the sources it rests on, with a Close button.

Opened from the tray's "About and safety" in a process of its own
(``python -m ergo.player --about --language nl``). Without Tk or a display the same
text goes to the terminal. Everything runs on the Tk main thread of that process.
"""

from __future__ import annotations

from typing import TextIO

from ergo import __version__
from ergo.desktop.parent_watch import close_with_parent
from ergo.i18n import _
from ergo.safety import SOURCES, safety_notice


def heading() -> str:
    """Return the window's first line: ergo and its version."""
    return f"ergo {__version__}"


def summary() -> str:
    """Return one paragraph on what ergo does, in the installed language."""
    return _("ergo reminds you during your working hours to change position, to stand up "
             "and to take a short walk, and guides you through short stretch routines for "
             "the lower back. What it records stays on this computer.")


def sources_heading() -> str:
    return _("Sources")


def sources_note() -> str:
    return _("The notice and the exercises are written in ergo's own words after these "
             "sources; no study has tested this exact routine.")


def about_text() -> str:
    """Return the whole window as plain text, for a terminal."""
    sources = "\n".join(f"  - {source}" for source in SOURCES)
    return "\n\n".join([
        heading(), summary(), safety_notice().as_text(),
        f"{sources_heading()}\n{sources}", sources_note(),
    ])


def run_about() -> None:
    """Open the window and return once it is closed.

    Raise :class:`tkinter.TclError` when no display can be opened.
    """
    import tkinter as tk
    from tkinter import font as tkfont
    from tkinter import ttk

    from ergo.player.look import BACKGROUND, CAUTION, INK, MUTED, font_family

    root = tk.Tk(className="ergo")
    root.title(_("ergo: About and safety"))
    root.configure(background=BACKGROUND)
    root.geometry("780x700")
    root.minsize(520, 400)
    family = font_family(root)

    def font(size: int, bold: bool = False) -> tkfont.Font:
        return tkfont.Font(root, family=family, size=size, weight="bold" if bold else "normal")

    style = ttk.Style(root)
    style.theme_use("clam")
    style.configure("TButton", font=font(13), padding=(18, 6))
    body = tk.Frame(root, background=BACKGROUND, padx=24, pady=18)
    body.pack(fill="both", expand=True)
    # The button goes in first so that it stays visible however small the window gets.
    ttk.Button(body, text=_("Close"), command=root.destroy).pack(side="bottom", anchor="e",
                                                                 pady=(12, 0))
    tk.Label(body, text=heading(), font=font(20, bold=True), foreground=INK,
             background=BACKGROUND, anchor="w").pack(fill="x")

    frame = tk.Frame(body, background=BACKGROUND)
    frame.pack(fill="both", expand=True, pady=(6, 0))
    scrollbar = ttk.Scrollbar(frame, orient="vertical")
    scrollbar.pack(side="right", fill="y")
    text = tk.Text(frame, wrap="word", font=font(11), foreground=INK, background=BACKGROUND,
                   relief="flat", borderwidth=0, highlightthickness=0, padx=0, pady=4,
                   cursor="arrow", yscrollcommand=scrollbar.set)
    text.pack(side="left", fill="both", expand=True)
    scrollbar.configure(command=text.yview)
    text.tag_configure("title", font=font(15, bold=True), spacing1=14, spacing3=2)
    text.tag_configure("paragraph", spacing1=6)
    text.tag_configure("heading", foreground=CAUTION, spacing1=10, spacing3=2)
    text.tag_configure("item", lmargin1=8, lmargin2=26)
    text.tag_configure("note", foreground=MUTED, spacing1=8)

    def add(kind: str, line: str) -> None:
        text.insert("end", (f"•  {line}" if kind == "item" else line) + "\n", kind)

    add("paragraph", summary())
    for kind, line in safety_notice().blocks():
        add(kind, line)
    add("title", sources_heading())
    for source in SOURCES:
        add("item", source)
    add("note", sources_note())
    text.configure(state="disabled")

    for key in ("<Escape>", "<Return>"):
        root.bind(key, lambda _event: root.destroy())
    close_with_parent(root)
    root.mainloop()


def show_about(out: TextIO) -> None:
    """Show the About and safety window, or print its text to ``out`` when there is no
    Tk or no display."""
    try:
        import tkinter
    except ImportError:
        out.write(about_text() + "\n")
        return
    try:
        run_about()
    except tkinter.TclError:
        out.write(about_text() + "\n")
