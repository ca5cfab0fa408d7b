"""The configured language as the light command-line path reads it from the files."""

from __future__ import annotations

import pytest

from ergo.language_setting import configured_language


@pytest.fixture
def files(tmp_path):
    def write(user: str | None = None, org: str | None = None) -> dict[str, str]:
        environ = {"ERGO_CONFIG": str(tmp_path / "ergo.yaml"),
                   "ERGO_ORG_CONFIG": str(tmp_path / "org.yaml")}
        for name, text in (("ergo.yaml", user), ("org.yaml", org)):
            if text is not None:
                (tmp_path / name).write_text(text, encoding="utf-8")
        return environ
    return write


@pytest.mark.parametrize(("user", "expected"), [
    ("language: nl\n", "nl"),
    ("# ergo\nlanguage: 'de'   # German\nreminders: [broken\n", "de"),
    ('language: "auto"\n', "auto"),
    ("reminders:\n  walk:\n    title: {nl: x}\n  language: nl\n", "auto"),
])
def test_the_users_top_level_language_line_is_read(files, user, expected):
    assert configured_language(files(user=user)) == expected


def test_without_files_the_system_locale_decides(files):
    assert configured_language(files()) == "auto"


def test_the_organisations_language_is_a_default_the_user_can_change(files):
    assert configured_language(files(org="language: nl\n")) == "nl"
    assert configured_language(files(user="language: en\n", org="language: nl\n")) == "en"


@pytest.mark.parametrize("policy", ["policy:\n  locked:\n    - language\n",
                                    "policy:\n  locked: [snooze.max_per_day, language]\n"])
def test_a_language_the_organisation_locks_wins(files, policy):
    environ = files(user="language: en\n", org=f"language: nl\n{policy}")
    assert configured_language(environ) == "nl"
