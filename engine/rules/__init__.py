"""Rulebook files: loading, positions, schema, examples, lint."""
