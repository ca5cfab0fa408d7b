"""A throwaway headless desktop for tests: Xvfb, private D-Bus buses, dunst, trayer,
and on request a StatusNotifierItem panel (xfce4-panel or lxqt-panel).

:class:`DesktopSession` starts each piece, waits until it is ready and kills
everything it started (by pid, newest first) in :meth:`DesktopSession.stop`.
Programs under test get the session through :attr:`DesktopSession.env`.

The session bus has no service directories, so nothing is D-Bus-activated: with
dunst stopped, nothing owns ``org.freedesktop.Notifications`` (on a stock session
bus, dunst's activation file would restart it on the first Notify).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.waiting import wait_still, wait_until

if TYPE_CHECKING:
    from jeepney.low_level import Parser

REQUIRED_PROGRAMS = (
    "Xvfb",
    "dbus-daemon",
    "dbus-send",
    "dbus-monitor",
    "xwininfo",
    "dunst",
    "trayer",
    "xdotool",
    "import",
)

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={path}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

_NOTIFY_SIGNATURE = "susssasa{sv}i"
NOTIFY_MATCH = "type='method_call',interface='org.freedesktop.Notifications',member='Notify'"
XVFB_OPTIONS = ("-nolisten", "tcp", "-noreset")
WATCHER = "org.kde.StatusNotifierWatcher"
#: The StatusNotifierItem panels the tests can start (see DesktopSession.start_panel).
PANELS = ("xfce4-panel", "lxqt-panel")

# One panel along the top edge holding only the tray (no clock to change the picture).
_XFCE_PANEL = """<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-panel" version="1.0">
  <property name="configver" type="int" value="2"/>
  <property name="panels" type="array">
    <value type="int" value="1"/>
    <property name="panel-1" type="empty">
      <property name="position" type="string" value="p=6;x=0;y=0"/>
      <property name="length" type="uint" value="100"/>
      <property name="position-locked" type="bool" value="true"/>
      <property name="size" type="uint" value="28"/>
      <property name="plugin-ids" type="array"><value type="int" value="1"/></property>
    </property>
  </property>
  <property name="plugins" type="empty">
    <property name="plugin-1" type="string" value="systray">
      <property name="square-icons" type="bool" value="true"/>
    </property>
  </property>
</channel>
"""
_LXQT_PANEL = """[General]
panels=panel1

[panel1]
plugins=statusnotifier
position=Top
panelSize=32
iconSize=22
background-color=#e8e8e8
font-color=#202020

[statusnotifier]
type=statusnotifier
"""
TRAYER_OPTIONS = (
    *("--edge", "top", "--align", "right", "--widthtype", "request", "--height", "32"),
    *("--SetDockType", "true", "--transparent", "false"),
)


def missing_programs() -> list[str]:
    """Return the programs the session needs that are not on PATH."""
    return [name for name in REQUIRED_PROGRAMS if shutil.which(name) is None]


def start_bus_daemon(
    folder: Path, name: str, popen: Callable[..., subprocess.Popen[bytes]] = subprocess.Popen,
    write: Callable[[str, str], Path] | None = None,
) -> tuple[subprocess.Popen[bytes], str]:
    """Start a private ``dbus-daemon`` listening on ``folder/name`` (its config written
    by ``write(file name, text)``, by default into ``folder``); return it and its address
    once it accepts connections.

    The socket file appears before the daemon listens on it (a client connecting then
    is refused), so this waits for the address the daemon prints when it is ready.
    """
    text = BUS_CONFIG.format(path=folder / name)
    if write is None:
        config = folder / f"{name}.conf"
        config.write_text(text)
    else:
        config = write(f"{name}.conf", text)
    read_end, write_end = os.pipe()
    try:
        process = popen(["dbus-daemon", "--nofork", f"--config-file={config}",
                         f"--print-address={write_end}"], pass_fds=(write_end,))
    finally:
        os.close(write_end)
    with os.fdopen(read_end) as pipe:
        ready = pipe.readline().strip()
    if not ready:
        process.kill()
        raise RuntimeError(f"dbus-daemon did not start ({config})")
    return process, f"unix:path={folder / name}"


@dataclass(frozen=True)
class Window:
    """One X window as ``xwininfo`` lists it; ``x``/``y`` are absolute, ``children``
    are in creation order."""

    id: int
    name: str | None
    width: int
    height: int
    x: int
    y: int
    children: tuple[Window, ...] = ()

    @property
    def center(self) -> tuple[int, int]:
        return self.x + self.width // 2, self.y + self.height // 2


@dataclass(frozen=True)
class NotifyCall:
    """One ``org.freedesktop.Notifications.Notify`` call seen on the session bus.

    ``actions`` are (key, label) pairs; ``hints`` map each hint to its value."""

    app_name: str
    icon: str
    summary: str
    body: str
    expire_timeout: int
    replaces_id: int = 0
    actions: tuple[tuple[str, str], ...] = ()
    hints: dict[str, Any] = field(default_factory=dict)


class DesktopSession:
    """The virtual desktop; use :meth:`start` and :meth:`stop` (or ``with``)."""

    def __init__(self, screen: str = "1280x800x24") -> None:
        self.screen = screen
        self.dir = Path(tempfile.mkdtemp(prefix="ergo-desktop-"))
        self.env: dict[str, str] = {}
        self._processes: list[subprocess.Popen[bytes]] = []
        self.dunst: subprocess.Popen[bytes] | None = None
        self.trayer: subprocess.Popen[bytes] | None = None
        self.panel: subprocess.Popen[bytes] | None = None
        self._xfconfd: subprocess.Popen[bytes] | None = None
        # The display server and the session bus, for tests that end the session.
        self.xvfb: subprocess.Popen[bytes] | None = None
        self.session_bus: subprocess.Popen[bytes] | None = None
        self._monitor_file = self.dir / "notify.bin"
        # What notify_calls has read of the recording, so that it parses only what is new.
        self._notify_read = 0
        self._notify_calls: list[NotifyCall] = []
        self._notify_parser: Parser | None = None

    def __enter__(self) -> DesktopSession:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- life cycle -------------------------------------------------------------------

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "WAYLAND"))}
        env.pop("DISPLAY", None)
        # The virtual desktop is no particular desktop; a test names one where it matters.
        env.pop("XDG_CURRENT_DESKTOP", None)
        env.update(NO_AT_BRIDGE="1", HOME=str(self.dir / "home"), XDG_RUNTIME_DIR=str(self.dir))
        (self.dir / "home").mkdir()
        self.dir.chmod(0o700)
        self.env = env
        self._start_xvfb()
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self._start_bus("bus")
        self.session_bus = self._processes[-1]
        self.env["DBUS_SYSTEM_BUS_ADDRESS"] = self._start_bus("sysbus")
        self._start_recorder()
        self.start_dunst()
        self.start_trayer()

    def stop(self) -> None:
        for process in reversed(self._processes):
            if process.poll() is None:
                process.kill()
            process.wait()
        self._processes.clear()
        shutil.rmtree(self.dir, ignore_errors=True)

    def popen(self, args: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        """Start ``args`` in the session; it is killed by :meth:`stop` if still running."""
        kwargs.setdefault("stdout", subprocess.DEVNULL)
        kwargs.setdefault("stderr", subprocess.DEVNULL)
        process = subprocess.Popen(args, env=kwargs.pop("env", self.env), **kwargs)  # type: ignore[call-overload]
        self._processes.append(process)
        return process

    def run(self, *args: str, check: bool = True, timeout: float = 10) -> str:
        """Run a command in the session and return its stdout."""
        done = subprocess.run(
            args, env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} exited {done.returncode}: {done.stderr.strip()}")
        return done.stdout

    def terminate(self, process: subprocess.Popen[bytes], timeout: float = 5) -> int:
        """Stop one process started here (TERM, then KILL) and return its exit status."""
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
        code = process.wait()
        if process in self._processes:
            self._processes.remove(process)
        return code

    def _start_xvfb(self) -> None:
        read_end, write_end = os.pipe()
        # -displayfd lets Xvfb pick a free display (parallel-safe); without -noreset
        # about one start in twenty failed when the first client disconnected.
        self.xvfb = self.popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", self.screen, *XVFB_OPTIONS],
            pass_fds=(write_end,),
        )
        os.close(write_end)
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        self.env["DISPLAY"] = f":{number}"

    def _start_bus(self, name: str) -> str:
        return start_bus_daemon(self.dir, name, self.popen)[1]

    def _start_recorder(self) -> None:
        # dunstctl history lists only closed notifications; a monitor sees every call.
        output = self._monitor_file.open("wb")
        self.popen(
            ["dbus-monitor", "--session", "--binary", NOTIFY_MATCH],
            stdout=output,
        )
        output.close()

        def probe_recorded() -> bool:
            self.run(
                "dbus-send",
                "--session",
                "--type=method_call",
                "--dest=org.freedesktop.DBus",
                "/",
                "org.freedesktop.Notifications.Notify",
                "string:probe",
                check=False,
            )
            return self._monitor_file.stat().st_size > 0

        wait_until(probe_recorded, what="dbus-monitor to record")

    # -- notifications ----------------------------------------------------------------

    def start_dunst(self) -> None:
        """Start dunst (idempotent) and wait until it owns the notification name.

        dunst's context menu, which lists a notification's actions, runs the ``dmenu``
        of its config: here a script that picks the action :meth:`invoke_action` wants.
        Notifications appear in the bottom-left corner, clear of the tray and its menu
        (top right) and of ergo's prompt (bottom right): closing one to click past it
        would answer the reminder.
        """
        if self.dunst is not None and self.dunst.poll() is None:
            return
        config = self.dir / "dunstrc"
        if not config.exists():
            picker = self.dir / "dunst-pick"
            picker.write_text(f'#!/bin/sh\ngrep -m1 -F -- "$(cat {self.dir / "dunst-want"})"\n')
            picker.chmod(0o755)
            config.write_text(f"[global]\n    dmenu = {picker}\n    origin = bottom-left\n")
        self.dunst = self.popen(["dunst", "-config", str(config)])
        wait_until(lambda: self.bus_has("org.freedesktop.Notifications"), what="dunst")

    def wait_displayed(self, count: int) -> None:
        """Wait until dunst shows exactly ``count`` notifications."""
        wait_until(lambda: int(self.run("dunstctl", "count", "displayed")) == count,
                   what=f"dunst to show {count} notifications")

    def invoke_action(self, label: str) -> None:
        """Click the action labelled ``label`` of the notification dunst shows on top,
        through its context menu (``dunstctl action``), as a user would."""
        wait_until(lambda: int(self.run("dunstctl", "count", "displayed")) > 0,
                   what="dunst to show a notification")
        (self.dir / "dunst-want").write_text(f"#{label} (")
        self.run("dunstctl", "action")

    def path_without(self, *programs: str) -> str:
        """Return a PATH with every program of this one except ``programs``: a folder of
        links, made once per set of programs."""
        folder = self.dir / ("path-without-" + "-".join(programs))
        if not folder.exists():
            folder.mkdir()
            for directory in os.environ.get("PATH", "").split(os.pathsep):
                for entry in Path(directory).glob("*") if directory else ():
                    link = folder / entry.name
                    if entry.name not in programs and not link.exists() and entry.is_file():
                        link.symlink_to(entry)
        return str(folder)

    def stop_dunst(self) -> None:
        if self.dunst is not None:
            self.terminate(self.dunst)
            self.dunst = None
        wait_until(
            lambda: not self.bus_has("org.freedesktop.Notifications"), what="dunst to go away"
        )

    @contextlib.contextmanager
    def dunst_hung(self) -> Iterator[None]:
        """Freeze dunst (SIGSTOP) for the ``with`` block: it keeps its bus name but answers
        nothing, like a notification server that hangs."""
        self.start_dunst()
        assert self.dunst is not None
        self.dunst.send_signal(signal.SIGSTOP)
        try:
            yield
        finally:
            self.dunst.send_signal(signal.SIGCONT)

    def bus_has(self, name: str) -> bool:
        """Is ``name`` owned on the session bus? (Never starts anything.)"""
        out = self.run(
            "dbus-send",
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            f"string:{name}",
        )
        return "boolean true" in out

    def notify_calls(self) -> list[NotifyCall]:
        """Return every Notify call made on the session bus so far, oldest first."""
        from jeepney.low_level import HeaderFields, Parser

        if self._notify_parser is None:
            self._notify_parser = Parser()
        with self._monitor_file.open("rb") as recording:
            recording.seek(self._notify_read)
            new = recording.read()
        self._notify_read += len(new)
        # The parser keeps a message cut off at the end until the rest is read.
        for message in self._notify_parser.feed(new):
            if message.header.fields.get(HeaderFields.signature) != _NOTIFY_SIGNATURE:
                continue
            app, replaces, icon, summary, body, actions, hints, expire = message.body
            pairs = tuple(zip(actions[::2], actions[1::2], strict=True))
            values = {name: value for name, (_signature, value) in hints.items()}
            self._notify_calls.append(
                NotifyCall(app, icon, summary, body, expire, replaces, pairs, values))
        return list(self._notify_calls)

    def wait_for_notify(self, summary: str, timeout: float = 5.0) -> NotifyCall:
        """Wait until a Notify call with this summary is seen; return it."""
        return wait_until(
            lambda: next((c for c in self.notify_calls() if c.summary == summary), None),
            timeout,
            f"a notification titled {summary!r}",
        )

    # -- tray host --------------------------------------------------------------------

    def start_trayer(self) -> None:
        """Start trayer (idempotent) and wait until it can take icons."""
        if self.trayer is not None and self.trayer.poll() is None:
            return
        self.trayer = self.popen(["trayer", *TRAYER_OPTIONS])
        wait_until(self._panel_viewable, what="trayer's panel")
        # trayer takes the tray selection just after mapping its panel; an icon that
        # asks to dock before then finds no tray.
        wait_until(self._tray_selection_owned, what="trayer to own the tray selection")

    def stop_trayer(self) -> None:
        if self.trayer is not None:
            self.terminate(self.trayer)
            self.trayer = None

    # -- StatusNotifierItem panels ----------------------------------------------------

    def start_panel(self, program: str) -> subprocess.Popen[bytes]:
        """Start ``program`` (one of :data:`PANELS`) with one panel along the top edge
        holding only its tray, and wait until it owns the StatusNotifierWatcher name and
        has drawn itself.

        trayer is stopped first: XFCE's tray would compete with it for the XEmbed
        selection, and these tests are about the StatusNotifierItem.
        """
        self.stop_trayer()
        config = Path(self.env["HOME"]) / ".config"
        if program == "xfce4-panel":
            folder = config / "xfce4" / "xfconf" / "xfce-perchannel-xml"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "xfce4-panel.xml").write_text(_XFCE_PANEL)
            self._start_xfconfd()
            # Without -d the panel waits about 5 s for a window manager.
            args = [program, "-d"]
        else:
            (config / "lxqt").mkdir(parents=True, exist_ok=True)
            (config / "lxqt" / "panel.conf").write_text(_LXQT_PANEL)
            args = [program]
        strip = (0, 0, int(self.screen.split("x")[0]), 40)
        blank = self.grab(strip).tobytes()
        self.panel = self.popen(args)
        wait_until(lambda: self.bus_has(WATCHER), 10, f"{program} to own {WATCHER}")
        # Tests find icons by comparing pictures of the panel: wait until it is drawn.
        wait_until(lambda: self.grab(strip).tobytes() != blank, 30, f"{program} to show")
        wait_still(lambda: self.grab(strip).tobytes(), 30, f"{program} to draw itself")
        return self.panel

    def stop_panel(self) -> None:
        if self.panel is not None:
            self.terminate(self.panel)
            self.panel = None
        wait_until(lambda: not self.bus_has(WATCHER), what=f"{WATCHER} to go away")

    def _start_xfconfd(self) -> None:
        # xfce4-panel keeps its settings in xfconfd, which is D-Bus-activated on a
        # desktop; this bus activates nothing, so start it by hand (once).
        if self._xfconfd is not None and self._xfconfd.poll() is None:
            return
        program = next(Path("/usr/lib").glob("*/xfce4/xfconf/xfconfd"), None)
        if program is None:
            raise RuntimeError("xfconfd not found (apt install xfconf)")
        self._xfconfd = self.popen([str(program)])
        wait_until(lambda: self.bus_has("org.xfce.Xfconf"), what="xfconfd")

    def registered_items(self) -> list[str]:
        """Return the items the StatusNotifierWatcher lists (empty when there is none)."""
        out = self.run(
            "dbus-send", "--session", "--print-reply", f"--dest={WATCHER}",
            "/StatusNotifierWatcher", "org.freedesktop.DBus.Properties.Get",
            f"string:{WATCHER}", "string:RegisteredStatusNotifierItems", check=False,
        )
        lines = [line.strip() for line in out.splitlines()]
        return [line.split('"')[1] for line in lines if line.startswith("string")]

    def _tray_selection_owned(self) -> bool:
        from Xlib.display import Display

        display = Display(self.env["DISPLAY"])
        try:
            selection = display.intern_atom(f"_NET_SYSTEM_TRAY_S{display.get_default_screen()}")
            return display.get_selection_owner(selection) != 0
        finally:
            display.close()

    def _panel_viewable(self) -> bool:
        done = subprocess.run(
            ["xwininfo", "-name", "panel"], env=self.env, capture_output=True, text=True
        )
        return "IsViewable" in done.stdout

    def tray_icons(self) -> list[Window]:
        """Return the icon windows docked in trayer (the visible grandchildren of its panel)."""
        if not self._panel_viewable():
            return []
        panel = self.run("xwininfo", "-name", "panel", "-tree", check=False)
        sockets = _parse_tree(panel)
        return [w for s in sockets for w in s.children if w.width > 1 and w.height > 1]

    def wait_for_tray_icon(self, timeout: float = 5.0) -> Window:
        return wait_until(lambda: next(iter(self.tray_icons()), None), timeout, "a tray icon")

    def open_tray_menu(self, icon: Window, button: int = 3) -> Window:
        """Click ``icon`` with ``button`` and return the menu window that opens."""
        before = {w.id for w in self.top_windows()}
        self.click(icon.id, icon.width // 2, icon.height // 2, button)
        menu = wait_until(
            lambda: next(
                (w for w in self.top_windows() if w.id not in before and w.height > 40), None
            ),
            what="the tray menu to open",
        )
        return self.settled(menu.id)

    def settled(self, window: int) -> Window:
        """Return ``window``'s geometry once it stops changing: toolkits may still move
        or resize a popup just after mapping it."""
        return wait_still(lambda: self.geometry(window), what=f"window {window:#x} to settle")

    # -- X helpers --------------------------------------------------------------------

    def drawn(self, window: int, timeout: float = 10) -> Window:
        """Return ``window``'s geometry once its widgets and picture stop changing: a
        toolkit maps a window before it has drawn what is in it."""

        def look() -> tuple[Window, tuple[Window, ...], bytes]:
            box = self.geometry(window)
            picture = self.grab((box.x, box.y, box.x + box.width, box.y + box.height))
            return box, self.tree(window), picture.tobytes()

        return wait_still(look, timeout, f"window {window:#x} to be drawn")[0]

    def top_windows(self) -> list[Window]:
        """Return the root window's mapped children, bottom to top."""
        root = self.run("xwininfo", "-root", "-children")
        return [w for w in _parse_tree(root) if self._is_viewable(w.id)]

    def tree(self, window: int) -> tuple[Window, ...]:
        """Return the windows inside ``window``, nested, in creation order (none once it
        is gone: a toolkit may destroy a window while it is looked at)."""
        return _parse_tree(self.run("xwininfo", "-id", str(window), "-tree", check=False))

    def _is_viewable(self, window: int) -> bool:
        info = self.run("xwininfo", "-id", str(window), check=False)
        return "IsViewable" in info

    def search(self, *args: str) -> list[int]:
        """Return the windows ``xdotool search ARGS`` finds (only mapped ones)."""
        out = self.run("xdotool", "search", "--onlyvisible", *args, check=False)
        return [int(line) for line in out.split()]

    def click(self, window: int, x: int, y: int, button: int = 1) -> None:
        """Click at (x, y) relative to ``window``. There is no window manager here, so
        ``windowactivate`` would fail: move the pointer and click."""
        self.run("xdotool", "mousemove", "--window", str(window), str(x), str(y))
        self.run("xdotool", "click", str(button))

    def click_on(self, window: Window, button: int = 1) -> None:
        """Click in the middle of ``window``."""
        self.run("xdotool", "mousemove", *(str(n) for n in window.center))
        self.run("xdotool", "click", str(button))

    def input_focus(self) -> int:
        """Return the window holding the keyboard focus (1: PointerRoot, 0: None)."""
        from Xlib.display import Display

        display = Display(self.env["DISPLAY"])
        try:
            focus = display.get_input_focus().focus
            return focus if isinstance(focus, int) else focus.id
        finally:
            display.close()

    def key(self, *keys: str, window: int | None = None) -> None:
        target = ["--window", str(window)] if window is not None else []
        self.run("xdotool", "key", *target, *keys)

    def open_submenu(self, *keys: str) -> None:
        """Press ``keys`` in an open menu, then wait until the submenu they open is on
        screen and still: on a busy machine a key sent sooner reaches the parent menu."""
        opened = self.top_windows()
        self.key(*keys)
        wait_until(lambda: len(self.top_windows()) > len(opened), what="the submenu to open")
        wait_still(self.top_windows, what="the submenu to settle")

    def geometry(self, window: int) -> Window:
        info = self.run("xwininfo", "-id", str(window))
        fields = {}
        for line in info.splitlines():
            key, _, value = line.strip().partition(":")
            fields[key] = value.strip()
        return Window(
            id=window,
            name=None,
            width=int(fields["Width"]),
            height=int(fields["Height"]),
            x=int(fields["Absolute upper-left X"]),
            y=int(fields["Absolute upper-left Y"]),
        )

    def grab(self, crop: tuple[int, int, int, int] | None = None) -> Any:
        """Return the whole screen (or the ``crop`` box: left, top, right, bottom) as
        an RGB Pillow image."""
        from PIL import Image

        raw = self.dir / "screen.png"
        # A screenshot takes far longer than usual on a loaded machine.
        self.run("import", "-window", "root", str(raw), timeout=60)
        with Image.open(raw) as image:
            return (image.crop(crop) if crop else image).convert("RGB")

    def screenshot(self, path: Path, crop: tuple[int, int, int, int] | None = None) -> Path:
        """Save the whole screen (or the ``crop`` box) as PNG."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.grab(crop).save(path)
        return path


# "16x30+0+0  +1263+1": size and place in the parent, then the absolute place.
_GEOMETRY = re.compile(r"(\d+)x(\d+)[+-]-?\d+[+-]-?\d+\s+\+(-?\d+)\+(-?\d+)\s*$")


def _parse_tree(text: str) -> tuple[Window, ...]:
    """Return the windows of an ``xwininfo -tree``/``-children`` listing below the
    window asked about, nested, each level in creation order (xwininfo lists the
    topmost first)."""
    top: list = []
    stack: list[tuple[int, list]] = [(4, top)]
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if not stripped.startswith("0x"):
            continue
        indent = len(line) - len(stripped)
        while indent <= stack[-1][0]:
            stack.pop()
        ident, _, rest = stripped.partition(" ")
        place = _GEOMETRY.search(rest)
        if place is None:
            continue  # gone while xwininfo listed it: it has no geometry left
        name = rest[1 : rest.index('"', 1)] if rest.startswith('"') else None
        width, height, x, y = (int(n) for n in place.groups())
        children: list = []
        stack[-1][1].append((int(ident, 16), name, width, height, x, y, children))
        stack.append((indent, children))
    return _build(top)


def _build(raw: list) -> tuple[Window, ...]:
    return tuple(
        Window(ident, name, width, height, x, y, _build(children))
        for ident, name, width, height, x, y, children in reversed(raw)
    )
