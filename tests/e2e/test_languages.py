"""Commands speak the system locale's language, or the one they are given."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {key: value for key, value in os.environ.items() if key != "DISPLAY"}
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True,
                          env={**environ, "PYTHONPATH": str(ROOT), **env}, timeout=60,
                          stdin=subprocess.DEVNULL, check=False)


def test_a_command_that_reads_no_config_follows_the_system_locale(tmp_path):
    runtime = str(tmp_path / "run")
    dutch = run("ergo", "status", LANG="nl_NL.UTF-8", ERGO_RUNTIME_DIR=runtime)
    english = run("ergo", "status", LANG="en_GB.UTF-8", ERGO_RUNTIME_DIR=runtime)
    assert (dutch.returncode, english.returncode) == (1, 1)
    assert dutch.stderr == "ergo: ergo draait niet (start het met: ergo run)\n"
    assert english.stderr == "ergo: ergo is not running (start it with: ergo run)\n"


def test_usage_errors_of_a_command_are_translated_too():
    result = run("ergo", "snooze", "10", LANGUAGE="nl")
    assert result.returncode == 2
    assert result.stderr == ("ergo: '10' is geen duur; schrijf een getal met een eenheid, "
                             "bijvoorbeeld 45s, 20m, 1h of 1h30m, of rest-of-day\n")


def test_about_without_a_display_prints_the_whole_notice_and_its_sources_in_dutch():
    result = run("ergo.player", "--about", "--language", "nl", LANG="nl_NL.UTF-8")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("ergo 0.")
    for part in ("Veiligheid", "geen medisch advies", "Bel meteen je huisarts",
                 "Maak binnenkort een afspraak met je huisarts in deze gevallen:", "Bronnen",
                 "NHG-Standaard Aspecifieke lagerugpijn", "NICE guideline NG59"):
        assert part in text


def test_the_about_notice_points_to_the_services_of_the_region():
    british = run("ergo.player", "--about", "--language", "en", LANG="en_GB.UTF-8", LC_ALL="")
    assert "NHS 111" in british.stdout and "112" not in british.stdout
    elsewhere = run("ergo.player", "--about", "--language", "en", LANG="en_US.UTF-8", LC_ALL="")
    assert "your local emergency number" in elsewhere.stdout
    assert "NHS 111" not in elsewhere.stdout and "112" not in elsewhere.stdout
