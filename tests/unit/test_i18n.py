"""Translations: the .po reader, language choice, a complete Dutch catalog, and checks
that every text a user sees goes through it."""

from __future__ import annotations

import ast
import importlib.util
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

import ergo
from ergo.core.message import Message
from ergo.i18n import (
    LOCALE_DIR,
    CatalogError,
    _,
    available_languages,
    current_language,
    install,
    ngettext,
    read_po,
    resolve_language,
    translate,
    translator,
)

PACKAGE = Path(ergo.__file__).parent
TOOLS = Path(__file__).parents[2] / "tools"
DUTCH = LOCALE_DIR / "nl" / "LC_MESSAGES" / "ergo.po"
TEMPLATE = LOCALE_DIR / "ergo.pot"
# What tools/update_catalogs passes to xgettext: _ and ngettext, N_ for texts
# translated later, and Message(...) for the pure core's texts.
MARKERS = {"_", "N_", "gettext", "ngettext", "Message"}
TRANSLATING = {"_", "ngettext", "translate"}

HEADER = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
'''


def sources() -> Iterator[tuple[str, ast.Module]]:
    """Yield (path relative to the repository, syntax tree) for every module of ergo."""
    for path in sorted(PACKAGE.rglob("*.py")):
        yield (str(path.relative_to(PACKAGE.parent)),
               ast.parse(path.read_text(encoding="utf-8"), str(path)))


def called_name(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def marked_messages() -> dict[str, str]:
    """Return every string literal passed to a marker (see MARKERS) anywhere in ergo."""
    found: dict[str, str] = {}
    for where, tree in sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = called_name(node)
            if name not in MARKERS:
                continue
            count = 2 if name == "ngettext" else 1
            for arg in node.args[:count]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found[arg.value] = f"{where}:{node.lineno}"
    return found


# The calls whose text reaches the user: output, errors and refusals, menu items, window
# titles, and (checked separately) the text= of any widget. Log records are left out on
# purpose: the log is for diagnosing ergo and stays English.
USER_FACING_CALLS = {
    "print", "input", "write", "title", "ArgumentTypeError", "failure", "notify", "_notify",
    "MenuItem", "HistoryError", "HistoryBusy", "HistoryCorrupt", "HistoryTooNew",
}
NOT_CHECKED = (
    # file:line validation messages stay English (see the README's translation section)
    "ergo/config/",
    # the prompt process's stderr goes only to the daemon's log
    "ergo/desktop/prompt.py",
)
# The command line's parser texts: --help shows them in the user's language.
PARSER_KEYWORDS = {"help", "description", "epilog", "metavar", "title"}
PARSER_MODULES = ("ergo/cli.py", "ergo/commands/")
NAMES = {"ergo"}  # the product's name is the same in every language


def english_words(node: ast.AST) -> list[str]:
    """Given an argument, return the words of English text it holds as a bare literal:
    a string or the literal parts of an f-string, also inside lists, tuples, ``+`` and
    ``a if c else b``, and a literal that ``.format()`` is called on. Text that comes
    from a call such as ``_(...)``, ``str(error)`` or a variable is not bare."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [w for w in re.findall(r"[A-Za-z]{2,}", node.value) if w not in NAMES]
    if isinstance(node, ast.JoinedStr):
        return [w for part in node.values for w in english_words(part)]
    if isinstance(node, ast.List | ast.Tuple):
        return [w for item in node.elts for w in english_words(item)]
    if isinstance(node, ast.BinOp):
        return english_words(node.left) + english_words(node.right)
    if isinstance(node, ast.IfExp):
        return english_words(node.body) + english_words(node.orelse)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr == "format":
        return english_words(node.func.value)
    return []


def user_error_classes(trees: list[tuple[str, ast.Module]]) -> set[str]:
    """Return UserError and the names of every class in ergo derived from it."""
    found = {"UserError"}
    while True:
        more = {node.name for _where, tree in trees for node in ast.walk(tree)
                if isinstance(node, ast.ClassDef) and node.name not in found
                and any(isinstance(base, ast.Name) and base.id in found for base in node.bases)}
        if not more:
            return found
        found |= more


def bare_texts_in(where: str, tree: ast.Module, errors: set[str]) -> list[str]:
    """Given a module, its name and the UserError classes, return file:line, call and
    words for every user-facing call in it that is given bare English."""
    calls: list[tuple[ast.Call, list[ast.AST]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name in errors:
            calls += [(call, call.args) for call in ast.walk(node)
                      if isinstance(call, ast.Call) and called_name(call) == "__init__"]
        elif isinstance(node, ast.Call):
            name = called_name(node)
            if name in USER_FACING_CALLS or name in errors:
                calls.append((node, node.args))
            calls += [(node, [kw.value]) for kw in node.keywords if kw.arg == "text"
                      or (kw.arg in PARSER_KEYWORDS and where.startswith(PARSER_MODULES))]
    found = []
    for call, args in calls:
        words = [w for arg in args for w in english_words(arg)]
        if words:
            found.append(f"{where}:{call.lineno}: {called_name(call)}(...) says "
                         f"{' '.join(words)!r} without _()")
    return found


def placeholders(text: str) -> set[str]:
    return {field for _lit, field, _spec, _conv in string.Formatter().parse(text)
            if field is not None}


def write_catalog(locale_dir: Path, language: str, body: str) -> None:
    folder = locale_dir / language / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "ergo.po").write_text(HEADER + body, encoding="utf-8")


def test_the_source_marks_texts_for_translation():
    assert {"Step {number} of {count}", "About and safety", "{n} minutes", "Mon",
            "a pause must last longer than zero", "Welcome to ergo"} <= set(marked_messages())


def test_every_user_facing_call_in_ergo_gets_its_text_through_gettext():
    trees = list(sources())
    errors = user_error_classes(trees)
    assert {"UserError", "DaemonNotRunning", "AlreadyRunning"} <= errors
    bare = [line for where, tree in trees if not where.startswith(NOT_CHECKED)
            for line in bare_texts_in(where, tree, errors)]
    assert not bare, "English shown without translation:\n" + "\n".join(bare)


def test_the_bare_text_check_finds_english_literals_and_lets_translated_text_through():
    snippet = ast.parse('''
class Gone(UserError):
    def __init__(self):
        super().__init__("it is gone")

print("Hello")                                    # 3: flagged
print(f"{count} problems found")                  # 4: flagged
raise UserError(["first", _("second")])           # 5: flagged
label = tk.Label(root, text="Close")              # 6: flagged
out.write("a " + ("yes" if ok else "no"))         # 7: flagged
print("{n} left".format(n=n))                     # 8: flagged
print(_("Hello"), file=sys.stderr)
print(f"ergo: {line}")
raise UserError(_("{n} left").format(n=n))
out.write(f"\\r  {counter:>7}  {bar}  ")
print(str(error), ngettext("a", "b", n))
log.warning("logs stay English")
''')
    found = bare_texts_in("x.py", snippet, {"UserError", "Gone"})
    assert [line.split(":")[1] for line in found] == ["4", "6", "7", "8", "9", "10", "11"]
    assert "'it is gone'" in found[0] and "'problems found'" in found[2]


def test_the_bare_text_check_finds_english_help_in_the_command_lines_parser():
    snippet = ast.parse('parser.add_argument("--x", metavar="FILE", help="the file")\n'
                        'parser.add_argument("--y", metavar=_("FILE"), help=_("the file"))\n'
                        'subparsers.add_parser("z", description="Does z.")')
    found = bare_texts_in("ergo/commands/x.py", snippet, set())
    assert [line.split(":")[1] for line in found] == ["1", "1", "3"]
    assert not bare_texts_in("ergo/player/x.py", snippet, set())


def translated_at_import(node: ast.AST, in_function: bool = False) -> Iterator[int]:
    """Yield the lines of calls to _(), ngettext() or translate() outside any function."""
    if isinstance(node, ast.Call) and called_name(node) in TRANSLATING and not in_function:
        yield node.lineno
    inside = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
    for child in ast.iter_child_nodes(node):
        yield from translated_at_import(child, inside)


def test_no_text_is_translated_when_a_module_is_imported():
    """Module and class bodies run at import, before any language is installed."""
    early = [f"{where}:{line}" for where, tree in sources() for line in translated_at_import(tree)]
    assert not early, "translated at import time (mark with N_ instead):\n" + "\n".join(early)
    assert list(translated_at_import(ast.parse("A = _('x')\ndef f():\n    return _('y')"))) == [1]


def test_no_function_that_translates_also_binds_the_name_underscore():
    """`key, _, value = ...` in a function makes _ local there, and _() then fails."""
    clashes = []
    for where, tree in sources():
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            names = [node for node in ast.walk(function) if isinstance(node, ast.Name)
                     and node.id == "_"]
            calls = any(isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id == "_" for node in ast.walk(function))
            if calls and any(isinstance(name.ctx, ast.Store) for name in names):
                clashes.append(f"{where}:{function.lineno} {function.name}")
    assert not clashes


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


def metainfo_texts() -> set[str]:
    """Return the translatable texts of the metainfo source, as xgettext's rules find
    them (whitespace folded)."""
    import xml.etree.ElementTree as ElementTree

    found: set[str] = set()
    for source in (PACKAGE / "data" / "metainfo").glob("*.metainfo.xml.in"):
        for element in ElementTree.parse(source).getroot().iter():
            if element.tag in ("name", "summary", "p", "keyword") and element.text:
                found.add(" ".join(element.text.split()))
    return found


def built_in_config_texts() -> set[str]:
    """Return the texts of the built-in config files, as tools/config_texts.py finds them."""
    import yaml

    spec = importlib.util.spec_from_file_location("config_texts", TOOLS / "config_texts.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found: set[str] = set()
    for name in ("defaults.yaml", "routines.yaml"):
        node = yaml.compose((PACKAGE / "config" / name).read_text("utf-8"))
        found |= {text for _line, text in module.texts(node)}
    return found


def test_the_template_lists_exactly_the_marked_texts_and_matches_the_dutch_catalog():
    """Fails when tools/update_catalogs was not run after texts changed."""
    entries = read_po(TEMPLATE.read_text("utf-8"), str(TEMPLATE))
    template = {entry.msgid for entry in entries} - {""}
    plural_forms = {entry.msgid_plural for entry in entries if entry.msgid_plural}
    config_texts = built_in_config_texts()
    assert "Time to move" in config_texts
    assert (set(marked_messages()) | config_texts | metainfo_texts()) - plural_forms == template
    assert template | {""} == {entry.msgid for entry in read_po(DUTCH.read_text("utf-8"))}


def test_the_installed_language_is_used_by_every_lookup_until_another_is_installed():
    assert current_language() == "en"
    assert install("nl_NL.UTF-8") == "nl" and current_language() == "nl"
    assert _("Pause") == "Pauzeren"
    assert ngettext("{n} day", "{n} days", 3) == "{n} dagen"
    refusal = Message("a snooze may last at most {longest}", longest="15m")
    assert translate(refusal) == "uitstellen mag hoogstens 15m duren"
    assert install("fr") == "en"
    assert (_("Pause"), translate(refusal)) == ("Pause", "a snooze may last at most 15m")
    assert str(refusal) == "a snooze may last at most 15m"


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
    with pytest.raises(CatalogError, match=r"nl\.po:1: bad string"):
        read_po('msgid "Say "hi""\n', "nl.po")


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


def test_catalogs_are_looked_for_in_the_users_then_the_systems_data_dirs_then_the_package(
        tmp_path, monkeypatch):
    from ergo.i18n import locale_dirs

    environ = {"XDG_DATA_HOME": str(tmp_path / "home"),
               "XDG_DATA_DIRS": f"{tmp_path / 'site'}:{tmp_path / 'vendor'}"}
    assert locale_dirs(environ) == [tmp_path / "home" / "ergo" / "locale",
                                    tmp_path / "site" / "ergo" / "locale",
                                    tmp_path / "vendor" / "ergo" / "locale", LOCALE_DIR]
    write_catalog(tmp_path / "vendor" / "ergo" / "locale", "fr",
                  'msgid "Quit"\nmsgstr "Quitter"\n')
    write_catalog(tmp_path / "home" / "ergo" / "locale", "nl",
                  'msgid "Quit"\nmsgstr "Stoppen maar"\n')
    monkeypatch.setenv("XDG_DATA_HOME", environ["XDG_DATA_HOME"])
    monkeypatch.setenv("XDG_DATA_DIRS", environ["XDG_DATA_DIRS"])
    assert available_languages() == ["en", "fr", "nl"]
    assert translator("fr").gettext("Quit") == "Quitter"
    # The user's own catalog comes before the package's.
    assert translator("nl").gettext("Quit") == "Stoppen maar"


def test_each_language_is_named_in_itself_and_one_without_a_name_by_its_code(
        tmp_path, monkeypatch):
    from ergo.i18n import language_name

    home = tmp_path / "home"
    write_catalog(home / "ergo" / "locale", "de", 'msgid "English"\nmsgstr "Deutsch"\n')
    write_catalog(home / "ergo" / "locale", "fr", 'msgid "Quit"\nmsgstr "Quitter"\n')
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    assert [language_name(code) for code in available_languages()] == \
        ["English", "Deutsch", "fr", "Nederlands"]
    assert language_name("xx") == "xx"
