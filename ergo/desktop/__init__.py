"""Thin desktop adapters behind the ports in ``ergo.ports``, chosen by ``ergo.desktop.select``.

Each adapter imports its own third-party library only when it is constructed, so
importing this package costs nothing and works without a display.
"""
