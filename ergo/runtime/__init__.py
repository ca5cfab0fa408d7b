"""The imperative shell: clock, timer and the threads that feed the engine."""
