"""Option choices read from the data that owns them (profiles from the catalogue, formats from their registry), only
when an option is used or shown, so start-up stays fast."""
from __future__ import annotations

from typing import Any, Callable, Sequence

import click


class LazyChoice(click.Choice):
    def __init__(self, load: Callable[[], Sequence[str]]) -> None:
        super().__init__((), case_sensitive=True)
        self._load = load

    @property  # type: ignore[override,unused-ignore]  # needed with some click versions, not others
    def choices(self) -> Sequence[Any]:
        return tuple(self._load())

    @choices.setter
    def choices(self, _: Sequence[Any]) -> None:  # click.Choice.__init__ assigns it
        pass


def profiles() -> Sequence[str]:
    from engine.catalogue import profile_ids

    return profile_ids()


def formats() -> Sequence[str]:
    from engine.checking.formats import FORMATS

    return list(FORMATS)


PROFILE_HELP = "口径，rulebook/catalogue.yaml 的 profiles 之一（默认：从文件内容识别）/ profile"
