"""The real documents the format-invariance tests run on; the comparison itself is engine/render/compare.py."""
from __future__ import annotations

import os
from pathlib import Path

from engine.render.compare import amounts, differences, findings, layout_independent  # noqa: F401  (the tests' API)

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


def shared_dir() -> Path | None:
    """../shared beside the checkout (CI lays it there); a worktree finds it further up; RULEBOOK_SHARED overrides."""
    if os.environ.get("RULEBOOK_SHARED"):
        return Path(os.environ["RULEBOOK_SHARED"])
    for parent in ROOT.parents:
        if (parent / "shared" / "pdf").is_dir():
            return parent / "shared"
    return None


def real_documents() -> list[Path]:
    """Every real 决算 disclosure we have: the bundled samples and the ones in ../shared/pdf."""
    docs = [SAMPLES / "yangquan-czj-2024.txt", SAMPLES / "shanghai-putuo-czj-2024.pdf"]
    shared = shared_dir()
    if shared is not None:
        docs += [p for p in sorted((shared / "pdf").glob("*.pdf"))
                 if "template" not in p.name and p.name not in {d.name for d in docs}]
    return docs


_generated: dict = {}


def generated(index: int):
    """Generated document `index` (bench/generate.py, seed 7) imported from its published text, with its amounts and
    findings; kept for the session, as the tests of several files share documents."""
    from engine.importers import import_text

    if "gen" not in _generated:
        from bench.generate import Generator

        _generated["gen"] = Generator(seed=7)
    if index not in _generated:
        gen = _generated["gen"]
        doc = import_text(gen.published_text(gen.document(index)).encode("utf-8"), name=f"d{index:05d}.txt")
        _generated[index] = (doc, amounts(doc), findings(doc))
    return _generated[index]
