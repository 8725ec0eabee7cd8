"""Opening the store: SQLite in a data folder by default, PostgreSQL (or any SQLAlchemy URL) when one is given;
the schema is brought to the newest migration on open."""
from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0002"


class StoreError(Exception):
    """The store cannot be opened; the message is Chinese and names the URL without its password."""


def default_url(data_dir: str | Path | None = None) -> str:
    folder = Path(data_dir or os.environ.get("RULEBOOK_DATA") or Path.home() / ".local/share/rulebook")
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'review.db'}"


def _alembic(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrades the schema to `revision` (the newest by default); history rows are never dropped by a migration."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:  # SQLite alters a table by rebuilding it, which other tables' references would refuse
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            command.upgrade(_alembic(connection), revision)
            if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                raise StoreError("审核库升级后外键不一致，已回滚")
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


def revision_of(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def connect(url: str | None = None, *, upgrade: bool = True) -> Engine:
    url = url or os.environ.get("RULEBOOK_DATABASE_URL") or default_url()
    try:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    except Exception as exc:  # a malformed URL or a missing driver
        raise StoreError(f"无法打开审核库「{_safe(url)}」：{exc}") from None
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi, _record):  # foreign keys on, and readers never block the one writer
            cursor = dbapi.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.close()
    if upgrade:
        try:
            migrate(engine)
        except Exception as exc:
            raise StoreError(f"无法打开或升级审核库「{_safe(url)}」：{type(exc).__name__}: {exc}") from None
    return engine


def tables_of(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "（无效的数据库地址）"
