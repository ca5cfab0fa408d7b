"""Reading one YAML config source into plain data plus the position of every key.

Loading is defensive because config files come from many hands: only YAML's safe
subset is read, files over 1 MiB are refused, deep nesting and alias "bombs" are
stopped before they cost time or memory, and binary or non-UTF-8 files, directories
and unreadable paths become :class:`ConfigError` messages, never tracebacks.

Scalars follow the YAML 1.2 core schema (as editors with YAML support do): only
``true``/``false`` are booleans and ``17:30`` stays the text ``"17:30"``, so
``fri: off`` and an unquoted time of day mean what they look like.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ergo.config.problems import ConfigError, KeyPath, Mark, problem

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32
MAX_VALUES = 100_000

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader with YAML 1.2 core scalar rules instead of YAML 1.1's."""

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}  # noqa: RUF012 (PyYAML's class-level registry)


for _tag, _pattern, _first in (
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+0123456789."),
    ),
):
    _Loader.add_implicit_resolver(_TAG + _tag, re.compile(_pattern), _first)


@dataclass(frozen=True)
class Document:
    """One loaded config source.

    ``data`` is the top-level mapping (plain dicts, lists and scalars); ``marks``
    maps every key path to where it is written (the key for mapping entries, the
    item for list entries, the document start for ``()``).
    """

    source: str
    data: dict[str, Any]
    marks: dict[KeyPath, Mark] = field(default_factory=dict)
    path: Path | None = None

    def mark(self, path: KeyPath) -> Mark:
        """Given a key path, return where it (or its nearest written parent) is written."""
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, Mark(self.source, 1, 1))


def load_path(path: Path) -> Document:
    """Given a file path, return its Document.

    Raise ConfigError if the path is missing, a directory, unreadable, too big,
    binary, not UTF-8, not valid YAML or not a mapping of settings.
    """
    source = str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ConfigError(f"{source}: is a directory; give the path of a .yaml file")
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(f"{source}: is not a regular file; give the path of a .yaml file")
        if info.st_size > MAX_BYTES:
            raise ConfigError(_too_big(source))
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(f"{source}: no such file; check the path") from None
    except PermissionError:
        raise ConfigError(
            f"{source}: permission denied; make the file readable for this user"
        ) from None
    except OSError as error:
        raise ConfigError(f"{source}: cannot be read ({error.strerror}); check the path") from None
    return load_bytes(raw, source, path)


def load_resource(name: str) -> Document:
    """Given the name of a YAML file shipped in ``ergo.config``, return its Document."""
    # Read beside this module, as the catalogs are (ergo.i18n): importlib.resources
    # would cost every process that loads a config ten milliseconds of imports.
    raw = (Path(__file__).parent / name).read_bytes()
    return load_bytes(raw, f"built-in {name}")


def load_bytes(raw: bytes, source: str, path: Path | None = None) -> Document:
    """Given the bytes of a config source, return its Document; raise ConfigError if unusable."""
    if len(raw) > MAX_BYTES:
        raise ConfigError(_too_big(source))
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise ConfigError(
            f"{source}:{line}:1: this looks like a binary file, not YAML text; "
            "give the path of the .yaml config file"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ConfigError(
            f"{source}:{line}:1: the byte 0x{raw[error.start]:02x} is not UTF-8 text; "
            "save the file with UTF-8 encoding"
        ) from None
    return load_text(text, source, path)


def load_text(text: str, source: str, path: Path | None = None) -> Document:
    """Given YAML text, return its Document; raise ConfigError listing every problem."""
    try:
        _check_shape(text, source)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise ConfigError(_syntax_problem(error, text, source)) from None
    except yaml.reader.ReaderError as error:
        line, col = _line_col(text, error.position)
        raise ConfigError(
            f"{source}:{line}:{col}: the character #x{error.character:x} is not allowed in "
            "YAML; delete it or save the file as plain text"
        ) from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{source}: not valid YAML ({error}); check the file") from None
    if root is None:
        return Document(source, {}, {(): Mark(source, 1, 1)}, path)
    builder = _Builder(source)
    data = builder.value(root, (), 0)
    if not isinstance(data, dict):
        builder.problems.insert(
            0,
            problem(
                _mark(source, root), (),
                f"the file holds {_kind(data)}, not settings; "
                "write settings as 'key: value' lines, for example 'language: en'",
            ),
        )
    if builder.problems:
        raise ConfigError(builder.problems)
    return Document(source, data, builder.marks, path)


def _check_shape(text: str, source: str) -> None:
    """Refuse absurd nesting from the event stream, before building any node tree."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
                raise ConfigError(
                    f"{where}: nested more than "
                    f"{MAX_DEPTH} levels deep; an ergo config needs at most 6"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _Builder:
    """Turns a composed node tree into plain data, recording marks and problems.

    Aliases share nodes, so the expanded tree is walked with a budget: a small
    file that expands to millions of values is refused after MAX_VALUES.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.marks: dict[KeyPath, Mark] = {}
        self.problems: list[str] = []
        self.count = 0

    def value(self, node: yaml.Node, path: KeyPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_VALUES or depth > MAX_DEPTH:
            raise ConfigError(
                f"{_mark(self.source, node)}: anchors and aliases (&name / *name) expand "
                f"this file beyond {MAX_VALUES} values or {MAX_DEPTH} levels; "
                "write the values out instead"
            )
        self.marks.setdefault(path, _mark(self.source, node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            self._expect_tag(node, "seq", path)
            return [
                self.value(item, (*path, index), depth + 1)
                for index, item in enumerate(node.value)
            ]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, depth: int) -> dict[str, Any]:
        self._expect_tag(node, "map", path)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(problem(
                    _mark(self.source, key_node), path,
                    "a key must be a plain word, not a list or mapping; "
                    "rewrite it as 'name: value'",
                ))
                continue
            key = key_node.value
            child = (*path, key)
            if key in result:
                self.problems.append(problem(
                    _mark(self.source, key_node), child,
                    f"is given twice (first at line {self.marks[child].line}); "
                    "keep one of them",
                ))
                continue
            self.marks[child] = _mark(self.source, key_node)
            result[key] = self.value(value_node, child, depth + 1)
        return result

    def _expect_tag(self, node: yaml.Node, kind: str, path: KeyPath) -> None:
        if node.tag != _TAG + kind:
            self.problems.append(problem(
                _mark(self.source, node), path,
                f"the tag {_short(node.tag)} is not supported; remove it",
            ))

    def _scalar(self, node: yaml.Node, path: KeyPath) -> Any:
        text: str = node.value
        tag = node.tag.removeprefix(_TAG)
        try:
            if tag == "str":
                return text
            if tag == "null":
                return None
            if tag == "bool":
                return {"true": True, "false": False}[text.lower()]
            if tag == "int":
                return int(text, 0) if text[:2] in ("0o", "0x") else int(text, 10)
            if tag == "float":
                special = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}
                return float(special.get(text.lower(), text))
        except (KeyError, ValueError):
            self.problems.append(problem(
                _mark(self.source, node), path,
                f"{text[:40]!r} is not a valid {tag}; remove the !!{tag} tag or fix the value",
            ))
            return None
        self.problems.append(problem(
            _mark(self.source, node), path,
            f"the tag {_short(node.tag)} is not supported; remove it",
        ))
        return None


def _mark(source: str, node: yaml.Node) -> Mark:
    return Mark(source, node.start_mark.line + 1, node.start_mark.column + 1)


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _line_col(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"the single value {str(value)[:40]!r}"


def _too_big(source: str) -> str:
    return (
        f"{source}: is larger than {MAX_BYTES // 1024} KiB; "
        "an ergo config is a few KiB, so check that this is the right file"
    )


_HINTS = (
    ("mapping values are not allowed", "put text that contains ': ' in quotes, "
     "for example message: \"Note: stand up\""),
    ("maximum nesting depth", f"an ergo config needs at most {MAX_DEPTH} levels"),
    ("found undefined alias", "define the anchor (&name) before using it (*name)"),
    ("expected a single document", "remove the '---' line that starts a second document"),
)


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, source: str) -> str:
    mark = error.problem_mark or error.context_mark
    what = " ".join(part for part in (error.context, error.problem) if part)
    hint = next(
        (fix for needle, fix in _HINTS if needle in what),
        "check the indentation and quoting near this line",
    )
    if mark is None:
        return f"{source}: YAML syntax error: {what}; {hint}"
    if text[mark.index : mark.index + 1] == "\t":
        hint = "YAML does not allow tabs for indentation; indent with spaces"
    lines = text.splitlines()
    shown = lines[mark.line].strip()[:60] if mark.line < len(lines) else ""
    near = f" in `{shown}`" if shown else ""
    return (
        f"{source}:{mark.line + 1}:{mark.column + 1}: YAML syntax error: {what}{near}; {hint}"
    )

