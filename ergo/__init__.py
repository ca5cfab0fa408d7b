"""ergo: posture and movement reminders with guided lumbar stretches."""

__version__ = "0.1.0"
# The name ergo is published and installed under; "ergo" on PyPI is another project.
DISTRIBUTION = "ergo-reminders"
