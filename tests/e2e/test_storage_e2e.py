"""The real app and the database held by another process: the paste never waits on the disk.

Another process takes an exclusive lock on the app's database (as a long ``sidekick import``
does); the agent pastes meanwhile. The right reply must arrive, the agent's clipboard must come
back, and the use must be recorded once the lock is released.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import REPO, SidekickProcess, TargetProcess, XSession, wait_for
from test_paste_e2e import KNOWN, demo_body, expect_received, rendered

pytestmark = pytest.mark.e2e

# Holds BEGIN EXCLUSIVE on the database until the release file appears (at most 60 s).
LOCK_HOLDER = """
import sqlite3, sys, time
from collections.abc import Iterator
from pathlib import Path
database, locked, release = sys.argv[1:4]
connection = sqlite3.connect(database, isolation_level=None, timeout=30)
connection.execute("BEGIN EXCLUSIVE")
Path(locked).write_text("locked")
deadline = time.monotonic() + 60
while not Path(release).exists() and time.monotonic() < deadline:
    time.sleep(0.05)
connection.execute("ROLLBACK")
connection.close()
"""


HOTKEY = "<ctrl>+<alt>+u"  # its own: the session's shared app holds Ctrl+Alt+Space


@pytest.fixture
def own_app(xsession: XSession, tmp_path: Path) -> Iterator[SidekickProcess]:
    """A Sidekick of its own (own data directory and hotkey), so locking its database and
    importing into it touch no other test."""
    from dataclasses import replace as changed

    from sidekick.config.settings import Settings
    from sidekick.db.settings_store import save_settings
    from sidekick.db.store import open_store

    home = tmp_path / "storage-home"
    home.mkdir()
    store = open_store(home / "sidekick.db")
    with store.session() as session:
        save_settings(session=session, settings=changed(Settings(), hotkey=HOTKEY))
    store.close()
    app = SidekickProcess(xsession, home).start()
    try:
        assert app.info["hotkey_error"] is None, app.info
        yield app
    finally:
        if app.process is not None:
            app.process.terminate()
            app.process.wait(timeout=10)


def open_popup(x: XSession, app: SidekickProcess) -> None:
    # Right after other tests' apps were torn down, the first press can be lost to the window
    # manager's focus change on a loaded machine; the second one must work.
    for attempt in range(2):
        x.key("ctrl+alt+u")
        try:
            wait_for(lambda: x.active_window() == app.picker_window, 5, "the popup to take focus")
            return
        except Exception:
            if attempt:
                raise


def uses(database: Path) -> int:
    connection = sqlite3.connect(database, timeout=30)
    try:
        return int(connection.execute("SELECT count(*) FROM usage_event").fetchone()[0])
    finally:
        connection.close()


def test_a_paste_while_another_process_locks_the_database_sends_the_reply_and_records_the_use_later(
        xsession: XSession, own_app: SidekickProcess, target: TargetProcess, tmp_path: Path) -> None:
    sidekick_app = own_app
    database = sidekick_app.home / "sidekick.db"
    before = uses(database)
    locked, release = tmp_path / "locked", tmp_path / "release"
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(database), str(locked), str(release)], cwd=REPO)
    try:
        wait_for(lambda: locked.exists() or holder.poll() is not None, 30, "the other process to lock the database")
        assert holder.poll() is None, "the lock holder could not take the lock"
        xsession.set_clipboard(KNOWN)
        open_popup(xsession, sidekick_app)
        sidekick_app.type_query("kd")
        xsession.key("Return")
        expect_received(target, rendered(demo_body("kd")))
        wait_for(lambda: xsession.get_clipboard() == KNOWN, 5, "the agent's clipboard to come back")
        assert holder.poll() is None, "the lock must still be held while the paste completes"
        assert uses(database) == before  # nothing could be written yet
    finally:
        release.write_text("go")
        holder.wait(timeout=30)
    wait_for(lambda: uses(database) == before + 1, 15, "the use to be recorded after the lock was released")
    assert sidekick_app.alive()
    assert "database is locked" not in sidekick_app.log()


def test_a_phrase_imported_from_the_command_line_is_found_by_the_running_popup(
        xsession: XSession, own_app: SidekickProcess, target: TargetProcess, tmp_path: Path) -> None:
    sidekick_app = own_app
    source = tmp_path / "outside.csv"
    body = "外部导入的回复：您好，这条是命令行导入的"
    source.write_text(f"library,category,code,title,body\nteam,售前,zzwx,外部导入,{body}\n", encoding="utf-8")
    env = xsession.env(SIDEKICK_HOME=str(sidekick_app.home), PYTHONPATH=str(REPO))
    since = sidekick_app.mark_count()
    result = subprocess.run([sys.executable, "-m", "sidekick", "import", str(source)], env=env, cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    # "Within a few seconds": the app notices the change (it polls every second) and rebuilds.
    sidekick_app.wait_marks(since, "outside_change", "index_replaced", timeout=15)
    target.focus()
    open_popup(xsession, sidekick_app)
    sidekick_app.type_query("zzwx")
    xsession.key("Return")
    expect_received(target, body)


def test_a_first_start_leaves_creating_and_filling_the_database_to_a_helper_process(
        xsession: XSession, tmp_path: Path) -> None:
    """A new machine: the database is created and the demo shop loaded by ``sidekick
    prepare-start`` in a helper process, so the tray app itself never loads the ORM and the
    pinyin tables for it, and idles as small as on any later start (it idled at ≈ 220 MB)."""
    import psutil

    home = tmp_path / "first-start-home"
    home.mkdir()
    app = SidekickProcess(xsession, home).start(timeout=120)  # its hotkey may clash with the session's app
    try:
        maps = Path(f"/proc/{app.process.pid}/maps").read_text(encoding="utf-8")
        assert "sqlalchemy" not in maps, "the tray process loaded SQLAlchemy's extensions"
        connection = sqlite3.connect(home / "sidekick.db", timeout=30)
        try:
            phrases = connection.execute("SELECT count(*) FROM phrase WHERE NOT deleted").fetchone()[0]
        finally:
            connection.close()
        assert phrases > 20  # the demo shop is there
        rss_mb = psutil.Process(app.process.pid).memory_info().rss / 2**20
        assert rss_mb < 170, f"{rss_mb:.0f} MB"
    finally:
        app.process.terminate()
        app.process.wait(timeout=10)
