"""The routine player window (Tk): a thin shell over :class:`ergo.core.routine.Sequencer`.

Everything runs on the Tk main thread. While the window is open, ``after``
calls :meth:`PlayerWindow.tick` four times a second; the sequencer decides
what is on, the window only draws the frame. ``on_end`` is called once, as
soon as the routine completes or is stopped, before the closing screen.
"""

from __future__ import annotations

import signal
import time
import tkinter as tk
from collections.abc import Callable
from tkinter import font as tkfont
from tkinter import ttk

from ergo.core.model import Routine
from ergo.core.routine import Frame, Outcome, Sequencer
from ergo.desktop.parent_watch import close_with_parent
from ergo.i18n import _, current_language
from ergo.player import labels
from ergo.player.bullets import bullet_list, fill_bullets
from ergo.player.figures import figure
from ergo.player.look import ACCENT, BACKGROUND, CAUTION, INK, MUTED, PROP, font_family
from ergo.safety import safety_notice

TICK_MS = 250
CLOSE_AFTER_MS = 20_000


class PlayerWindow:
    """Shows the safety notice (when asked), plays the routine, then thanks the user."""

    def __init__(
        self,
        root: tk.Tk,
        routine: Routine,
        *,
        on_end: Callable[[Outcome], None],
        on_step: Callable[[int, int], None] | None = None,
        show_safety_notice: bool = False,
        on_safety_notice_seen: Callable[[], None] = lambda: None,
        sound: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.root = root
        self.routine = routine
        self.language = current_language()
        self.sequencer = Sequencer(routine)
        self._on_end = on_end
        self._on_step = on_step
        self._on_safety_notice_seen = on_safety_notice_seen
        self._sound = sound
        self._clock = clock
        self._shown_step: int | None = None
        self._tick_job: str | None = None
        self._ended = False

        root.title(f"ergo: {routine.title.get(self.language)}")
        root.configure(background=BACKGROUND)
        root.geometry("900x660")
        root.minsize(720, 560)
        root.protocol("WM_DELETE_WINDOW", self.stop)
        family = font_family(root)
        self.fonts = {
            "notice": tkfont.Font(root, family=family, size=11),
            "small": tkfont.Font(root, family=family, size=13),
            "heading": tkfont.Font(root, family=family, size=20, weight="bold"),
            "cue": tkfont.Font(root, family=family, size=19),
            "name": tkfont.Font(root, family=family, size=28, weight="bold"),
            "counter": tkfont.Font(root, family=family, size=44, weight="bold"),
            "button": tkfont.Font(root, family=family, size=14),
        }
        style = ttk.Style(root)
        style.theme_use("clam")
        style.configure("TButton", font=self.fonts["button"], padding=(18, 8))
        style.configure(
            "Step.Horizontal.TProgressbar", troughcolor="#e4e0d8", background=ACCENT,
            bordercolor=BACKGROUND, lightcolor=ACCENT, darkcolor=ACCENT, thickness=14,
        )
        self.body = tk.Frame(root, background=BACKGROUND, padx=28, pady=20)
        self.body.pack(fill="both", expand=True)
        if show_safety_notice:
            self._show_safety_notice()
        else:
            self.start()

    # Screens -------------------------------------------------------------------------

    def _clear(self) -> None:
        for child in self.body.winfo_children():
            child.destroy()
        for key in ("<space>", "<Right>", "<Return>", "<Escape>"):
            self.root.unbind(key)

    def _label(self, parent: tk.Misc, text: str, font: str, color: str = INK,
               **options: object) -> tk.Label:
        return tk.Label(parent, text=text, font=self.fonts[font], foreground=color,
                        background=BACKGROUND, justify="left", anchor="w", **options)

    def _show_safety_notice(self) -> None:
        notice = safety_notice()
        self._clear()
        # The buttons are packed first so that they stay visible in a small window.
        buttons = tk.Frame(self.body, background=BACKGROUND)
        buttons.pack(fill="x", side="bottom", pady=(10, 0))
        ttk.Button(buttons, text=_("Stop"), command=self.stop).pack(side="right")
        ttk.Button(buttons, text=_("I understand, start"), command=self._accept_notice).pack(
            side="right", padx=(0, 12))
        for kind, text in notice.blocks():
            if kind == "title":
                self._label(self.body, text, "heading").pack(fill="x")
            elif kind == "paragraph":
                self._label(self.body, text, "notice", wraplength=840).pack(fill="x", pady=(6, 0))
            elif kind == "heading":
                self._label(self.body, text, "notice", CAUTION, wraplength=840).pack(
                    fill="x", pady=(10, 2))
            else:
                bullet_list(self.body, [text], self.fonts["notice"], 840, INK,
                            BACKGROUND).pack(fill="x")
        self.root.bind("<Return>", lambda _event: self._accept_notice())
        self.root.bind("<Escape>", lambda _event: self.stop())

    def _accept_notice(self) -> None:
        self._on_safety_notice_seen()
        self.start()

    def start(self) -> None:
        """Build the exercise screen and start the routine."""
        self._clear()
        header = tk.Frame(self.body, background=BACKGROUND)
        header.pack(fill="x")
        self.step_of = self._label(header, "", "small", MUTED)
        self.step_of.pack(side="left")
        self._label(header, self.routine.title.get(self.language), "small", MUTED).pack(
            side="right")
        self.name = self._label(self.body, "", "name")
        self.name.pack(fill="x", pady=(4, 10))

        middle = tk.Frame(self.body, background=BACKGROUND)
        middle.pack(fill="both", expand=True)
        self.canvas = tk.Canvas(middle, width=280, height=280, background="white",
                                highlightthickness=1, highlightbackground="#d8d3c8")
        self.canvas.pack(side="left", anchor="n")
        right = tk.Frame(middle, background=BACKGROUND, padx=24)
        right.pack(side="left", fill="both", expand=True)
        self.cues = bullet_list(right, [], self.fonts["cue"], 520, INK, BACKGROUND)
        self.cues.pack(fill="x", anchor="n")
        counter_row = tk.Frame(right, background=BACKGROUND)
        counter_row.pack(fill="x", side="bottom")
        self.counter = self._label(counter_row, "", "counter", ACCENT)
        self.counter.pack(side="left")
        self.caption = self._label(counter_row, "", "small", MUTED)
        self.caption.pack(side="left", padx=(14, 0), pady=(22, 0))

        self.progress = ttk.Progressbar(self.body, style="Step.Horizontal.TProgressbar",
                                        maximum=1.0)
        self.progress.pack(fill="x", pady=(14, 8))
        self.caution = self._label(self.body, "", "small", CAUTION, wraplength=840)
        self.caution.pack(fill="x")

        buttons = tk.Frame(self.body, background=BACKGROUND)
        buttons.pack(fill="x", side="bottom", pady=(12, 0))
        self.pause_button = ttk.Button(buttons, text=_("Pause"), command=self.toggle_pause)
        self.pause_button.pack(side="left")
        ttk.Button(buttons, text=_("Next"), command=self.next).pack(side="left", padx=12)
        ttk.Button(buttons, text=_("Stop"), command=self.stop).pack(side="right")
        self.root.bind("<space>", lambda _event: self.toggle_pause())
        self.root.bind("<Right>", lambda _event: self.next())
        self.root.bind("<Escape>", lambda _event: self.stop())

        self._draw(self.sequencer.start(self._clock()))
        self._schedule()

    def _show_thanks(self, outcome: Outcome) -> None:
        self._clear()
        self._label(self.body, _("Thank you!"), "name").pack(fill="x", pady=(60, 12))
        self._label(self.body, labels.summary(outcome), "cue", wraplength=820).pack(
            fill="x")
        ttk.Button(self.body, text=_("Done"), command=self.root.destroy).pack(
            anchor="w", pady=(40, 0))
        self.root.bind("<Return>", lambda _event: self.root.destroy())
        self.root.bind("<Escape>", lambda _event: self.root.destroy())
        self.root.after(CLOSE_AFTER_MS, self.root.destroy)

    # Controls ------------------------------------------------------------------------

    def tick(self) -> None:
        self._tick_job = None
        self._draw(self.sequencer.tick(self._clock()))
        self._schedule()

    def toggle_pause(self) -> None:
        frame = self.sequencer.toggle_pause(self._clock())
        self.pause_button.configure(
            text=_("Resume") if frame.status == "paused" else _("Pause")
        )
        self._draw(frame)

    def next(self) -> None:
        self._draw(self.sequencer.next(self._clock()))

    def stop(self) -> None:
        """Stop the routine (or decline the safety notice) and close the window."""
        now = self._clock()
        if self.sequencer.status == "ready":
            self.sequencer.start(now)
        self.sequencer.stop(now)
        self._end(close=True)

    # Drawing -------------------------------------------------------------------------

    def _schedule(self) -> None:
        if not self._ended and self._tick_job is None:
            self._tick_job = self.root.after(TICK_MS, self.tick)

    def _draw(self, frame: Frame) -> None:
        if frame.status in ("completed", "stopped"):
            self._end(close=frame.status == "stopped")
            return
        if frame.number != self._shown_step:
            self._show_step(frame)
        self.counter.configure(text=labels.counter(frame))
        self.caption.configure(text=labels.counter_caption(frame))
        self.progress.configure(value=frame.step_progress)

    def _show_step(self, frame: Frame) -> None:
        if self._sound and self._shown_step is not None:
            self.root.bell()
        self._shown_step = frame.number
        if self._on_step is not None:
            self._on_step(frame.number, frame.count)
        step = frame.step
        self.step_of.configure(text=labels.step_of(frame))
        self.name.configure(text=labels.step_name(frame))
        fill_bullets(self.cues, [cue.get(self.language) for cue in step.cues],
                     self.fonts["cue"], 520, INK, BACKGROUND)
        self.caution.configure(
            text=f"⚠  {step.caution.get(self.language)}" if step.caution else ""
        )
        self._draw_figure(step.illustration, step.side)

    def _draw_figure(self, name: str | None, side: str | None) -> None:
        canvas = self.canvas
        canvas.delete("all")
        size = int(canvas.cget("width"))
        scale = size / 100

        def at(points: tuple[tuple[float, float], ...]) -> list[float]:
            return [c * scale for point in points for c in point]

        for shape in figure(name, side):
            if shape.kind == "head":
                (x, y), r = shape.points[0], shape.radius
                canvas.create_oval(*at(((x - r, y - r), (x + r, y + r))), outline=INK,
                                   width=5, fill="white")
            elif shape.kind == "arrow":
                canvas.create_line(*at(shape.points), fill=ACCENT, width=4, smooth=True,
                                   arrow="both" if shape.both else "last",
                                   arrowshape=(14, 16, 6))
            else:
                canvas.create_line(*at(shape.points), fill=INK if shape.kind == "body" else PROP,
                                   width=8 if shape.kind == "body" else 5,
                                   capstyle="round", joinstyle="round")

    def _end(self, close: bool) -> None:
        if self._ended:
            return
        self._ended = True
        if self._tick_job is not None:
            self.root.after_cancel(self._tick_job)
            self._tick_job = None
        outcome = self.sequencer.outcome()
        self._on_end(outcome)
        if close:
            self.root.destroy()
        else:
            self._show_thanks(outcome)


def run_window(
    routine: Routine,
    *,
    show_safety_notice: bool,
    on_safety_notice_seen: Callable[[], None],
    on_end: Callable[[Outcome], None],
    sound: bool,
    on_step: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Open the player window and return the outcome once it is closed.

    Raise :class:`tkinter.TclError` when no display can be opened.
    """
    root = tk.Tk(className="ergo")
    outcomes: list[Outcome] = []

    def ended(outcome: Outcome) -> None:
        outcomes.append(outcome)
        on_end(outcome)

    if hasattr(signal, "SIGUSR1"):
        # ergo sends it when the user asks for a routine while this one plays.
        signal.signal(signal.SIGUSR1, lambda *_: root.after_idle(_bring_forward, root))
        if on_step is not None:
            on_step(0, len(routine.steps))
    PlayerWindow(
        root, routine,
        on_end=ended,
        on_step=on_step,
        show_safety_notice=show_safety_notice,
        on_safety_notice_seen=on_safety_notice_seen,
        sound=sound,
    )
    close_with_parent(root)
    root.mainloop()
    return outcomes[0]


def _bring_forward(root: tk.Tk) -> None:
    root.deiconify()
    root.lift()
    root.attributes("-topmost", True)
    root.after(200, lambda: root.attributes("-topmost", False))
    root.focus_force()
