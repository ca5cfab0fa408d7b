"""``ergo --help``, every command's help and argparse's own errors speak the system
locale's language, as the rest of the command line does; the C locale keeps English."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.control.test_cli_control import HEAVY

ROOT = Path(__file__).resolve().parents[2]
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def ergo(*args: str, home: Path, **locale: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m ergo ARGS`` with only the given locale variables set."""
    environ = {key: value for key, value in os.environ.items()
               if key not in LOCALE_VARIABLES and key != "DISPLAY"}
    environ.update(PYTHONPATH=str(ROOT), HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
                   ERGO_RUNTIME_DIR=str(home / "run"), **locale)
    return subprocess.run([sys.executable, "-m", "ergo", *args], capture_output=True, text=True,
                          env=environ, timeout=60, stdin=subprocess.DEVNULL, check=False)


DUTCH = ("gebruik: ergo [-h] [--version] OPDRACHT ...", "positionele argumenten:", "opties:",
         "  -h, --help  toon deze hulptekst en stop", "  --version   toon het versienummer en stop",
         "    snooze    stel herinneringen een tijdje uit")
ENGLISH = ("usage: ergo [-h] [--version] COMMAND ...", "positional arguments:", "options:",
           "  -h, --help  show this help message and exit",
           "  --version   show program's version number and exit",
           "    snooze    hold reminders back for a while")
LOCALES = [({"LANG": "nl_NL.UTF-8"}, DUTCH),
           ({"LC_ALL": "nl_NL.UTF-8", "LANG": "en_GB.UTF-8"}, DUTCH),
           ({"LANGUAGE": "nl", "LANG": "en_GB.UTF-8"}, DUTCH),
           ({"LANG": "C"}, ENGLISH)]


@pytest.mark.parametrize(("locale", "lines"), LOCALES,
                         ids=["LANG=nl", "LC_ALL=nl", "LANGUAGE=nl", "LANG=C"])
def test_the_help_of_ergo_is_dutch_in_a_dutch_locale_and_english_in_c(tmp_path, locale, lines):
    result = ergo("--help", home=tmp_path, **locale)
    assert result.returncode == 0, result.stderr
    shown = result.stdout.splitlines()
    assert shown[0] == lines[0]
    assert set(lines) <= set(shown)
    other = ENGLISH if lines is DUTCH else DUTCH
    assert not set(other) & set(shown)


def test_the_help_of_a_command_is_dutch_with_its_own_texts_and_placeholders(tmp_path):
    result = ergo("snooze", "--help", home=tmp_path, LANG="nl_NL.UTF-8")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("gebruik: ergo snooze [-h] DUUR [HERINNERING]\n\n"
                                    "Stel alle herinneringen, of alleen HERINNERING, uit")
    assert "  DUUR         10m, 1h30m, ... of rest-of-day\n" in result.stdout
    assert "  HERINNERING  het id van één herinnering (standaard: alle)\n" in result.stdout
    stats = ergo("stats", "--help", home=tmp_path, LANG="nl_NL.UTF-8").stdout
    assert "  --days N              de laatste N dagen\n" in stats
    assert "[--until JJJJ-MM-DD]" in stats


# (arguments, the Dutch error, the English error)
ERRORS = [
    (["stats", "--days", "0"],
     "ergo stats: fout: argument --days: '0' is geen aantal dagen van 1 tot en met 3660",
     "ergo stats: error: argument --days: '0' is not a number of days from 1 to 3660"),
    (["trigger"],
     "ergo trigger: fout: deze argumenten zijn verplicht: HERINNERING",
     "ergo trigger: error: the following arguments are required: REMINDER"),
    (["status", "--bogus"],
     "ergo: fout: onbekende argumenten: --bogus",
     "ergo: error: unrecognized arguments: --bogus"),
    (["stats", "--today", "--week"],
     "ergo stats: fout: argument --week: niet toegestaan samen met argument --today",
     "ergo stats: error: argument --week: not allowed with argument --today"),
    (["config", "show", "--set"],
     "ergo config show: fout: argument --set: verwachtte één argument",
     "ergo config show: error: argument --set: expected one argument"),
    (["autostart", "enabel"],
     "ergo autostart: fout: ongeldige keuze: 'enabel' (bedoel je 'enable'?)",
     "ergo autostart: error: invalid choice: 'enabel' (did you mean 'enable'?)"),
]


@pytest.mark.parametrize(("args", "dutch", "english"), ERRORS, ids=[e[0][-1] for e in ERRORS])
def test_argparse_errors_are_dutch_in_a_dutch_locale_and_english_in_c(tmp_path, args, dutch,
                                                                         english):
    for locale, expected, usage in (("nl_NL.UTF-8", dutch, "gebruik: "), ("C", english, "usage: ")):
        result = ergo(*args, home=tmp_path, LANG=locale)
        assert result.returncode == 2, result.stderr
        lines = result.stderr.splitlines()
        assert lines[0].startswith(f"{usage}ergo"), result.stderr
        assert lines[-1] == expected


def test_help_follows_the_configs_language_line_without_parsing_the_config(tmp_path):
    """--help speaks the language the config file sets, over the system locale; the
    rest of the file is not read, so a broken one does not matter, and nothing heavy
    is imported."""
    config = tmp_path / "config" / "ergo" / "ergo.yaml"
    config.parent.mkdir(parents=True)
    config.write_text("language: nl\nreminders: [unclosed\n", encoding="utf-8")
    assert ergo("pause", "--help", home=tmp_path, LANG="C.UTF-8").stdout.startswith(
        "gebruik: ergo pause [-h] [DUUR | until UU:MM | tomorrow ...]")
    code = ("import json, sys\nfrom ergo.cli import main\n"
            "try:\n    main(['stats', '--help'])\nexcept SystemExit as done:\n"
            "    code = done.code\n"
            f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
            "print(json.dumps({'code': code, 'heavy': heavy}))\n")
    environ = {key: value for key, value in os.environ.items() if key not in LOCALE_VARIABLES}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**environ, "PYTHONPATH": str(ROOT), "LANG": "nl_NL.UTF-8"},
                            timeout=60, check=False)
    assert "gebruik: ergo stats" in result.stdout
    assert json.loads(result.stdout.splitlines()[-1]) == {"code": 0, "heavy": []}
