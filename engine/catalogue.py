"""What references may name: each profile's tables, their titles, columns and fixed rows (rulebook/catalogue.yaml, or
the file RULEBOOK_CATALOGUE names). The profiles are declared there once; everything else reads them from here."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from engine.labels import PREVIOUS, normalise
from engine.resources import data_dir


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    side: str | None = None
    aliases: tuple[str, ...] = ()
    optional: bool = False


@dataclass(frozen=True)
class RowSpec:
    key: str
    side: str | None = None
    aliases: tuple[str, ...] = ()
    printed: str | None = None  # how the row is printed when that differs from its key (总计)
    group: str | None = None
    line_no: str | None = None


@dataclass(frozen=True)
class TableSpec:
    id: str
    title: str
    aliases: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    columns: tuple[ColumnSpec, ...] = ()
    rows: tuple[RowSpec, ...] = ()
    coded: bool = False  # rows carry 科目编码
    economic: bool = False  # codes are 经济分类 (3/5 digits) rather than 功能分类 (3/5/7)
    class_rows: str | None = None  # side whose rows are the 功能分类 类 list

    def column_key(self, printed: str, side: str | None = None) -> str | None:
        """The standard key of a printed column label, or None when the table has no such column."""
        wanted = normalise(printed)
        for c in self.columns:
            if (side is None or c.side in (None, side)) and (wanted == c.key or wanted in c.aliases):
                return c.key
        return None

    def row_key(self, printed: str, side: str | None = None) -> str | None:
        wanted = normalise(printed)
        for r in self.rows:
            if (side is None or r.side in (None, side)) and wanted in (r.key, r.printed, *r.aliases):
                return r.key
        return None


@dataclass(frozen=True)
class Profile:
    """A layout of disclosure: the tables it requires, whether forms are attached, and what marks a document as it."""

    id: str
    name: str
    tables: tuple[str, ...]
    attachments: bool = False
    default: bool = False  # the profile of a document no other profile's marks fit
    detect_tables: tuple[str, ...] = ()  # a document with any of these tables is of this profile
    detect_attachments: bool = False  # … or with attached 自评表
    detect_toc_titles: tuple[str, ...] = ()  # … or whose 目录 lists any of these titles


@dataclass(frozen=True)
class Catalogue:
    profiles: dict[str, Profile]
    tables: dict[str, TableSpec]
    function_classes: dict[str, str] = field(default_factory=dict)  # code -> 类 name

    def required_tables(self, profile: str) -> list[str]:
        return list(self.profiles[profile].tables)

    @property
    def default_profile(self) -> Profile:
        return next((p for p in self.profiles.values() if p.default), next(iter(self.profiles.values())))

    @cached_property
    def _by_title(self) -> dict[str, TableSpec]:
        """Normalised title or alias -> the first table (in catalogue order) printed under it."""
        found: dict[str, TableSpec] = {}
        for spec in self.tables.values():
            for title in (spec.title, *spec.aliases):
                found.setdefault(normalise(title), spec)
        return found

    def table_by_title(self, title: str) -> TableSpec | None:
        return self._by_title.get(normalise(title))

    def previous_year(self, table_id: str) -> TableSpec:
        """The same table in last year's disclosure (`上年公开01`): same rows and columns, read from the document
        given with --previous; absent without one, so rules on it are 不可核."""
        found = self._previous.get(table_id)
        if found is None:  # made once: every rule naming 上年公开01 compiles against it
            base = self.tables[table_id]
            found = self._previous[table_id] = replace(base, id=PREVIOUS + base.id, title=PREVIOUS + base.title,
                                                       aliases=tuple(PREVIOUS + a for a in base.aliases))
        return found

    @cached_property
    def _previous(self) -> dict[str, TableSpec]:
        return {}

    def class_code(self, name: str) -> str | None:
        wanted = normalise(name)
        for code, label in self.function_classes.items():
            if normalise(label) == wanted:
                return code
        return None


def _tuple(values: Any) -> tuple[str, ...]:
    return tuple(normalise(str(v)) for v in values or ())


def _profile(profile_id: str, raw: dict[str, Any]) -> Profile:
    detect = raw.get("detect") or {}
    return Profile(id=profile_id, name=raw.get("name", profile_id), tables=tuple(raw["tables"]),
                   attachments=bool(raw.get("attachments")), default=bool(raw.get("default")),
                   detect_tables=tuple(detect.get("tables", ())), detect_attachments=bool(detect.get("attachments")),
                   detect_toc_titles=tuple(detect.get("toc_titles", ())))


def catalogue_path() -> Path:
    """The catalogue in use: RULEBOOK_CATALOGUE when set (a province's own data file), else the bundled one."""
    chosen = os.environ.get("RULEBOOK_CATALOGUE")
    return Path(chosen) if chosen else data_dir("rulebook") / "catalogue.yaml"


def profile_ids() -> list[str]:
    return list(load_catalogue().profiles)


@lru_cache(maxsize=8)
def load_catalogue(path: Path | None = None) -> Catalogue:
    from engine.rules import cache

    data = (path or catalogue_path()).read_bytes()
    return cache.kept("catalogue", data, lambda: _read(data))  # read on every start: kept per content, no YAML


def _read(data: bytes) -> Catalogue:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml
    raw = yaml.load(data.decode("utf-8"), Loader=loader)
    tables = {}
    for table_id, spec in raw["tables"].items():
        tables[table_id] = TableSpec(
            id=table_id,
            title=spec["title"],
            aliases=tuple(spec.get("aliases", ())),
            sides=tuple(spec.get("sides", ())),
            columns=tuple(ColumnSpec(key=normalise(c["key"]), side=c.get("side"), aliases=_tuple(c.get("aliases")),
                                     optional=bool(c.get("optional"))) for c in spec.get("columns", ())),
            rows=tuple(RowSpec(key=normalise(r["key"]), side=r.get("side"), aliases=_tuple(r.get("aliases")),
                               printed=normalise(r["printed"]) if r.get("printed") else None,
                               group=r.get("group"), line_no=r.get("line_no")) for r in spec.get("rows", ())),
            coded=bool(spec.get("coded")),
            economic=bool(spec.get("economic")),
            class_rows=spec.get("class_rows"),
        )
    return Catalogue(profiles={k: _profile(k, v) for k, v in raw["profiles"].items()}, tables=tables,
                     function_classes={str(k): v for k, v in raw.get("function_classes", {}).items()})
