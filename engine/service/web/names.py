"""What the rule editor completes: table ids and titles, their rows and columns (catalogue), definitions and the
functions of the registry, each with a short Chinese hint."""
from __future__ import annotations


def completion_names(book) -> dict:
    from engine.catalogue import load_catalogue
    from engine.functions.builtins import BUILTINS

    catalogue = load_catalogue()
    tables = []
    for spec in catalogue.tables.values():
        tables.append({"id": spec.id, "title": spec.title,
                       "rows": sorted({r.key for r in spec.rows} | {a for r in spec.rows for a in r.aliases}),
                       "columns": sorted({c.key for c in spec.columns})})
    functions = [{"name": name, "hint": fn.zh, "example": fn.example}
                 for fn in BUILTINS for name in fn.names]
    definitions = sorted(getattr(book, "definitions", {}) or {})
    return {"tables": tables, "functions": functions, "definitions": definitions}
