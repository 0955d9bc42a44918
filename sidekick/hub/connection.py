"""Which hub this machine uses, the OS keyring, and opening connections.

The hub URL (never with a password) and the user name are settings; the password lives in the
OS keyring under service ``sidekick-hub`` and account ``user@host:port/db`` (or, on a machine
without a safe keyring, in an encrypted file or nowhere: ``sidekick.hub.passwords``). A hub
that is not on this machine is reached over TLS unless its URL chooses an ``sslmode`` itself.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from sidekick.core.messages import Message
from sidekick.hub.errors import HubConfigError, KeyringUnavailable, sanitize_url, translate

KEYRING_SERVICE = "sidekick-hub"
CONNECT_TIMEOUT_S = 5
_KEYRING_FIX = Message(
    "the OS keyring that keeps the hub password is not available. Unlock it (on Linux: a Secret "
    "Service keyring such as gnome-keyring or KWallet in the desktop session), or run "
    "`sidekick hub connect URL --user NAME` again: without a safe OS keyring the password goes to an "
    "encrypted file opened with a passphrase (or, with --ask-password, nowhere: asked for each time). "
    "Sidekick never writes the password to a file unencrypted."
)
# Keyring backends that keep the password readable by anyone who can read a file (base64 or
# a fixed key): refused, because "never in a file" must hold whatever is installed.
_UNSAFE_BACKENDS = (
    "keyrings.alt.file.PlaintextKeyring",
    "keyrings.alt.file.EncryptedKeyring",  # its default key is not secret either without a passphrase prompt
    "keyrings.alt.Gnome.Keyring",
    "keyring.backends.null.Keyring",
    "keyring.backends.fail.Keyring",
    "keyrings.cryptfile.file.PlaintextKeyring",
    "keyrings.cryptfile.file.EncryptedKeyring",
    # Safe, but a file of its own that prompts on the terminal: Sidekick uses it itself, with
    # its own file and prompts, as the "file" storage (sidekick.hub.passwords).
    "keyrings.cryptfile.cryptfile.CryptFileKeyring",
)


def _backend_name(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _safe_keyring():
    """The configured keyring, or ``KeyringUnavailable`` when it would not keep a secret safe."""
    import keyring

    backend = keyring.get_keyring()
    chained = getattr(backend, "backends", None)
    names = [_backend_name(b) for b in chained] if chained is not None else [_backend_name(backend)]
    if chained is not None and chained == []:
        names = ["keyring.backends.fail.Keyring"]
    unsafe = [n for n in names if n in _UNSAFE_BACKENDS]
    if unsafe and len(unsafe) == len(names):
        raise KeyringUnavailable(Message("%1 (refused backend: %2)", _KEYRING_FIX, ", ".join(unsafe)))
    return keyring


def os_keyring_is_safe() -> bool:
    """Whether an OS keyring that keeps secrets safely is configured here."""
    try:
        _safe_keyring()
    except KeyringUnavailable:
        return False
    return True


@dataclass(frozen=True, slots=True)
class HubTarget:
    """A hub as this machine knows it: the URL without password, and the login name."""

    url: str
    user: str

    @property
    def params(self) -> dict[str, str]:
        return {k: str(v) for k, v in conninfo_to_dict(self.url).items() if v is not None}

    @property
    def host(self) -> str:
        return self.params.get("host", "localhost")

    @property
    def port(self) -> str:
        return self.params.get("port", "5432")

    @property
    def database(self) -> str:
        return self.params.get("dbname", "")

    @property
    def account(self) -> str:
        """The keyring account name: ``user@host:port/db``."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    @property
    def where(self) -> str:
        """A password-free description for messages."""
        return f"{self.host}:{self.port}/{self.database}"


def parse_target(url: str, user: str) -> HubTarget:
    """Validate a hub URL given to ``connect``; refuse one with a password in it."""
    try:
        parts = urlsplit(url)
        params = conninfo_to_dict(url)
    except (ValueError, psycopg.ProgrammingError):
        raise HubConfigError(Message("%1 is not a PostgreSQL URL (postgresql://host:port/db)",
                                     sanitize_url(url))) from None
    if parts.scheme not in ("postgresql", "postgres"):
        raise HubConfigError(Message("the hub URL must start with postgresql:// "
                                     "(e.g. postgresql://hub.example.com/shop)"))
    if parts.password is not None or "password" in params:
        raise HubConfigError(Message(
            "the hub URL must not contain a password (it would end up in the settings); "
            "give the URL without it and type the password when asked"
        ))
    if not params.get("dbname"):
        raise HubConfigError(Message("the hub URL names no database (add /DBNAME at the end)"))
    # The user comes from --user; a user inside the URL would be a second, conflicting source.
    clean = url
    if parts.username:
        if user and user != parts.username:
            raise HubConfigError(Message("the URL says user %1 but --user says %2", repr(parts.username), repr(user)))
        user = parts.username
        clean = parts._replace(netloc=parts.netloc.split("@", 1)[1]).geturl()
    if not user:
        raise HubConfigError(Message("give the hub login with --user NAME"))
    return HubTarget(url=clean, user=user)


def is_loopback(host: str) -> bool:
    if not host or host.startswith("/") or host == "localhost":
        return True  # unix socket or this machine
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def conninfo(target: HubTarget, password: str | None, **extra: str) -> str:
    """The libpq connection string for ``target``; TLS is required for a remote host by default."""
    params: dict[str, str] = {
        "user": target.user,
        "connect_timeout": str(CONNECT_TIMEOUT_S),
        "application_name": "sidekick",
    }
    hosts = [h for h in target.host.split(",") if h]
    if "sslmode" not in target.params and not all(is_loopback(h) for h in hosts):
        params["sslmode"] = "require"
    if password is not None:
        params["password"] = password
    params.update(extra)
    return make_conninfo(target.url, **params)


def connect(target: HubTarget, password: str | None, *, autocommit: bool = False) -> psycopg.Connection:
    """An open connection, or a ``HubError`` saying clearly what went wrong."""
    try:
        return psycopg.connect(conninfo(target, password), autocommit=autocommit)
    except psycopg.Error as error:
        raise translate(error, where=target.where, user=target.user, secrets=(password or "",)) from None
    except OSError as error:
        raise translate(error, where=target.where, user=target.user, secrets=(password or "",)) from None


# --------------------------------------------------------------------------- keyring


def store_password(target: HubTarget, password: str) -> None:
    from keyring.errors import KeyringError

    try:
        _safe_keyring().set_password(KEYRING_SERVICE, target.account, password)
    except KeyringError as error:
        raise KeyringUnavailable(Message("%1 (%2)", _KEYRING_FIX, type(error).__name__)) from None


def load_password(target: HubTarget) -> str | None:
    """The stored password; None when the keyring has none (or there is no keyring)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, target.account)
    except KeyringError as error:
        raise KeyringUnavailable(Message("%1 (%2)", _KEYRING_FIX, type(error).__name__)) from None
