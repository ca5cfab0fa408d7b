"""Translations of ergo's own texts (menus, prompts, the routine player, messages).

Catalogs are gettext files ``<dir>/<lang>/LC_MESSAGES/ergo.po`` (read directly, no
compile step) or ``ergo.mo`` (as ``msgfmt`` writes them). They are looked for in
the user's data directory (``~/.local/share/ergo/locale``), then in
``$XDG_DATA_DIRS/ergo/locale`` (``/usr/share/ergo/locale``, where an organisation
can ship one), then in the package (``ergo/locale``); the first directory with a
language's catalog provides it. The languages ergo offers are the catalogs
found: adding a language is adding one file (start from ``ergo/locale/ergo.pot``,
see ``docs/translating.md``). English is the source language and needs no catalog.

The ``.po`` reader turns a catalog into the bytes of a ``.mo`` file in memory
and hands them to :class:`gettext.GNUTranslations`, so lookups, plural rules
(``Plural-Forms``) and fallbacks are the standard library's own. Entries marked
``fuzzy`` are left out, as ``msgfmt`` does.

One language per process. Each entry point sets it once with :func:`install`
(``ergo`` commands from the system locale, or from ``Settings.language`` when they
read the config; the daemon again when a reloaded config names another
language). Every module then translates through this module's functions, which
look up the installed catalog at call time, so nothing is translated on import::

    from ergo.i18n import N_, _, ngettext

    HEADINGS = (N_("Done"), N_("Skipped"))      # marked now, translated where shown
    print(_("Snooze"), ngettext("{n} minute", "{n} minutes", n).format(n=n))
    print(_(HEADINGS[0]))

Texts from the pure core arrive as :class:`ergo.core.message.Message` values and
are shown with :func:`translate`. Thread rules: :func:`install` may be called on
any thread; it swaps one reference, so a lookup on another thread sees either
the old or the new catalog, never a mix.
"""

from __future__ import annotations

import ast
import gettext
import io
import locale
import os
import struct
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ergo.core.message import Message

DOMAIN = "ergo"
SOURCE_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "locale"

# The environment variables gettext itself consults, in its order of priority.
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it yet; return it unchanged."""
    return message


@dataclass(frozen=True)
class _Installed:
    language: str
    translations: gettext.NullTranslations


_installed = _Installed(SOURCE_LANGUAGE, gettext.NullTranslations())


def install(language: str) -> str:
    """Given a language (``"auto"`` or a code such as ``"nl"``), make it the language of
    this process's texts; return the code in use (English when there is no catalog).

    Raise :class:`CatalogError` if the language's ``.po`` file is malformed.
    """
    global _installed
    code = resolve_language(language)
    _installed = _Installed(code, translator(code))
    return code


def current_language() -> str:
    """Return the code of the installed language (``"en"`` until :func:`install`)."""
    return _installed.language


def _(message: str) -> str:
    """Return ``message`` in the installed language (unchanged when it has no translation)."""
    return _installed.translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return the singular or plural form for ``n`` in the installed language."""
    return _installed.translations.ngettext(singular, plural, n)


def translate(message: Message) -> str:
    """Given a message from the core, return it in the installed language, filled in."""
    return _(message.text).format(**dict(message.args))


@dataclass
class CatalogEntry:
    """One message of a ``.po`` file; ``line`` is where its ``msgid`` starts."""

    msgid: str
    msgstr: list[str]
    msgid_plural: str | None = None
    msgctxt: str | None = None
    flags: set[str] = field(default_factory=set)
    line: int = 0


class CatalogError(ValueError):
    """A ``.po`` file that cannot be read; the message names the file and line."""


def locale_dirs(environ: Mapping[str, str] | None = None) -> list[Path]:
    """Return the directories searched for catalogs, first choice first (see the module's
    docstring); ``environ`` defaults to ``os.environ``."""
    environ = os.environ if environ is None else environ
    if sys.platform in ("win32", "darwin"):
        from platformdirs import site_data_path, user_data_path

        data = [user_data_path(DOMAIN, appauthor=False), site_data_path(DOMAIN, appauthor=False)]
    else:
        home = environ.get("XDG_DATA_HOME") or os.path.join(environ.get("HOME", "~"),
                                                            ".local", "share")
        shared = environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
        data = [Path(home).expanduser() / DOMAIN,
                *(Path(folder) / DOMAIN for folder in shared.split(":") if folder)]
    return [*(folder / "locale" for folder in data), LOCALE_DIR]


def _catalogs(locale_dir: Path | None) -> dict[str, Path]:
    """Given one directory (``None``: all of :func:`locale_dirs`), return each language's
    catalog file, a ``.po`` before a ``.mo`` in the same directory."""
    found: dict[str, Path] = {}
    for folder in [locale_dir] if locale_dir is not None else locale_dirs():
        for suffix in ("po", "mo"):
            for path in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.{suffix}")):
                found.setdefault(path.parent.parent.name, path)
    found.pop(SOURCE_LANGUAGE, None)
    return found


def available_languages(locale_dir: Path | None = None) -> list[str]:
    """Return the languages ergo can show: English plus every language with a catalog in
    ``locale_dir`` (``None``: in any of :func:`locale_dirs`)."""
    return [SOURCE_LANGUAGE, *sorted(_catalogs(locale_dir))]


def language_name(language: str) -> str:
    """Given a language code, return the language's name in itself, or the code when
    its catalog is missing, malformed or does not name it."""
    # Translators: the name of the language you translate into, written in that
    # language ("Nederlands", "Deutsch"); ergo lists it in the settings window.
    name = N_("English")
    if language == SOURCE_LANGUAGE:
        return name
    try:
        named = _load(language, None).gettext(name) if language in available_languages() \
            else name
    except CatalogError:
        named = name
    return language if named == name else named


def resolve_language(
    language: str,
    environ: Mapping[str, str] | None = None,
    locale_dir: Path | None = None,
) -> str:
    """Given a configured language (``"auto"`` or a code such as ``"nl"``), return the one to use.

    ``auto`` takes the first available language from ``LANGUAGE`` (a colon-separated
    list), ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``, then, on Windows and macOS
    where those are usually unset, from :func:`locale.getlocale`. Anything not
    available falls back to English.
    """
    available = available_languages(locale_dir)
    if language != "auto":
        code = _language_code(language)
        return code if code in available else SOURCE_LANGUAGE
    environ = os.environ if environ is None else environ
    candidates: list[str] = []
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            candidates.extend(value.split(":") if variable == "LANGUAGE" else [value])
            if variable != "LANGUAGE":
                break  # like gettext: the first LC_* / LANG that is set decides
    if not candidates and sys.platform in ("win32", "darwin"):
        candidates.append(locale.getlocale()[0] or "")
    for candidate in candidates:
        code = _language_code(candidate)
        if code in ("c", "posix"):
            return SOURCE_LANGUAGE
        if code in available:
            return code
    return SOURCE_LANGUAGE


def translator(language: str = "auto", locale_dir: Path | None = None) -> gettext.NullTranslations:
    """Given a language (``"auto"`` or a code), return its translations (``gettext``, ``ngettext``).

    Raise :class:`CatalogError` if the language's ``.po`` file is malformed.
    """
    return _load(resolve_language(language, locale_dir=locale_dir), locale_dir)


def _load(language: str, locale_dir: Path | None) -> gettext.NullTranslations:
    path = _catalogs(locale_dir).get(language)
    if path is None:
        return gettext.NullTranslations()
    return _read_catalog(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _read_catalog(path: Path, _mtime: int) -> gettext.NullTranslations:
    """Given a ``.po`` or ``.mo`` file (and its time of change, so an edited one is read
    again), return its translations."""
    if path.suffix == ".mo":
        try:
            with path.open("rb") as stream:
                return gettext.GNUTranslations(stream)
        except (OSError, struct.error) as error:
            raise CatalogError(f"{path}: not a readable .mo file ({error})") from None
    entries = read_po(path.read_text(encoding="utf-8"), str(path))
    return gettext.GNUTranslations(io.BytesIO(_mo_bytes(entries)))


def read_po(text: str, filename: str = "<po>") -> list[CatalogEntry]:
    """Given the text of a ``.po`` file, return its entries, the header (``msgid ""``) first.

    Raise :class:`CatalogError` naming ``filename`` and the line for anything
    that is not a ``.po`` statement.
    """
    entries: list[CatalogEntry] = []
    flags: set[str] = set()
    current: dict[str, object] = {}
    last_key: tuple[str, int | None] | None = None

    def flush() -> None:
        nonlocal current, flags, last_key
        if "msgid" in current:
            plural = current.get("msgid_plural")
            strings = current.get("msgstr", {})
            assert isinstance(strings, dict)
            entries.append(
                CatalogEntry(
                    msgid=str(current["msgid"]),
                    msgstr=[strings[i] for i in sorted(strings)],
                    msgid_plural=None if plural is None else str(plural),
                    msgctxt=current.get("msgctxt"),  # type: ignore[arg-type]
                    flags=flags,
                    line=int(current["line"]),  # type: ignore[call-overload]
                )
            )
        current, flags, last_key = {}, set(), None

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        where = f"{filename}:{number}"
        if line.startswith("#") and "msgstr" in current:
            flush()  # a comment after a translation starts the next entry
        if not line or (line.startswith("#") and not line.startswith("#,")):
            continue
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith('"'):
            if last_key is None:
                raise CatalogError(f"{where}: a string continues nothing")
            _append(current, last_key, _unquote(line, where))
        else:
            keyword, _space, rest = line.partition(" ")
            key: tuple[str, int | None]
            if keyword.startswith("msgstr[") and keyword.endswith("]") and keyword[7:-1].isdigit():
                key = ("msgstr", int(keyword[7:-1]))
            elif keyword in ("msgid", "msgid_plural", "msgstr", "msgctxt"):
                if keyword in ("msgid", "msgctxt") and "msgstr" in current:
                    flush()
                key = (keyword, 0 if keyword == "msgstr" else None)
            else:
                raise CatalogError(f"{where}: unknown keyword {keyword!r}")
            if key[0] == "msgid":
                current["line"] = number
            elif keyword != "msgctxt" and "msgid" not in current:
                raise CatalogError(f"{where}: {keyword} without a msgid before it")
            _append(current, key, _unquote(rest.strip(), where), start=True)
            last_key = key
    flush()
    return entries


def _append(current: dict, key: tuple[str, int | None], text: str, start: bool = False) -> None:
    name, index = key
    if index is None:
        current[name] = text if start else current[name] + text
    else:
        strings = current.setdefault("msgstr", {})
        strings[index] = text if start else strings[index] + text


def _unquote(token: str, where: str) -> str:
    if len(token) < 2 or not (token.startswith('"') and token.endswith('"')):
        raise CatalogError(f"{where}: expected a quoted string, found {token!r}")
    inner = token[1:-1]
    if "\\" not in inner and '"' not in inner:
        # Most strings have no escapes; parsing each as Python costs the settings
        # window and the daemon tens of milliseconds per catalog.
        return inner
    try:
        value = ast.literal_eval(token)
    except (SyntaxError, ValueError) as error:
        raise CatalogError(f"{where}: bad string {token}: {error}") from None
    assert isinstance(value, str)
    return value


def _mo_bytes(entries: list[CatalogEntry]) -> bytes:
    """Given catalog entries, return a little-endian ``.mo`` file as ``msgfmt`` writes it."""
    pairs: dict[bytes, bytes] = {}
    for entry in entries:
        if "fuzzy" in entry.flags and entry.msgid:
            continue
        if not any(entry.msgstr):
            continue
        key = entry.msgid if entry.msgid_plural is None else f"{entry.msgid}\0{entry.msgid_plural}"
        if entry.msgctxt is not None:
            key = f"{entry.msgctxt}\x04{key}"
        pairs[key.encode()] = "\0".join(entry.msgstr).encode()
    keys = sorted(pairs)
    header_size = 7 * 4
    ids_offset = header_size
    strs_offset = ids_offset + 8 * len(keys)
    data_offset = strs_offset + 8 * len(keys)
    id_table, str_table, blob = [], [], b""
    for raw in keys:
        id_table.append((len(raw), data_offset + len(blob)))
        blob += raw + b"\0"
    for raw in keys:
        value = pairs[raw]
        str_table.append((len(value), data_offset + len(blob)))
        blob += value + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, len(keys), ids_offset, strs_offset, 0, 0)
    out += b"".join(struct.pack("<2I", *item) for item in id_table + str_table)
    return out + blob


def _language_code(value: str) -> str:
    """Given ``nl_NL.UTF-8``, ``nl-BE`` or ``Dutch_Netherlands``, return a code like ``nl``."""
    base = value.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return _WINDOWS_NAMES.get(base, base)


# locale.getlocale() on Windows can return English language names.
_WINDOWS_NAMES = {"dutch": "nl", "english": "en"}
