"""The region: from ``region:`` or the locale's country, lockable by the organisation,
and the safety notice's where-to-get-help text for NL, GB and everywhere else."""

from __future__ import annotations

import pytest

from ergo.config import ConfigError, load_config
from ergo.i18n import install
from ergo.region import current_region, install_region, resolve_region
from ergo.safety import safety_notice


@pytest.mark.parametrize(("configured", "environ", "expected"), [
    ("NL", {"LANG": "en_GB.UTF-8"}, "NL"),
    ("uk", {}, "GB"),
    ("auto", {"LANG": "nl_NL.UTF-8"}, "NL"),
    ("auto", {"LC_ALL": "en_GB.UTF-8", "LANG": "nl_NL.UTF-8"}, "GB"),
    ("auto", {"LC_MESSAGES": "de_DE@euro", "LANG": "nl_NL"}, "DE"),
    ("auto", {"LANG": "en-US"}, "US"),
    ("auto", {"LANG": "C.UTF-8"}, ""),
    ("auto", {"LANGUAGE": "nl_NL"}, ""),
    ("auto", {}, ""),
])
def test_the_region_comes_from_the_config_or_the_locales_country(configured, environ, expected):
    assert resolve_region(configured, environ) == expected


def test_region_in_the_config_and_from_the_locale(write):
    assert load_config(write("ergo.yaml", "region: GB\n"), environ={}).settings.region == "GB"
    assert load_config(write("ergo.yaml", "{}\n"),
                       environ={"LANG": "nl_NL.UTF-8"}).settings.region == "NL"


def test_the_organisation_can_lock_the_region(write):
    org = write("org.yaml", "region: NL\npolicy:\n  locked: [region]\n")
    loaded = load_config(write("ergo.yaml", "region: GB\n"), org, environ={})
    assert loaded.settings.region == "NL"
    assert "region: your value GB is locked by the organisation file" in loaded.warnings[0]


def test_a_region_that_is_not_a_country_code_is_a_clear_error(write):
    with pytest.raises(ConfigError) as caught:
        load_config(write("ergo.yaml", "region: Netherlands\n"), environ={})
    assert "region: 'Netherlands' is not valid here; write for example NL" in (
        caught.value.problems[0])


@pytest.fixture
def region():
    yield install_region
    install_region("")
    install("en")


def test_the_dutch_region_sends_people_to_the_huisarts_huisartsenpost_and_112(region):
    region("NL")
    notice = safety_notice()
    assert "GP emergency service" in notice.urgent_heading and "112" in notice.urgent_heading
    install("nl")
    notice = safety_notice()
    assert "huisartsenpost" in notice.urgent_heading and "112" in notice.urgent_heading
    assert "huisarts" in notice.soon_heading


def test_the_uk_sends_people_to_the_gp_nhs_111_and_999(region):
    region("GB")
    notice = safety_notice()
    assert "NHS 111" in notice.urgent_heading and "999" in notice.urgent_heading
    assert "112" not in notice.as_text() and "GP" in notice.soon_heading


@pytest.mark.parametrize("code", ["", "US", "DE"])
def test_elsewhere_the_advice_is_neutral_and_the_medical_facts_stay(region, code):
    region("NL")
    dutch_region = safety_notice()
    region(code)
    notice = safety_notice()
    assert "local emergency number" in notice.urgent_heading and "your doctor" in (
        notice.urgent_heading)
    assert not any(word in notice.as_text() for word in ("112", "999", "NHS", "GP"))
    assert (notice.urgent, notice.soon, notice.stop) == (
        dutch_region.urgent, dutch_region.soon, dutch_region.stop)
    assert current_region() == code
