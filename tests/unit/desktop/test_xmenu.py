"""The XEmbed icon's popup menu as drawn by Pillow, and its keyboard stepping."""

from __future__ import annotations

import pytest

from ergo.desktop.xmenu import (
    MIN_WIDTH,
    PADDING,
    ROW,
    SEPARATOR_ROW,
    load_font,
    next_selectable,
    render,
    rows,
)
from ergo.ports import SEPARATOR, MenuItem

ITEMS = (
    MenuItem("Next: walk at 10:20", enabled=False),
    SEPARATOR,
    MenuItem("Snooze", submenu=(MenuItem("5m", "s5"),)),
    MenuItem("Walk", "toggle", checked=True),
    MenuItem("Quit", "quit"),
)


@pytest.fixture(scope="module")
def font():
    return load_font()


def test_rows_stack_entries_and_thinner_separators_below_the_padding():
    assert [(r.top, r.bottom) for r in rows(ITEMS)] == [
        (PADDING, PADDING + ROW),
        (PADDING + ROW, PADDING + ROW + SEPARATOR_ROW),
        (PADDING + ROW + SEPARATOR_ROW, PADDING + 2 * ROW + SEPARATOR_ROW),
        (PADDING + 2 * ROW + SEPARATOR_ROW, PADDING + 3 * ROW + SEPARATOR_ROW),
        (PADDING + 3 * ROW + SEPARATOR_ROW, PADDING + 4 * ROW + SEPARATOR_ROW),
    ]


def test_the_panel_is_as_tall_as_its_rows_and_wide_enough_for_the_longest_label(font):
    image = render(ITEMS, None, font)
    assert image.height == rows(ITEMS)[-1].bottom + PADDING
    assert image.width >= max(MIN_WIDTH, font.getlength("Next: walk at 10:20"))
    longer = render((MenuItem("A much longer label than any other in this menu", "x"),), None,
                    font)
    assert longer.width > image.width


def test_the_highlighted_row_is_filled_with_the_highlight_colour(font):
    plain = render(ITEMS, None, font)
    lit = render(ITEMS, 4, font)
    quit_row = rows(ITEMS)[4]
    corner = (3, quit_row.top + 2)
    assert plain.getpixel(corner) == (0xFB, 0xFB, 0xFB)
    assert lit.getpixel(corner) == (0x16, 0x8F, 0x7F)
    assert plain.crop((0, 0, plain.width, quit_row.top)).tobytes() == lit.crop(
        (0, 0, lit.width, quit_row.top)).tobytes()


def test_a_checked_entry_draws_a_tick_in_its_box_and_an_unchecked_one_does_not(font):
    checked = render((MenuItem("Walk", "t", checked=True),), None, font)
    unchecked = render((MenuItem("Walk", "t", checked=False),), None, font)
    box = (8, PADDING + 4, 21, PADDING + ROW - 4)
    assert checked.crop(box).tobytes() != unchecked.crop(box).tobytes()
    assert render((MenuItem("Walk", "t"),), None, font).crop(box).getcolors() == [
        (13 * 16, (0xFB, 0xFB, 0xFB))
    ]


def test_disabled_entries_are_drawn_in_grey_text(font):
    enabled = render((MenuItem("Walk", "t"),), None, font)
    disabled = render((MenuItem("Walk", "t", enabled=False),), None, font)
    darkest = [image.convert("L").getextrema()[0] for image in (enabled, disabled)]
    assert darkest[0] < darkest[1]


def test_arrow_keys_step_over_separators_and_disabled_entries_and_wrap_round():
    assert next_selectable(ITEMS, None, 1) == 2
    assert next_selectable(ITEMS, 2, 1) == 3
    assert next_selectable(ITEMS, 4, 1) == 2
    assert next_selectable(ITEMS, 2, -1) == 4
    assert next_selectable(ITEMS, None, -1) == 4
    assert next_selectable((MenuItem("x", enabled=False), SEPARATOR), None, 1) is None
