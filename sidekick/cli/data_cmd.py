"""``sidekick backup``, ``restore``, ``demo`` and ``doctor``: looking after the local data."""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

from sidekick import __version__
from sidekick.cli.common import CliError, open_store_for_cli, progress_printer
from sidekick.components import RUNTIME_COMPONENTS, component_status
from sidekick.config import app_log, paths
from sidekick.core.messages import message_of
from sidekick.db import repository
from sidekick.db.backup import BackupError, backup_to, newest_good_backup, restore_from, timestamped_name
from sidekick.db.health import integrity_problems, startup_problem
from sidekick.db.migrate import current_revision, head_revision


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser("backup", help="copy the database to a backup file")
    backup.add_argument("path", nargs="?", type=Path, help="where to write it (default: the backups folder)")
    backup.set_defaults(handler=run_backup)

    restore = subparsers.add_parser(
        "restore", help="replace the database with a backup (the current one is saved first, or moved aside when damaged)")
    which = restore.add_mutually_exclusive_group(required=True)
    which.add_argument("path", type=Path, nargs="?", help="the backup file to put back")
    which.add_argument("--latest", action="store_true", help="the newest good backup in the backups folder")
    restore.set_defaults(handler=run_restore)

    demo = subparsers.add_parser("demo", help="load the demo shop (phrases and products)")
    demo.set_defaults(handler=run_demo)

    doctor = subparsers.add_parser("doctor", help="integrity check, paths, versions, schema and platform backends")
    doctor.add_argument("--full", action="store_true",
                        help="check every page of the database (slower) instead of the quick structural check")
    doctor.set_defaults(handler=run_doctor)


def run_backup(args: argparse.Namespace) -> int:
    store = open_store_for_cli()
    target = args.path or paths.backups_dir() / timestamped_name("manual")
    try:
        written = backup_to(store.path, target)
    except BackupError as error:
        raise CliError(message_of(error)) from error
    print(f"backup written to {written}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    database = paths.database_path()
    backup: Path | None = args.path
    if args.latest:
        backup = newest_good_backup(paths.backups_dir())
        if backup is None:
            raise CliError(f"there is no good backup in {paths.backups_dir()}; name a backup file to restore")
    assert backup is not None
    try:
        safety = restore_from(backup, database, paths.backups_dir())
    except BackupError as error:
        raise CliError(message_of(error)) from error
    open_store_for_cli().close()  # brings an older backup's schema up to date
    if safety:
        print(f"the previous database was saved to {safety}")
    print(f"restored {backup}")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from sidekick.db.demo_loader import HUB_MESSAGE, hub_configured, load_demo_shop

    store = open_store_for_cli()
    if hub_configured(store):
        raise CliError(HUB_MESSAGE)
    store.auto_backup("before-demo")
    summary = load_demo_shop(store, progress=progress_printer("demo"))
    print(f"demo shop loaded: {summary}")
    return 0


def run_doctor(args: argparse.Namespace) -> int:
    database = paths.database_path()
    if not _report_integrity(database, full=args.full):
        return 1
    store = open_store_for_cli()
    with store.session(read_only=True) as session:
        counted = repository.counts(session=session)
    rows = [
        ("sidekick", __version__),
        ("python", sys.version.split()[0]),
        ("platform", f"{platform.system()} {platform.release()} ({sys.platform})"),
        ("bundle", f"yes ({Path(sys.executable).resolve().parent})" if getattr(sys, "frozen", False)
         else "no (running from source)"),
        ("data directory", str(paths.data_dir())),
        ("database", str(store.path)),
        ("backups", str(paths.backups_dir())),
        ("log", str(app_log.log_path())),
        ("schema revision", f"{current_revision(store.engine)} (newest {head_revision()})"),
        ("library", f"team {counted['team']}, personal {counted['personal']}, products {counted['products']}"),
    ]
    rows += [(component.distribution, component_status(component)) for component in RUNTIME_COMPONENTS]
    rows += _platform_rows()
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")
    return 0


def _report_integrity(database: Path, *, full: bool) -> bool:
    """Print the integrity check's verdict and what to do; False when the database is damaged."""
    kind = "full" if full else "quick"
    if not database.exists():
        print(f"integrity ({kind})  no database yet at {database}: the first start creates it")
        return True
    problem = startup_problem(database)
    problems = [f"the file {problem}"] if problem else integrity_problems(database, full=full)
    if not problems:
        hint = "" if full else "; `sidekick doctor --full` checks every page"
        print(f"integrity ({kind})  ok{hint}")
        return True
    print(f"integrity ({kind})  DAMAGED: {database}")
    for line in problems:
        print(f"  {line}")
    newest = newest_good_backup(paths.backups_dir())
    if newest is not None:
        print(f"what to do: `sidekick restore --latest` puts back the newest good backup ({newest}); "
              "the damaged file is moved aside, not deleted")
    else:
        print(f"what to do: no good backup in {paths.backups_dir()}; restore one you keep elsewhere with "
              "`sidekick restore FILE`, or move the damaged file away to start with an empty library")
    return False


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
