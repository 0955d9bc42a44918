"""The ``sidekick`` command: bare, it starts the tray app; with a subcommand, it runs that.

Each subcommand lives in its own module exposing ``register(subparsers)``; the parser it adds
sets ``handler`` to a function taking the parsed arguments and returning an exit code. Only the
module of the command given is imported (``COMMANDS``): the others bring the ORM, the import
formats and the house-style rules, which ``sidekick search`` would pay for at every start.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from sidekick import __version__
from sidekick.cli.common import CliError, cli_text, print_err
from sidekick.core.messages import Message, message_of

COMMAND_MODULES = (
    "sidekick.cli.data_cmd",
    "sidekick.cli.exchange_cmd",
    "sidekick.cli.search_cmd",
    "sidekick.cli.suggest_cmd",
    "sidekick.cli.mine_cmd",
    "sidekick.cli.lint_cmd",
    "sidekick.cli.hub_cmd",
    "sidekick.cli.stats_cmd",
    "sidekick.cli.prepare_cmd",
)
# Command name -> the module that registers it (a test keeps this in step with the modules).
COMMANDS = {
    "backup": "sidekick.cli.data_cmd", "restore": "sidekick.cli.data_cmd",
    "demo": "sidekick.cli.data_cmd", "doctor": "sidekick.cli.data_cmd",
    "import": "sidekick.cli.exchange_cmd", "export": "sidekick.cli.exchange_cmd",
    "search": "sidekick.cli.search_cmd", "lint": "sidekick.cli.lint_cmd",
    "hub": "sidekick.cli.hub_cmd", "suggest": "sidekick.cli.suggest_cmd", "mine": "sidekick.cli.mine_cmd",
    "stats": "sidekick.cli.stats_cmd", "prepare-start": "sidekick.cli.prepare_cmd",
}  # fmt: skip


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command, or only ``command``'s module when it is a known one."""
    parser = argparse.ArgumentParser(
        prog="sidekick",
        description="Sidekick quick replies. Without a command, starts the tray app.",
    )
    parser.add_argument("--version", action="version", version=f"sidekick {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    only = COMMANDS.get(command or "")
    for name in (only,) if only else COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in {"-h", "--help", "--version"}):
        # The tray app: skip loading every subcommand (and the ORM they bring) it never uses.
        from sidekick.app.main import run_app

        return run_app(args_list)
    parser = build_parser(args_list[0])
    args, extra = parser.parse_known_args(args_list)
    if args.command is None:
        from sidekick.app.main import run_app

        return run_app(extra)
    if extra:
        parser.error(f"unrecognised arguments: {' '.join(extra)}")
    start_log(f"command {args.command}")
    try:
        code = int(args.handler(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's final flush
        return code
    except CliError as error:
        print_err(f"sidekick {args.command}: {cli_text(error)}")
        return 2
    except KeyboardInterrupt:
        print_err("interrupted; nothing was changed by the unfinished step")
        return 130
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except Exception as error:
        message = storage_message(error)
        if message is None:
            raise
        print_err(f"sidekick {args.command}: {cli_text(message)}")
        return 2


def start_log(started: str) -> None:
    """Route this command's logging to the app's log file at the stored level (once per process
    start; the arguments are not written: they may hold a query or a path the user typed)."""
    from sidekick.config import app_log, paths
    from sidekick.db.settings_store import stored_settings

    app_log.setup(started, stored_settings(paths.database_path()).log_level)


def storage_message(error: BaseException) -> str | None:
    """A one-line answer for storage failures a user can act on (busy, disk full, damaged file);
    None for anything else."""
    from sidekick.db.engine import BUSY_MESSAGE, is_busy
    from sidekick.db.health import DamagedDatabase, damage_error, disk_full

    if is_busy(error):
        return BUSY_MESSAGE
    if isinstance(error, DamagedDatabase):
        return message_of(error)
    damage = damage_error(error)
    if damage is not None:
        return Message("the database is damaged (%1); nothing was changed. `sidekick doctor` says more; "
                       "`sidekick restore --latest` puts back the newest good backup", damage)
    if disk_full(error):
        return Message("the disk is full; nothing was changed. Free some space and try again")
    return None


def _quiet_broken_pipe() -> int:
    """The reader of our output went away (``sidekick search … | head``): stop without a traceback.

    Python would report the failed flush of stdout at exit again, so stdout is pointed at
    /dev/null first (the recipe in the ``signal`` module's documentation).
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 141  # what a program killed by SIGPIPE reports, as ``grep … | head`` does
