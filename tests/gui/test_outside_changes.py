"""The running app follows what other processes write: CLI import, restore, hub sync; not its own use records."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from sidekick.app.outside_changes import OutsideChangeWatcher
from sidekick.cli.main import main
from sidekick.db.usage_log import record_usage_at


def phrase_csv(path: Path, title: str) -> Path:
    path.write_text(f"library,category,code,title,body\nteam,售前,zz1,{title},您好，{title}\n", encoding="utf-8")
    return path


@pytest.fixture
def watcher(qapp, store):
    found = OutsideChangeWatcher(store.path, interval_ms=50)
    yield found
    found.stop()


def test_a_command_line_import_is_noticed(qtbot, watcher, tmp_path: Path) -> None:
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        assert main(["import", str(phrase_csv(tmp_path / "a.csv", "外部导入"))]) == 0


def test_recording_a_use_or_a_no_op_import_is_not_a_library_change(qtbot, watcher, store, tmp_path: Path) -> None:
    source = phrase_csv(tmp_path / "a.csv", "一次")
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        assert main(["import", str(source)]) == 0
    with qtbot.assertNotEmitted(watcher.changed, wait=400):
        record_usage_at(store.path, "some-id", "phrase", datetime(2026, 11, 23, 12, 0))
        assert main(["import", str(source)]) == 0  # the same file again: nothing changes


def test_a_restore_is_noticed_whether_copied_in_or_put_in_place(qtbot, watcher, store, tmp_path: Path) -> None:
    backup = tmp_path / "b.db"
    assert main(["backup", str(backup)]) == 0
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        assert main(["restore", str(backup)]) == 0  # a sound database: copied into the same file
    store.close()
    store.path.write_bytes(b"")  # damaged: the restore puts a new file in its place
    with qtbot.waitSignal(watcher.replaced, timeout=3000):
        assert main(["restore", str(backup)]) == 0
