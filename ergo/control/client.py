"""The command line's end of the control channel: one request, one reply.

Imports only the standard library and ergo's light modules, so that an
``ergo`` command reaches the daemon and back in a few tens of milliseconds.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from multiprocessing import AuthenticationError
from typing import Any

from ergo.control import transport
from ergo.control.endpoint import Endpoint
from ergo.control.protocol import (
    MAX_MESSAGE_BYTES,
    ProtocolError,
    Request,
    decode_response,
    encode_request,
)
from ergo.errors import UserError
from ergo.i18n import _

DEFAULT_TIMEOUT = 5.0
#: A refused or reset connection is tried once more after this pause: the daemon may
#: be starting, or had a burst of clients.
RETRY_AFTER = 0.2


class DaemonNotRunning(UserError):
    """No ergo daemon listens for this user: no socket, a refused connection or a stale socket."""

    exit_code = 1

    def __init__(self) -> None:
        super().__init__(_("ergo is not running (start it with: ergo run)"))


def request(
    cmd: str,
    args: Mapping[str, Any] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    endpoint: Endpoint | None = None,
) -> dict[str, Any]:
    """Given a command and its arguments, send them to the daemon and return its data.

    Raise DaemonNotRunning when no daemon listens; UserError (exit code 1)
    with the daemon's message when it refuses, or when it does not answer
    within ``timeout`` seconds; UserError (exit code 2) naming the problem
    when the arguments are not valid for ``cmd``, here or in the daemon's eyes.
    """
    try:
        raw = encode_request(Request(cmd, dict(args or {})))
    except ProtocolError as error:
        raise UserError(str(error)) from None
    endpoint = endpoint or Endpoint.for_dir()
    try:
        authkey = endpoint.read_authkey()
    except FileNotFoundError:
        raise DaemonNotRunning() from None
    except (OSError, ValueError) as error:
        raise UserError(_("cannot read ergo's control key {file}: {error}; restart ergo to "
                          "write a new one").format(file=endpoint.authkey_path, error=error),
                        exit_code=1) from None
    try:
        channel = _connect(endpoint, authkey, timeout)
    except (FileNotFoundError, ConnectionRefusedError):
        raise DaemonNotRunning() from None
    except AuthenticationError:
        raise UserError(_("ergo refused the key in {file}; it may belong to an earlier run: "
                          "restart ergo").format(file=endpoint.authkey_path),
                        exit_code=1) from None
    except (transport.ChannelTimeout, EOFError, OSError) as error:
        raise _no_answer(error, timeout) from None
    try:
        channel.send_bytes(raw)
        response = decode_response(channel.recv_bytes(MAX_MESSAGE_BYTES))
    except (transport.ChannelTimeout, EOFError, OSError) as error:
        raise _no_answer(error, timeout) from None
    except ProtocolError as error:
        raise UserError(_("ergo sent an answer this command cannot read: {error}").format(
            error=error), exit_code=1) from None
    finally:
        channel.close()
    if not response.ok:
        raise UserError(response.error, exit_code=2 if response.usage else 1)
    return dict(response.data)


def unsaved(message: str, data: Mapping[str, Any]) -> str:
    """Given what a command did and the daemon's answer, return the message, saying so
    when the daemon could not save the change (it holds until ergo restarts)."""
    reason = data.get("not_saved")
    if not reason:
        return message
    return _("{message}, but ergo could not save it: {reason}").format(
        message=message, reason=reason)


def _connect(endpoint: Endpoint, authkey: bytes, timeout: float) -> transport.Channel:
    """Connect and authenticate, once more if the connection is refused or reset
    before the request is sent (so no command is ever carried out twice)."""
    try:
        return transport.connect(endpoint.address, endpoint.family, authkey, timeout)
    except (ConnectionRefusedError, ConnectionResetError, EOFError):
        time.sleep(RETRY_AFTER)
    return transport.connect(endpoint.address, endpoint.family, authkey, timeout)


def _no_answer(error: BaseException, timeout: float) -> UserError:
    if isinstance(error, transport.ChannelTimeout):
        return UserError(_("ergo did not answer within {seconds} s; it may be stuck "
                           "(check its log, or restart it)").format(seconds=f"{timeout:g}"),
                         exit_code=1)
    reason = _("it closed the connection") if isinstance(error, EOFError) else str(error)
    return UserError(_("lost the connection to ergo: {reason}").format(reason=reason),
                     exit_code=1)
