"""The build step setuptools cannot declare in pyproject.toml: the man page and the bash,
zsh and fish completions are written from ergo's argparse definitions while the wheel is
built (``tools/cli_files.py``, with the build requirements shtab and argparse-manpage),
and the wheel installs them below the environment's prefix (``share/man/man1``,
``share/bash-completion/completions``, ``share/zsh/site-functions``,
``share/fish/vendor_completions.d``). The Debian package installs the same files.
Everything else is in pyproject.toml.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

# data_files take paths relative to this folder.
GENERATED = Path("build") / "cli-files"


def _cli_files():
    spec = importlib.util.spec_from_file_location(
        "cli_files", Path(__file__).resolve().parent / "tools" / "cli_files.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CLI_FILES = _cli_files()


class BuildWithCliFiles(build_py):
    """build_py, which every wheel build runs, also writes the man page and completions."""

    def run(self) -> None:
        CLI_FILES.write(Path(__file__).resolve().parent / GENERATED)
        super().run()


setup(
    cmdclass={"build_py": BuildWithCliFiles},
    data_files=[(str(Path(path).parent), [str(GENERATED / path)])
                for path in CLI_FILES.INSTALLED.values()],
)
