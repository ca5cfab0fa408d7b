"""ergo's tray menu in the shape of the ``com.canonical.dbusmenu`` D-Bus interface.

Pure: no D-Bus here. :class:`DBusMenu` numbers the entries of a menu (the root
is 0, then depth-first from 1, so a menu of the same shape keeps its ids when
only labels or check marks change) and answers the interface's queries with
values ready for jeepney's serialiser: a D-Bus variant is a ``(signature,
value)`` tuple, a struct a tuple, an array a list. :func:`menu_change` tells
whether a new menu needs a ``LayoutUpdated`` signal or only an
``ItemsPropertiesUpdated`` one.

Properties follow the dbusmenu spec: ``label`` (with ``_`` doubled, as a single
underscore marks a mnemonic), ``enabled``, ``visible``, ``type`` ``separator``,
``toggle-type`` ``checkmark`` with ``toggle-state`` 0 or 1, and
``children-display`` ``submenu`` for an entry that opens a submenu.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ergo.ports import MenuItem

#: The D-Bus signature of one layout node: id, properties, children (variants of nodes).
LAYOUT_SIGNATURE = "(ia{sv}av)"

Props = dict[str, tuple[str, Any]]


def item_properties(item: MenuItem) -> Props:
    """Given a menu item, return its dbusmenu properties as ``{name: (signature, value)}``."""
    if item.separator:
        return {"type": ("s", "separator"), "visible": ("b", True)}
    props: Props = {
        "label": ("s", item.label.replace("_", "__")),
        "enabled": ("b", item.enabled),
        "visible": ("b", True),
    }
    if item.checked is not None:
        props["toggle-type"] = ("s", "checkmark")
        props["toggle-state"] = ("i", 1 if item.checked else 0)
    if item.submenu:
        props["children-display"] = ("s", "submenu")
    return props


@dataclass(frozen=True)
class Entry:
    """One numbered menu entry: its properties, its children's ids and its item
    (``None`` for the root)."""

    props: Props
    children: tuple[int, ...] = ()
    item: MenuItem | None = None


@dataclass
class DBusMenu:
    """A menu numbered for dbusmenu; build it with :meth:`from_items`."""

    entries: dict[int, Entry] = field(default_factory=dict)

    @classmethod
    def from_items(cls, items: tuple[MenuItem, ...]) -> DBusMenu:
        """Given the top-level menu items, return the numbered menu."""
        menu = cls()
        menu.entries[0] = Entry({})
        menu.entries[0] = Entry({"children-display": ("s", "submenu")}, menu._number(items))
        return menu

    def _number(self, items: tuple[MenuItem, ...]) -> tuple[int, ...]:
        ids = []
        for item in items:
            ident = len(self.entries)
            # Reserve the id first: the children are numbered after their parent.
            self.entries[ident] = Entry({})
            children = () if item.separator else self._number(item.submenu)
            self.entries[ident] = Entry(item_properties(item), children, item)
            ids.append(ident)
        return tuple(ids)

    def layout(
        self, parent: int, depth: int, names: Iterable[str] = ()
    ) -> tuple[int, Props, list[tuple[str, Any]]]:
        """Return the ``(ia{sv}av)`` node of ``parent`` (GetLayout).

        ``depth`` -1 includes every level below, 0 none, n that many; ``names``
        limits the properties to those names (empty: all). Raise KeyError for an
        unknown id.
        """
        entry = self.entries[parent]
        wanted = set(names)
        children = []
        if depth != 0:
            children = [
                (LAYOUT_SIGNATURE, self.layout(child, depth - 1, wanted))
                for child in entry.children
            ]
        return (parent, _filtered(entry.props, wanted), children)

    def group_properties(
        self, ids: Iterable[int], names: Iterable[str] = ()
    ) -> list[tuple[int, Props]]:
        """Return ``a(ia{sv})`` for ``ids`` (GetGroupProperties); no ids means every
        entry. Unknown ids are left out, as libdbusmenu does."""
        wanted = set(names)
        chosen = list(ids) or sorted(self.entries)
        return [
            (ident, _filtered(self.entries[ident].props, wanted))
            for ident in chosen
            if ident in self.entries
        ]

    def property(self, ident: int, name: str) -> tuple[str, Any]:
        """Return one property as a variant (GetProperty); raise KeyError if absent."""
        return self.entries[ident].props[name]

    def clicked(self, ident: int) -> MenuItem | None:
        """Return the item a ``clicked`` event on ``ident`` should run: an enabled
        entry with an action and no submenu; else None. Raise KeyError for an unknown id."""
        item = self.entries[ident].item
        if item is None or item.separator or item.submenu or not item.enabled:
            return None
        return item if item.action is not None else None

    def shape(self) -> dict[int, tuple[int, ...]]:
        """Return each id with its children's ids: equal shapes keep every id's meaning."""
        return {ident: entry.children for ident, entry in self.entries.items()}


@dataclass(frozen=True)
class PropertiesChange:
    """An ``ItemsPropertiesUpdated`` signal's body: ``a(ia{sv})`` and ``a(ias)``."""

    updated: list[tuple[int, Props]]
    removed: list[tuple[int, list[str]]]


@dataclass(frozen=True)
class LayoutChange:
    """A ``LayoutUpdated`` signal: the whole menu from ``parent`` down is new."""

    parent: int = 0


def menu_change(old: DBusMenu, new: DBusMenu) -> PropertiesChange | LayoutChange | None:
    """Given the menu the host has and the new one, return the signal to send
    (None when nothing changed)."""
    if old.shape() != new.shape():
        return LayoutChange()
    updated, removed = [], []
    for ident, entry in new.entries.items():
        before = old.entries[ident].props
        changed = {k: v for k, v in entry.props.items() if before.get(k) != v}
        gone = sorted(k for k in before if k not in entry.props)
        if changed:
            updated.append((ident, changed))
        if gone:
            removed.append((ident, gone))
    if not updated and not removed:
        return None
    return PropertiesChange(updated, removed)


def default_item(items: tuple[MenuItem, ...]) -> MenuItem | None:
    """Return the enabled top-level item marked ``default``: what a left click on the
    icon runs (``Activate``)."""
    return next(
        (i for i in items if i.default and i.enabled and not i.separator and i.action is not None),
        None,
    )


def _filtered(props: Props, wanted: set[str]) -> Props:
    return {k: v for k, v in props.items() if k in wanted} if wanted else dict(props)
