"""The metainfo file's translations come from ergo's catalogs: the committed file is what
``tools/write_metainfo`` makes from the ``.in`` source, and it carries every language's
texts."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from ergo.i18n import LOCALE_DIR, SOURCE_LANGUAGE, available_languages
from tests.missing import unavailable

ROOT = Path(__file__).resolve().parents[2]
METAINFO = ROOT / "ergo" / "data" / "metainfo" / "io.github.ergo_reminders.ergo.metainfo.xml"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_the_metainfo_file_is_what_write_metainfo_makes_from_the_catalogs(tmp_path):
    if shutil.which("msgfmt") is None:
        unavailable("msgfmt (Debian: gettext) merges the catalogs into the metainfo file")
    tree = tmp_path / "tree"
    for part in ("tools", "ergo/data/metainfo", "ergo/locale"):
        shutil.copytree(ROOT / part, tree / part, ignore=shutil.ignore_patterns("*.xml"))
    subprocess.run(["sh", str(tree / "tools" / "write_metainfo")], check=True)
    made = tree / METAINFO.relative_to(ROOT)
    assert made.read_text(encoding="utf-8") == METAINFO.read_text(encoding="utf-8"), (
        "run sh tools/write_metainfo")


def test_every_catalog_translates_the_summary_and_each_paragraph():
    root = ElementTree.parse(METAINFO).getroot()
    languages = set(available_languages(LOCALE_DIR)) - {SOURCE_LANGUAGE}
    assert {e.get(LANG) for e in root.iter("summary")} == {None, *languages}
    paragraphs = root.find("description")
    assert paragraphs is not None
    for language in languages:
        assert len([p for p in paragraphs if p.get(LANG) == language]) == len(
            [p for p in paragraphs if p.get(LANG) is None])
