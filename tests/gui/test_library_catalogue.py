"""Every string the library and products windows show has a Chinese translation in the catalogue.

The window mixins (``LibraryOperations``, ``ExchangeActions``) translate in their window's context,
``LibraryWindow``, as ``self.tr`` goes by the object's class.
"""

from __future__ import annotations

import ast
from pathlib import Path

from sidekick.config.catalogue import read_ts

REPO = Path(__file__).resolve().parents[2]
MIXIN_CONTEXT = {"LibraryOperations": "LibraryWindow", "ExchangeActions": "LibraryWindow"}


def _strings(path: Path) -> set[tuple[str, str]]:
    """(context, source) of every ``self.tr("…")``, ``translate("Ctx", "…")`` and
    ``QT_TRANSLATE_NOOP("Ctx", "…")`` in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[tuple[str, str]] = set()
    for cls in [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]:
        context = MIXIN_CONTEXT.get(cls.name, cls.name)
        for node in ast.walk(cls):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            # tr("…"); an action's name, _action("…") or a("…"); retranslatable(setter, "…")
            position = {"tr": 0, "_action": 0, "a": 0, "retranslatable": 1}.get(name)
            if position is not None and len(node.args) > position and isinstance(node.args[position], ast.Constant):
                found.add((context, node.args[position].value))
    for node in ast.walk(tree):
        name = getattr(node.func, "attr", getattr(node.func, "id", "")) if isinstance(node, ast.Call) else ""
        if (name in ("translate", "QT_TRANSLATE_NOOP")
                and len(node.args) >= 2 and all(isinstance(a, ast.Constant) for a in node.args[:2])):
            found.add((node.args[0].value, node.args[1].value))
    return found


def test_every_library_and_products_string_has_a_chinese_translation() -> None:
    folder = REPO / "resources" / "i18n" / "zh_CN"
    table: dict[tuple[str, str], str] = {}
    for path in folder.glob("*.ts"):
        table.update(read_ts(path))
    wanted: set[tuple[str, str]] = set()
    for path in [*(REPO / "sidekick/ui/library").glob("*.py"), *(REPO / "sidekick/ui/products").glob("*.py"),
                 REPO / "sidekick/ui/widgets/file_dialogs.py"]:
        wanted |= _strings(path)
    assert len(wanted) > 100
    assert sorted(wanted - table.keys()) == []
