"""No English in what the commands print under ``language: nl``: the real output of
``ergo status`` (against a running ``ergo run --no-tray``), ``ergo doctor``, ``ergo plan``,
``ergo stats``, argparse's errors and the ``--help`` of ``ergo`` and of every command.

The system locale is C, so only the config's ``language: nl`` can make the output Dutch.
A word fails the test when it is on a list of English words that Dutch text never uses.
What is not prose is taken out first: command lines (``ergo pause until 13:30``), the
command names in the list of commands, option and key names, and what is quoted in
backticks. ``ergo doctor`` shows the backends' names and own diagnostics as they report
them (the same words go to the log), so what follows ``niet`` and ``beperking``, and the
explanations in brackets, are left out there.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ergo.cli import build_parser
from tests.configs import all_week
from tests.e2e.test_first_run import environment, ergo
from tests.waiting import wait_until

_ENGLISH_WORDS = """
    the and with without your you this that which when while would should could there
    their what where error usage options arguments argument's default file files show shows
    print prints reminder reminders snooze snoozed paused pause break breaks stretch
    stretches routine routines next today found available cannot unknown help message
    exit only also every each from into after before since running stopped started day days
    week minutes seconds done skipped ignored shown longest sitting total compare compared
    history backends config settings working hours nothing scheduled left unlimited tray
    notifications idle lock sleep interruptions paths works through missing install
    help log here
"""
ENGLISH = frozenset(_ENGLISH_WORDS.split())
# Backend and program names doctor reports, which are the same in every language.
NAMES = frozenset({"none", "log", "capture", "linux", "display"})
COMMAND_LINE = re.compile(r"\bergo(?: [a-z][\w-]*)+(?: \[[^\]]*\]| [A-Z]+| [\w:.-]+)*")
COMMAND_LIST = re.compile(r"^ {4}([a-z]+)(?=\s)", re.M)
CHOICES = re.compile(r"\{[^}]*\}")
BACKTICKS = re.compile(r"`[^`]*`")
WORD = re.compile(r"(?<![\w.$/=-])[A-Za-z]+(?![\w.=/-])")

CONFIG = f"language: nl\n{all_week('1m')}"


def english_words(text: str) -> set[str]:
    """Return the English words in ``text``, once what is not prose is taken out."""
    for pattern in (BACKTICKS, COMMAND_LINE, CHOICES, COMMAND_LIST):
        text = pattern.sub(" ", text)
    return {word for word in WORD.findall(text) if word.lower() in ENGLISH} - NAMES


def doctor_prose(text: str) -> str:
    """Return the doctor's output without the backends' own diagnostics."""
    lines = []
    for line in text.splitlines():
        line = re.sub(r"\([^()]*\)", " ", re.sub(r"\([^()]*\)", " ", line))
        if re.match(r"\s+(niet [\w -]+|beperking):", line):
            line = line.split()[0]
        lines.append(line)
    return "\n".join(lines)


def subcommand_paths() -> list[list[str]]:
    """Return every command and sub-command of ``ergo``, e.g. ``["config", "check"]``."""
    import argparse

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> Iterator[list[str]]:
        yield path
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    yield from walk(child, [*path, name])

    return list(walk(build_parser(), []))


@pytest.fixture(scope="module")
def dutch() -> Iterator[dict[str, str]]:
    """The environment of a user whose config says ``language: nl``, system locale C."""
    home = Path(tempfile.mkdtemp(prefix="ergo-nl-", dir="/tmp"))
    env = {**environment(home), "LANG": "C.UTF-8", "LANGUAGE": ""}
    (home / "config" / "ergo").mkdir(parents=True)
    (home / "config" / "ergo" / "ergo.yaml").write_text(CONFIG, encoding="utf-8")
    yield env
    shutil.rmtree(home, ignore_errors=True)


def assert_dutch(text: str, where: str) -> None:
    assert text.strip(), f"{where} printed nothing"
    found = english_words(text)
    assert not found, f"English words in {where}: {sorted(found)}\n{text}"


def test_the_word_check_finds_english_and_passes_command_lines():
    assert english_words("Next reminder: Walk at 10:00") == {"Next", "reminder"}
    assert not english_words("gebruik: ergo pause [DUUR | until UU:MM | tomorrow], "
                             "bijvoorbeeld ergo pause until 13:30")
    assert not english_words("zet hem aan met `ergo autostart enable` of reminders.walk.every")


@pytest.mark.parametrize("path", subcommand_paths(), ids=lambda path: " ".join(path) or "ergo")
def test_the_help_of_every_command_is_dutch(dutch, path):
    result = ergo(dutch, *path, "--help")
    assert result.returncode == 0, result.stderr
    assert_dutch(result.stdout, f"ergo {' '.join(path)} --help")


def test_the_help_of_the_player_process_is_dutch(dutch):
    result = subprocess.run([sys.executable, "-m", "ergo.player", "--help"], env=dutch,
                            capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("gebruik: python -m ergo.player")
    assert_dutch(result.stdout.replace("python -m ergo.player", "ergo"), "ergo.player --help")


def test_plan_stats_and_an_argparse_error_are_dutch(dutch):
    for args in (["plan"], ["stats"], ["stats", "--days", "0"], ["snooze", "10"]):
        result = ergo(dutch, *args)
        assert_dutch(result.stdout + result.stderr, f"ergo {' '.join(args)}")


def test_doctor_is_dutch_apart_from_the_backends_own_reasons(dutch):
    result = ergo(dutch, "doctor")
    assert result.returncode == 0, result.stderr
    assert "Wat zou helpen:" in result.stdout
    assert_dutch(doctor_prose(result.stdout), "ergo doctor")


def test_status_of_a_running_ergo_is_dutch(dutch):
    daemon = subprocess.Popen([sys.executable, "-m", "ergo", "run", "--no-tray"], env=dutch,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def answered() -> subprocess.CompletedProcess[str] | None:
            assert daemon.poll() is None, "ergo exited"
            status = ergo(dutch, "status")
            return status if status.returncode == 0 else None

        status = wait_until(answered, 20, "ergo to start")
        assert status.stdout.startswith("ergo draait (pid ")
        assert_dutch(status.stdout, "ergo status")
        assert ergo(dutch, "stop").returncode == 0
        assert daemon.wait(20) == 0
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait()
