"""Notifications spoken directly to the freedesktop notification server over D-Bus (jeepney).

The default notifier on Linux and the BSDs. It needs no notify-send and no
dbus-python, and it sends what they drop: the icon (the installed ``ergo`` theme
icon by name, else the picture itself as ``image-data``), the timeout, the
``desktop-entry`` hint (so GNOME lists ergo in its notification settings),
``replaces_id`` (a reminder that comes again replaces its pop-up) and a sound only
when the config asks for one.

Where the server advertises ``actions``, a notification carries buttons; the
server's ``ActionInvoked`` and ``NotificationClosed`` signals hand the answers
the dispatcher attached back to it.

Recovery: the notifier follows ``NameOwnerChanged`` of the server's name, so it
knows at once when the server goes or comes back, and never waits for an absent
one. D-Bus activation of a server that is not running is tried once, with a short
timeout. Every call has a deadline (:data:`ergo.desktop.dbus.TIMEOUT`): a server
that hangs costs that reminder seconds, and it falls back.

Threads: the dispatcher thread calls :meth:`FreedesktopNotifier.check`,
:meth:`~FreedesktopNotifier.notify` and :meth:`~FreedesktopNotifier.withdraw`;
the signal handlers run on the bus connection's receiver thread and only call the
``put`` callback (the dispatcher's queue).
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jeepney import DBusAddress, MatchRule, Message
from jeepney.low_level import HeaderFields

from ergo.desktop.dbus import NOTIFICATIONS, Bus, BusError, BusTimeout
from ergo.ports import (
    Notification,
    NotificationAnswers,
    NotifierChanged,
    NotifierUnavailable,
)

#: ergo's desktop entry id (``ergo.desktop`` without the suffix) and theme icon name.
DESKTOP_ENTRY = "ergo"
ICON_NAME = "ergo"
#: The sound of the freedesktop sound theme played when the config asks for a sound.
SOUND_NAME = "message-new-instant"
NOTIFY_SIGNATURE = "susssasa{sv}i"
#: The largest picture sent as image-data: servers show icons at 32-64 pixels, and each
#: notification carries it (64 x 64 RGBA is 16 KiB).
IMAGE_PIXELS = 64
#: NotificationClosed's reason codes, from the Desktop Notifications Specification.
CLOSE_REASONS = {1: "expired", 2: "dismissed", 3: "closed", 4: "undefined"}
#: The urgency hint's byte values, from the specification.
URGENCIES = {"low": 0, "normal": 1, "critical": 2}
_DBUS_NAME = "org.freedesktop.DBus"
_MESSAGE_BUS = DBusAddress("/org/freedesktop/DBus", bus_name=_DBUS_NAME, interface=_DBUS_NAME)


def notify_args(
    notification: Notification,
    *,
    icon_name: str = "",
    image: tuple | None = None,
    replaces: int = 0,
    answers: NotificationAnswers | None = None,
) -> tuple:
    """Return the body of a ``Notify`` call (signature :data:`NOTIFY_SIGNATURE`) showing
    ``notification`` with the buttons of ``answers`` (the ones the server can carry)."""
    hints: dict[str, tuple[str, Any]] = {
        "urgency": ("y", URGENCIES.get(notification.urgency, URGENCIES["normal"])),
        "desktop-entry": ("s", DESKTOP_ENTRY),
    }
    if image is not None:
        hints["image-data"] = ("(iiibiiay)", image)
    if notification.sound:
        hints["sound-name"] = ("s", SOUND_NAME)
    else:
        hints["suppress-sound"] = ("b", True)
    actions: list[str] = []
    for action in answers.actions if answers else ():
        actions += [action.key, action.label]
    milliseconds = max(1, round(notification.timeout.total_seconds() * 1000))
    return ("ergo", replaces, icon_name, notification.title, notification.message, actions,
            hints, milliseconds)


def closed_answer(answers: NotificationAnswers | None, reason: int) -> object | None:
    """Given a notification's answers and NotificationClosed's reason code, return the
    answer to hand back: ``expired`` or ``dismissed``; nothing when ergo closed it or
    the server gives no reason."""
    if answers is None:
        return None
    kind = CLOSE_REASONS.get(reason)
    if kind == "expired":
        return answers.expired
    if kind == "dismissed":
        return answers.dismissed
    return None


def action_answer(answers: NotificationAnswers | None, key: str) -> object | None:
    """Return the answer of the action named ``key``, or None for a key ergo never sent."""
    for action in answers.actions if answers else ():
        if action.key == key:
            return action.answer
    return None


def installed_icon(env: Mapping[str, str], name: str = ICON_NAME) -> bool:
    """Return whether the hicolor icon theme has ``name`` (``ergo autostart enable`` and
    packages install it), looking where the XDG base directory spec says."""
    home = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME", "~")).expanduser()
                                            / ".local" / "share")
    dirs = [home, *(env.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share").split(":")]
    for folder in dirs:
        theme = Path(folder) / "icons" / "hicolor"
        if any(theme.glob(f"*/apps/{name}.png")) or any(theme.glob(f"*/apps/{name}.svg")):
            return True
    return False


def image_data(path: Path) -> tuple:
    """Given a picture file, return it as the ``image-data`` hint's value, at most
    :data:`IMAGE_PIXELS` wide and high: (width, height, rowstride, has_alpha,
    bits_per_sample, channels, RGBA bytes). ergo's own icons (8-bit RGBA PNGs) are read
    without an image library; other pictures with Pillow."""
    from ergo.desktop.pixmaps import decode_png, scale

    try:
        pixels = decode_png(path.read_bytes())
    except ValueError:
        return _image_data_pillow(path)
    side = max(pixels.width, pixels.height)
    if side > IMAGE_PIXELS:
        pixels = scale(pixels, max(1, pixels.width * IMAGE_PIXELS // side),
                       max(1, pixels.height * IMAGE_PIXELS // side))
    return (pixels.width, pixels.height, pixels.width * 4, True, 8, 4, pixels.rgba)


def _image_data_pillow(path: Path) -> tuple:
    from PIL import Image

    with Image.open(path) as picture:
        rgba = picture.convert("RGBA")
    rgba.thumbnail((IMAGE_PIXELS, IMAGE_PIXELS))
    return (rgba.width, rgba.height, rgba.width * 4, True, 8, 4, rgba.tobytes())


@dataclass(frozen=True)
class _Shown:
    """A notification on screen: the reminders it shows and what it hands back."""

    tag: frozenset[str]
    answers: NotificationAnswers | None


class FreedesktopNotifier:
    """A :class:`ergo.ports.Notifier` for ``org.freedesktop.Notifications``.

    ``put`` receives answers and :class:`ergo.ports.NotifierChanged` on the receiver
    thread; without it (``ergo doctor``) they are dropped. Raise NotifierUnavailable
    when there is no session bus.
    """

    name = "freedesktop"

    def __init__(
        self, put: Callable[[object], None] | None = None, env: Mapping[str, str] | None = None
    ) -> None:
        env = os.environ if env is None else env
        self._put = put or (lambda item: None)
        try:
            self._bus = Bus("SESSION")
        except BusError as error:
            raise NotifierUnavailable(str(error)) from None
        self._lock = threading.Lock()
        self._open: dict[int, _Shown] = {}
        self._capabilities: frozenset[str] | None = None
        self._activation_tried = False
        self._activation_failed: str | None = None
        self._icon_name = ICON_NAME if installed_icon(env) else ""
        self._images: dict[Path, tuple] = {}
        # Notify calls that timed out, oldest first: a server that was only slow shows
        # them later, and its late replies are matched to them in this order.
        self._late: deque[_Shown] = deque()
        owner_rule = MatchRule(type="signal", sender=_DBUS_NAME, interface=_DBUS_NAME,
                               member="NameOwnerChanged", path=_MESSAGE_BUS.object_path)
        owner_rule.add_arg_condition(0, NOTIFICATIONS.bus_name)
        signals = MatchRule(type="signal", interface=NOTIFICATIONS.interface,
                            path=NOTIFICATIONS.object_path)
        # Replies nobody waits for any more: those of Notify calls that timed out.
        late_replies = MatchRule(type="method_return")
        try:
            # Subscribed before asking, so a server that starts in between is not missed.
            self._bus.subscribe(owner_rule, self._owner_changed)
            self._bus.subscribe(signals, self._signal)
            self._bus.subscribe(late_replies, self._late_reply)
            self._present = self._bus.has_owner(NOTIFICATIONS.bus_name)
        except BusError as error:
            self._bus.close()
            raise NotifierUnavailable(str(error)) from None

    # Dispatcher thread -------------------------------------------------------

    def check(self) -> None:
        if not self._present and not self._activate():
            raise NotifierUnavailable(self._absent())
        try:
            self._bus.call(NOTIFICATIONS, "GetServerInformation")
        except BusError as error:
            raise NotifierUnavailable(f"the notification server does not answer ({error})"
                                      ) from None
        self._server_capabilities()

    def notify(self, notification: Notification) -> bool:
        if not self._present and not self._activate():
            raise NotifierUnavailable(self._absent())
        answers = notification.answers
        if answers is not None and "actions" not in self._server_capabilities():
            answers = None
        image = None
        if not self._icon_name and notification.icon is not None:
            image = self._image(notification.icon)
        tag = set(notification.tag)
        with self._lock:
            replaces = next((nid for nid, shown in self._open.items() if shown.tag & tag), 0)
            self._open.pop(replaces, None)
        body = notify_args(notification, icon_name=self._icon_name, image=image,
                           replaces=replaces, answers=answers)
        try:
            (nid,) = self._bus.call(NOTIFICATIONS, "Notify", NOTIFY_SIGNATURE, body)
        except BusError as error:
            if isinstance(error, BusTimeout):
                with self._lock:
                    self._late.append(_Shown(frozenset(tag), answers))
            raise NotifierUnavailable(f"the notification server failed ({error})") from None
        with self._lock:
            self._open[nid] = _Shown(frozenset(tag), answers)
        return answers is not None

    def withdraw(self, tag: tuple[str, ...]) -> None:
        with self._lock:
            gone = [nid for nid, shown in self._open.items() if shown.tag & set(tag)]
            for nid in gone:
                del self._open[nid]
        for nid in gone:
            try:
                self._bus.call(NOTIFICATIONS, "CloseNotification", "u", (nid,))
            except BusError:
                # Gone with its server, or closed meanwhile: either way not on screen.
                continue

    def about(self) -> tuple[str, ...]:
        """Return lines naming the server and what it can do, for ``ergo doctor``."""
        try:
            name, vendor, version, spec = self._bus.call(NOTIFICATIONS, "GetServerInformation")
        except BusError as error:
            return (f"server: does not answer ({error})",)
        try:
            capabilities = sorted(self._server_capabilities())
        except NotifierUnavailable as error:
            return (f"server: {name} {version} by {vendor}", f"capabilities: {error}")
        lines = [f"server: {name} {version} by {vendor} (notification spec {spec})",
                 f"capabilities: {', '.join(capabilities) or 'none'}"]
        if "actions" not in capabilities:
            lines.append("limit: no buttons on notifications (the server lacks 'actions'); "
                         "reminders that ask for an answer open the prompt window")
        return tuple(lines)

    def close(self) -> None:
        self._bus.close()

    def _server_capabilities(self) -> frozenset[str]:
        """Return what the server can do, asked once per server; raise
        NotifierUnavailable when it does not answer."""
        if self._capabilities is None:
            try:
                (found,) = self._bus.call(NOTIFICATIONS, "GetCapabilities")
            except BusError as error:
                raise NotifierUnavailable(f"the notification server failed ({error})"
                                          ) from None
            self._capabilities = frozenset(found)
        return self._capabilities

    def _activate(self) -> bool:
        """Try D-Bus activation of a server, the first time only; return whether one runs."""
        if self._activation_tried:
            return False
        self._activation_tried = True
        try:
            (names,) = self._bus.call(_MESSAGE_BUS, "ListActivatableNames")
            if NOTIFICATIONS.bus_name not in names:
                return False
            self._bus.call(_MESSAGE_BUS, "StartServiceByName", "su",
                           (NOTIFICATIONS.bus_name, 0))
            self._present = self._bus.has_owner(NOTIFICATIONS.bus_name)
        except BusError as error:
            self._activation_failed = str(error)
            return False
        return self._present

    def _absent(self) -> str:
        how = ("and none can be D-Bus-activated" if self._activation_failed is None
               else f"and D-Bus activation failed: {self._activation_failed}")
        return (f"no notification server on the session bus (nothing owns "
                f"{NOTIFICATIONS.bus_name}, {how})")

    def _image(self, icon: Path) -> tuple | None:
        if icon not in self._images:
            try:
                self._images[icon] = image_data(icon)
            except OSError:
                return None
        return self._images[icon]

    # Receiver thread: only put items on the dispatcher's queue ----------------------

    def _owner_changed(self, message: Message) -> None:
        _name, _old, new = message.body
        self._present = bool(new)
        self._capabilities = None
        with self._lock:
            # The old server's notifications went with it; a new one starts counting anew.
            self._open.clear()
            self._late.clear()
        detail = "a notification server started" if new else "the notification server went away"
        self._put(NotifierChanged(bool(new), detail))

    def _late_reply(self, message: Message) -> None:
        """A Notify that timed out was shown after all: track it like the others, so its
        buttons answer and withdraw() closes it once the reminder is answered."""
        sender = message.header.fields.get(HeaderFields.sender)
        signature = message.header.fields.get(HeaderFields.signature)
        if sender == _DBUS_NAME or signature != "u":
            return
        (nid,) = message.body
        with self._lock:
            if self._late:
                self._open[nid] = self._late.popleft()

    def _signal(self, message: Message) -> None:
        member = message.header.fields.get(HeaderFields.member)
        if member == "ActionInvoked":
            nid, key = message.body
            with self._lock:
                shown = self._open.get(nid)
                if shown is not None:
                    # Answered: kept without answers, for withdraw() to close it.
                    self._open[nid] = _Shown(shown.tag, None)
            answer = action_answer(shown.answers if shown else None, key)
        elif member == "NotificationClosed":
            nid, reason = message.body
            with self._lock:
                shown = self._open.pop(nid, None)
            answer = closed_answer(shown.answers if shown else None, reason)
        else:
            return
        if answer is not None:
            self._put(answer)
