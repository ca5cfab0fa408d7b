"""One module per ``ergo`` subcommand, each with ``register(subparsers)``."""
