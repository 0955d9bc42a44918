"""Small helpers shared by the command-line subcommands."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from sidekick.config import paths
from sidekick.config.catalogue import translator
from sidekick.core.messages import MESSAGES_CONTEXT, Translate, message_of, render, render_problem
from sidekick.core.types import Problem
from sidekick.db.store import Store, open_store


class CliError(Exception):
    """An error the user can fix; printed without a traceback, exit code 2.

    Raised with a ``Message`` (``CliError(message_of(error))`` keeps the storage's or the hub's)
    it is printed in the settings' language."""


def cli_language() -> str:
    """The language chosen in Sidekick's settings; English when none was ever stored (the
    command line used on its own). Read-only and without waiting: never blocks on a writer."""
    from sidekick.db.settings_store import stored_value

    chosen = stored_value(paths.database_path(), "language", "en")
    return chosen if isinstance(chosen, str) else "en"


def cli_translate() -> Translate:
    """Message templates → the settings' language, from the same catalogue the windows use."""
    return translator(cli_language(), MESSAGES_CONTEXT)


def cli_text(text: object) -> str:
    """A ``Message`` (or an exception raised with one) in the settings' language; plain text as is."""
    return render(message_of(text) if isinstance(text, BaseException) else text, cli_translate())


def problem_lines(problems: list[Problem] | tuple[Problem, ...]) -> list[str]:
    """Reader problems in the settings' language (the readers' messages, with file and place)."""
    translate = cli_translate()
    return [render_problem(problem, translate) for problem in problems]


def open_store_for_cli() -> Store:
    store = open_store()
    if store.migration_backup is not None:
        print_err(f"upgraded the database schema; the previous database was saved to {store.migration_backup}")
    return store


def print_err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# Said by the commands that read the library (search, suggest) when it holds nothing at all:
# an empty result from an empty library is not an answer about the query. On stderr, so
# ``--json`` and ``--batch`` output stays exactly what a script expects.
EMPTY_LIBRARY_HINT = (
    "the library on this machine has no phrases or products (本机话术库为空): `sidekick demo` loads the demo shop, "
    "`sidekick import FILE` brings your own phrases, and the tray app loads the demo shop on its first start"
)


def warn_if_library_empty(items: int) -> None:
    """Print ``EMPTY_LIBRARY_HINT`` to stderr when the local library holds no phrase or product."""
    if items == 0:
        print_err(EMPTY_LIBRARY_HINT)


def progress_printer(label: str) -> Callable[[int, int], None]:
    """A ``(done, total)`` callback printing a percentage to stderr at most every 5 %."""
    state = {"last": -1}

    def report(done: int, total: int) -> None:
        percent = 100 if total <= 0 else int(done * 100 / total)
        if percent >= state["last"] + 5 or done == total:
            state["last"] = percent
            print(f"\r{label}: {percent:3d}% ({done}/{total})", end="\n" if done >= total else "", file=sys.stderr, flush=True)

    return report


def write_whole_file(path: Path, data: bytes) -> None:
    """Write ``data`` beside ``path`` and rename it, so a failed write (disk full, a kill) never
    leaves half a file under the real name; the partial file is removed."""
    from sidekick.db.health import disk_full

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.part")
    try:
        with temporary.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        if disk_full(error):
            raise CliError(f"the disk is full: {path} was not written (nothing half-written was left). "
                           "Free some space and try again") from error
        raise CliError(f"{path} could not be written: {error}") from error
