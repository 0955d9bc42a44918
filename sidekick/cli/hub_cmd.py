"""``sidekick hub ...``: set up a team hub, connect this machine, sync and publish."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from sidekick.cli.common import CliError, open_store_for_cli, print_err
from sidekick.core.messages import Message, message_of

if TYPE_CHECKING:
    from sidekick.db.store import Store
    from sidekick.hub.client import HubClient
    from sidekick.hub.passwords import PasswordKeeper, SecretRequest

ADMIN_URL_ENV = "SIDEKICK_HUB_ADMIN_URL"
MAX_LISTED = 20  # a first sync brings thousands of phrases: list a few, count the rest


def register(subparsers: argparse._SubParsersAction) -> None:
    hub = subparsers.add_parser("hub", help="team hub (PostgreSQL): set up, connect, sync, publish")
    commands = hub.add_subparsers(dest="hub_command", metavar="HUB_COMMAND", required=True)

    init = commands.add_parser("init", help="create or upgrade a hub (admin URL naming the hub database)")
    init.add_argument("url", help="admin URL, e.g. postgresql://postgres@db.example.com/shop")
    init.add_argument(
        "--keep-other-databases", action="store_true",
        help="do not take CONNECT on the server's other databases away from the hub's roles",
    )
    init.set_defaults(handler=run_init)

    add = commands.add_parser("add-user", help="create a hub login (or reset its password)")
    add.add_argument("name")
    add.add_argument("--role", choices=("lead", "agent"), required=True)
    add.add_argument("--url", default=os.environ.get(ADMIN_URL_ENV, ""), help=f"admin URL of the hub (default ${ADMIN_URL_ENV})")
    secret = add.add_mutually_exclusive_group()
    secret.add_argument("--generate", action="store_true", help="generate a password and show it once")
    secret.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(handler=run_add_user)

    connect = commands.add_parser(
        "connect", help="connect this machine to a hub (password kept in the OS keyring, else an encrypted file)")
    connect.add_argument("url", help="hub URL without password, e.g. postgresql://hub.example.com/shop")
    connect.add_argument("--user", required=True)
    connect.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    connect.add_argument("--no-verify", action="store_true", help="save without trying to log in")
    connect.add_argument(
        "--ask-password", action="store_true",
        help="keep the password nowhere: every hub command (and the app, once per run) asks for it",
    )
    connect.add_argument(
        "--replace", action="store_true",
        help="switch from the hub this machine uses to another (its team data is backed up and removed)",
    )
    connect.set_defaults(handler=run_connect)

    reset = commands.add_parser(
        "reset", help="back up, discard the local team data and pending edits, and take the hub's copy"
    )
    reset.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    reset.set_defaults(handler=run_reset)

    status = commands.add_parser("status", help="hub, user, role, revision, last sync, pending changes, online")
    status.set_defaults(handler=run_status)

    sync = commands.add_parser("sync", help="receive the hub's changes once")
    sync.set_defaults(handler=run_sync)

    publish = commands.add_parser("publish", help="publish pending team edits (leads)")
    publish.add_argument("--resolve", choices=("mine", "theirs"), help="settle conflicts with the hub")
    publish.set_defaults(handler=run_publish)


def _read_password(from_stdin: bool, *, confirm: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("password: ")
        if confirm and getpass.getpass("again: ") != password:
            raise CliError("the two passwords differ; nothing was changed")
    if not password:
        raise CliError("an empty password is not allowed")
    return password


def _ask_secret(request: SecretRequest) -> str | None:
    """The CLI's way of asking for the hub password or the passphrase of its encrypted file
    (None when nothing can be read: the caller then says what is missing)."""
    from sidekick.hub.passwords import ASK_NEW_PASSPHRASE, ASK_PASSWORD

    if request.kind == ASK_PASSWORD:
        return _typed(f"hub password of {request.user} at {request.where}: ")
    if request.kind == ASK_NEW_PASSPHRASE:
        print_err(f"No OS keyring here: the hub password goes to the encrypted file {request.file}.")
        passphrase = _typed("choose a passphrase for it: ")
        if passphrase and _typed("again: ") != passphrase:
            raise CliError("the two passphrases differ; nothing was saved")
        return passphrase
    if request.retry:
        print_err("that passphrase does not open the file; try again")
    return _typed(f"passphrase of the hub password file {request.file}: ")


def _typed(prompt: str) -> str | None:
    try:
        return getpass.getpass(prompt)
    except EOFError:  # no terminal and nothing on standard input
        return None


def _keeper(store: Store) -> PasswordKeeper:
    from sidekick.hub.passwords import PasswordKeeper

    return PasswordKeeper(store, ask=_ask_secret)


def hub_client(store: Store) -> HubClient:
    """A hub client that asks on the terminal for what this machine does not keep."""
    from sidekick.hub.client import HubClient

    return HubClient(store, password_loader=_keeper(store).load)


def run_init(args: argparse.Namespace) -> int:
    from sidekick.hub.errors import HubError, sanitize_url
    from sidekick.hub.schema import init_hub

    try:
        report = init_hub(args.url, isolate=not args.keep_other_databases)
    except HubError as error:
        raise CliError(message_of(error)) from None
    made = "created" if report.created_database else "found"
    if report.from_version == report.to_version:
        schema = f"schema already at version {report.to_version}"
    else:
        schema = f"schema version {report.from_version} → {report.to_version}"
    print(f"hub {report.database} ({made}) at {sanitize_url(args.url)}: {schema}")
    print(f"roles: {report.roles.lead} (publish), {report.roles.agent} (read only)")
    for line in report.isolation:
        print(f"other database {line}")
    print("next: sidekick hub add-user NAME --role lead|agent --url ADMIN_URL")
    return 0


def run_add_user(args: argparse.Namespace) -> int:
    from sidekick.hub.errors import HubError
    from sidekick.hub.schema import add_user, generate_password

    if not args.url:
        raise CliError(f"give the hub's admin URL with --url or ${ADMIN_URL_ENV}")
    password = generate_password() if args.generate else _read_password(args.password_stdin, confirm=True)
    try:
        done = add_user(args.url, args.name, args.role, password)
    except HubError as error:
        raise CliError(message_of(error)) from None
    print(done)
    if args.generate:
        print(f"password (shown once, not stored anywhere): {password}")
    return 0


def run_connect(args: argparse.Namespace) -> int:
    from sidekick.hub.client import connect_machine
    from sidekick.hub.errors import HubError

    password = _read_password(args.password_stdin, confirm=False)
    store = open_store_for_cli()
    try:
        result = connect_machine(store, args.url, args.user, password, verify=not args.no_verify,
                                 replace_hub=args.replace, ask_each_time=args.ask_password, keeper=_keeper(store))
    except HubError as error:
        raise CliError(Message("%1\nnothing was saved", message_of(error))) from None
    finally:
        store.close()
    print(result.describe())
    return 0


def run_reset(args: argparse.Namespace) -> int:
    from sidekick.hub.errors import HubError

    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError("this discards the local team data and pending edits; add --yes to confirm")
        answer = input("Discard the local team library, products and unpublished team edits "
                       "(a backup is made first) and take the hub's copy? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("nothing was changed")
            return 1
    store = open_store_for_cli()
    try:
        progress = _BatchPrinter()
        backup, report = hub_client(store).reset(on_batch=progress)
        progress.done()
    except HubError as error:
        raise CliError(Message("%1\nthe local copy is unchanged", message_of(error))) from None
    finally:
        store.close()
    if backup:
        print(f"backed up to {backup}")
    print(f"team library reset to the hub's copy: {report.summary()}")
    return 0


class _BatchPrinter:
    """Progress of a pull on stderr, one line rewritten in place (the first sync of a big library)."""

    def __init__(self) -> None:
        self.printed = False

    def __call__(self, table: str, done: int) -> None:
        self.printed = True
        print(f"\rreceiving {table}s: {done}   ", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.printed:
            print(file=sys.stderr, flush=True)
            self.printed = False


def run_status(args: argparse.Namespace) -> int:
    store = open_store_for_cli()
    try:
        status = hub_client(store).status()
    finally:
        store.close()
    if not status.configured:
        # A solo shop never needs a hub: say what that means for its data, not hub bookkeeping
        # (team edits waiting for a hub that does not exist are no news to the shop).
        for line in solo_status_lines():
            print(line)
        return 0
    rows = [
        ("hub", status.hub),
        ("user", status.user),
        ("role", status.role or "unknown"),
        ("last revision", str(status.last_revision)),
        ("last sync", status.last_sync or "never"),
        ("pending changes", str(status.pending)),
        ("state", "online" if status.online else f"offline — {status.message}"),
    ]
    for name, value in rows:
        print(f"{name:16} {value}")
    return 0


def solo_status_lines() -> list[str]:
    """What ``hub status`` says on a machine that was never connected to a team hub."""
    return [
        "team hub: none set up on this machine",
        "The team library is kept and edited here, on this computer (fine for a shop with one agent).",
        (
            "To share it with other agents: sidekick hub init ADMIN_URL on a PostgreSQL server, "
            "then sidekick hub connect URL --user NAME on each machine."
        ),
    ]


def run_sync(args: argparse.Namespace) -> int:
    from sidekick.hub.errors import HubError

    store = open_store_for_cli()
    progress = _BatchPrinter()
    try:
        report = hub_client(store).sync(on_batch=progress)
    except HubError as error:
        raise CliError(Message("%1\nthe local copy is unchanged", message_of(error))) from None
    finally:
        progress.done()
        store.close()
    if report.discarded_backup:
        print(f"local team edits (not allowed on an agent's machine) were backed up to {report.discarded_backup} "
              "and replaced by the hub's copy")
    print(report.summary())
    listed = [
        (label, item)
        for label, items in (("new", report.new_phrases), ("changed", report.changed_phrases),
                             ("removed", report.removed_phrases))
        for item in items
    ]
    for label, item in listed[:MAX_LISTED]:
        print(f"  {label:8} {item.title}")
    if len(listed) > MAX_LISTED:
        print(f"  … and {len(listed) - MAX_LISTED} more")
    for item in report.conflicts[:MAX_LISTED]:
        print(f"  kept local (unpublished edit): {item.kind} {item.title}")
    if len(report.conflicts) > MAX_LISTED:
        print(f"  … and {len(report.conflicts) - MAX_LISTED} more kept local")
    return 0


def run_publish(args: argparse.Namespace) -> int:
    from sidekick.hub.errors import HubError

    store = open_store_for_cli()
    try:
        report = hub_client(store).publish(resolve=args.resolve)
    except HubError as error:
        raise CliError(Message("%1\nnothing was published; your edits are still pending", message_of(error))) from None
    finally:
        store.close()
    if report.conflicts:
        print_err(f"{len(report.conflicts)} conflict(s) with the hub (both versions below):")
        for conflict in report.conflicts:
            print_err(conflict.describe())
        print_err(f"both versions saved to {report.saved_conflicts}")
    if not report.written:
        print_err("nothing was published. Settle with --resolve mine (overwrite the hub) or --resolve theirs (take the hub's).")
        return 1
    if report.nothing_to_do:
        print("nothing to publish")
        return 0
    print(
        f"published revision {report.revision}: {len(report.phrases)} phrases, {report.categories} categories, "
        f"{report.products} products" + (f" (conflicts resolved: {report.resolution})" if report.resolution else "")
    )
    return 0
