"""Built-in functions of the rule language, one module per family, and their registry."""
