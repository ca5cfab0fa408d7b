"""Translations: the .po reader, language choice, and a complete Dutch catalog."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import ergo
from ergo.i18n import (
    LOCALE_DIR,
    CatalogError,
    available_languages,
    read_po,
    resolve_language,
    translator,
)

PACKAGE = Path(ergo.__file__).parent
DUTCH = LOCALE_DIR / "nl" / "LC_MESSAGES" / "ergo.po"
TEMPLATE = LOCALE_DIR / "ergo.pot"
MARKERS = {"_", "N_", "gettext", "ngettext"}

HEADER = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
'''


def marked_messages() -> dict[str, str]:
    """Return every string literal passed to _(), N_(), gettext() or ngettext() in ergo."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name not in MARKERS:
                continue
            count = 2 if name == "ngettext" else 1
            for arg in node.args[:count]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found[arg.value] = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
    return found


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def write_catalog(locale_dir: Path, language: str, body: str) -> None:
    folder = locale_dir / language / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "ergo.po").write_text(HEADER + body, encoding="utf-8")


def test_the_source_marks_texts_for_translation():
    assert {"Step {number} of {count}", "About and safety", "{n} minutes"} <= set(
        marked_messages()
    )


def test_every_text_marked_in_the_source_has_a_dutch_translation():
    catalog = {entry.msgid: entry for entry in read_po(DUTCH.read_text("utf-8"), str(DUTCH))}
    plural_ids = {e.msgid_plural: e for e in catalog.values() if e.msgid_plural}
    missing = []
    for message, where in marked_messages().items():
        entry = catalog.get(message) or plural_ids.get(message)
        if entry is None or not all(entry.msgstr) or "fuzzy" in entry.flags:
            missing.append(f"{where}: {message!r}")
    assert not missing, "no Dutch translation for:\n" + "\n".join(missing)


def test_the_dutch_catalog_has_no_fuzzy_or_empty_entries():
    bad = [
        f"{DUTCH.name}:{entry.line}: {entry.msgid!r}"
        for entry in read_po(DUTCH.read_text("utf-8"), str(DUTCH))
        if entry.msgid and ("fuzzy" in entry.flags or not entry.msgstr or not all(entry.msgstr))
    ]
    assert not bad


def test_dutch_translations_keep_the_placeholders_of_the_original():
    wrong = [
        entry.msgid
        for entry in read_po(DUTCH.read_text("utf-8"))
        for text in entry.msgstr
        if entry.msgid and placeholders(text) != placeholders(entry.msgid)
    ]
    assert not wrong


def test_the_template_lists_every_marked_text_and_matches_the_dutch_catalog():
    template = {entry.msgid for entry in read_po(TEMPLATE.read_text("utf-8"), str(TEMPLATE))}
    dutch = {entry.msgid for entry in read_po(DUTCH.read_text("utf-8"))}
    plural_forms = {e.msgid_plural for e in read_po(TEMPLATE.read_text("utf-8")) if e.msgid_plural}
    assert set(marked_messages()) - plural_forms <= template
    assert template == dutch


def test_dutch_texts_are_looked_up_with_dutch_plural_rules():
    nl = translator("nl")
    assert nl.gettext("Pause") == "Pauzeren"
    assert nl.ngettext("{n} minute", "{n} minutes", 1) == "{n} minuut"
    assert nl.ngettext("{n} minute", "{n} minutes", 2) == "{n} minuten"


def test_english_needs_no_catalog_and_an_unknown_language_falls_back_to_it():
    for language in ("en", "xx"):
        tr = translator(language)
        assert tr.gettext("Pause") == "Pause"
        assert tr.ngettext("{n} minute", "{n} minutes", 2) == "{n} minutes"


def test_a_language_is_added_by_adding_a_po_file(tmp_path):
    write_catalog(tmp_path, "fr", 'msgid "Quit"\nmsgstr "Quitter"\n')
    assert available_languages(tmp_path) == ["en", "fr"]
    assert translator("fr", locale_dir=tmp_path).gettext("Quit") == "Quitter"


def test_fuzzy_entries_are_not_used(tmp_path):
    write_catalog(tmp_path, "nl", '#, fuzzy\nmsgid "Quit"\nmsgstr "Stoppen"\n')
    assert translator("nl", locale_dir=tmp_path).gettext("Quit") == "Quit"


def test_the_po_reader_handles_continued_strings_escapes_context_and_plurals():
    entries = read_po(
        HEADER
        + '\n#. a comment\n#: file.py:3\nmsgctxt "menu"\nmsgid ""\n"Say \\"hi\\"\\n"\n"twice"\n'
        'msgstr "Zeg \\"hoi\\"\\n"\n"twee keer"\n\n'
        'msgid "{n} day"\nmsgid_plural "{n} days"\nmsgstr[0] "{n} dag"\nmsgstr[1] "{n} dagen"\n'
    )
    context, plural = entries[1], entries[2]
    assert (context.msgctxt, context.msgid, context.msgstr) == (
        "menu", 'Say "hi"\ntwice', ['Zeg "hoi"\ntwee keer'])
    assert (plural.msgid_plural, plural.msgstr) == ("{n} days", ["{n} dag", "{n} dagen"])
    assert context.line == 9


def test_a_broken_po_file_is_reported_with_file_and_line():
    with pytest.raises(CatalogError, match=r"nl\.po:2: unknown keyword 'msgtsr'"):
        read_po('msgid "Quit"\nmsgtsr "Stoppen"\n', "nl.po")
    with pytest.raises(CatalogError, match=r"nl\.po:1: expected a quoted string"):
        read_po("msgid Quit\n", "nl.po")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANGUAGE": "nl:en"}, "nl"),
        ({"LANGUAGE": "fr:nl_BE"}, "nl"),
        ({"LC_ALL": "nl_NL.UTF-8", "LANG": "en_GB.UTF-8"}, "nl"),
        ({"LC_MESSAGES": "nl_NL@euro"}, "nl"),
        ({"LANG": "nl_NL.UTF-8"}, "nl"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "nl_NL.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
    ],
)
def test_auto_follows_the_system_locale(environ, expected):
    assert resolve_language("auto", environ) == expected


def test_a_configured_language_is_used_when_it_has_a_catalog():
    assert resolve_language("nl", {"LANG": "en_GB.UTF-8"}) == "nl"
    assert resolve_language("nl_BE", {}) == "nl"
    assert resolve_language("fr", {"LANG": "nl_NL.UTF-8"}) == "en"
