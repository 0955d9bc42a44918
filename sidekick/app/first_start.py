"""A first start's heavy work, done in a short-lived helper process so the tray app stays small.

Creating or upgrading the database (Alembic and SQLAlchemy), loading the demo shop and
computing the pinyin forms of its phrases (pypinyin's dictionaries) bring in ≈ 110 MB of modules
and tables that the tray app never needs again, and Python keeps what it has imported: done in
the tray process, a first start idled at ≈ 220 MB where every later start idles at ≈ 115 MB.

So when the database needs any of that (no file yet, an older schema, an empty library without
a team hub), the app first runs ``sidekick prepare-start`` (``prepare``, the same code the app
runs, in a child process) and then opens a database with nothing left to do. Should the helper
fail or be missing, the app does the work itself as before, with the same messages and the same
recovery for a damaged database (which the helper leaves alone).
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sidekick.db.store import Store

PREPARE_COMMAND = "prepare-start"
PREPARE_TIMEOUT_S = 600.0  # a migration of a very large library; the app then carries on itself

log = logging.getLogger(__name__)


def needs_preparing(path: Path) -> bool:
    """Whether opening ``path`` would migrate, create or fill it (read with sqlite3 only)."""
    from sidekick.db.health import DamagedDatabase
    from sidekick.db.store import open_ready

    try:
        store = open_ready(path)
    except DamagedDatabase:
        return False  # the app's own recovery explains it and offers the backup
    return _needs_helper(store)


def _needs_helper(store: Store | None) -> bool:
    """Whether the start must create or upgrade the database (``open_ready`` gave None) or fill it."""
    return store is None or _waits_for_demo(store)


def _waits_for_demo(store: Store) -> bool:
    """An empty library without a team hub: the demo shop goes in (with a hub, its first sync
    fills the library: nothing heavy to do here)."""
    return store.is_empty() and not store.read_settings()[0].hub_url


def open_for_tray_app(path: Path) -> Store:
    """``open_store`` for the tray app: what would make it create, upgrade or fill the database
    is done by the helper process first, and the checks of a normal start run once.
    ``DamagedDatabase`` as ``open_store``; should the helper fail, this process does the work."""
    from sidekick.db.store import open_ready, open_store

    store = open_ready(path)
    if _needs_helper(store) and _run_helper() and store is None:
        store = open_ready(path)
    return store if store is not None else open_store(path)


def prepare() -> str:
    """Create or upgrade the database, fill an empty library, store the phrases' search forms.

    What the tray app's start does itself; returns what the first start did ("demo", "hub", "")."""
    from sidekick.db.demo_loader import first_start
    from sidekick.db.search_load import load_index, save_recomputed_forms
    from sidekick.db.store import open_store

    store = open_store()
    try:
        done = first_start(store)
        index = load_index(store.path)
        if index.recomputed_forms:
            with store.session() as session:
                save_recomputed_forms(session, index)
        return done
    finally:
        store.close()


def _run_helper() -> bool:
    """``sidekick prepare-start`` in a child process; True when it succeeded."""
    frozen = getattr(sys, "frozen", False)
    command = [sys.executable, PREPARE_COMMAND] if frozen else [sys.executable, "-m", "sidekick", PREPARE_COMMAND]
    # Windows: no console window flashing up for the helper (the tray app has none either).
    no_window = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=PREPARE_TIMEOUT_S, check=False,
                              creationflags=no_window)
    except (OSError, subprocess.TimeoutExpired) as error:
        log.warning("first-start helper did not run (%s); the app prepares the database itself", error)
        return False
    if done.returncode != 0:
        # Its own log has the details; the app now does the same work and reports what fails.
        log.warning("first-start helper exited with %s; the app prepares the database itself", done.returncode)
        return False
    return True
