"""Documents on which a rule's fast forms are compared with its traced run: the samples, generated documents with
defects and rounding, one generated document with words where amounts belong (evaluation errors inside and outside
for-each loops), and, if asked, the workload's probes (a dropped table, a dropped row, amounts moved by cents)."""
from __future__ import annotations

import json
from pathlib import Path

from engine.importers import load_disclosure
from engine.model import Disclosure

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def documents(tmp: Path, seed: int, *, probes: bool = False) -> list[Disclosure]:
    from bench.generate import generate

    paths = sorted(SAMPLES.glob("*.json")) + generate(tmp, 6, seed=seed, text=False)
    data = json.loads(paths[-1].read_text("utf-8"))
    for table in data["tables"].values():
        for row in table["rows"][::3]:
            for cell in row["cells"].values():
                cell.update(kind="text", value=None, text="见说明")
    docs = [load_disclosure(p) for p in paths]
    docs.append(Disclosure.model_validate_json(json.dumps(data, ensure_ascii=False)))
    if probes:
        from bench.workload import probes as workload_probes

        texts, _ = workload_probes([p.read_bytes() for p in paths[-6:-3]], seed=9)
        docs += [Disclosure.model_validate_json(t) for t in texts]
    return docs
