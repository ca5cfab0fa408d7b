"""Is a call on? Microphone capture running or a camera held open, read from /proc and /dev.

Linux only. A capture stream that is running shows as ``state: RUNNING`` in
``/proc/asound/card*/pcm*c/sub*/status``, whoever records (an application
through ALSA, or PipeWire and PulseAudio, which only keep a device running
while something records). A camera in use is a ``/dev/video*`` node that some
process holds open, seen in the ``/proc/PID/fd`` links ergo may read (its
user's processes). Both trees are given by path, so tests use a fake one.

Not seen: a Bluetooth headset's microphone (it does not go through ALSA).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

#: Processes that record on behalf of others: naming them says nothing to the user.
SOUND_SERVERS = frozenset({"pipewire", "pulseaudio", "jackd", "jackdbus", "wireplumber"})


def running_captures(proc: Path) -> list[int | None]:
    """Return the owner pid (None when not shown) of every running capture stream."""
    owners: list[int | None] = []
    for status in sorted(proc.glob("asound/card*/pcm*c/sub*/status")):
        try:
            text = status.read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        fields = dict(
            (key.strip(), value.strip())
            for key, _, value in (line.partition(":") for line in text.splitlines())
        )
        if fields.get("state") == "RUNNING":
            pid = fields.get("owner_pid", "")
            owners.append(int(pid) if pid.isdigit() else None)
    return owners


def camera_holders(proc: Path, dev: Path) -> list[int]:
    """Return the pids of the processes holding a ``video*`` device of ``dev`` open."""
    devices = {str(path) for path in dev.glob("video*")}
    if not devices:
        return []
    holders = []
    with os.scandir(proc) as entries:
        for entry in entries:
            if not entry.name.isdigit():
                continue
            try:
                with os.scandir(os.path.join(entry.path, "fd")) as fds:
                    if any(os.readlink(fd.path) in devices for fd in fds):
                        holders.append(int(entry.name))
            except OSError:
                # Another user's process, or one that just ended.
                continue
    return sorted(holders)


def process_name(proc: Path, pid: int) -> str | None:
    try:
        return (proc / str(pid) / "comm").read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None


class CaptureDetector:
    """Reports a call while a microphone records or a camera is open."""

    name = "capture"
    reason = "meeting"

    def __init__(self, proc: Path = Path("/proc"), dev: Path = Path("/dev")) -> None:
        self._proc = proc
        self._dev = dev

    def check(self) -> str | None:
        parts = []
        mics = running_captures(self._proc)
        if mics:
            names = self._names(pid for pid in mics if pid is not None)
            parts.append("microphone in use" + (f" by {names}" if names else ""))
        cameras = camera_holders(self._proc, self._dev)
        if cameras:
            names = self._names(cameras)
            parts.append("camera in use" + (f" by {names}" if names else ""))
        return "; ".join(parts) or None

    def _names(self, pids: Iterable[int]) -> str:
        found = {process_name(self._proc, pid) for pid in pids}
        return ", ".join(sorted(n for n in found if n and n not in SOUND_SERVERS))

    def close(self) -> None:
        """Nothing to release."""
