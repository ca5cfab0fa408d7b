"""ergo's local history: what happened to each reminder, kept on this machine only.

``store`` owns the SQLite file and its schema, ``recorder`` writes events from the
daemon off the tray's thread, ``stats`` turns stored events into per-day figures,
and ``chart`` draws them (the only part that needs Pillow).
"""
