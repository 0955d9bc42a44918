"""``sidekick import`` and ``sidekick export``: moving phrases and products in and out of files.

Import is all-or-nothing: the file is checked completely first (every problem listed with file,
row, column and reason, exit code 2, nothing written); only then is it written in one
transaction, after a rolling backup. ``--dry-run`` stops after the check and prints what would
be added, updated and left unchanged. Sidekick's own CSV/XLSX files are streamed (see
``table_source.plan_table``, which the library window uses too); other formats are small enough to read whole.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path

from sqlmodel import Session

from sidekick.cli.common import (
    CliError,
    cli_text,
    open_store_for_cli,
    print_err,
    problem_lines,
    progress_printer,
    write_whole_file,
)
from sidekick.config.app_log import log_unexpected, short_reason
from sidekick.core.exchange import registry
from sidekick.core.exchange.base import FormatError, problem_of
from sidekick.core.messages import Message, message_of
from sidekick.core.placeholders import TokenKind
from sidekick.core.search.store import gc_paused
from sidekick.core.types import LibraryKind, Problem
from sidekick.db.backup import BackupError
from sidekick.db.import_copy import FileChanged, PrivateCopy
from sidekick.db.library_export import export_library
from sidekick.db.library_import import (
    ImportPlan,
    ImportRefused,
    apply_import,
    plan_import,
)
from sidekick.db.repository import RepositoryError
from sidekick.db.table_source import TABLE_FORMATS, plan_table

PROGRESS_FROM_BYTES = 256 * 1024  # smaller files finish before a progress line would help
MAX_WARNINGS_SHOWN = 50


def _library(text: str) -> LibraryKind:
    try:
        return LibraryKind.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def register(subparsers: argparse._SubParsersAction) -> None:
    imp = subparsers.add_parser(
        "import", help="import phrases/products from a file (all or nothing)",
        description="Import a Sidekick JSON/CSV/XLSX file, a Qianniu CSV, an Espanso YAML, a Beeftext "
                    "comboList.json or a Beeftext/TextExpander CSV. Any problem: nothing is imported.")
    imp.add_argument("path", type=Path)
    imp.add_argument("--library", type=_library, metavar="team|personal",
                     help="library for rows that name none (spreadsheets) or for a whole other tool's file "
                          "(default for those: personal)")
    imp.add_argument("--dry-run", action="store_true", help="check and report what would change; write nothing")
    imp.set_defaults(handler=run_import)

    exp = subparsers.add_parser(
        "export", help="export phrases or products to a file (format from the extension)",
        description="Write .json (everything, lossless), .csv/.xlsx (phrases, or products with "
                    "--products), .qianniu.csv (Qianniu) or .yml (Espanso).")
    exp.add_argument("path", type=Path)
    exp.add_argument("--library", type=_library, metavar="team|personal", help="only this library's phrases")
    exp.add_argument("--products", action="store_true", help="write the products instead of phrases (.csv/.xlsx)")
    exp.add_argument("--format", choices=sorted(registry.FORMATS), help="format, when the extension does not say")
    exp.add_argument("--keep-placeholders", action="store_true",
                     help="other tools' formats: write {店铺} and {客服} as they are instead of the shop and "
                          "agent names from the settings")
    exp.set_defaults(handler=run_export)


def _report_problems(path: Path, problems: Sequence[Problem]) -> int:
    print_err(f"sidekick import: {path.name} was not imported ({len(problems)} problem"
              f"{'s' if len(problems) != 1 else ''}); the database is unchanged:")
    for line in problem_lines(list(problems)):
        print_err(f"  {line}")
    return 2


def _report_warnings(warnings: Sequence[Problem]) -> None:
    if not warnings:
        return
    print_err(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} (imported in a degraded form):")
    for line in problem_lines(list(warnings[:MAX_WARNINGS_SHOWN])):
        print_err(f"  {line}")
    if len(warnings) > MAX_WARNINGS_SHOWN:
        print_err(f"  … and {len(warnings) - MAX_WARNINGS_SHOWN} more")


class _SwitchableProgress:
    """One callback handed to a stream that is read twice: label 'checking', then 'importing'."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.current: Callable[[int, int], None] | None = progress_printer("checking") if enabled else None

    def switch(self, label: str) -> None:
        self.current = progress_printer(label) if self.enabled else None

    def __call__(self, done: int, total: int) -> None:
        if self.current is not None:
            self.current(done, total)


def run_import(args: argparse.Namespace) -> int:
    """``sidekick import``; any failure to read the file is reported like a bad row (exit code 2)."""
    path: Path = args.path
    if not path.is_file():
        raise CliError(f"{path} does not exist or is not a file")
    try:
        return _import(args, path)
    except FormatError as error:
        return _report_problems(path, [problem_of(error, path.name)])
    except (CliError, KeyboardInterrupt):
        raise
    except Exception as error:
        from sidekick.cli.main import storage_message

        storage = storage_message(error)  # busy, disk full, damaged: the answer says what to do
        if storage is not None:
            print_err(f"sidekick import: {cli_text(storage)}")
            return 2
        return _report_unexpected(f"import {path.name}", error, f"{path.name} could not be imported")


def _report_unexpected(context: str, error: Exception, what: str) -> int:
    logged = log_unexpected(context, error)
    where = f"; details are in {logged}" if logged else ""
    print_err(f"sidekick: {what}: {short_reason(error)}{where}. The database is unchanged.")
    return 2


def _import(args: argparse.Namespace, path: Path) -> int:
    try:
        # Read once: check and write both read this private copy, verified before the write and
        # again before the commit (``import_copy``), so what is written is what was checked.
        with PrivateCopy(path) as copy:
            return _import_checked(args, copy)
    except FileChanged as error:
        raise CliError(message_of(error)) from error


def _import_checked(args: argparse.Namespace, copy: PrivateCopy) -> int:
    path: Path = args.path
    name = path.name
    large = copy.size >= PROGRESS_FROM_BYTES
    try:
        with copy.path.open("rb") as handle:
            head = handle.read(registry.SNIFF_BYTES)
        fmt = registry.detect(head, name)
        if fmt.name == "json" and args.library is not None:
            raise CliError("a Sidekick JSON file says which library each phrase belongs to; drop --library")
        store = open_store_for_cli()
        progress = _SwitchableProgress(large)
        # A file read whole becomes tens of thousands of objects, none in cycles: the collector would
        # only rescan them (a tenth of a 60,000-match import). Streamed spreadsheets keep it running.
        objects = nullcontext() if fmt.name in TABLE_FORMATS else gc_paused()
        # A dry run only reads: it never waits for (or blocks) another Sidekick command.
        with objects, store.session(read_only=args.dry_run) as session:
            if fmt.name in TABLE_FORMATS:
                plan: ImportPlan = plan_table(session, copy.path, source=name, library=args.library,
                                              progress=progress)
            else:
                data = copy.path.read_bytes()
                result = registry.read(fmt, data, name, args.library,
                                       progress=progress_printer("reading") if large else None)
                del data
                if result.problems:
                    return _report_problems(path, result.problems)
                plan = plan_import(session=session, library=result.library, source=name,
                                   kept_fields=result.kept_fields)
                plan.warnings[:0] = result.warnings
            if not plan.ok:
                return _report_problems(path, plan.problems)
            _report_warnings(plan.warnings)
            if args.dry_run:
                summary = plan.summary(dry_run=True)
            else:
                copy.verify()
                taken = None
                if plan.changes_something:
                    # Only now, with the plan passed: a refused or no-op import must not push a useful
                    # backup out of the rolling set. Taken before the write transaction starts writing.
                    try:
                        taken = store.auto_backup("before-import")
                    except BackupError as error:
                        raise CliError(Message("%1 was not imported: %2", name, message_of(error))) from error
                try:
                    progress.switch("importing")
                    summary = apply_import(session=session, plan=plan,
                                           progress=None if fmt.name in TABLE_FORMATS else progress)
                    copy.verify()  # still the checked bytes, and the user's file untouched: commit
                except BaseException:
                    # Rolled back: the database is what the backup holds, and on a full disk that
                    # copy would only take the space the next try needs.
                    if taken is not None:
                        taken.unlink(missing_ok=True)
                    raise
    except (RepositoryError, ImportRefused) as error:  # rolled back by the session: nothing written
        raise CliError(Message("%1 was not imported (%2); the database is unchanged", name,
                               message_of(error))) from error
    target = ""
    if fmt.one_library:
        target = f" into the {(args.library or LibraryKind.PERSONAL).value} library"
    heading = "dry run, nothing changed" if args.dry_run else "imported"
    print(f"{name} ({fmt.label}{target}) — {heading}:")
    print(f"  phrases:  {summary.phrases}")
    print(f"  products: {summary.products}")
    return 0


def _known_values(session: Session) -> dict[TokenKind, str]:
    """Shop and agent names from the settings: another tool would paste ``{店铺}`` to buyers as is.

    Only foreign formats use them (``registry.write`` leaves Sidekick's own files untouched).
    """
    from sidekick.db.settings_store import load_settings

    settings, _ = load_settings(session=session)
    return {TokenKind.SHOP: settings.shop_name, TokenKind.AGENT: settings.agent_name}


def run_export(args: argparse.Namespace) -> int:
    """``sidekick export``, with the same last resort as import: a short message, never a traceback."""
    try:
        return _export(args)
    except (CliError, KeyboardInterrupt):
        raise
    except Exception as error:
        from sidekick.cli.main import storage_message

        storage = storage_message(error)
        if storage is not None:
            print_err(f"sidekick export: {cli_text(storage)}")
            return 2
        logged = log_unexpected(f"export {args.path.name}", error)
        where = f"; details are in {logged}" if logged else ""
        print_err(f"sidekick export: {args.path.name} was not written: {short_reason(error)}{where}")
        return 2


def _export(args: argparse.Namespace) -> int:
    path: Path = args.path
    try:
        fmt = registry.export_format(path.name, args.format)
        store = open_store_for_cli()
        with store.session(read_only=True) as session:
            library = export_library(session=session, kind=args.library, include_deleted=fmt.name == "json")
            known = None if args.keep_placeholders else _known_values(session)
        data = registry.write(fmt, library, args.library, products=args.products, known=known)
        warnings = registry.export_warnings(fmt, library, args.library, known=known)
    except FormatError as error:
        raise CliError(message_of(error)) from error
    write_whole_file(path, data)
    for line in problem_lines(list(warnings[:MAX_WARNINGS_SHOWN])):  # in the settings' language
        print_err(f"warning: {line}")
    what = (f"{len(library.products)} products" if args.products else
            f"{sum(not p.deleted for p in library.phrases)} phrases"
            + (f" and {len(library.products)} products" if fmt.name == "json" else ""))
    print(f"exported {what} to {path} ({fmt.label})")
    return 0
