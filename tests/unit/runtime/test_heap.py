"""The daemon's threads share glibc's main malloc arena (ergo.runtime.heap)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

# A child process (the cap must come before its first thread) whose threads each
# allocate blocks too big for Python's own allocator, then report how many arenas
# glibc has (malloc_info writes one <heap> element per arena).
CHILD = textwrap.dedent("""
    import ctypes, sys, tempfile, threading
    from ergo.runtime.heap import share_arenas

    took = share_arenas() if sys.argv[1] == "capped" else None
    barrier = threading.Barrier(4)
    kept = []

    def allocate():
        barrier.wait()
        kept.append([bytearray(4096) for _ in range(200)])

    threads = [threading.Thread(target=allocate) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    libc = ctypes.CDLL(None)
    libc.fopen.restype = ctypes.c_void_p
    libc.fopen.argtypes = (ctypes.c_char_p, ctypes.c_char_p)
    libc.malloc_info.argtypes = (ctypes.c_int, ctypes.c_void_p)
    libc.fclose.argtypes = (ctypes.c_void_p,)
    with tempfile.NamedTemporaryFile() as out:
        stream = libc.fopen(out.name.encode(), b"w")
        libc.malloc_info(0, stream)
        libc.fclose(stream)
        print(took, open(out.name).read().count("<heap nr="))
""")


def arenas(mode: str) -> tuple[str, int]:
    done = subprocess.run([sys.executable, "-c", CHILD, mode], capture_output=True,
                          text=True, check=True)
    took, count = done.stdout.split()
    return took, int(count)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc only")
def test_threads_share_one_arena_once_capped():
    assert arenas("capped") == ("True", 1)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc only")
def test_without_the_cap_threads_get_arenas_of_their_own():
    # The control: the cap, not the test's threads, is what keeps it at one.
    assert arenas("default")[1] > 1
