"""ergo's tray icon as a StatusNotifierItem, with its menu over ``com.canonical.dbusmenu``.

The freedesktop StatusNotifierItem protocol is what KDE Plasma, XFCE, LXQt, GNOME's
AppIndicator extension and Wayland bars such as waybar host. The item is two
objects on the session bus: ``/StatusNotifierItem`` (icon, tooltip, status, left
click) and ``/MenuBar`` (the menu, see :mod:`ergo.desktop.dbusmenu`), registered
with ``org.kde.StatusNotifierWatcher`` under the name
``org.kde.StatusNotifierItem-PID-1``.

It speaks D-Bus with jeepney (pure Python, no C extension, no event loop of its
own), so the default tray needs no system package and no compiler. Every message
is handled by :meth:`StatusNotifierItem.receive` on the tray's loop on the main
thread, replies to ergo's own calls included: hosts query the item's properties
*before* the watcher answers ``RegisterStatusNotifierItem``, and a blocking
"send and wait for the reply" would drop those queries.

The watcher may start after ergo, or restart: the item follows
``NameOwnerChanged`` of the watcher's name and registers again each time it appears.

The icon is always sent as pixmaps (``IconPixmap``); on desktops whose trays recolour
symbolic icons the item also names the state's symbolic icon (``IconName``) in ergo's
icon folder (``IconThemePath``), see :mod:`ergo.desktop.symbolic_icons`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ergo.desktop import symbolic_icons
from ergo.desktop.dbusmenu import (
    DBusMenu,
    LayoutChange,
    PropertiesChange,
    default_item,
    menu_change,
)
from ergo.ports import MenuItem, TrayStatus, TrayView

if TYPE_CHECKING:
    from jeepney import Message
    from jeepney.io.blocking import DBusConnection

log = logging.getLogger(__name__)

WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
ITEM_PATH = "/StatusNotifierItem"
MENU_PATH = "/MenuBar"
ITEM_INTERFACE = "org.kde.StatusNotifierItem"
MENU_INTERFACE = "com.canonical.dbusmenu"
PROPERTIES = "org.freedesktop.DBus.Properties"
INTROSPECTABLE = "org.freedesktop.DBus.Introspectable"
PEER = "org.freedesktop.DBus.Peer"

#: Icon sizes sent to the host, which picks the one that fits its panel.
PIXMAP_SIZES: tuple[int, ...] = (16, 22, 24, 32, 48, 64)

_BUS = "org.freedesktop.DBus"
_UNKNOWN_METHOD = "org.freedesktop.DBus.Error.UnknownMethod"
_UNKNOWN_PROPERTY = "org.freedesktop.DBus.Error.UnknownProperty"
_INVALID_ARGS = "org.freedesktop.DBus.Error.InvalidArgs"
_READ_ONLY = "org.freedesktop.DBus.Error.PropertyReadOnly"
_WATCHER_MATCH = (
    "type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',"
    f"member='NameOwnerChanged',arg0='{WATCHER}'"
)
_HOST_MATCH = f"type='signal',interface='{WATCHER}',member='StatusNotifierHostRegistered'"

Pixmap = tuple[int, int, bytes]


def icon_pixmaps(status: TrayStatus, sizes: tuple[int, ...] = PIXMAP_SIZES) -> list[Pixmap]:
    """Return the icon for ``status`` at each of ``sizes``, smallest first, as
    ``(width, height, ARGB32 bytes)`` for ``IconPixmap``."""
    from ergo.desktop.pixmaps import argb, icon

    return [(size, size, argb(icon(status, size))) for size in sorted(sizes)]


def item_status(status: TrayStatus) -> str:
    """Return the SNI ``Status`` for a tray status: a due reminder needs attention."""
    return "NeedsAttention" if status == "due" else "Active"


def _is_menu(view: TrayView) -> bool:
    """Is the item only a menu (``ItemIsMenu``)? Yes while no entry is the default:
    hosts that honour it (KDE, XFCE) then open the menu on a left click instead of
    calling ``Activate``, which would have nothing to run."""
    return default_item(view.menu) is None


class StatusNotifierItem:
    """The item and its menu on one jeepney connection; main thread only.

    ``on_action`` gets the action of a clicked menu item, ``on_activate`` is called
    for a left click (``Activate``), and ``on_host`` with True when a watcher has
    accepted the item, False when there is no watcher (at start), it refused the
    item or it went away. With ``symbolic`` the item also names its symbolic icons.
    """

    def __init__(
        self,
        connection: DBusConnection,
        *,
        on_action: Callable[[object], None],
        on_activate: Callable[[], None],
        on_host: Callable[[bool], None],
        symbolic: bool = False,
    ) -> None:
        self._connection = connection
        self._symbolic = symbolic
        self._on_action = on_action
        self._on_activate = on_activate
        self._on_host = on_host
        self.bus_name = f"org.kde.StatusNotifierItem-{os.getpid()}-1"
        self._pending: dict[int, Callable[[Message], None]] = {}
        self._view = TrayView("active", "ergo")
        self._menu = DBusMenu.from_items(())
        self._revision = 1
        self._pixmaps: dict[TrayStatus, list[Pixmap]] = {}
        self._watcher: str | None = None
        self.registered = False
        self._methods: dict[tuple[str, str], Callable[..., tuple[str, tuple[Any, ...]]]] = {
            (ITEM_INTERFACE, "Activate"): self._activate,
            (ITEM_INTERFACE, "SecondaryActivate"): _nothing,
            (ITEM_INTERFACE, "ContextMenu"): _nothing,
            (ITEM_INTERFACE, "Scroll"): _nothing,
            (MENU_INTERFACE, "GetLayout"): self._get_layout,
            (MENU_INTERFACE, "GetGroupProperties"): self._get_group_properties,
            (MENU_INTERFACE, "GetProperty"): self._get_property,
            (MENU_INTERFACE, "Event"): self._event,
            (MENU_INTERFACE, "EventGroup"): self._event_group,
            (MENU_INTERFACE, "AboutToShow"): self._about_to_show,
            (MENU_INTERFACE, "AboutToShowGroup"): self._about_to_show_group,
        }

    # -- the loop ---------------------------------------------------------------------

    def fileno(self) -> int:
        return self._connection.sock.fileno()

    def start(self) -> None:
        """Claim the item's bus name and look for the watcher; replies come to
        :meth:`receive`."""
        from jeepney.bus_messages import DBusNameFlags, message_bus

        self._call(message_bus.AddMatch(_WATCHER_MATCH))
        self._call(message_bus.AddMatch(_HOST_MATCH))
        self._call(message_bus.RequestName(self.bus_name, DBusNameFlags.do_not_queue))
        self._call(message_bus.GetNameOwner(WATCHER), self._watcher_owner)

    def receive(self) -> None:
        """Handle every message that has arrived; call when the socket is readable.

        Raise ConnectionError when the bus has closed the connection.
        """
        from jeepney import MessageType

        while True:
            try:
                message = self._connection.receive(timeout=0)
            except TimeoutError:
                return
            kind = message.header.message_type
            if kind is MessageType.method_call:
                self._answer(message)
            elif kind is MessageType.signal:
                self._signal(message)
            else:
                self._reply(message)

    def close(self) -> None:
        self._connection.close()

    # -- what it shows ----------------------------------------------------------------

    def show(self, view: TrayView) -> None:
        """Show ``view``, telling the host what changed with the spec's signals."""
        old, self._view = self._view, view
        menu = DBusMenu.from_items(view.menu)
        change = menu_change(self._menu, menu)
        self._menu = menu
        if isinstance(change, LayoutChange):
            self._revision += 1
            self._emit(MENU_PATH, MENU_INTERFACE, "LayoutUpdated", "ui",
                       (self._revision, change.parent))
        elif isinstance(change, PropertiesChange):
            self._emit(MENU_PATH, MENU_INTERFACE, "ItemsPropertiesUpdated", "a(ia{sv})a(ias)",
                       (change.updated, change.removed))
        if view.status != old.status:
            self._emit(ITEM_PATH, ITEM_INTERFACE, "NewIcon")
        if (item_status(view.status) != item_status(old.status)
                or _is_menu(view) != _is_menu(old)):
            # The spec has no signal for ItemIsMenu; hosts read every property
            # again on NewStatus.
            self._emit(ITEM_PATH, ITEM_INTERFACE, "NewStatus", "s", (item_status(view.status),))
        if view.tooltip != old.tooltip:
            self._emit(ITEM_PATH, ITEM_INTERFACE, "NewToolTip")

    def item_properties(self) -> dict[str, tuple[str, Any]]:
        """Return the ``org.kde.StatusNotifierItem`` properties for the current view."""
        view = self._view
        return {
            "Category": ("s", "ApplicationStatus"),
            "Id": ("s", "ergo"),
            "Title": ("s", "ergo"),
            "Status": ("s", item_status(view.status)),
            "WindowId": ("i", 0),
            "IconThemePath": ("s", str(symbolic_icons.FOLDER) if self._symbolic else ""),
            "Menu": ("o", MENU_PATH),
            "ItemIsMenu": ("b", _is_menu(view)),
            # Every state has its own name: waybar reads IconName only, never the
            # attention icon.
            "IconName": ("s", self._icon_name(view.status)),
            "IconPixmap": ("a(iiay)", self._icon(view.status)),
            "OverlayIconName": ("s", ""),
            "OverlayIconPixmap": ("a(iiay)", []),
            "AttentionIconName": ("s", self._icon_name("due")),
            "AttentionIconPixmap": ("a(iiay)", self._icon("due")),
            "AttentionMovieName": ("s", ""),
            "ToolTip": ("(sa(iiay)ss)", ("", [], view.tooltip, "")),
        }

    def menu_properties(self) -> dict[str, tuple[str, Any]]:
        """Return the ``com.canonical.dbusmenu`` properties."""
        return {
            "Version": ("u", 3),
            "TextDirection": ("s", "ltr"),
            "Status": ("s", "normal"),
            "IconThemePath": ("as", []),
        }

    def _icon_name(self, status: TrayStatus) -> str:
        return symbolic_icons.icon_name(status) if self._symbolic else ""

    def _icon(self, status: TrayStatus) -> list[Pixmap]:
        if status not in self._pixmaps:
            self._pixmaps[status] = icon_pixmaps(status)
        return self._pixmaps[status]

    # -- the watcher ------------------------------------------------------------------

    def _watcher_owner(self, reply: Message) -> None:
        if _is_error(reply):
            log.info("tray: no StatusNotifierWatcher on the session bus yet; waiting for one")
            self._on_host(False)
            return
        self._watcher_appeared(reply.body[0])

    def _watcher_appeared(self, owner: str) -> None:
        from jeepney import DBusAddress, new_method_call

        self._watcher = owner
        watcher = DBusAddress(WATCHER_PATH, WATCHER, WATCHER)
        self._call(
            new_method_call(watcher, "RegisterStatusNotifierItem", "s", (self.bus_name,)),
            self._registered,
        )

    def _registered(self, reply: Message) -> None:
        if _is_error(reply):
            log.warning("tray: the StatusNotifierWatcher refused ergo's item: %s",
                        _error_text(reply))
            self._on_host(False)
            return
        log.info("tray: registered with the StatusNotifierWatcher as %s", self.bus_name)
        self.registered = True
        self._on_host(True)

    def _signal(self, message: Message) -> None:
        from jeepney import HeaderFields

        member = message.header.fields.get(HeaderFields.member)
        if member == "NameOwnerChanged" and message.body[0] == WATCHER:
            _name, _old, new = message.body
            if self._watcher is not None:
                self._watcher = None
                self.registered = False
                log.info("tray: the StatusNotifierWatcher went away")
                self._on_host(False)
            if new:
                self._watcher_appeared(new)
        elif member == "StatusNotifierHostRegistered" and self.registered:
            # A host that starts after the watcher reads the items from it.
            self._on_host(True)

    # -- calls ergo makes -------------------------------------------------------------

    def _call(self, message: Message, on_reply: Callable[[Message], None] | None = None) -> None:
        serial = next(self._connection.outgoing_serial)
        if on_reply is not None:
            self._pending[serial] = on_reply
        self._connection.send(message, serial=serial)

    def _reply(self, message: Message) -> None:
        from jeepney import HeaderFields

        handler = self._pending.pop(message.header.fields.get(HeaderFields.reply_serial, -1), None)
        if handler is not None:
            handler(message)

    def _emit(self, path: str, interface: str, name: str, signature: str | None = None,
              body: tuple[Any, ...] = ()) -> None:
        from jeepney import DBusAddress, new_signal

        self._connection.send(new_signal(DBusAddress(path, interface=interface), name,
                                         signature, body))

    # -- calls the host makes ---------------------------------------------------------

    def _answer(self, message: Message) -> None:
        from jeepney import HeaderFields, MessageFlag, new_error, new_method_return

        fields = message.header.fields
        path = fields.get(HeaderFields.path)
        interface = fields.get(HeaderFields.interface)
        member = fields.get(HeaderFields.member)
        try:
            signature, body = self._dispatch(path, interface, member, message.body)
        except _DBusError as error:
            reply = new_error(message, error.name, "s", (error.text,))
        else:
            reply = new_method_return(message, signature, body)
        if not message.header.flags & MessageFlag.no_reply_expected:
            self._connection.send(reply)

    def _dispatch(self, path: str, interface: str | None, member: str,
                  args: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
        own = {ITEM_PATH: ITEM_INTERFACE, MENU_PATH: MENU_INTERFACE}.get(path)
        if interface == INTROSPECTABLE or (interface is None and member == "Introspect"):
            return "s", (_introspection(path),)
        if interface == PEER or (interface is None and member == "Ping"):
            if member == "Ping":
                return "", ()
        elif own is not None:
            if interface == PROPERTIES:
                return self._properties(own, member, args)
            method = self._methods.get((interface or own, member))
            if method is not None and (interface or own) == own:
                try:
                    return method(*args)
                except (KeyError, TypeError, ValueError) as error:
                    raise _DBusError(_INVALID_ARGS, f"bad arguments to {member}: {error}") from None
        raise _DBusError(_UNKNOWN_METHOD, f"no method {interface}.{member} on {path}")

    def _properties(self, own: str, member: str,
                    args: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
        props = self.item_properties() if own == ITEM_INTERFACE else self.menu_properties()
        if member == "GetAll":
            # XFCE also asks for the properties of the Properties interface: none.
            return "a{sv}", (props if args[0] in (own, "") else {},)
        if member == "Get":
            interface, name = args
            if interface in (own, "") and name in props:
                return "v", (props[name],)
            raise _DBusError(_UNKNOWN_PROPERTY, f"no property {interface}.{name}")
        if member == "Set":
            raise _DBusError(_READ_ONLY, "the tray item's properties are read-only")
        raise _DBusError(_UNKNOWN_METHOD, f"no method {PROPERTIES}.{member}")

    def _activate(self, _x: int, _y: int) -> tuple[str, tuple[Any, ...]]:
        self._on_activate()
        return "", ()

    def _get_layout(self, parent: int, depth: int,
                    names: list[str]) -> tuple[str, tuple[Any, ...]]:
        return "u(ia{sv}av)", (self._revision, self._menu.layout(parent, depth, names))

    def _get_group_properties(self, ids: list[int],
                              names: list[str]) -> tuple[str, tuple[Any, ...]]:
        return "a(ia{sv})", (self._menu.group_properties(ids, names),)

    def _get_property(self, ident: int, name: str) -> tuple[str, tuple[Any, ...]]:
        return "v", (self._menu.property(ident, name),)

    def _event(self, ident: int, event: str, _data: Any, _time: int) -> tuple[str, tuple]:
        self._click(ident, event)
        return "", ()

    def _event_group(self, events: list[tuple[int, str, Any, int]]) -> tuple[str, tuple]:
        unknown = []
        for ident, event, _data, _time in events:
            try:
                self._click(ident, event)
            except KeyError:
                unknown.append(ident)
        return "ai", (unknown,)

    def _click(self, ident: int, event: str) -> None:
        item: MenuItem | None = self._menu.clicked(ident)
        if event == "clicked" and item is not None:
            self._on_action(item.action)

    def _about_to_show(self, ident: int) -> tuple[str, tuple[Any, ...]]:
        if ident not in self._menu.entries:
            raise KeyError(ident)
        return "b", (False,)

    def _about_to_show_group(self, ids: list[int]) -> tuple[str, tuple[Any, ...]]:
        return "aiai", ([], [i for i in ids if i not in self._menu.entries])


class _DBusError(Exception):
    def __init__(self, name: str, text: str) -> None:
        super().__init__(text)
        self.name = name
        self.text = text


def _nothing(*_args: object) -> tuple[str, tuple[Any, ...]]:
    return "", ()


def _is_error(message: Message) -> bool:
    from jeepney import MessageType

    return message.header.message_type is MessageType.error


def _error_text(message: Message) -> str:
    from jeepney import HeaderFields

    name = message.header.fields.get(HeaderFields.error_name, "error")
    return f"{name}: {message.body[0]}" if message.body else name


_ITEM_XML = """<interface name="org.kde.StatusNotifierItem">
<property name="Category" type="s" access="read"/>
<property name="Id" type="s" access="read"/>
<property name="Title" type="s" access="read"/>
<property name="Status" type="s" access="read"/>
<property name="WindowId" type="i" access="read"/>
<property name="IconThemePath" type="s" access="read"/>
<property name="Menu" type="o" access="read"/>
<property name="ItemIsMenu" type="b" access="read"/>
<property name="IconName" type="s" access="read"/>
<property name="IconPixmap" type="a(iiay)" access="read"/>
<property name="OverlayIconName" type="s" access="read"/>
<property name="OverlayIconPixmap" type="a(iiay)" access="read"/>
<property name="AttentionIconName" type="s" access="read"/>
<property name="AttentionIconPixmap" type="a(iiay)" access="read"/>
<property name="AttentionMovieName" type="s" access="read"/>
<property name="ToolTip" type="(sa(iiay)ss)" access="read"/>
<method name="ContextMenu"><arg name="x" type="i"/><arg name="y" type="i"/></method>
<method name="Activate"><arg name="x" type="i"/><arg name="y" type="i"/></method>
<method name="SecondaryActivate"><arg name="x" type="i"/><arg name="y" type="i"/></method>
<method name="Scroll"><arg name="delta" type="i"/><arg name="orientation" type="s"/></method>
<signal name="NewTitle"/>
<signal name="NewIcon"/>
<signal name="NewAttentionIcon"/>
<signal name="NewOverlayIcon"/>
<signal name="NewToolTip"/>
<signal name="NewStatus"><arg name="status" type="s"/></signal>
</interface>"""

_MENU_XML = """<interface name="com.canonical.dbusmenu">
<property name="Version" type="u" access="read"/>
<property name="TextDirection" type="s" access="read"/>
<property name="Status" type="s" access="read"/>
<property name="IconThemePath" type="as" access="read"/>
<method name="GetLayout"><arg type="i" name="parentId" direction="in"/>
<arg type="i" name="recursionDepth" direction="in"/>
<arg type="as" name="propertyNames" direction="in"/>
<arg type="u" name="revision" direction="out"/>
<arg type="(ia{sv}av)" name="layout" direction="out"/></method>
<method name="GetGroupProperties"><arg type="ai" name="ids" direction="in"/>
<arg type="as" name="propertyNames" direction="in"/>
<arg type="a(ia{sv})" name="properties" direction="out"/></method>
<method name="GetProperty"><arg type="i" name="id" direction="in"/>
<arg type="s" name="name" direction="in"/><arg type="v" name="value" direction="out"/></method>
<method name="Event"><arg type="i" name="id" direction="in"/>
<arg type="s" name="eventId" direction="in"/><arg type="v" name="data" direction="in"/>
<arg type="u" name="timestamp" direction="in"/></method>
<method name="EventGroup"><arg type="a(isvu)" name="events" direction="in"/>
<arg type="ai" name="idErrors" direction="out"/></method>
<method name="AboutToShow"><arg type="i" name="id" direction="in"/>
<arg type="b" name="needUpdate" direction="out"/></method>
<method name="AboutToShowGroup"><arg type="ai" name="ids" direction="in"/>
<arg type="ai" name="updatesNeeded" direction="out"/>
<arg type="ai" name="idErrors" direction="out"/></method>
<signal name="ItemsPropertiesUpdated"><arg type="a(ia{sv})" name="updatedProps"/>
<arg type="a(ias)" name="removedProps"/></signal>
<signal name="LayoutUpdated"><arg type="u" name="revision"/><arg type="i" name="parent"/></signal>
<signal name="ItemActivationRequested"><arg type="i" name="id"/>
<arg type="u" name="timestamp"/></signal>
</interface>"""

_COMMON_XML = """<interface name="org.freedesktop.DBus.Properties">
<method name="Get"><arg type="s" name="interface" direction="in"/>
<arg type="s" name="name" direction="in"/><arg type="v" name="value" direction="out"/></method>
<method name="GetAll"><arg type="s" name="interface" direction="in"/>
<arg type="a{sv}" name="properties" direction="out"/></method>
</interface>
<interface name="org.freedesktop.DBus.Introspectable">
<method name="Introspect"><arg type="s" name="xml" direction="out"/></method>
</interface>
<interface name="org.freedesktop.DBus.Peer"><method name="Ping"/></interface>"""

_DOCTYPE = (
    '<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN" '
    '"http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">\n'
)


def _introspection(path: str) -> str:
    """Return the introspection XML of the object at ``path``."""
    if path == ITEM_PATH:
        return f"{_DOCTYPE}<node>\n{_ITEM_XML}\n{_COMMON_XML}\n</node>\n"
    if path == MENU_PATH:
        return f"{_DOCTYPE}<node>\n{_MENU_XML}\n{_COMMON_XML}\n</node>\n"
    if path == "/":
        children = "".join(f'<node name="{p[1:]}"/>' for p in (ITEM_PATH, MENU_PATH))
        return f"{_DOCTYPE}<node>{children}</node>\n"
    return f"{_DOCTYPE}<node/>\n"
