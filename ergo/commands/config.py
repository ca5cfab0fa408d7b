"""``ergo config``: check, show, locate and create config files.

``ergo.config`` (and with it PyYAML) is imported inside each command, so that
``ergo --help`` and unrelated commands stay fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from ergo.errors import UserError
from ergo.i18n import _, install, ngettext


def add_config_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--config`` and ``--org-config``, shared by every command that reads the config."""
    parser.add_argument("--config", type=Path, metavar=_("FILE"),
                        help=_("user config file (default: $ERGO_CONFIG, "
                               "else the user config dir)"))
    parser.add_argument("--org-config", type=Path, metavar=_("FILE"),
                        help=_("organisation config file (default: $ERGO_ORG_CONFIG, "
                        "else the site config dir)"))


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("config", help=_("check, show and create config files"))
    commands = parser.add_subparsers(dest="config_command", metavar=_("ACTION"), required=True)

    check = commands.add_parser(
        "check", help=_("validate config files; without FILE, the files in effect"),
        epilog=_("Exit codes: 0 every file is valid, 2 problems were found (or nothing "
                 "was checked)."))
    check.add_argument("files", nargs="*", type=Path, metavar=_("FILE"))
    check.add_argument("--org", action="store_true",
                       help=_("check FILE as an organisation file (policy allowed)"))
    check.add_argument("--json", action="store_true",
                       help=_("print the result as JSON, in English (for scripts)"))
    add_config_options(check)
    check.set_defaults(func=run_check)

    show = commands.add_parser("show", help=_("print the effective config"))
    show.add_argument("--origin", action="store_true",
                      help=_("show the file:line behind each value and whether it is locked"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.add_argument("--set", action="append", default=[], metavar=_("KEY=VALUE"),
                      dest="overrides", help=_("override one key, e.g. reminders.walk.every=45m"))
    add_config_options(show)
    show.set_defaults(func=run_show)

    paths = commands.add_parser("paths", help=_("where ergo looks for config files"))
    add_config_options(paths)
    paths.set_defaults(func=run_paths)

    init = commands.add_parser(
        "init", help=_("write a commented user config file that editors check against the schema"))
    add_config_options(init)
    init.set_defaults(func=run_init)

    schema = commands.add_parser("schema", help=_("print the JSON Schema of config files"))
    schema.add_argument("--org", action="store_true",
                        help=_("the schema of organisation files (with policy)"))
    schema.add_argument("--path", action="store_true",
                        help=_("print the editor modeline that points at the installed schema"))
    schema.set_defaults(func=run_schema)


def run_check(args: argparse.Namespace) -> int:
    from ergo.config import ConfigError, check_file, load_config

    problems: list[str] = []
    warnings: list[str] = []
    checked: list[str] = []
    if args.files:
        for path in args.files:
            try:
                result = check_file(path, as_org=args.org)
            except ConfigError as error:
                problems.extend(error.problems)
                continue
            checked.append(str(path))
            warnings.extend(result.warnings)
            if not args.json:
                _print_warnings(result.warnings)
                print(_("{file}: ok").format(file=path))
    else:
        try:
            result = load_config(args.config, args.org_config)
        except ConfigError as error:
            problems.extend(error.problems)
        else:
            checked = [str(path) for path in result.files]
            warnings = result.warnings
            if not args.json:
                install(result.settings.language)
                _print_warnings(result.warnings)
                read = ", ".join(checked) or _("built-in defaults only")
                print(_("ok: {files}").format(files=read))
    code = 2 if problems or (args.files and not checked) else 0
    if args.json:
        print(json.dumps({"ok": code == 0, "files": checked, "warnings": warnings,
                          "problems": [_problem_json(line) for line in problems]},
                         indent=2, ensure_ascii=False))
        return code
    if problems:
        for line in problems:
            print(line, file=sys.stderr)
        count = len(problems)
        print(ngettext("{n} problem found", "{n} problems found", count).format(n=count),
              file=sys.stderr)
    return code


def _problem_json(line: str) -> dict[str, Any]:
    """Given a problem line ``FILE:LINE:COL: key: message``, return its parts for --json."""
    import re

    found = re.match(r"(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.*)", line)
    if found is None:
        return {"text": line, "file": None, "line": None, "column": None}
    return {"text": line, "file": found["file"], "line": int(found["line"]),
            "column": int(found["column"])}


def run_show(args: argparse.Namespace) -> int:
    from ergo.config import load_config
    from ergo.config.merge import walk

    loaded = load_config(args.config, args.org_config, args.overrides)
    _print_warnings(loaded.warnings)
    if not args.origin:
        if args.json:
            print(json.dumps(loaded.data, indent=2, ensure_ascii=False))
        else:
            import yaml

            print(yaml.safe_dump(loaded.data, sort_keys=False, allow_unicode=True), end="")
        return 0
    from ergo.config.policy import locked_at
    from ergo.config.problems import dotted

    rows = []
    for path in walk(loaded.data, ()):
        value = _at(loaded.data, path)
        if not path or isinstance(value, dict) or isinstance(path[-1], int):
            continue
        key = dotted(path)
        origin = loaded.origins[key]
        rows.append((key, value, origin, locked_at(loaded.locks, key)))
    if args.json:
        print(json.dumps({
            key: {"value": value, "origin": str(origin), "layer": origin.layer,
                  "locked": lock is not None, "locked_by": lock and str(lock)}
            for key, value, origin, lock in rows
        }, indent=2, ensure_ascii=False))
        return 0
    for key, value, origin, lock in rows:
        note = f"{origin.layer}, locked: {lock}" if lock else origin.layer
        print(f"{key}: {_flow(value)}  # {origin} ({note})")
    return 0


def run_paths(args: argparse.Namespace) -> int:
    from importlib import resources

    from ergo.config import BUILT_IN_FILES
    from ergo.config.locate import locate

    package = resources.files("ergo.config")
    for name in BUILT_IN_FILES:
        print(f"{'built-in':<13} {package.joinpath(name)}")
    for location in locate(args.config, args.org_config, os.environ):
        if location.exists:
            state = _("exists")
        elif location.explicit:
            state = _("MISSING")
        else:
            state = _("not present, skipped")
        if location.explicit:
            state = _("{state}, from {source}").format(state=state, source=location.chosen_by)
        print(f"{location.layer:<13} {location.path}  ({state})")
        if location.layer == "organisation":
            _print_deliveries(location.path)
    return 0


def _print_deliveries(org_path: Path) -> None:
    """Print the drop-ins beside the organisation file and the system's own deliveries."""
    import sys

    from ergo.config.managed_prefs import managed_prefs_path
    from ergo.config.organisation import drop_in_dir, drop_ins

    found = drop_ins(org_path)
    for path in found:
        print(f"{'drop-in':<13} {path}")
    if not found:
        none = _("none")
        print(f"{'drop-ins':<13} {drop_in_dir(org_path) / '*.yaml'}  ({none})")
    if sys.platform == "win32":
        from ergo.config.group_policy import HIVES, POLICY_KEY

        for hive in HIVES:
            print(f"{'Group Policy':<13} {hive}\\{POLICY_KEY}")
    prefs = managed_prefs_path(os.environ)
    if prefs is not None:
        state = _("exists") if prefs.exists() else _("not present, skipped")
        print(f"{'managed':<13} {prefs}  ({state})")


def run_init(args: argparse.Namespace) -> int:
    from ergo.config.locate import locate
    from ergo.config.template import write_user_template

    _org, user = locate(args.config, args.org_config, os.environ)
    try:
        write_user_template(user.path)
    except FileExistsError:
        raise UserError(
            _("{file}: already exists; ergo does not overwrite it. Edit it, or move it "
              "away first").format(file=user.path), exit_code=1) from None
    except OSError as error:
        raise UserError(_("{file}: cannot write ({reason})").format(
            file=user.path, reason=error.strerror), exit_code=1) from None
    print(_("wrote {file}").format(file=user.path))
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from ergo.config.schema import json_schema_text, modeline

    if args.path:
        print(modeline(args.org))
    else:
        print(json_schema_text(args.org), end="")
    return 0


def _print_warnings(warnings: list[str]) -> None:
    for line in warnings:
        print(_("warning: {problem}").format(problem=line), file=sys.stderr)


def _at(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


def _flow(value: Any) -> str:
    import yaml

    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1_000_000)
    return text.removesuffix("\n...\n").strip()
