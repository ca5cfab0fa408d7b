"""argparse in the installed language: argparse's own texts, marked for ergo's catalog, and
the parser and help formatter that show them translated.

argparse translates through the standard library's ``gettext`` under its own domain,
bound when argparse is imported, so ergo's catalog never reaches those lookups (and
replacing argparse's module globals would change every other parser in the process).
Instead :class:`Parser` and :class:`HelpFormatter` put translated words where argparse
puts its own ("usage: ", the section titles, the ``-h`` help), and :meth:`Parser.error`
translates the message argparse composed: each English template below becomes a pattern
whose placeholders capture the filled-in values, and those go unchanged into the
translated template. A message that fits no template (ergo's own, already translated,
or argparse's from a Python that words it differently) is shown as it is.

Everything here runs on the thread that parses the command line, once the language
is installed (:func:`ergo.i18n.install`).
"""

from __future__ import annotations

import argparse
import re
import sys
import typing
from functools import lru_cache

from ergo.i18n import N_, _, ngettext

# The template whose %(message)s is itself one of argparse's messages.
_WRAPPER = N_("argument %(argument_name)s: %(message)s")
INVALID_CHOICE = N_("invalid choice: %(value)r (choose from %(choices)s)")
# The errors argparse shows for a mistaken command line, worded as in CPython 3.11.
ERROR_TEMPLATES = (
    _WRAPPER,
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    INVALID_CHOICE,
    N_("can't open '%(filename)s': %(error)s"),
)
# argparse's one plural message, in its English forms (translated in translate_message).
_EXPECTED = ("expected %s argument", "expected %s arguments")

_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[sr]")


def translate_message(message: str) -> str:
    """Given a message argparse composed in English, return it in the installed language.

    Return ``message`` unchanged when it fits none of argparse's templates.
    """
    for template in (*ERROR_TEMPLATES, *_EXPECTED):
        values = _values(template, message)
        if values is None:
            continue
        if template == _WRAPPER:
            values["message"] = translate_message(values["message"])
        if template in _EXPECTED:
            translated = ngettext("expected %s argument", "expected %s arguments",
                                  int(values[""]))
        else:
            translated = _(template)
        return _fill(translated, values)
    return message


def filled_in(template: str, message: str) -> dict[str, str] | None:
    """Given one of argparse's templates and a message, return the text of each placeholder
    by name ("" for ``%s``), also inside "argument X: ...", or None if the message is not
    made from the template."""
    values = _values(template, message)
    if values is None and template != _WRAPPER:
        wrapped = _values(_WRAPPER, message)
        return None if wrapped is None else filled_in(template, wrapped["message"])
    return values


def _values(template: str, message: str) -> dict[str, str] | None:
    found = _pattern(template).fullmatch(message)
    if found is None:
        return None
    return {name.lstrip("_"): value for name, value in found.groupdict().items()}


def _fill(template: str, values: dict[str, str]) -> str:
    """Given a template and the text for each placeholder by name ("" for ``%s``), fill it."""
    return _PLACEHOLDER.sub(lambda placeholder: values[placeholder.group(1) or ""], template)


@lru_cache(maxsize=32)
def _pattern(template: str) -> re.Pattern[str]:
    """Given ``"invalid %(type)s value: %(value)r"``, return a pattern capturing type and value."""
    parts = _PLACEHOLDER.split(template)
    regex = re.escape(parts[0])
    for name, text in zip(parts[1::2], parts[2::2], strict=True):
        regex += f"(?P<_{name or ''}>.+?)" + re.escape(text)
    return re.compile(regex, re.DOTALL)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, with "usage: " in the installed language."""

    def add_usage(self, usage: str | None, actions: typing.Iterable[argparse.Action],
                  groups: typing.Iterable[argparse._MutuallyExclusiveGroup],
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose section titles, ``-h`` help and errors are translated.

    Sub-command parsers made with ``add_subparsers()`` are of the same class.
    """

    def __init__(self, *args: typing.Any, add_help: bool = True, **kwargs: typing.Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        if add_help:
            self.add_argument("-h", "--help", action="help",
                              help=_("show this help message and exit"))

    def error(self, message: str) -> typing.NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, _("%(prog)s: error: %(message)s\n")
                  % {"prog": self.prog, "message": translate_message(message)})

