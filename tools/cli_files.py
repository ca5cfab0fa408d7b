"""Write the man page and the bash, zsh and fish completions of ``ergo`` from its argparse
definitions (``ergo.cli.build_parser``), so that none of them is kept by hand.

The man page comes from argparse-manpage, bash and zsh completions from shtab, fish
completions from the walk below (shtab has no fish output). Reminder and routine ids are
completed from the effective config, read through ``ergo config show``. The wheel's build
runs it (``setup.py``), so pip, pipx and the Debian package install what it writes; it
needs shtab and argparse-manpage:

    python tools/cli_files.py OUTPUT_DIR

and writes the files below OUTPUT_DIR where they go below an installation prefix
(:data:`INSTALLED`): ``share/man/man1/ergo.1`` and the bash, zsh and fish completions.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ergo.cli import build_parser  # noqa: E402

SUMMARY = "posture and movement reminders with guided lumbar stretches"
#: Each file's path below an installation prefix: where man and each shell look for them
#: (bash-completion's and fish's vendor folders, zsh's site-functions).
INSTALLED = {
    "man": "share/man/man1/ergo.1",
    "bash": "share/bash-completion/completions/ergo",
    "zsh": "share/zsh/site-functions/_ergo",
    "fish": "share/fish/vendor_completions.d/ergo.fish",
}

# The ids under a top-level section of `ergo config show` (YAML, two-space indent).
_IDS = ("ergo config show 2>/dev/null "
        "| sed -n '/^{section}:/,/^[^ ]/s/^  \\([a-z0-9_-]*\\):.*/\\1/p'")
REMINDER_IDS = _IDS.format(section="reminders")
ROUTINE_IDS = _IDS.format(section="routines")

SHTAB_PREAMBLE = {
    "bash": f"_ergo_reminder_ids() {{ compgen -W \"$({REMINDER_IDS})\" -- \"$1\"; }}\n"
            f"_ergo_routine_ids() {{ compgen -W \"$({ROUTINE_IDS})\" -- \"$1\"; }}\n",
    "zsh": f"_ergo_reminder_ids() {{ compadd -- ${{(f)\"$({REMINDER_IDS})\"}}; }}\n"
           f"_ergo_routine_ids() {{ compadd -- ${{(f)\"$({ROUTINE_IDS})\"}}; }}\n",
}
# Positional arguments that take an id, by (sub-command, dest).
ID_ARGUMENTS = {("snooze", "reminder"): "reminder", ("trigger", "reminder"): "reminder",
                ("routine", "name"): "routine"}


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Return the parser's sub-command parsers by name (empty when it has none)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def help_of(parser: argparse.ArgumentParser, name: str) -> str:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.dest == name:
                    return choice.help or ""
    return ""


def parser() -> argparse.ArgumentParser:
    """ergo's parser with what the generators read besides argparse's own fields."""
    result = build_parser()
    result.man_short_description = SUMMARY
    for name, command in subcommands(result).items():
        for action in command._actions:
            kind = ID_ARGUMENTS.get((name, action.dest))
            if kind:
                action.complete = {"bash": f"_ergo_{kind}_ids", "zsh": f"_ergo_{kind}_ids"}
    return result


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def fish(root: argparse.ArgumentParser) -> str:
    """Return fish completions: sub-commands, their actions, options and ids."""
    lines = ["# fish completions for ergo, written by tools/cli_files.py.", "complete -c ergo -f",
             f"function __ergo_reminder_ids; {REMINDER_IDS}; end",
             f"function __ergo_routine_ids; {ROUTINE_IDS}; end"]
    commands = subcommands(root)
    top = "__fish_use_subcommand"
    for name, command in commands.items():
        lines.append(f"complete -c ergo -n {top} -a {name} -d {_quote(help_of(root, name))}")
        seen = f"'__fish_seen_subcommand_from {name}'"
        actions = subcommands(command)
        for action_name in actions:
            lines.append(f"complete -c ergo -n {seen} -a {action_name} "
                         f"-d {_quote(help_of(command, action_name))}")
        for option_parser, condition in [(command, seen), *(
                (sub, f"'__fish_seen_subcommand_from {name}; and __fish_seen_subcommand_from "
                      f"{action_name}'") for action_name, sub in actions.items())]:
            for action in option_parser._actions:
                kind = ID_ARGUMENTS.get((name, action.dest))
                if kind:
                    lines.append(f"complete -c ergo -n {condition} -a '(__ergo_{kind}_ids)'")
                for flag in action.option_strings:
                    if flag.startswith("--") and flag != "--help":
                        takes_value = action.nargs != 0 and not isinstance(
                            action, argparse._StoreConstAction | argparse._CountAction)
                        value = " -r" if takes_value else ""
                        lines.append(f"complete -c ergo -n {condition} -l {flag[2:]}{value} "
                                     f"-d {_quote(action.help or '')}")
    lines.append("complete -c ergo -n __fish_use_subcommand -l version -d 'show the version'")
    return "\n".join(lines) + "\n"


def write(output: Path) -> None:
    """Write the man page and the completions below ``output`` (see :data:`INSTALLED`)."""
    import shtab

    for relative in INSTALLED.values():
        (output / relative).parent.mkdir(parents=True, exist_ok=True)
    # The argparse-manpage next to this Python first: a venv's, else the system's.
    search = os.pathsep.join((str(Path(sys.executable).parent), os.environ.get("PATH", "")))
    manpage = shutil.which("argparse-manpage", path=search)
    if manpage is None:
        sys.exit("tools/cli_files.py: argparse-manpage is missing (pip install "
                 "argparse-manpage; Debian: apt install python3-argparse-manpage)")
    subprocess.run(
        [manpage, "--pyfile", str(Path(__file__).resolve()), "--function", "parser",
         "--project-name", "ergo", "--author", "the ergo authors",
         "--output", str(output / INSTALLED["man"])], check=True)
    built = parser()
    for shell in ("bash", "zsh"):
        text = shtab.complete(built, shell, preamble=SHTAB_PREAMBLE)
        (output / INSTALLED[shell]).write_text(text, encoding="utf-8")
    (output / INSTALLED["fish"]).write_text(fish(built), encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]))
