"""Start-up on a damaged or empty database: never open it for writing, offer the way back.

SQLite would treat a 0-byte ``sidekick.db`` as a new database and the app would then load the
demo shop over it; a damaged one ends every read in an error. Before the store is opened, the
app asks the agent instead: put back the newest good backup (the damaged file is moved aside,
``backup.restore_from``), start with an empty library (the damaged file is kept aside too), or
quit and leave the file exactly as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from sidekick.config import paths
from sidekick.db.backup import BackupError, newest_good_backup, restore_from, timestamped_name
from sidekick.db.health import startup_problem
from sidekick.ui.i18n import error_text, translated


class Choice(Enum):
    RESTORE = "restore"  # put back the newest good backup
    FRESH = "fresh"  # keep the damaged file aside, start with an empty library
    QUIT = "quit"  # touch nothing


Ask = Callable[[Path, str, "Path | None"], Choice]


def _tr(text: str) -> str:
    return QCoreApplication.translate("Recovery", text)


def ask_with_dialog(database: Path, problem: str, newest: Path | None) -> Choice:
    """A modal question; Esc or closing it quits without touching anything."""
    box = QMessageBox(QMessageBox.Icon.Critical, "Sidekick", _tr("The Sidekick database cannot be used: %1.")
                      .replace("%1", f"{database} {translated(problem)}"))
    restore = None
    if newest is not None:
        box.setInformativeText(_tr("It has not been changed. Put back the newest good backup (%1)? "
                                   "The damaged file is kept aside.").replace("%1", newest.name))
        restore = box.addButton(_tr("Restore the backup"), QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setInformativeText(_tr("It has not been changed, and there is no good backup. Start with an empty "
                                   "library? The damaged file is kept aside."))
    fresh = box.addButton(_tr("Start with an empty library"), QMessageBox.ButtonRole.DestructiveRole)
    quit_button = box.addButton(_tr("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore or quit_button)
    box.setEscapeButton(quit_button)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        return Choice.RESTORE
    return Choice.FRESH if clicked is fresh else Choice.QUIT


def ensure_usable_database(ask: Ask = ask_with_dialog, database: Path | None = None) -> bool:
    """True when the app may open the database (sound, absent, or just recovered)."""
    database = database or paths.database_path()
    problem = startup_problem(database)
    if problem is None:
        return True
    newest = newest_good_backup(paths.backups_dir())
    choice = ask(database, problem, newest)
    if choice is Choice.RESTORE and newest is not None:
        try:
            restore_from(newest, database, paths.backups_dir())
        except BackupError as error:
            QMessageBox.critical(None, "Sidekick", error_text(error))
            return False
        return True
    if choice is Choice.FRESH:
        aside = paths.backups_dir() / timestamped_name("damaged")
        aside.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{database}{suffix}")
            if source.exists():
                source.replace(Path(f"{aside}{suffix}"))
        return True
    return False
