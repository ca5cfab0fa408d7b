"""The commented starter file for a user's own config (``ergo config init``, and the tray's
"Open config file" when the user has none yet)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def write_user_template(path: Path) -> None:
    """Write the starter file to ``path``, creating its directory. Its first line points
    editors at the installed schema of user files.

    Raise FileExistsError if ``path`` exists (a user's file is never overwritten),
    OSError if it cannot be written.
    """
    from ergo.config.schema import modeline

    template = resources.files("ergo.config").joinpath("user-template.yaml").read_bytes()
    template = f"{modeline()}\n".encode() + template
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as stream:
        stream.write(template)
