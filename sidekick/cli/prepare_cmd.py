"""``sidekick prepare-start``: the tray app's first-start work, which it runs in a helper process.

See ``sidekick.app.first_start``: the app runs it before opening a database that needs creating,
upgrading or filling, so the tray process never loads what that takes.
"""

from __future__ import annotations

import argparse

from sidekick.app.first_start import PREPARE_COMMAND, prepare


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        PREPARE_COMMAND, help="create or upgrade the database and load the demo shop into an empty one "
                              "(the tray app runs this itself on a first start)")
    command.set_defaults(handler=run_prepare)


def run_prepare(args: argparse.Namespace) -> int:
    prepare()
    return 0
