"""The `rulebook` command, one module per command group."""
