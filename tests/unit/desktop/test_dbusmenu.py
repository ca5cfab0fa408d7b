"""The tray menu encoded for com.canonical.dbusmenu: ids, layout, properties, changes."""

from __future__ import annotations

from ergo.desktop.dbusmenu import (
    LAYOUT_SIGNATURE,
    DBusMenu,
    LayoutChange,
    PropertiesChange,
    default_item,
    menu_change,
)
from ergo.ports import SEPARATOR, MenuItem

MENU = (
    MenuItem("Next: walk at 10:20", enabled=False),
    SEPARATOR,
    MenuItem("Snooze", submenu=(MenuItem("5m", "snooze-5"), MenuItem("10m", "snooze-10"))),
    MenuItem("Walk", "toggle-walk", checked=True),
    MenuItem("Open my_config.yaml", "open"),
    MenuItem("Quit", "quit", default=True),
)


def labels(node) -> list[str]:
    return [child[1].get("label", ("s", "---"))[1] for _sig, child in node[2]]


def test_entries_are_numbered_depth_first_after_the_root_0():
    menu = DBusMenu.from_items(MENU)
    assert menu.shape() == {0: (1, 2, 3, 6, 7, 8), 1: (), 2: (), 3: (4, 5), 4: (), 5: (),
                            6: (), 7: (), 8: ()}


def test_the_layout_nests_children_as_variants_of_the_node_structure():
    ident, props, children = DBusMenu.from_items(MENU).layout(0, -1)
    assert (ident, props) == (0, {"children-display": ("s", "submenu")})
    assert {sig for sig, _child in children} == {LAYOUT_SIGNATURE}
    snooze = children[2][1]
    assert snooze == (
        3,
        {"label": ("s", "Snooze"), "enabled": ("b", True), "visible": ("b", True),
         "children-display": ("s", "submenu")},
        [(LAYOUT_SIGNATURE, (4, {"label": ("s", "5m"), "enabled": ("b", True),
                                 "visible": ("b", True)}, [])),
         (LAYOUT_SIGNATURE, (5, {"label": ("s", "10m"), "enabled": ("b", True),
                                 "visible": ("b", True)}, []))],
    )


def test_recursion_depth_limits_how_many_levels_come_back():
    menu = DBusMenu.from_items(MENU)
    assert menu.layout(0, 0)[2] == []
    one_level = menu.layout(0, 1)
    assert labels(one_level)[2] == "Snooze"
    assert one_level[2][2][1][2] == []
    assert labels(menu.layout(3, -1)) == ["5m", "10m"]


def test_property_names_filter_every_node_of_the_layout():
    _ident, props, children = DBusMenu.from_items(MENU).layout(0, -1, ["label"])
    assert props == {}
    assert [child[1] for _sig, child in children][2] == {"label": ("s", "Snooze")}
    assert children[1][1][1] == {}  # the separator has no label


def test_separators_check_marks_and_disabled_entries_have_their_properties():
    menu = DBusMenu.from_items(MENU)
    assert menu.entries[2].props == {"type": ("s", "separator"), "visible": ("b", True)}
    assert menu.property(6, "toggle-type") == ("s", "checkmark")
    assert menu.property(6, "toggle-state") == ("i", 1)
    assert menu.property(1, "enabled") == ("b", False)
    unchecked = DBusMenu.from_items((MenuItem("Walk", "t", checked=False),))
    assert unchecked.property(1, "toggle-state") == ("i", 0)


def test_underscores_in_labels_are_doubled_so_they_are_not_mnemonics():
    assert DBusMenu.from_items(MENU).property(7, "label") == ("s", "Open my__config.yaml")


def test_group_properties_of_no_ids_means_every_entry_and_unknown_ids_are_left_out():
    menu = DBusMenu.from_items(MENU)
    assert [ident for ident, _props in menu.group_properties([])] == list(range(9))
    assert menu.group_properties([8, 99], ["label"]) == [(8, {"label": ("s", "Quit")})]


def test_only_enabled_entries_with_an_action_and_no_submenu_can_be_clicked():
    menu = DBusMenu.from_items(MENU)
    assert menu.clicked(4).action == "snooze-5"
    assert [menu.clicked(i) for i in (0, 1, 2, 3)] == [None, None, None, None]


def test_a_menu_of_the_same_shape_needs_only_the_changed_properties():
    old = DBusMenu.from_items(MENU)
    new_items = (MenuItem("Snoozed until 10:30", enabled=False), *MENU[1:3],
                 MenuItem("Walk", "toggle-walk", checked=False), *MENU[4:])
    change = menu_change(old, DBusMenu.from_items(new_items))
    assert change == PropertiesChange(
        updated=[(1, {"label": ("s", "Snoozed until 10:30")}), (6, {"toggle-state": ("i", 0)})],
        removed=[],
    )


def test_properties_that_disappear_are_listed_as_removed():
    old = DBusMenu.from_items((MenuItem("Walk", "t", checked=True),))
    new = DBusMenu.from_items((MenuItem("Walk", "t"),))
    assert menu_change(old, new) == PropertiesChange(
        updated=[], removed=[(1, ["toggle-state", "toggle-type"])]
    )


def test_a_menu_of_another_shape_needs_a_new_layout_and_an_equal_one_nothing():
    old = DBusMenu.from_items(MENU)
    assert menu_change(old, DBusMenu.from_items(MENU[1:])) == LayoutChange(parent=0)
    assert menu_change(old, DBusMenu.from_items(MENU)) is None


def test_the_default_entry_is_the_enabled_top_level_item_marked_default():
    items = (
        MenuItem("Done", "done", default=True, enabled=False),
        SEPARATOR,
        MenuItem("Snooze", submenu=(MenuItem("5m", "s", default=True),)),
        MenuItem("Skip", "skip", default=True),
    )
    assert default_item(items) == items[3]
    assert default_item(items[:3]) is None
