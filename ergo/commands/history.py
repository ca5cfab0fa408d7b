"""``ergo history clear``: delete the local history, all of it."""

from __future__ import annotations

import argparse
import sys

from ergo.commands.stats import add_db_option
from ergo.errors import UserError
from ergo.history.store import (
    HistoryBusy,
    HistoryCorrupt,
    HistoryError,
    HistoryStore,
    default_path,
    delete_files,
)
from ergo.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "history",
        help=_("manage the local history of reminders"),
        description=_("Manage the history ergo keeps on this machine."),
    )
    actions = parser.add_subparsers(dest="history_command", metavar=_("ACTION"), required=True)
    clear = actions.add_parser(
        "clear",
        help=_("delete the whole history"),
        description=_("Delete every recorded event. A running ergo carries on recording "
        "into the emptied history."),
    )
    clear.add_argument("--yes", action="store_true", help=_("don't ask for confirmation"))
    add_db_option(clear)
    clear.set_defaults(func=run_clear)


def run_clear(args: argparse.Namespace) -> int:
    path = args.db or default_path()
    if not path.exists():
        print(_("There is no history to clear."))
        return 0
    try:
        store = HistoryStore.open(path)
    except HistoryCorrupt:
        # A damaged file can't be emptied row by row; removing it is the clear.
        confirm(args.yes, _("Delete the damaged history file {file}?").format(file=path))
        delete_files(path)
        print(_("Deleted the damaged history file {file}.").format(file=path))
        return 0
    except HistoryBusy as error:
        raise UserError([str(error), _("try again in a moment")], exit_code=1) from error
    except HistoryError as error:
        raise UserError(str(error), exit_code=1) from error
    try:
        question = _("Delete all {count} events in {file}?")
        confirm(args.yes, question.format(count=store.count(), file=path))
        count = store.clear()
    except HistoryError as error:
        raise UserError(str(error), exit_code=1) from error
    finally:
        store.close()
    print(_("Deleted {count} events from {file}.").format(count=count, file=path))
    return 0


def confirm(yes: bool, question: str) -> None:
    """Return if the user agreed (``--yes``, or "y" at the terminal); else raise UserError."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise UserError(_("{question} Add --yes to confirm.").format(question=question))
    answer = input(_("{question} [y/N] ").format(question=question)).strip().lower()
    if answer not in (_("y"), _("yes"), "y", "yes"):
        raise UserError(_("nothing deleted"), exit_code=1)
