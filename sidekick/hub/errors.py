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
    who = f"user {user!r}" if user else "this login"
    if isinstance(error, HubError):
        return error
    if "password authentication failed" in lowered or "password is wrong" in lowered:
        return HubAuthError(
            f"the hub at {where} rejected the password of {who}. Ask your lead for the right "
            "password and run `sidekick hub connect` again; Sidekick keeps working offline meanwhile."
        )
    if "no password supplied" in lowered or "fe_sendauth" in lowered:
        return HubAuthError(
            f"the hub at {where} asks for a password for {who} and none is stored. "
            "Run `sidekick hub connect URL --user NAME` to store it in the OS keyring."
        )
    if isinstance(error, pg_errors.InsufficientPrivilege) or "permission denied" in lowered:
        if "database" in lowered and ("connect" in lowered or "permission denied for database" in lowered):
            return HubPermissionError(
                f"{who} may not connect to the hub database at {where}: it is not a user of this hub "
                "(each shop's hub admits only its own users). Ask the hub's lead to run "
                "`sidekick hub add-user`."
            )
        return HubPermissionError(
            f"{who} may not change the team data on the hub at {where}: only leads may publish, "
            f"agents receive read-only copies ({detail})."
        )
    if "role" in lowered and "does not exist" in lowered:
        return HubAuthError(f"the hub at {where} has no user {user!r}. Ask your lead to run `sidekick hub add-user`.")
    if "not permitted to log in" in lowered:
        return HubAuthError(f"{who} is not allowed to log in to the hub at {where} (it is a group, not a login).")
    if "no pg_hba.conf entry" in lowered:
        return HubAuthError(
            f"the hub at {where} does not accept connections from this machine for {who} "
            "(the server's pg_hba.conf has no matching entry; ask whoever runs the server)."
        )
    if "ssl" in lowered and ("not support" in lowered or "required" in lowered or "certificate" in lowered):
        return HubUnreachable(
            f"could not open a TLS connection to the hub at {where} ({detail}). A hub reached over the "
            "network must use TLS; fix the server's SSL setup, or add sslmode=... to the hub URL."
        )
    if "database" in lowered and "does not exist" in lowered:
        return HubConfigError(f"there is no hub database at {where}; check the URL (run `sidekick hub init` there first).")
    if isinstance(error, (psycopg.OperationalError, OSError, TimeoutError)):
        return HubUnreachable(
            f"cannot reach the hub at {where} ({detail}). Sidekick keeps working offline from the "
            "last copy and syncs when the hub is back."
        )
    if isinstance(error, pg_errors.UndefinedTable):
        return HubConfigError(f"the database at {where} is not a Sidekick hub (run `sidekick hub init` for it).")
    return HubError(f"the hub at {where} reported an error: {detail}")
