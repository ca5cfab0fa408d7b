"""The settings window: ergo's settings for people who never open a YAML file.

:mod:`form` describes what the window shows and turns its controls into config
changes (pure); :mod:`window` is the Tk window, run in a process of its own by
``ergo settings``, the tray's "Settings…" and ``python -m ergo.settings``; saving goes
through :mod:`ergo.config.edit`.
"""
