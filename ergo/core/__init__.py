"""The pure core of ergo: settings model, scheduling and routine sequencing.

Nothing in here reads the clock, starts threads, touches files or imports a GUI;
the current time is always an argument.
"""
