"""The commented starter file for a user's own config (``ergo config init``, and the tray's
"Open config file" when the user has none yet)."""

from __future__ import annotations

from pathlib import Path


def user_template() -> str:
    """Return the starter file's text; its first line points editors at the installed
    schema of user files."""
    from importlib import resources

    from ergo.config.schema import modeline

    template = resources.files("ergo.config").joinpath("user-template.yaml").read_text(
        encoding="utf-8")
    return f"{modeline()}\n{template}"


def write_user_template(path: Path) -> None:
    """Write the starter file to ``path``, creating its directory.

    Raise FileExistsError if ``path`` exists (a user's file is never overwritten),
    OSError if it cannot be written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as stream:
        stream.write(user_template().encode())
