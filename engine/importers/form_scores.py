"""A 自评表's 一级指标 scores: its rows' printed scores added up by category, as both templates' readers add them."""
from __future__ import annotations

from decimal import Decimal

from engine.model import FormField, Indicator


def add_score(scores: dict[str, FormField], indicator: Indicator) -> bool:
    """Add a row's printed score to its 一级指标's; whether that category had a score already (the reader says so)."""
    score, known = indicator.score, scores.get(indicator.level1)
    if score is None or score.value is None:
        return False
    if known is None:
        scores[indicator.level1] = FormField(label=indicator.level1, value=score.value, text=score.text,
                                             source=score.source)
        return False
    scores[indicator.level1] = FormField(label=known.label, value=(known.value or Decimal(0)) + score.value,
                                         text=f"{known.text}+{score.text}", source=known.source)
    return True


def category_scores(indicators: list[Indicator]) -> dict[str, FormField]:
    """Each 一级指标's score: its rows' printed scores added up, as the reader adds them."""
    out: dict[str, FormField] = {}
    for indicator in indicators:
        add_score(out, indicator)
    return out
