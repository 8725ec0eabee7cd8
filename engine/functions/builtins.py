"""The registry of every built-in function, family by family, and the named document parts; what an Environment is
built with (engine/language/ never imports this: it is handed in, as jinja hands filters to its Environment)."""
from __future__ import annotations

from engine.functions import claims, codes, directions, document, headings, indicators, items, numeric, rates, repeated, rows, scores, stated, templates, units
from engine.functions.registry import Registry

BUILTINS = Registry([*numeric.FUNCTIONS, *document.FUNCTIONS, *templates.FUNCTIONS, *stated.FUNCTIONS,
                     *indicators.FUNCTIONS, *claims.FUNCTIONS, *codes.FUNCTIONS, *directions.FUNCTIONS,
                     *items.FUNCTIONS, *headings.FUNCTIONS,
                     *units.FUNCTIONS, *rates.FUNCTIONS, *rows.FUNCTIONS, *repeated.FUNCTIONS, *scores.FUNCTIONS],
                    document.DOCUMENT_NAMES, document.DOCUMENT_READS)
