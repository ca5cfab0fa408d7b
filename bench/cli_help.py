"""Print what ``ergo --help`` costs in English and in Dutch: loading the catalog, building
the parser with its translated texts, formatting the help and translating an error.

Run: PYTHONPATH=. python bench/cli_help.py
"""

from __future__ import annotations

import time

from ergo import i18n
from ergo.cli import build_parser
from ergo.translated_argparse import translate_message


def timed(label: str, call, repeat: int = 20) -> None:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    print(f"{label:<52} {best * 1000:8.2f} ms")


def load_catalog(language: str) -> None:
    i18n._load.cache_clear()
    i18n.install(language)


def main() -> None:
    for language in ("en", "nl"):
        timed(f"install({language!r}), reading the catalog",
              lambda code=language: load_catalog(code))
        timed(f"build_parser() and format_help() in {language}",
              lambda: build_parser().format_help())
        timed(f"translate an argparse error in {language}", lambda: translate_message(
            "argument --days: invalid choice: '0' (choose from 'a', 'b')"), repeat=200)


if __name__ == "__main__":
    main()
