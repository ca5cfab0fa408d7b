"""The daemon's imperative shell: clock, timer, single instance, state on disk, threads and wiring."""
