import os
import sys
from pathlib import Path

import pytest

from ergo.i18n import install

# Test helper modules (tests/history_events.py) import as top-level modules.
sys.path.insert(0, str(Path(__file__).parent))
DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Every test starts in English, whatever the machine's locale: no locale variable
    points elsewhere (child processes inherit that) and this process shows English.
    A test that wants Dutch calls ``install("nl")`` or sets ``LANGUAGE=nl`` for a child;
    English is installed again afterwards."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    install("en")
    yield
    install("en")


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: docs/ with ERGO_UPDATE_SCREENSHOTS=1, else a temporary
    folder, so a test run leaves the repository unchanged."""
    if os.environ.get("ERGO_UPDATE_SCREENSHOTS") == "1":
        return DOCS
    return tmp_path_factory.mktemp("screenshots")
