"""ergo: posture and movement reminders with guided lumbar stretches."""

__version__ = "0.1.0"
