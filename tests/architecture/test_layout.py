"""The README's map of the code (its 目录 section) names every folder of the engine and every module in it."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## 目录\n")
    end = readme.find("\n## ", start + 1)
    return readme[start:end if end != -1 else None]


def test_every_folder_has_one_line_naming_each_of_its_modules() -> None:
    lines = {m[1]: m[2] for m in re.finditer(r"^\| `(engine/[^`]*)` \| (.*) \|$", _section(), re.M)}
    missing = []
    for folder in sorted(p for p in (ROOT / "engine").rglob("*") if p.is_dir() and (p / "__init__.py").exists()):
        key = f"{folder.relative_to(ROOT)}/"
        if key not in lines:  # a package inside a listed folder (review's migrations/) is named in its line
            if not any(key.startswith(k) and f"{folder.name}/" in line for k, line in lines.items()):
                missing.append(key)
            continue
        for module in sorted(folder.glob("*.py")):
            if module.stem != "__init__" and not re.search(rf"(?<![\w.]){re.escape(module.stem)}(?!\w)", lines[key]):
                missing.append(f"{key}{module.name}")
    assert missing == []


def test_every_package_of_the_engine_is_in_the_wheel() -> None:
    """[tool.setuptools] lists packages by hand: a folder left out is missing from an installed rulebook."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.relative_to(ROOT).parts) for p in (ROOT / "engine").rglob("*")
             if p.is_dir() and (p / "__init__.py").exists()}
    assert found - listed == set()
