"""The settings window (Tk), in a process of its own: ``ergo settings`` or
``python -m ergo.settings``.

It shows the settings in effect on four tabs, with the organisation's locked keys
disabled and its bounds next to their controls. Save (Enter) writes only what was
changed into the user's file through :mod:`ergo.config.edit`, tells a running daemon
to reload, and closes; Close (Esc) closes without saving. Every control is reached with
Tab, and the underlined letters work with Alt. Each refused save prints a JSON line
``{"refused": [...]}`` on standard output, and the window's end one more,
``{"outcome": "saved" | "closed", "changed": [...]}``. Everything runs on the Tk main
thread; opening the config file runs on a worker thread that hands its result back
through a queue the Tk loop reads.
"""

from __future__ import annotations

import json
import sys
import tkinter as tk
from collections.abc import Callable
from functools import partial
from pathlib import Path
from tkinter import font as tkfont
from tkinter import ttk
from typing import TYPE_CHECKING, TextIO

from ergo.config.edit import Path_, UserFile
from ergo.config.schema import NO_ROUTINE
from ergo.core.model import WEEKDAYS, Text
from ergo.history.text import WEEKDAYS as DAY_NAMES
from ergo.i18n import _, current_language
from ergo.settings import form
from ergo.settings.form import Field, Shown

if TYPE_CHECKING:
    import queue

POLL_MS = 100


class SettingsWindow:
    """The Tk window; runs in the settings process only."""

    def __init__(self, opened: UserFile, out: TextIO, problem: str | None = None,
                 on_saved: Callable[[], None] | None = None) -> None:
        from ergo.player.look import ACCENT, BACKGROUND, CAUTION, INK, MUTED, font_family

        self.opened = opened
        self.out = out
        self.on_saved = on_saved
        self.outcome = "closed"
        self.changed: list[str] = []
        self.holders: dict[Field, tk.Variable | dict[str, tk.BooleanVar]] = {}
        self.initial: dict[Field, Shown] = {}
        self.names: dict[Path_, str] = {}
        # Alt+letter: per tab, and for the whole window (tabs and buttons).
        self.keys: list[dict[str, Callable[[], None]]] = []
        self.global_keys: dict[str, Callable[[], None]] = {}
        self.readonly = bool(opened.problems)

        self.root = root = tk.Tk(className="ergo")
        root.title(_("ergo settings"))
        root.configure(background=BACKGROUND)
        root.resizable(False, False)
        root.protocol("WM_DELETE_WINDOW", self.close)
        family = font_family(root)
        self.normal = tkfont.Font(root, family=family, size=11)
        self.small = tkfont.Font(root, family=family, size=10)
        style = ttk.Style(root)
        style.theme_use("clam")
        for name in ("TLabel", "TCheckbutton"):
            style.configure(name, background=BACKGROUND, foreground=INK, font=self.normal)
        style.configure("Note.TLabel", foreground=MUTED, font=self.small)
        style.configure("Problem.TLabel", foreground=CAUTION, font=self.normal)
        style.configure("Head.TLabel", font=tkfont.Font(root, family=family, size=11,
                                                        weight="bold"))
        style.configure("TFrame", background=BACKGROUND)
        style.configure("TNotebook", background=BACKGROUND)
        style.configure("TNotebook.Tab", font=self.normal, padding=(12, 4))
        style.configure("TButton", font=self.normal, padding=(14, 5))
        style.configure("Accent.TButton", foreground="white", background=ACCENT)
        style.map("Accent.TButton", background=[("active", CAUTION)])

        body = ttk.Frame(root, padding=(22, 16))
        body.pack(fill="both", expand=True)
        ttk.Label(body, text=_("ergo settings"), font=tkfont.Font(
            root, family=family, size=18, weight="bold")).pack(anchor="w")
        ttk.Label(body, text=_("Saved in {path}").format(path=opened.path),
                  style="Note.TLabel").pack(anchor="w", pady=(2, 8))
        banner = self._banner(problem)
        if banner:
            ttk.Label(body, text=banner, style="Problem.TLabel", wraplength=760,
                      justify="left").pack(anchor="w", pady=(0, 8))
        self.notebook = ttk.Notebook(body)
        self.notebook.pack(fill="both", expand=True)
        # The start-at-login box, until the window is on screen (see _read_login).
        self.login_unread: Field | None = None
        for number, section in enumerate(form.sections()):
            page = ttk.Frame(self.notebook, padding=(14, 12))
            text, index = form.mnemonic(section.label)
            self.notebook.add(page, text=text, underline=index)
            self.keys.append({})
            self._key(self.global_keys, section.label, partial(self.notebook.select, number))
            self._fill(page, section, self.keys[-1])
        self.status = ttk.Label(body, text="", style="Problem.TLabel", wraplength=760,
                                justify="left")
        self.status.pack(anchor="w", pady=(8, 0))
        self._buttons(body)
        root.bind("<Escape>", lambda _event: self.close())
        root.bind("<Return>", lambda _event: self.save())
        root.bind("<KP_Enter>", lambda _event: self.save())
        root.bind("<Alt-Key>", self._alt)
        root.bind("<Control-Tab>", lambda _event: self._next_tab(1))
        root.bind("<Control-Shift-Tab>", lambda _event: self._next_tab(-1))
        root.bind("<Control-ISO_Left_Tab>", lambda _event: self._next_tab(-1))
        self._centre()
        root.focus_force()
        # After the window has the keyboard: busy before, it would answer the window
        # manager's offer of focus late and lose the first keys.
        self.focused = root.bind("<FocusIn>", self._on_focus)

    # Building -------------------------------------------------------------

    def _centre(self) -> None:
        root = self.root
        root.update_idletasks()
        x = (root.winfo_screenwidth() - root.winfo_reqwidth()) // 2
        y = (root.winfo_screenheight() - root.winfo_reqheight()) // 3
        root.geometry(f"+{x}+{y}")

    def _on_focus(self, _event: tk.Event) -> None:
        self.root.unbind("<FocusIn>", self.focused)
        self.root.after_idle(self._read_login)

    def _read_login(self) -> None:
        """Tick the start-at-login box as the start-up entries say. Reading them costs
        more than building the whole window, and the box is on a tab not shown first,
        so it is read once the window is on screen and has the keyboard; a key handled
        before then reads it first."""
        field, self.login_unread = self.login_unread, None
        if field is None:
            return
        from ergo.player.welcome import starts_at_login

        on = starts_at_login()
        self.initial[field] = on
        holder = self.holders[field]
        assert isinstance(holder, tk.BooleanVar)
        holder.set(on)

    def _fill(self, page: ttk.Frame, section: form.Section,
              keys: dict[str, Callable[[], None]]) -> None:
        if section.reminders:
            self._reminders(page, keys)
        else:
            for row, field in enumerate(section.fields):
                self._row(page, row, field, keys)

    def _banner(self, problem: str | None) -> str:
        lines = []
        if problem:
            lines.append(_("ergo could not open your settings file ({problem}). You can "
                           "change your settings here, or open {path} in a text editor.")
                         .format(problem=problem, path=self.opened.path))
        if self.opened.problems:
            lines.append(_("Your settings file has problems, so nothing can be saved until "
                           "it is fixed in a text editor:"))
            lines.extend(self.opened.problems)
        return "\n".join(lines)

    def _row(self, page: ttk.Frame, row: int, field: Field,
             keys: dict[str, Callable[[], None]]) -> None:
        text, index = form.mnemonic(field.label)
        self.names[field.path] = text
        rule = self.opened.rule(field.path)
        control: tk.Widget
        if field.kind in ("switch", "login"):
            switch = self._switch(page, field, text, index)
            control = switch
            control.grid(row=row, column=0, columnspan=2, sticky="w", pady=3)
            self._key(keys, field.label, switch.invoke)
        else:
            ttk.Label(page, text=text, underline=index).grid(row=row, column=0, sticky="w",
                                                              padx=(0, 12), pady=3)
            control = self._control(page, field)
            control.grid(row=row, column=1, sticky="w", pady=3)
            self._key(keys, field.label, partial(self._focus, control))
        notes = [form.note(rule), field.hint]
        ttk.Label(page, text=" · ".join(n for n in notes if n), style="Note.TLabel").grid(
            row=row, column=2, sticky="w", padx=(12, 0))
        self._lock(control, rule.locked)

    def _control(self, page: ttk.Frame, field: Field) -> tk.Widget:
        value = form.shown(field, self._value(field))
        self.initial[field] = value
        if field.kind == "days":
            frame = ttk.Frame(page)
            days: dict[str, tk.BooleanVar] = {}
            for day, name in zip(WEEKDAYS, DAY_NAMES, strict=True):
                days[day] = tk.BooleanVar(self.root, value=day in value)  # type: ignore[operator]
                box = ttk.Checkbutton(frame, text=_(name), variable=days[day])
                box.pack(side="left", padx=(0, 6))
                self._lock(box, self.opened.rule(field.path).locked)
            self.holders[field] = days
            return frame
        variable = tk.StringVar(self.root, value=str(value))
        self.holders[field] = variable
        if field.kind == "choice":
            return ttk.Combobox(page, textvariable=variable, state="readonly", width=22,
                                values=[label for _value, label in field.choices],
                                font=self.normal)
        width = 30 if field.kind == "list" else 10
        return ttk.Entry(page, textvariable=variable, width=width, font=self.normal)

    def _switch(self, page: tk.Misc, field: Field, text: str, index: int) -> ttk.Checkbutton:
        value: Shown = False
        if field.kind == "login":
            self.login_unread = field
        else:
            value = form.shown(field, self._value(field))
        self.initial[field] = value
        variable = tk.BooleanVar(self.root, value=bool(value))
        self.holders[field] = variable
        return ttk.Checkbutton(page, text=text, underline=index, variable=variable)

    def _reminders(self, page: ttk.Frame, keys: dict[str, Callable[[], None]]) -> None:
        headings = [form.mnemonic(label) for label in form.reminder_columns()]
        for column, (heading, index) in enumerate(headings):
            ttk.Label(page, text=heading, underline=index, style="Head.TLabel",
                      wraplength=150).grid(row=0, column=column, sticky="sw", padx=(0, 10),
                                           pady=(0, 4))
        reminders = self.opened.value(("reminders",)) or {}
        routines = self.opened.value(("routines",)) or {}
        first_routine = next(iter(routines), "")
        # Up and Down move through a column, as in a table.
        table: list[list[tk.Widget | None]] = []
        for row, (rid, spec) in enumerate(reminders.items(), start=1):
            title = spec.get("title", rid)
            name = (Text.plain(title) if isinstance(title, str) else Text.of(title)).get(
                current_language())
            fields = form.reminder_fields(rid, self._routine(rid) or first_routine)
            notes = []
            cells: list[tk.Widget | None] = []
            for column, field in enumerate(fields):
                self.names[field.path] = f"{name}: {headings[column][0].lower()}"
                if (field.kind == "routine" and not first_routine) or (
                        field.path[-1] == "reset_after" and spec.get("kind") == "posture"):
                    cells.append(None)
                    continue
                control = self._cell(page, field, name if column == 0 else "")
                control.grid(row=row, column=column, sticky="w", padx=(0, 10), pady=3)
                cells.append(control)
                rule = self.opened.rule(field.path)
                self._lock(control, rule.locked)
                note = form.note(rule)
                if note:
                    notes.append(f"{headings[column][0]}: {note}" if column else note)
            ttk.Label(page, text=" · ".join(notes), style="Note.TLabel",
                      wraplength=220).grid(row=row, column=len(fields), sticky="w")
            table.append(cells)
        for row, cells in enumerate(table):
            for column, cell in enumerate(cells):
                if cell is not None and not isinstance(cell, ttk.Combobox):
                    cell.bind("<Down>", self._mover(table, row, column, 1))
                    cell.bind("<Up>", self._mover(table, row, column, -1))
        if table and table[0][1] is not None:
            self._key(keys, form.reminder_columns()[1],
                      partial(self._focus, table[0][1]))

    def _routine(self, reminder_id: str) -> str | None:
        """Return the routine a reminder offers, or the one it would offer without the
        user's ``routine: none``."""
        for found in (self.opened.value(("reminders", reminder_id, "routine")),
                      self.opened.value_below(("reminders", reminder_id, "routine"))):
            if isinstance(found, str) and found != NO_ROUTINE:
                return found
        return None

    def _cell(self, page: ttk.Frame, field: Field, name: str) -> tk.Widget:
        if field.kind in ("switch", "routine"):
            return self._switch(page, field, name, -1)
        control = self._control(page, field)
        control["width"] = 13 if isinstance(control, ttk.Combobox) else 7
        return control

    def _mover(self, table: list[list[tk.Widget | None]], row: int, column: int,
               step: int) -> Callable[[tk.Event], str]:
        return lambda _event: self._move(table, row, column, step)

    def _move(self, table: list[list[tk.Widget | None]], row: int, column: int,
              step: int) -> str:
        below = table[row + step:] if step > 0 else reversed(table[:row])
        target = next((cells[column] for cells in below if cells[column] is not None), None)
        if target is not None:
            self._focus(target)
        return "break"

    def _buttons(self, body: ttk.Frame) -> None:
        save_label, close_label, open_label = form.buttons()
        row = ttk.Frame(body)
        row.pack(fill="x", pady=(12, 0))
        row.columnconfigure(1, weight=1)
        # Tab goes through them in the order they are made: Save, Close, Open config file.
        for column, label, command, style in (
                (2, save_label, self.save, "Accent.TButton"),
                (3, close_label, self.close, "TButton"),
                (0, open_label, self.open_file, "TButton")):
            text, index = form.mnemonic(label)
            button = ttk.Button(row, text=text, underline=index, command=command, style=style)
            button.grid(row=0, column=column, padx=(8, 0) if column else (0, 8))
            self._key(self.global_keys, label, button.invoke)
            if self.readonly and command == self.save:
                button.state(["disabled"])

    def _value(self, field: Field) -> object:
        return self.opened.value(field.path)

    def _lock(self, control: tk.Widget, locked: bool) -> None:
        if locked or self.readonly:
            if isinstance(control, ttk.Frame):
                return
            control.state(["disabled"])  # type: ignore[attr-defined]

    def _key(self, keys: dict[str, Callable[[], None]], label: str,
             action: Callable[[], None]) -> None:
        text, index = form.mnemonic(label)
        if index >= 0:
            keys.setdefault(text[index].lower(), action)

    def _focus(self, widget: tk.Widget) -> None:
        control = widget.winfo_children()[0] if isinstance(widget, ttk.Frame) else widget
        control.focus_set()
        if isinstance(control, ttk.Entry):
            # Typing replaces the whole value, as in other desktop dialogs.
            control.select_range(0, "end")
            control.icursor("end")

    def _alt(self, event: tk.Event) -> str | None:
        self._read_login()
        letter = (event.keysym or "").lower()
        tab = self.notebook.index("current")
        action = self.keys[tab].get(letter) or self.global_keys.get(letter)
        if action is None:
            return None
        action()
        return "break"

    def _next_tab(self, step: int) -> str:
        count = len(self.keys)
        self.notebook.select((self.notebook.index("current") + step) % count)
        return "break"

    # Acting ---------------------------------------------------------------

    def held(self) -> dict[Field, Shown]:
        """Return what each control holds now."""
        self._read_login()
        now: dict[Field, Shown] = {}
        for field, holder in self.holders.items():
            if isinstance(holder, dict):
                now[field] = frozenset(day for day, var in holder.items() if var.get())
            else:
                now[field] = holder.get()
        return now

    def save(self) -> None:
        if self.readonly:
            return
        now = self.held()
        login = next((f for f in now if f.kind == "login"), None)
        changed = form.changes(now, self.initial)
        problems = form.refusals(self.opened, changed, self.names) or self.opened.save(changed)
        if not problems and login is not None and now[login] != self.initial[login]:
            problems = _start_at_login(bool(now[login]))
        if problems:
            self.status.configure(text="\n".join(problems))
            print(json.dumps({"refused": problems}), file=self.out, flush=True)
            return
        self.outcome = "saved"
        self.changed = sorted(".".join(path) for path in changed)
        if changed and self.on_saved is not None:
            self.on_saved()
        self.root.destroy()

    def close(self) -> None:
        self.root.destroy()

    def open_file(self) -> None:
        import queue
        import threading

        from ergo.desktop.open_file import open_with_desktop

        path = self.opened.path
        opening: queue.Queue[str | None] = queue.Queue()

        def work() -> None:
            if not path.exists():
                from ergo.config.template import write_user_template

                try:
                    write_user_template(path)
                except OSError as error:
                    opening.put(str(error))
                    return
            opening.put(open_with_desktop(path))

        threading.Thread(target=work, name="ergo-open", daemon=True).start()
        self.root.after(POLL_MS, self._opened, opening)

    def _opened(self, opening: queue.Queue[str | None]) -> None:
        import queue

        try:
            problem = opening.get_nowait()
        except queue.Empty:
            self.root.after(POLL_MS, self._opened, opening)
            return
        if problem:
            self.status.configure(text=_("ergo could not open {path}: {problem}").format(
                path=self.opened.path, problem=problem))

    def run(self) -> str:
        """Run the Tk loop until the window closes; return the outcome."""
        from ergo.desktop.parent_watch import close_with_parent

        close_with_parent(self.root)
        self.root.mainloop()
        print(json.dumps({"outcome": self.outcome, "changed": self.changed}), file=self.out,
              flush=True)
        return self.outcome


def _start_at_login(on: bool) -> list[str]:
    from ergo.errors import UserError
    from ergo.player.welcome import disable_start_at_login, enable_start_at_login

    try:
        if on:
            enable_start_at_login()
        else:
            disable_start_at_login()
    except (OSError, UserError) as error:
        return [_("ergo could not change start at login ({error}); try "
                  "ergo autostart {action}").format(error=error,
                                                   action="enable" if on else "disable")]
    return []


def reload_daemon() -> None:
    """Tell a running daemon to read its config files again; nothing when none runs."""
    from ergo.control.client import request
    from ergo.errors import UserError

    try:
        request("reload")
    except (UserError, OSError):
        # No daemon, or one on other files: it reads the file when it next starts.
        return


def open_window(config: Path | None, org_config: Path | None, language: str | None,
                problem: str | None = None, out: TextIO = sys.stdout) -> int:
    """Open the user's file (``--config``/``--org-config`` or the default ones) and show
    the window in ``language`` (default: the configured one), with ``problem`` (why the
    file could not be opened in an editor) at the top; return the exit code, 1 when no
    window can open."""
    from ergo.config.edit import open_user_file
    from ergo.i18n import install

    opened = open_user_file(config, org_config)
    install(language or str(opened.value(("language",)) or "auto"))
    try:
        window = SettingsWindow(opened, out, problem, on_saved=reload_daemon)
    except tk.TclError as error:
        print(f"ergo: {error}", file=sys.stderr)
        return 1
    window.run()
    return 0
