"""The control channel between ``ergo`` commands and the running daemon.

``protocol`` is the pure message format, ``endpoint`` the per-user address and
authkey, ``transport`` the authenticated, time-limited connection, ``server``
the daemon's listener thread and ``client`` the one-shot request the CLI sends.
"""
