"""The texts a player shows for a frame, shared by the window and the terminal player.

Everything is in the installed language (:mod:`ergo.i18n`): ergo's own words from
its catalog, the routine's from the config.
"""

from __future__ import annotations

from ergo.core.routine import Frame, Outcome
from ergo.i18n import _, current_language, ngettext


def step_name(frame: Frame) -> str:
    """Return the step's name, with the side when the step has one."""
    name = frame.step.name.get(current_language())
    if frame.step.side == "left":
        return _("{name}, left side").format(name=name)
    if frame.step.side == "right":
        return _("{name}, right side").format(name=name)
    return name


def step_of(frame: Frame) -> str:
    """Return "Step 2 of 5"."""
    return _("Step {number} of {count}").format(number=frame.number, count=frame.count)


def counter(frame: Frame) -> str:
    """Return the big counter: "3 / 8" for a counted step, "0:25" for a timed one."""
    if frame.rep is not None and frame.step.reps is not None:
        return f"{frame.rep} / {frame.step.reps}"
    seconds = max(0, round(frame.seconds_left))
    return f"{seconds // 60}:{seconds % 60:02d}"


def counter_caption(frame: Frame) -> str:
    """Return the caption under the counter ("repetition" or "seconds left", or "Paused")."""
    if frame.status == "paused":
        return _("Paused")
    if frame.rep is not None:
        return _("repetition")
    return _("left in this step")


def time_spent(seconds: float) -> str:
    """Return a duration such as "2 minutes 26 seconds"."""
    total = round(seconds)
    minutes, rest = divmod(total, 60)
    parts = []
    if minutes:
        parts.append(ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes))
    if rest or not minutes:
        parts.append(ngettext("{n} second", "{n} seconds", rest).format(n=rest))
    return " ".join(parts)


def summary(outcome: Outcome) -> str:
    """Return one line saying how the routine ended and how long it took."""
    spent = time_spent(outcome.seconds)
    if outcome.status == "completed":
        return _("Well done: routine finished in {time}.").format(time=spent)
    if outcome.status == "skipped":
        return _("Skipped through in {time}: it counts when most of its time goes "
                 "into the steps.").format(time=spent)
    return _("Stopped at step {number} of {count} after {time}.").format(
        number=outcome.step, count=outcome.steps, time=spent
    )
