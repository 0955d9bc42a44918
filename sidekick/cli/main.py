"""The ``sidekick`` command: bare, it starts the tray app; with a subcommand, it runs that.

Each subcommand lives in its own module exposing ``register(subparsers)``; the parser it adds
sets ``handler`` to a function taking the parsed arguments and returning an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from sidekick import __version__
from sidekick.cli.common import CliError, print_err

COMMAND_MODULES = (
    "sidekick.cli.data_cmd",
    "sidekick.cli.exchange_cmd",
    "sidekick.cli.search_cmd",
    "sidekick.cli.suggest_cmd",
    "sidekick.cli.mine_cmd",
    "sidekick.cli.lint_cmd",
    "sidekick.cli.hub_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sidekick",
        description="Sidekick quick replies. Without a command, starts the tray app.",
    )
    parser.add_argument("--version", action="version", version=f"sidekick {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in {"-h", "--help", "--version"}):
        # The tray app: skip loading every subcommand (and the ORM they bring) it never uses.
        from sidekick.app.main import run_app

        return run_app(args_list)
    parser = build_parser()
    args, extra = parser.parse_known_args(args_list)
    if args.command is None:
        from sidekick.app.main import run_app

        return run_app(extra)
    if extra:
        parser.error(f"unrecognised arguments: {' '.join(extra)}")
    try:
        return int(args.handler(args) or 0)
    except CliError as error:
        print_err(f"sidekick {args.command}: {error}")
        return 2
    except KeyboardInterrupt:
        print_err("interrupted; nothing was changed by the unfinished step")
        return 130
