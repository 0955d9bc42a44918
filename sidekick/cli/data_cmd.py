"""``sidekick backup``, ``restore``, ``demo`` and ``doctor``: looking after the local data."""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

from sidekick import __version__
from sidekick.cli.common import CliError, open_store_for_cli, progress_printer
from sidekick.components import RUNTIME_COMPONENTS, component_status
from sidekick.config import paths
from sidekick.db import repository
from sidekick.db.backup import BackupError, backup_to, restore_from, timestamped_name
from sidekick.db.migrate import current_revision, head_revision


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser("backup", help="copy the database to a backup file")
    backup.add_argument("path", nargs="?", type=Path, help="where to write it (default: the backups folder)")
    backup.set_defaults(handler=run_backup)

    restore = subparsers.add_parser("restore", help="replace the database with a backup (the current one is saved first)")
    restore.add_argument("path", type=Path)
    restore.set_defaults(handler=run_restore)

    demo = subparsers.add_parser("demo", help="load the demo shop (phrases and products)")
    demo.set_defaults(handler=run_demo)

    doctor = subparsers.add_parser("doctor", help="paths, versions, schema and platform backends")
    doctor.set_defaults(handler=run_doctor)


def run_backup(args: argparse.Namespace) -> int:
    store = open_store_for_cli()
    target = args.path or paths.backups_dir() / timestamped_name("manual")
    try:
        written = backup_to(store.path, target)
    except BackupError as error:
        raise CliError(str(error)) from error
    print(f"backup written to {written}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    database = paths.database_path()
    try:
        safety = restore_from(args.path, database, paths.backups_dir())
    except BackupError as error:
        raise CliError(str(error)) from error
    open_store_for_cli().close()  # brings an older backup's schema up to date
    if safety:
        print(f"the previous database was saved to {safety}")
    print(f"restored {args.path}")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from sidekick.db.demo_loader import load_demo_shop

    store = open_store_for_cli()
    store.auto_backup("before-demo")
    summary = load_demo_shop(store, progress=progress_printer("demo"))
    print(f"demo shop loaded: {summary}")
    return 0


def run_doctor(args: argparse.Namespace) -> int:
    store = open_store_for_cli()
    with store.session() as session:
        counted = repository.counts(session=session)
    rows = [
        ("sidekick", __version__),
        ("python", sys.version.split()[0]),
        ("platform", f"{platform.system()} {platform.release()} ({sys.platform})"),
        ("bundle", f"yes ({Path(sys.executable).resolve().parent})" if getattr(sys, "frozen", False) else "no (running from source)"),
        ("data directory", str(paths.data_dir())),
        ("database", str(store.path)),
        ("backups", str(paths.backups_dir())),
        ("schema revision", f"{current_revision(store.engine)} (newest {head_revision()})"),
        ("library", f"team {counted['team']}, personal {counted['personal']}, products {counted['products']}"),
    ]
    rows += [(component.distribution, component_status(component)) for component in RUNTIME_COMPONENTS]
    rows += _platform_rows()
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")
    return 0


def _platform_rows() -> list[tuple[str, str]]:
    try:
        from sidekick.platform import describe_backends
    except ImportError:
        return [("platform backends", "not available in this build")]
    rows = []
    for concern, name in describe_backends().items():
        # The table's "backend" entry names the platform backend itself (x11, win32, mac,
        # dummy); the others are concerns (hotkeys, focus …) that already need the suffix.
        label = "platform backend" if concern == "backend" else f"{concern} backend"
        rows.append((label, name))
    return rows
