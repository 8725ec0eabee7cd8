"""The function reference, generated from the registry: the `rulebook functions` listing and the README's table."""
from __future__ import annotations

from engine.functions.registry import Function, Registry

README_START = "<!-- 函数表：由 engine/functions/reference.py 从函数注册表生成，请勿手改 -->"
README_END = "<!-- 函数表结束 -->"


def _names(fn: Function) -> str:
    return "、".join(fn.names)


def listing(registry: Registry, lang: str = "zh") -> str:
    """Every function: its signatures in Chinese and English, the names a rule may use, what it does, an example."""
    names, example = ("names: ", "e.g. ") if lang == "en" else ("名称：", "例：")
    return "\n\n".join(f"{fn.signature('zh')}\n  {fn.signature('en')}\n  {names}{_names(fn)}\n"
                        f"  {fn.en if lang == 'en' else fn.zh}\n  {example}{fn.example}" for fn in registry)


def markdown(registry: Registry) -> str:
    """The README's function table (between README_START and README_END)."""
    lines = ["| 签名 / signature | 名称 / names | 说明 / description | 示例 / example |", "|---|---|---|---|"]
    for fn in registry:
        lines.append(f"| `{fn.signature('zh')}`<br>`{fn.signature('en')}` | {_names(fn)} | {fn.zh}<br>{fn.en} "
                     f"| `{fn.example}` |")
    return "\n".join(lines)


def readme_section(readme: str, registry: Registry) -> str:
    """The README with its function table regenerated from the registry."""
    head, _, rest = readme.partition(README_START)
    _, _, tail = rest.partition(README_END)
    return f"{head}{README_START}\n{markdown(registry)}\n{README_END}{tail}"


if __name__ == "__main__":  # python -m engine.functions.reference README.md: regenerate the README's table
    import sys
    from pathlib import Path

    from engine.functions.builtins import BUILTINS

    path = Path(sys.argv[1])
    path.write_text(readme_section(path.read_text(encoding="utf-8"), BUILTINS), encoding="utf-8")
