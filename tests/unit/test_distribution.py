"""ergo is installed as ergo-reminders, and says so."""

from __future__ import annotations

from importlib import metadata

import pytest

from ergo import DISTRIBUTION, __version__
from ergo.cli import main


def test_version_names_the_distribution_and_its_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"ergo-reminders {__version__}\n"


def test_the_installed_metadata_has_the_name_version_and_spdx_licence():
    info = metadata.metadata(DISTRIBUTION)
    assert info["Name"] == "ergo-reminders"
    assert info["Version"] == __version__
    assert info["License-Expression"] == "GPL-3.0-or-later"
