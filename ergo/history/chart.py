"""The stats chart: stacked bars per day of how reminders ended, and routines completed.

Drawn with Pillow (imported here only, so the rest of the CLI stays light). The
colours come from the Okabe-Ito palette, which stays distinct for the common
kinds of colour blindness; each bar also carries its numbers so nothing depends
on colour alone.

Thread rules: none; :func:`draw_chart` is a plain function writing one file.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ergo.errors import UserError
from ergo.history.stats import Figures, Report
from ergo.history.text import day_month_label, hours_minutes, span_label, weekday_label
from ergo.i18n import N_, _

# Drawn at twice the size and scaled down, which smooths the circles and text.
SCALE = 2
WIDTH, HEIGHT = 1100, 620

INK = (34, 34, 34)
MUTED = (110, 110, 110)
GRID = (225, 225, 225)
BACKGROUND = (255, 255, 255)
SEGMENTS = (
    ("done", N_("Done"), (0, 114, 178)),  # blue
    ("snoozed", N_("Snoozed"), (230, 159, 0)),  # orange
    ("skipped", N_("Skipped"), (204, 121, 167)),  # reddish purple
    ("ignored", N_("Ignored"), (187, 187, 187)),  # grey
)
ROUTINE = (0, 158, 115)  # bluish green
MAX_DAYS = 62


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size * SCALE)
    except OSError:
        return ImageFont.load_default(size * SCALE)


def _nice_top(value: int) -> tuple[int, int]:
    """Given the tallest bar, return an axis top at or above it and a tick step."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if max(value, 1) / step <= 6:
            top = -(-max(value, 1) // step) * step
            return top, step
    step = 10 ** len(str(value))
    return -(-value // step) * step, step


def draw_chart(report: Report, path: Path) -> None:
    """Given a report, draw its chart into the PNG file ``path``.

    Raise UserError if the period is too long to draw readably or the file
    cannot be written.
    """
    if len(report.days) > MAX_DAYS:
        raise UserError(
            _("a chart shows at most {days} days; use --days {days} or fewer with --chart")
            .format(days=MAX_DAYS)
        )
    image = render(report)
    try:
        image.save(path, format="PNG", optimize=True)
    except (OSError, ValueError) as error:
        raise UserError(_("cannot write the chart to {file}: {error}").format(
            file=path, error=error), exit_code=1) from error


def render(report: Report) -> Image.Image:
    """Given a report, return the chart image."""
    s = SCALE
    image = Image.new("RGB", (WIDTH * s, HEIGHT * s), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title, small, tiny = _font(22, bold=True), _font(14), _font(12)

    draw.text((40 * s, 26 * s), _("Reminders and breaks"), font=title, fill=INK)
    total = report.total
    subtitle = _(
        "{period}: {done} of {shown} done, routines: {routines}, natural breaks: {breaks}"
    ).format(
        period=span_label(report.first, report.last),
        done=total.done,
        shown=total.shown,
        routines=total.routines_completed,
        breaks=hours_minutes(total.natural_break_seconds),
    )
    draw.text((40 * s, 60 * s), subtitle, font=small, fill=MUTED)

    # Legend, one row under the subtitle.
    x = 40 * s
    for _key, name, colour in SEGMENTS:
        label = _(name)
        draw.rectangle((x, 92 * s, x + 14 * s, 106 * s), fill=colour)
        draw.text((x + 20 * s, 91 * s), label, font=small, fill=INK)
        x += 20 * s + int(draw.textlength(label, font=small)) + 22 * s
    draw.ellipse((x, 91 * s, x + 16 * s, 107 * s), fill=ROUTINE)
    label = _("Routines completed")
    draw.text((x + 22 * s, 91 * s), label, font=small, fill=INK)

    left, right, top, bottom = 90 * s, (WIDTH - 30) * s, 140 * s, (HEIGHT - 120) * s
    tallest = max((_stack_height(f) for _day, f in report.days), default=0)
    axis_top, step = _nice_top(tallest)

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * value / axis_top

    for tick in range(0, axis_top + 1, step):
        y = y_of(tick)
        draw.line((left, y, right, y), fill=GRID if tick else MUTED, width=s)
        draw.text((left - 10 * s, y), str(tick), font=small, fill=MUTED, anchor="rm")
    axis_label = Image.new("RGB", (int(draw.textlength(_("Reminders"), font=small)), 20 * s))
    label_draw = ImageDraw.Draw(axis_label)
    label_draw.rectangle((0, 0, *axis_label.size), fill=BACKGROUND)
    label_draw.text((0, 0), _("Reminders"), font=small, fill=INK)
    rotated = axis_label.rotate(90, expand=True)
    image.paste(rotated, (30 * s, (top + bottom) // 2 - rotated.height // 2))

    slot = (right - left) / len(report.days)
    bar = min(slot * 0.62, 70 * s)
    routine_y = bottom + 70 * s
    draw.text((left - 10 * s, routine_y), _("Routines"), font=tiny, fill=INK, anchor="rm")

    def fitting(*candidates: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> str:
        # Long periods leave narrow columns: take the first label that fits, else none.
        return next((c for c in candidates if draw.textlength(c, font=font) < slot * 0.9), "")

    for index, (day, figures) in enumerate(report.days):
        centre = left + slot * (index + 0.5)
        base = 0
        for key, _label, colour in SEGMENTS:
            count = getattr(figures, key)
            if not count:
                continue
            y0, y1 = y_of(base + count), y_of(base)
            draw.rectangle((centre - bar / 2, y0, centre + bar / 2, y1 - 1), fill=colour)
            if y1 - y0 >= 17 * s:
                ink = BACKGROUND if key == "done" else INK
                draw.text((centre, (y0 + y1) / 2), str(count), font=tiny, fill=ink, anchor="mm")
            base += count
        if base:
            shown = fitting(
                _("{shown} shown").format(shown=figures.shown), str(figures.shown), font=tiny
            )
            draw.text((centre, y_of(base) - 6 * s), shown, font=tiny, fill=MUTED, anchor="md")
        # In narrow columns only Mondays keep their weekday, to mark where weeks start.
        weekday = weekday_label(day) if slot > 50 * s or day.weekday() == 0 else ""
        draw.text((centre, bottom + 10 * s), weekday, font=small, fill=INK, anchor="mt")
        date_label = fitting(day_month_label(day), str(day.day), font=tiny)
        draw.text((centre, bottom + 30 * s), date_label, font=tiny, fill=MUTED, anchor="mt")
        routines = figures.routines_completed
        if routines:
            r = min(12 * s, slot * 0.45)
            draw.ellipse((centre - r, routine_y - r, centre + r, routine_y + r), fill=ROUTINE)
            draw.text((centre, routine_y), str(routines), font=tiny, fill=BACKGROUND, anchor="mm")
        else:
            draw.text((centre, routine_y), "-", font=tiny, fill=MUTED, anchor="mm")
    return image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)


def _stack_height(figures: Figures) -> int:
    return sum(getattr(figures, key) for key, _label, _colour in SEGMENTS)
