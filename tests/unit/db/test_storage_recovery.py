"""Storage findings: readers beside a writer, read-once imports, damaged databases, backups, disk full."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sidekick.cli import exchange_cmd
from sidekick.cli.main import main
from sidekick.config import paths
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import backup as backup_module
from sidekick.db import engine as engine_module
from sidekick.db import repository
from sidekick.db import table_source as table_module
from sidekick.db.engine import BUSY_MESSAGE
from sidekick.db.store import open_store

REPO = Path(__file__).resolve().parents[3]


def add_phrase(store, title: str) -> None:
    with store.session() as session:
        repository.save_phrase(session=session, phrase=Phrase(
            id=new_id(), library=LibraryKind.PERSONAL, category=CategoryPath("常用"), title=title, body="您好"))


def titles(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return sorted(row[0] for row in connection.execute("SELECT title FROM phrase WHERE NOT deleted"))
    finally:
        connection.close()


def phrase_csv(path: Path, rows: int, body: str = "您好，这是第{n}条回复") -> Path:
    lines = ["library,category,title,body"] + [f"team,售前,标题{n},{body.replace('{n}', str(n))}" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def damage(path: Path) -> None:
    """Overwrite every page after the first with garbage (the schema page stays readable)."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(4096)
        handle.write(os.urandom(max(0, size - 4096)))


@pytest.fixture
def writer_lock(store):
    """Another process's write transaction on the database, held for the test."""
    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO usage_event (target_id, target_kind, used_at) "
                   "VALUES ('x', 'phrase', '2026-01-01 00:00:00.000000')")
    yield holder
    holder.execute("ROLLBACK")
    holder.close()


# --------------------------------------------------------------------------- readers and writers


def test_read_only_commands_run_beside_a_writer_and_a_second_writer_gets_a_message(
        store, writer_lock, tmp_path: Path, monkeypatch, capsys) -> None:
    add_phrase_before = titles(store.path)
    monkeypatch.setattr(engine_module, "WRITE_WAIT_SECONDS", 0.3)
    source = phrase_csv(tmp_path / "in.csv", 3)
    started = time.monotonic()
    assert main(["search", "标题"]) == 0
    assert main(["export", str(tmp_path / "out.json")]) == 0
    assert main(["doctor"]) == 0
    assert main(["import", str(source), "--dry-run"]) == 0
    assert time.monotonic() - started < 20  # none of them waited for the writer (it used to be 30 s each)
    capsys.readouterr()
    assert main(["import", str(source)]) == 2
    err = capsys.readouterr().err
    assert BUSY_MESSAGE in err and "Traceback" not in err
    assert titles(store.path) == add_phrase_before


# --------------------------------------------------------------------------- read once


def test_a_file_replaced_after_the_check_is_refused_and_nothing_is_written(
        store, tmp_path: Path, monkeypatch, capsys) -> None:
    source = phrase_csv(tmp_path / "in.csv", 50)
    real_plan = table_module.plan_stream

    def plan_then_replace(**kwargs):
        plan = real_plan(**kwargs)
        source.write_text("library,category,title,body\nteam,售前,坏,{卖家}您好\nteam,售前,又一个,x\n", encoding="utf-8")
        return plan

    monkeypatch.setattr(table_module, "plan_stream", plan_then_replace)
    assert main(["import", str(source)]) == 2
    assert "changed or replaced during the import" in capsys.readouterr().err
    assert titles(store.path) == []
    assert not list(paths.backups_dir().glob("*before-import*"))


def test_a_file_truncated_while_it_is_written_is_refused_and_nothing_is_written(
        store, tmp_path: Path, monkeypatch, capsys) -> None:
    source = phrase_csv(tmp_path / "in.csv", 200)
    real_apply = exchange_cmd.apply_import

    def truncate_then_apply(**kwargs):
        with source.open("r+b") as handle:
            handle.truncate(source.stat().st_size // 2)
        return real_apply(**kwargs)

    monkeypatch.setattr(exchange_cmd, "apply_import", truncate_then_apply)
    assert main(["import", str(source)]) == 2
    assert "nothing was imported" in capsys.readouterr().err
    assert titles(store.path) == []


def test_what_is_written_is_the_checked_copy_even_if_that_copy_is_tampered_with(
        store, tmp_path: Path, monkeypatch, capsys) -> None:
    source = phrase_csv(tmp_path / "in.csv", 20)
    real_plan = table_module.plan_stream
    seen: list[Path] = []

    def plan_then_tamper(**kwargs):
        plan = real_plan(**kwargs)
        copy = seen[0]
        phrase_csv(copy, 2, body="{卖家}")
        return plan

    real_table_source = table_module.table_source

    def remember(path, *args, **kwargs):
        seen.append(path)
        return real_table_source(path, *args, **kwargs)

    monkeypatch.setattr(table_module, "table_source", remember)
    monkeypatch.setattr(table_module, "plan_stream", plan_then_tamper)
    assert main(["import", str(source)]) == 2
    assert "checked copy" in capsys.readouterr().err
    assert seen and seen[0] != source and not seen[0].exists()  # a private copy, removed afterwards
    assert titles(store.path) == []


def test_a_no_op_reimport_takes_no_backup(store, tmp_path: Path) -> None:
    source = phrase_csv(tmp_path / "in.csv", 5)
    assert main(["import", str(source)]) == 0
    assert len(list(paths.backups_dir().glob("*before-import.db"))) == 1
    assert main(["import", str(source)]) == 0
    assert len(list(paths.backups_dir().glob("*before-import.db"))) == 1


# --------------------------------------------------------------------------- damaged databases


def test_a_damaged_database_is_reported_by_doctor_and_restored_with_latest(store, capsys) -> None:
    add_phrase(store, "好的一份")
    assert main(["backup"]) == 0
    for number in range(300):  # enough pages for the damage to hit data
        add_phrase(store, f"后来的{number}")
    store.close()
    damage(store.path)
    capsys.readouterr()
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "DAMAGED" in out and "sidekick restore --latest" in out
    before = len(list(paths.backups_dir().glob("*.db")))
    assert main(["backup"]) == 2  # a damaged source is refused, no good backup rotated out
    assert "damaged" in capsys.readouterr().err
    assert len(list(paths.backups_dir().glob("*.db"))) == before
    assert main(["search", "好的"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "restore --latest" in err
    assert main(["restore", "--latest"]) == 0
    assert titles(store.path) == ["好的一份"]
    assert list(paths.backups_dir().glob("*-damaged.db"))  # kept aside, not deleted
    assert main(["doctor", "--full"]) == 0


def test_an_empty_database_file_is_refused_not_turned_into_an_empty_library(store, capsys) -> None:
    add_phrase(store, "留着")
    assert main(["backup"]) == 0
    store.close()
    store.path.write_bytes(b"")
    for suffix in ("-wal", "-shm"):
        Path(f"{store.path}{suffix}").unlink(missing_ok=True)
    capsys.readouterr()
    assert main(["search", "留着"]) == 2
    err = capsys.readouterr().err
    assert "is empty" in err and "restore --latest" in err
    assert store.path.stat().st_size == 0  # untouched
    with pytest.raises(Exception, match="is empty"):
        open_store()
    assert main(["restore", "--latest"]) == 0
    assert titles(store.path) == ["留着"]


# --------------------------------------------------------------------------- backups


def test_an_interrupted_backup_leaves_no_file_under_a_backup_name(store, monkeypatch) -> None:
    def killed(source, destination):
        destination.write_bytes(b"SQLite format 3\x00 half")
        source.close()
        raise KeyboardInterrupt

    monkeypatch.setattr(backup_module, "_copy", killed)
    assert main(["backup"]) == 130
    assert [p.name for p in paths.backups_dir().iterdir()] == []


def test_disk_full_during_a_backup_is_a_clear_message(store, monkeypatch, capsys) -> None:
    def full(source, destination):
        destination.write_bytes(b"SQLite")
        source.close()
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup_module, "_copy", full)
    assert main(["backup"]) == 2
    err = capsys.readouterr().err
    assert "disk is full" in err and "Traceback" not in err
    assert list(paths.backups_dir().iterdir()) == []


def test_disk_full_during_an_export_leaves_no_file(store, tmp_path: Path, monkeypatch, capsys) -> None:
    from sidekick.cli import common

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(common.os, "fsync", full)
    assert main(["export", str(tmp_path / "out.csv")]) == 2
    assert "disk is full" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_disk_full_during_an_import_is_a_clear_message(store, tmp_path: Path, monkeypatch, capsys) -> None:
    source = phrase_csv(tmp_path / "in.csv", 5)
    real_apply = exchange_cmd.apply_import

    def full(**kwargs):
        real_apply(**kwargs)
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(exchange_cmd, "apply_import", full)
    assert main(["import", str(source)]) == 2
    err = capsys.readouterr().err
    assert "disk is full" in err and "Traceback" not in err
    assert titles(store.path) == []
    assert not list(paths.backups_dir().glob("*before-import*"))  # its backup would only take space


# --------------------------------------------------------------------------- printing


@pytest.mark.slow  # a child process
def test_search_piped_into_head_ends_quietly(sidekick_home: Path) -> None:
    env = {**os.environ, "SIDEKICK_HOME": str(sidekick_home), "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-m", "sidekick", "demo"], env=env, check=True, capture_output=True)
    result = subprocess.run(f"'{sys.executable}' -m sidekick search '' --limit 2000 --json | head -c 10",
                            shell=True, env=env, capture_output=True, text=True)
    assert len(result.stdout) == 10
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr
