"""Linux and other freedesktop systems: the XDG autostart entry, the application launcher
entry and the hicolor icons.

Follows the Desktop Entry Specification (Exec quoting, string escapes) and the
Desktop Application Autostart Specification: the user's ``$XDG_CONFIG_HOME/autostart``
shadows an entry of the same name in ``$XDG_CONFIG_DIRS/autostart``, and ``Hidden=true``
there turns a system-wide entry off for that user. GNOME's settings write
``X-GNOME-Autostart-enabled=false`` instead; both are honoured and reported.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ergo.autostart.command_words import backslash_in_quotes, split_words
from ergo.autostart.common import (
    LAUNCHER_ENTRY,
    SYSTEM_XDG_ENTRY,
    XDG_ENTRY,
    Done,
    EntryStatus,
    Places,
    Target,
    install_file,
    remove_file,
    write_file,
)
from ergo.i18n import LOCALE_DIR, N_, SOURCE_LANGUAGE, _, available_languages, translator

ENTRY_NAME = "ergo.desktop"
MARKER_KEY = "X-ergo-Managed"
ICON_SIZES: tuple[int, ...] = (16, 22, 24, 32, 48, 64, 128, 256)
# Besides the PNG sizes: the scalable icon, and the one-colour one panels recolour.
VECTOR_ICONS: tuple[str, ...] = ("scalable/apps/ergo.svg", "symbolic/apps/ergo-symbolic.svg")

# Characters the Desktop Entry Specification reserves in Exec arguments.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = set('"`$\\')


def quote_exec(command: tuple[str, ...]) -> str:
    """Given a command line, return it as an Exec value (before string escaping)."""
    words = []
    for word in command:
        word = word.replace("%", "%%")
        if word and not _RESERVED.intersection(word):
            words.append(word)
        else:
            inner = "".join(f"\\{c}" if c in _ESCAPED_IN_QUOTES else c for c in word)
            words.append(f'"{inner}"')
    return " ".join(words)


def split_exec(value: str) -> tuple[str, ...]:
    """Given an Exec value (after string unescaping), return its command line, without
    field codes such as ``%U``."""
    words = split_words(value, backslash_in_quotes)
    result = []
    for word in words:
        if len(word) == 2 and word[0] == "%" and word[1] != "%":
            continue
        result.append(word.replace("%%", "%"))
    return tuple(result)


def escape_string(value: str) -> str:
    """Given a text, return it as a desktop-entry string value."""
    return (value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
            .replace("\r", "\\r"))


def unescape_string(value: str) -> str:
    """Given a desktop-entry string value, return the text it stands for."""
    replacements = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    out: list[str] = []
    i = 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value) and value[i + 1] in replacements:
            out.append(replacements[value[i + 1]])
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def parse_entry(text: str) -> dict[str, str]:
    """Given a desktop entry file's text, return the keys of its ``[Desktop Entry]`` group
    (values still escaped; localized keys such as ``Name[nl]`` kept as they are)."""
    keys: dict[str, str] = {}
    group = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
        elif group == "Desktop Entry" and "=" in line:
            key, _equals, value = line.partition("=")
            keys.setdefault(key.strip(), value.strip())
    return keys


_GENERIC_NAME = N_("Posture reminders")
_COMMENT = N_("Reminds you to sit upright, change position and get up to move")
# Translators: search words for the application menu, each ending in ';'.
_KEYWORDS = N_("posture;ergonomics;break;stretch;reminder;back;sitting;")


def _localised(key: str, text: str) -> list[str]:
    """Return ``key=text`` and a ``key[lang]=`` line for each of the package's catalogs
    that translates ``text`` (the entry is the same whatever the user's language)."""
    lines = [f"{key}={text}"]
    for language in available_languages(LOCALE_DIR):
        translated = translator(language, LOCALE_DIR).gettext(text)
        if language != SOURCE_LANGUAGE and translated != text:
            lines.append(f"{key}[{language}]={escape_string(translated)}")
    return lines


def desktop_entry(command: tuple[str, ...], autostart: bool) -> str:
    """Given the command that starts ergo, return the launcher entry, or with ``autostart``
    the login entry (which also names the program in TryExec, so a session manager skips
    it quietly once that program is gone). Its translations come from ergo's catalogs."""
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        "Name=ergo",
        *_localised("GenericName", _GENERIC_NAME),
        *_localised("Comment", _COMMENT),
        f"Exec={escape_string(quote_exec(command))}",
    ]
    if autostart:
        lines.append(f"TryExec={escape_string(command[0])}")
    lines += [
        "Icon=ergo",
        "Terminal=false",
        "StartupNotify=false",
        # GNOME lists only the programs that say so in its per-app notification settings.
        "X-GNOME-UsesNotifications=true",
        "Categories=Utility;",
        *_localised("Keywords", _KEYWORDS),
    ]
    if autostart:
        lines.append("X-GNOME-Autostart-enabled=true")
    lines.append(f"{MARKER_KEY}=true")
    return "\n".join(lines) + "\n"


def hiding_entry(command: tuple[str, ...]) -> str:
    """Given the command of a system-wide entry, return the per-user entry that turns it off."""
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=ergo",
        f"Exec={escape_string(quote_exec(command))}",
        "Hidden=true",
        f"{MARKER_KEY}=true",
    ]) + "\n"


def autostart_dir(target: Target) -> Path:
    places = target.places
    if target.system:
        return places.system("/etc/xdg/autostart")
    return places.xdg_home("XDG_CONFIG_HOME", ".config") / "autostart"


def system_autostart_entries(places: Places) -> list[Path]:
    """Given the places, return the system-wide ergo entries a session manager would see."""
    dirs = places.environ.get("XDG_CONFIG_DIRS", "") or "/etc/xdg"
    candidates = [places.system(d) / "autostart" / ENTRY_NAME for d in dirs.split(":") if d]
    return [path for path in candidates if path.is_file()]


def data_dir(target: Target) -> Path:
    if target.system:
        return target.places.system("/usr/share")
    return target.places.xdg_home("XDG_DATA_HOME", ".local/share")


def _is_ours(path: Path) -> bool:
    try:
        return parse_entry(path.read_text(encoding="utf-8")).get(MARKER_KEY) == "true"
    except (OSError, UnicodeDecodeError):
        return False


def _read_status(what: str, path: Path) -> EntryStatus:
    try:
        keys = parse_entry(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return EntryStatus(what, str(path), True,
                           notes=(_("unreadable: {error}").format(error=error),))
    hidden = keys.get("Hidden") == "true"
    switched_off = keys.get("X-GNOME-Autostart-enabled") == "false"
    notes = []
    if hidden:
        notes.append(_("Hidden=true: turned off for this user (by the desktop's settings or "
                       "`ergo autostart disable`)"))
    if switched_off:
        notes.append(_("X-GNOME-Autostart-enabled=false: turned off in the desktop's "
                       "start-up settings; `ergo autostart enable` turns it back on"))
    if keys.get(MARKER_KEY) != "true":
        notes.append(_("not written by ergo"))
    return EntryStatus(what, str(path), True, enabled=not (hidden or switched_off),
                       command=split_exec(unescape_string(keys.get("Exec", ""))),
                       notes=tuple(notes))


def enable(target: Target) -> list[str]:
    """Write the autostart entry; return what was done."""
    path = autostart_dir(target) / ENTRY_NAME
    return [install_file(path, desktop_entry(target.command, autostart=True).encode())]


def disable(target: Target) -> list[str]:
    """Remove ergo's autostart entry; for a user, also hide a system-wide one."""
    path = autostart_dir(target) / ENTRY_NAME
    done = remove_file(path, _is_ours(path))
    lines: list[str] = [done] if done else [_("no autostart entry at {file}").format(file=path)]
    if not target.system and not path.exists():
        for system_entry in system_autostart_entries(target.places)[:1]:
            keys = parse_entry(system_entry.read_text(encoding="utf-8"))
            command = split_exec(unescape_string(keys.get("Exec", "")))
            lines.append(install_file(path, hiding_entry(command).encode()).extended(
                _("(Hidden=true turns off {file} for you)").format(file=system_entry)))
    return lines


def status(target: Target) -> list[EntryStatus]:
    """Return the autostart entry that takes effect, and a system-wide one it shadows."""
    path = autostart_dir(target) / ENTRY_NAME
    result = []
    if path.exists():
        result.append(_read_status(XDG_ENTRY, path))
    if not target.system:
        for system_entry in system_autostart_entries(target.places)[:1]:
            shadowed = path.exists()
            entry = _read_status(SYSTEM_XDG_ENTRY, system_entry)
            if shadowed:
                replaced = _("replaced for this user by {file}").format(file=path)
                entry = EntryStatus(entry.what, entry.location, True, False, entry.command,
                                    (*entry.notes, replaced))
            result.append(entry)
    return result or [EntryStatus(XDG_ENTRY, str(path), False)]


def _packaged(relative: str) -> bytes:
    return resources.files("ergo").joinpath("data", relative).read_bytes()


def icon_files() -> list[tuple[str, bytes]]:
    """Return ergo's icons as (path below ``icons/hicolor``, content) pairs."""
    files = [(f"{n}x{n}/apps/ergo.png", _packaged(f"icons/hicolor/{n}x{n}/apps/ergo.png"))
             for n in ICON_SIZES]
    files.extend((relative, _packaged(f"icons/hicolor/{relative}")) for relative in VECTOR_ICONS)
    return files


def install_launcher(target: Target) -> list[str]:
    """Install the application launcher entry and the icons; return what was done."""
    share = data_dir(target)
    lines: list[str] = [install_file(share / "applications" / ENTRY_NAME,
                          desktop_entry(target.command, autostart=False).encode())]
    icons = share / "icons" / "hicolor"
    results = [write_file(icons / relative, data) for relative, data in icon_files()]
    unchanged = results.count("unchanged")
    written = len(results) - unchanged
    lines.append(Done(_("icons in {folder}: {written} written, {unchanged} unchanged").format(
        folder=icons, written=written, unchanged=unchanged),
        "wrote" if written else "unchanged", icons))
    return lines


def remove_launcher(target: Target) -> list[str]:
    """Remove the launcher entry and those icons that are still exactly ergo's."""
    share = data_dir(target)
    path = share / "applications" / ENTRY_NAME
    lines: list[str] = [line for line in [remove_file(path, _is_ours(path))] if line]
    icons = share / "icons" / "hicolor"
    removed = 0
    for relative, data in icon_files():
        icon = icons / relative
        if icon.is_file() and icon.read_bytes() == data:
            icon.unlink()
            removed += 1
            # Drop the size and apps folders too once they are empty, as before enable.
            for folder in (icon.parent, icon.parent.parent):
                if not any(folder.iterdir()):
                    folder.rmdir()
    if removed:
        lines.append(Done(_("removed {count} icons from {folder}").format(
            count=removed, folder=icons), "removed", icons))
    return lines


def launcher_status(target: Target) -> list[EntryStatus]:
    """Return the launcher entry's status and a note on how many icons are in place."""
    share = data_dir(target)
    path = share / "applications" / ENTRY_NAME
    if not path.exists():
        return [EntryStatus(LAUNCHER_ENTRY, str(path), False)]
    entry = _read_status(LAUNCHER_ENTRY, path)
    icons = share / "icons" / "hicolor"
    present = sum((icons / relative).is_file() for relative, _data in icon_files())
    note = _("{present} of {count} icons in {folder}").format(
        present=present, count=len(ICON_SIZES) + len(VECTOR_ICONS), folder=icons)
    return [EntryStatus(entry.what, entry.location, True, None, entry.command,
                        (*entry.notes, note))]
