"""``sidekick prepare-start``: the tray app's first-start work in a helper process (not listed).

See ``sidekick.app.first_start``: the app runs it before opening a database that needs creating,
upgrading or filling, so the tray process never loads what that takes.
"""

from __future__ import annotations

import argparse

from sidekick.app.first_start import PREPARE_COMMAND, prepare


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(PREPARE_COMMAND, help=argparse.SUPPRESS)
    command.set_defaults(handler=run_prepare)


def run_prepare(args: argparse.Namespace) -> int:
    prepare()
    return 0
