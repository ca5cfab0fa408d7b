"""Errors that are shown to the user as plain messages, never as a traceback."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; ``problems`` holds one line per problem.

    ``exit_code`` follows the CLI contract: 2 for usage and config errors, 1 for
    runtime failures.
    """

    exit_code = 2

    def __init__(self, problems: list[str] | str, exit_code: int | None = None) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        if exit_code is not None:
            self.exit_code = exit_code
        super().__init__("\n".join(self.problems))
