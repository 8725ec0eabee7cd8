"""Service settings from environment variables; tokens are kept out of repr so they never reach a log."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_BODY = 10 * 1024 * 1024  # an uploaded file: a PDF is a few MB
DEFAULT_MAX_JSON = 1024 * 1024  # a JSON body or a .json/.txt upload: a normalised disclosure is ~0.3 MB
DEFAULT_TIMEOUT = 20.0


class SettingsError(Exception):
    """A setting that cannot be used; the message is Chinese and names the variable."""


@dataclass(frozen=True)
class Settings:
    edit_tokens: dict[str, str] = field(default_factory=dict, repr=False)  # token -> who (never logged)
    check_token: str | None = field(default=None, repr=False)
    max_body: int = DEFAULT_MAX_BODY
    max_json: int = DEFAULT_MAX_JSON
    timeout: float = DEFAULT_TIMEOUT
    keep_submissions: Path | None = None  # folder where submissions are kept; None = never kept
    changelog: Path | None = None  # None = changes.jsonl beside the rulebook's entry file
    workers: int = 4  # threads for edits, lints and reads; a timed-out one keeps its thread until it ends
    # worker processes for importing, checking and evaluating documents; 0 = in the threads above (an app made
    # in-process, e.g. by tests); `rulebook serve` uses one per core, at most 4 (RULEBOOK_WORKERS sets it)
    processes: int = 0
    max_inflight: int = 16  # heavy requests (check, eval, lint, edits) in the server at once; more -> 429
    database_url: str | None = field(default=None, repr=False)  # review store; None = SQLite in the data folder
    admin_token: str | None = field(default=None, repr=False)  # creates units and users of the review store

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        tokens: dict[str, str] = {}
        if env.get("RULEBOOK_EDIT_TOKEN"):
            tokens[env["RULEBOOK_EDIT_TOKEN"].strip()] = "editor"
        if env.get("RULEBOOK_EDIT_TOKEN_FILE"):
            tokens.update(read_token_file(Path(env["RULEBOOK_EDIT_TOKEN_FILE"])))
        keep = env.get("RULEBOOK_KEEP_SUBMISSIONS", "").strip()
        return cls(
            edit_tokens=tokens,
            check_token=env.get("RULEBOOK_CHECK_TOKEN", "").strip() or None,
            max_body=_number(env, "RULEBOOK_MAX_BODY", DEFAULT_MAX_BODY, int),
            max_json=_number(env, "RULEBOOK_MAX_JSON", DEFAULT_MAX_JSON, int),
            timeout=_number(env, "RULEBOOK_TIMEOUT", DEFAULT_TIMEOUT, float),
            max_inflight=_number(env, "RULEBOOK_MAX_INFLIGHT", 16, int),
            processes=_number(env, "RULEBOOK_WORKERS", 0, int),
            keep_submissions=Path(keep) if keep and keep.lower() not in ("0", "off", "false", "no") else None,
            changelog=Path(env["RULEBOOK_CHANGELOG"]) if env.get("RULEBOOK_CHANGELOG") else None,
            database_url=env.get("RULEBOOK_DATABASE_URL", "").strip() or None,
            admin_token=env.get("RULEBOOK_ADMIN_TOKEN", "").strip() or None,
        )


def read_token_file(path: Path) -> dict[str, str]:
    """One token a line, `name:token` or just `token` (who = editor); blank lines and # comments skipped."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"RULEBOOK_EDIT_TOKEN_FILE：无法读取令牌文件 {path}（{type(exc).__name__}）") from None
    tokens: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, token = line.partition(":")
        if sep and name.strip() and token.strip():
            tokens[token.strip()] = name.strip()
        else:
            tokens[line] = "editor"
    return tokens


def _number(env: dict[str, str], name: str, default, kind):
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise SettingsError(f"{name}：「{raw}」不是有效的数值") from None
    if value <= 0:
        raise SettingsError(f"{name}：须为正数，实际为 {raw}")
    return value
