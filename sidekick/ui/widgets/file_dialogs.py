"""Open and save dialogs that start where the agent expects: the last folder used, else Documents.

Qt's own dialogs start in the process's working directory when given no folder, which for a
tray app is wherever it was launched from. Every file dialog of the app goes through here; the
last folder is remembered per process (the first dialog of a session opens in Documents).
Their buttons and labels come from Qt's own catalogue, which ``install_language`` loads.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

_last_folder: Path | None = None


def start_folder() -> Path:
    """The folder the next dialog opens in."""
    if _last_folder is not None and _last_folder.is_dir():
        return _last_folder
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def remember(path: Path) -> None:
    global _last_folder
    _last_folder = path if path.is_dir() else path.parent


def open_file(parent: QWidget | None, title: str, filters: str) -> Path | None:
    name, _chosen = QFileDialog.getOpenFileName(parent, title, str(start_folder()), filters)
    if not name:
        return None
    remember(Path(name))
    return Path(name)


def open_files(parent: QWidget | None, title: str, filters: str) -> list[Path]:
    """Several files at once; empty when the dialog was cancelled."""
    names, _chosen = QFileDialog.getOpenFileNames(parent, title, str(start_folder()), filters)
    if names:
        remember(Path(names[0]))
    return [Path(name) for name in names]


def save_file(parent: QWidget | None, title: str, filters: str, suggested: str = "") -> tuple[Path | None, str]:
    """(path, chosen filter); the path is None when the dialog was cancelled."""
    target = start_folder() / suggested if suggested else start_folder()
    name, chosen = QFileDialog.getSaveFileName(parent, title, str(target), filters)
    if not name:
        return None, chosen
    remember(Path(name))
    return Path(name), chosen
