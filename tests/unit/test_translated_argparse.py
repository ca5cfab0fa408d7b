"""argparse's own texts in the installed language: each error this Python's argparse
really composes is matched back to its template and refilled in Dutch."""

from __future__ import annotations

import argparse
import re

import pytest

from ergo.i18n import install
from ergo.translated_argparse import ERROR_TEMPLATES, Parser, translate_message

PRINTF = re.compile(r"%(?:\((\w+)\))?[sr]")


class Refused(Exception):
    pass


class Recording(Parser):
    """A translated parser that hands its error message back instead of exiting."""

    def error(self, message: str):
        raise Refused(message)


def parser(kind: type[argparse.ArgumentParser] = Recording) -> argparse.ArgumentParser:
    built = kind(prog="demo")
    built.add_argument("--count", type=int)
    built.add_argument("--colour", choices=["red", "green"])
    built.add_argument("--flag", action="store_true")
    built.add_argument("--pair", nargs=2)
    built.add_argument("--some", nargs="+")
    built.add_argument("--days")
    built.add_argument("--date")
    built.add_argument("--file", type=argparse.FileType("r"))
    either = built.add_mutually_exclusive_group()
    either.add_argument("--left", action="store_true")
    either.add_argument("--right", action="store_true")
    built.add_argument("name")
    return built


def refusal(argv: list[str]) -> str:
    with pytest.raises(Refused) as refused:
        parser().parse_args(argv)
    return str(refused.value)


# What this Python's argparse says for each mistake, and the Dutch ergo shows for it.
MISTAKES = [
    (["n", "--count", "x"], "argument --count: ongeldige int-waarde: 'x'"),
    (["n", "--colour", "blue"],
     "argument --colour: ongeldige keuze: 'blue' (kies uit 'red', 'green')"),
    (["n", "--flag=yes"], "argument --flag: expliciet argument 'yes' genegeerd"),
    (["n", "--pair", "a"], "argument --pair: verwachtte 2 argumenten"),
    (["n", "--some"], "argument --some: verwachtte minstens één argument"),
    (["n", "--days"], "argument --days: verwachtte één argument"),
    (["n", "--da", "1"], "dubbelzinnige optie: --da kan --days, --date zijn"),
    (["n", "--left", "--right"], "argument --right: niet toegestaan samen met argument --left"),
    (["n", "--file", "/nonexistent/x"],
     "argument --file: kan '/nonexistent/x' niet openen: [Errno 2] No such file or directory: "
     "'/nonexistent/x'"),
    ([], "deze argumenten zijn verplicht: name"),
]


@pytest.mark.parametrize(("argv", "dutch"), MISTAKES, ids=[" ".join(m[0]) for m in MISTAKES])
def test_each_error_of_this_pythons_argparse_is_refilled_in_dutch(argv, dutch):
    message = refusal(argv)
    install("nl")
    assert translate_message(message) == dutch


def test_the_one_plural_message_follows_the_count():
    install("nl")
    assert translate_message("expected 1 argument") == "verwachtte 1 argument"
    assert translate_message("expected 3 arguments") == "verwachtte 3 argumenten"


def test_a_message_that_fits_no_template_is_shown_as_it_is():
    install("nl")
    own = "'0' is geen aantal dagen van 1 tot en met 3660"
    assert translate_message(own) == own
    assert translate_message(f"argument --days: {own}") == f"argument --days: {own}"
    assert translate_message("unrecognised wording from elsewhere") == (
        "unrecognised wording from elsewhere")


def test_english_messages_stay_as_argparse_wrote_them():
    for argv, _dutch in MISTAKES:
        message = refusal(argv)
        assert translate_message(message) == message


def test_every_dutch_template_keeps_the_placeholders_of_argparses_template():
    install("nl")
    from ergo.i18n import _, ngettext

    templates = [*ERROR_TEMPLATES, "%(prog)s: error: %(message)s\n"]
    pairs = [(template, _(template)) for template in templates]
    pairs += [("expected %s arguments", ngettext("expected %s argument",
                                                 "expected %s arguments", n)) for n in (1, 2)]
    for english, dutch in pairs:
        assert dutch != english or english.startswith("argument ")
        assert sorted(PRINTF.findall(dutch)) == sorted(PRINTF.findall(english)), english


def test_the_help_shows_dutch_titles_usage_and_help_option():
    install("nl")
    text = parser().format_help()
    assert text.startswith("gebruik: demo [-h]")
    assert "\npositionele argumenten:\n  name\n" in text
    assert "\nopties:\n  -h, --help " in text and "toon deze hulptekst en stop" in text


def test_without_a_language_installed_the_help_is_argparses_own_english():
    assert parser().format_help() == parser(argparse.ArgumentParser).format_help()
