"""The package boundaries from the architecture notes, checked by walking every import.

- ``sidekick.core`` imports nothing of the rest of Sidekick and no Qt, pynput or SQL.
- ``sidekick.db`` and ``sidekick.hub`` never import Qt.
- ``sidekick.platform`` knows nothing of phrases: no db, hub, ui or app.
- ``sidekick.ui`` never imports pynput, SQL or ``sidekick.platform``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "sidekick"

QT = ("PySide6", "shiboken6")
SQL = ("sqlmodel", "sqlalchemy", "alembic", "psycopg", "sqlite3")
RULES: dict[str, tuple[str, ...]] = {
    "core": QT + SQL + ("pynput", "Xlib", "sidekick.db", "sidekick.hub", "sidekick.platform", "sidekick.ui", "sidekick.app", "sidekick.cli"),
    "db": (*QT, "pynput", "sidekick.ui", "sidekick.app", "sidekick.platform", "sidekick.hub"),
    "hub": (*QT, "pynput", "sidekick.ui", "sidekick.app", "sidekick.platform"),
    "platform": (*SQL, "sidekick.db", "sidekick.hub", "sidekick.ui", "sidekick.app"),
    "ui": (*SQL, "pynput", "Xlib", "sidekick.platform", "sidekick.db", "sidekick.hub", "sidekick.app"),
}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violations(package: str) -> list[str]:
    found = []
    for path in sorted((PACKAGE / package).rglob("*.py")):
        for module in imported_modules(path):
            for banned in RULES[package]:
                if module == banned or module.startswith(banned + "."):
                    found.append(f"{path.relative_to(PACKAGE.parent)} imports {module}")
    return found


@pytest.mark.parametrize("package", sorted(RULES))
def test_package_respects_its_boundary(package: str) -> None:
    assert violations(package) == []


def test_the_checker_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtCore import QObject\nimport sqlmodel\n", encoding="utf-8")
    assert imported_modules(bad) == {"PySide6.QtCore", "sqlmodel"}
