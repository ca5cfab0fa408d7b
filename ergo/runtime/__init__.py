"""The daemon's imperative shell: clock, timer, single instance, state, threads, wiring."""
