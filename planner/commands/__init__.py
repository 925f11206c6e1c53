"""The `planner` subcommands, one module each."""
