"""Print, as a gettext template, the texts of ergo's built-in config files.

The reminder and routine texts in ergo/config/defaults.yaml and routines.yaml are
written in English; ergo translates them through its catalogs at run time
(ergo/config/localise.py). tools/update_catalogs adds this template to the one
xgettext makes from the code. Usage: python3 tools/config_texts.py FILE...
"""

from __future__ import annotations

import sys

import yaml

# The keys whose values are texts shown to people (Text in ergo/config/schema.py).
TEXT_KEYS = {"title", "message", "name", "caution", "cues"}


def texts(node: yaml.Node, key: str = ""):
    """Yield (line, text) for each plain-string text below ``node``."""
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            yield from texts(value, name.value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from texts(item, key)
    elif isinstance(node, yaml.ScalarNode) and key in TEXT_KEYS:
        yield node.start_mark.line + 1, node.value


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(paths: list[str]) -> None:
    places: dict[str, list[str]] = {}
    for path in paths:
        with open(path, encoding="utf-8") as stream:
            for line, text in texts(yaml.compose(stream)):
                places.setdefault(text, []).append(f"{path}:{line}")
    print('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    for text, where in places.items():
        print(f"#: {' '.join(where)}\nmsgid {quoted(text)}\nmsgstr \"\"\n")


if __name__ == "__main__":
    main(sys.argv[1:])
