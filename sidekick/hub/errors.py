"""Hub errors a user can act on, and the translation of driver errors into them.

Every message names the hub (with any password removed from its URL) and what to do. The
original driver exception is never chained (``from None``): libpq messages and connection
strings can carry more than a user should see in a log.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import errors as pg_errors

from sidekick.core.messages import Message


class HubError(Exception):
    """A hub problem the user can fix; the message says what and how."""


class HubConfigError(HubError):
    """The machine is not connected to a hub, or the stored connection is incomplete."""


class HubUnreachable(HubError):
    """The hub server cannot be reached (network, server down, wrong host or port)."""


class HubAuthError(HubError):
    """The server rejected the login (wrong password, unknown user, login not allowed)."""


class HubPermissionError(HubError):
    """The login may not do this (an agent publishing, a user of another hub connecting)."""


class KeyringUnavailable(HubError):
    """No usable OS keyring backend, so the hub password cannot be stored safely."""


class PasswordNotGiven(HubError):
    """The hub password (or the passphrase of its encrypted file) is needed and nobody gave it."""


class WrongPassphrase(HubError):
    """The passphrase does not open the encrypted file that keeps the hub password."""


_USERINFO = re.compile(r"(postgres(?:ql)?://[^:/@\s]*):[^@\s]*@")
_KV_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def sanitize_url(url: str) -> str:
    """``url`` without its password (``postgresql://lead:***@host/db`` → ``postgresql://lead@host/db``).

    Also for the other forms libpq accepts: ``host=… password=…`` settings and a
    ``?password=…`` URL parameter lose their password too.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return sanitize_text(url)
    if "://" not in url or parts.password is None:
        return sanitize_text(url)
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    if user:
        netloc = f"{user}@{netloc}"
    return sanitize_text(urlunsplit(parts._replace(netloc=netloc)))


def sanitize_text(text: str, *secrets: str) -> str:
    """``text`` with URL passwords, ``password=`` settings and the given secrets masked."""
    text = _USERINFO.sub(r"\1@", text)
    text = _KV_PASSWORD.sub(r"\1***", text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def translate(error: BaseException, *, where: str, user: str = "", secrets: tuple[str, ...] = ()) -> HubError:
    """A ``HubError`` explaining a driver error met while talking to the hub ``where``.

    ``where`` is a sanitized description such as ``127.0.0.1:5432/shop``; ``secrets`` are
    masked from any driver text that ends up in the message.
    """
    detail = sanitize_text(_first_line(error), *secrets)
    lowered = detail.lower()
    who = Message("user %1", repr(user)) if user else Message("this login")
    if isinstance(error, HubError):
        return error
    if "password authentication failed" in lowered or "password is wrong" in lowered:
        return HubAuthError(Message(
            "the hub at %1 rejected the password of %2. Ask your lead for the right password and run "
            "`sidekick hub connect` again; Sidekick keeps working offline meanwhile.", where, who))
    if "no password supplied" in lowered or "fe_sendauth" in lowered:
        return HubAuthError(Message(
            "the hub at %1 asks for a password for %2 and none is stored. Run `sidekick hub connect URL "
            "--user NAME` to store it in the OS keyring.", where, who))
    if isinstance(error, pg_errors.InsufficientPrivilege) or "permission denied" in lowered:
        if "database" in lowered and ("connect" in lowered or "permission denied for database" in lowered):
            return HubPermissionError(Message(
                "%1 may not connect to the hub database at %2: it is not a user of this hub (each shop's hub "
                "admits only its own users). Ask the hub's lead to run `sidekick hub add-user`.", who, where))
        return HubPermissionError(Message(
            "%1 may not change the team data on the hub at %2: only leads may publish, agents receive "
            "read-only copies (%3).", who, where, detail))
    if "role" in lowered and "does not exist" in lowered:
        return HubAuthError(Message("the hub at %1 has no user %2. Ask your lead to run `sidekick hub add-user`.",
                                    where, repr(user)))
    if "not permitted to log in" in lowered:
        return HubAuthError(Message("%1 is not allowed to log in to the hub at %2 (it is a group, not a login).",
                                    who, where))
    if "no pg_hba.conf entry" in lowered:
        return HubAuthError(Message(
            "the hub at %1 does not accept connections from this machine for %2 (the server's pg_hba.conf has "
            "no matching entry; ask whoever runs the server).", where, who))
    if "ssl" in lowered and ("not support" in lowered or "required" in lowered or "certificate" in lowered):
        return HubUnreachable(Message(
            "could not open a TLS connection to the hub at %1 (%2). A hub reached over the network must use TLS; "
            "fix the server's SSL setup, or add sslmode=... to the hub URL.", where, detail))
    if "database" in lowered and "does not exist" in lowered:
        return HubConfigError(Message("there is no hub database at %1; check the URL (run `sidekick hub init` there "
                                      "first).", where))
    if isinstance(error, (psycopg.OperationalError, OSError, TimeoutError)):
        return HubUnreachable(Message(
            "cannot reach the hub at %1 (%2). Sidekick keeps working offline from the last copy and syncs when "
            "the hub is back.", where, detail))
    if isinstance(error, pg_errors.UndefinedTable):
        return HubConfigError(Message("the database at %1 is not a Sidekick hub (run `sidekick hub init` for it).",
                                      where))
    return HubError(Message("the hub at %1 reported an error: %2", where, detail))
