"""Entry point for ``python -m ergo``."""

from ergo.cli import main

raise SystemExit(main())
