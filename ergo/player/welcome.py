"""The first-run welcome window: what ergo will do, where to snooze or pause, the safety
note, and an offer to start ergo at login.

The daemon opens it once, in a process of its own:
``python -m ergo.player --welcome --language nl``. "Start ergo at login" sets up start
at login for this user and this installation in this process, as
``ergo autostart enable`` does; "Not now" closes the window. The process prints one
JSON line, ``{"choice": "autostart" | "not_now" | "closed"}``, and exits 0, or exits 1
when no window can be opened. Everything runs on the Tk main thread.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from ergo.autostart import disable, enable, expected_command, status
from ergo.autostart.common import Places, Target, ergo_command
from ergo.desktop.parent_watch import close_with_parent
from ergo.errors import UserError
from ergo.firstrun import welcome
from ergo.i18n import _


def _target() -> Target:
    return Target(Places.current(), False, ergo_command())


def starts_at_login() -> bool:
    """Return True if an enabled start-at-login entry already starts this installation."""
    target = _target()
    expected = expected_command(target, sys.platform)
    return any(entry.exists and entry.enabled and entry.command == expected
               for entry in status(target, sys.platform))


def enable_start_at_login() -> list[str]:
    """Set up start at login for this user, as ``ergo autostart enable`` does; return
    what was done. Raise OSError or UserError when it cannot be written."""
    return enable(_target(), sys.platform, use_systemd=False)


def disable_start_at_login() -> list[str]:
    """Undo :func:`enable_start_at_login`; return what was done. Raise OSError or
    UserError when it cannot be removed."""
    return disable(_target(), sys.platform, use_systemd=False)


class WelcomeWindow:
    """The Tk window; runs in the welcome process only."""

    def __init__(self) -> None:
        import tkinter as tk
        from tkinter import font as tkfont
        from tkinter import ttk

        from ergo.player.look import ACCENT, BACKGROUND, CAUTION, INK, MUTED, font_family

        self.choice = "closed"
        self.root = root = tk.Tk(className="ergo")
        text = welcome()
        root.title(text.title)
        root.configure(background=BACKGROUND)
        root.resizable(False, False)
        root.protocol("WM_DELETE_WINDOW", root.destroy)
        family = font_family(root)
        normal = tkfont.Font(root, family=family, size=12)
        style = ttk.Style(root)
        style.theme_use("clam")
        style.configure("TButton", font=tkfont.Font(root, family=family, size=12),
                        padding=(16, 6))
        style.configure("Accent.TButton", foreground="white", background=ACCENT)
        style.map("Accent.TButton", background=[("active", CAUTION)])

        body = tk.Frame(root, background=BACKGROUND, padx=26, pady=20)
        body.pack(fill="both", expand=True)

        def label(line: str, font: tkfont.Font = normal, color: str = INK) -> tk.Label:
            return tk.Label(body, text=line, font=font, foreground=color, background=BACKGROUND,
                            justify="left", anchor="w", wraplength=560)

        label(text.title, tkfont.Font(root, family=family, size=20, weight="bold")).pack(
            fill="x")
        for paragraph in text.paragraphs:
            label(paragraph).pack(fill="x", pady=(10, 0))
        already = starts_at_login()
        self.question = label(_("ergo already starts by itself when you log in.") if already
                              else text.question, color=MUTED)
        self.question.pack(fill="x", pady=(14, 0))
        self.buttons = tk.Frame(body, background=BACKGROUND)
        self.buttons.pack(fill="x", pady=(18, 0))
        if already:
            self._close_button()
        else:
            ttk.Button(self.buttons, text=_("Start ergo at login"), style="Accent.TButton",
                       command=self.start_at_login).pack(side="left")
            ttk.Button(self.buttons, text=_("Not now"), command=self.not_now).pack(
                side="left", padx=(10, 0))
        root.bind("<Escape>", lambda _event: root.destroy())
        root.update_idletasks()
        x = (root.winfo_screenwidth() - root.winfo_reqwidth()) // 2
        y = (root.winfo_screenheight() - root.winfo_reqheight()) // 3
        root.geometry(f"+{x}+{y}")

    def _close_button(self) -> None:
        from tkinter import ttk

        for child in self.buttons.winfo_children():
            child.destroy()
        close = ttk.Button(self.buttons, text=_("Close"), command=self.root.destroy)
        close.pack(side="left")
        self.root.bind("<Return>", lambda _event: self.root.destroy())

    def start_at_login(self) -> None:
        try:
            enable_start_at_login()
        except (OSError, UserError) as error:
            self.question.configure(text=_(
                "ergo could not set this up ({error}). You can try again later with "
                "ergo autostart enable.").format(error=error))
        else:
            self.choice = "autostart"
            self.question.configure(text=_("Done: ergo will start by itself when you log in."))
        self._close_button()

    def not_now(self) -> None:
        self.choice = "not_now"
        self.root.destroy()

    def run(self) -> str:
        """Run the Tk loop until the window closes; return the choice."""
        close_with_parent(self.root)
        self.root.mainloop()
        return self.choice


def show_welcome(out: TextIO) -> int:
    """Show the welcome window and print the choice line to ``out``; return the exit code
    (1 when there is no Tk or no display)."""
    try:
        import tkinter
    except ImportError:
        return 1
    try:
        window = WelcomeWindow()
    except tkinter.TclError as error:
        print(error, file=sys.stderr)  # for the daemon's log, which says what it was
        return 1
    print(json.dumps({"choice": window.run()}), file=out, flush=True)
    return 0
