"""The daemon's imperative shell: single instance, state on disk, threads and wiring."""
