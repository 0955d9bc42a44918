"""Where this machine keeps its hub password, and asking for whatever is not kept.

Three ways, chosen at ``sidekick hub connect`` and remembered in the ``hub_password_storage``
setting (never the password itself):

- ``keyring``: the OS keyring (Windows Credential Manager, macOS Keychain, Secret Service);
- ``file``: on a machine without a safe OS keyring, an encrypted file in the data folder
  (``keyrings.cryptfile``: AES-GCM with an Argon2 key derived from a passphrase). The
  passphrase is asked for (or read from ``SIDEKICK_KEYRING_PASSPHRASE`` for unattended use)
  and never stored;
- ``ask``: nowhere; the password is asked for each time it is needed (once per run of the app).

A password or passphrase that was asked for is kept in this process's memory only, so the app
asks once per run. Asking is the caller's: ``ask`` gets a ``SecretRequest`` and returns the
secret, or None when the user declined (or when asking is not possible, e.g. off the GUI
thread); without ``ask`` only the environment is used.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sidekick.core.messages import Message
from sidekick.db.settings_store import load_settings
from sidekick.db.store import Store
from sidekick.hub.connection import (
    KEYRING_SERVICE,
    HubTarget,
    load_password,
    os_keyring_is_safe,
    store_password,
)
from sidekick.hub.errors import PasswordNotGiven, WrongPassphrase

STORAGE_KEYRING = "keyring"
STORAGE_FILE = "file"
STORAGE_ASK = "ask"
STORAGES = (STORAGE_KEYRING, STORAGE_FILE, STORAGE_ASK)
PASSPHRASE_ENV = "SIDEKICK_KEYRING_PASSPHRASE"
PASSWORD_FILE_NAME = "hub-password.cfg"
MAX_TRIES = 3  # wrong passphrases typed in a row before giving up

# What a SecretRequest asks for.
ASK_PASSWORD = "password"  # the hub password itself (storage "ask")
ASK_PASSPHRASE = "passphrase"  # the passphrase of an existing encrypted file
ASK_NEW_PASSPHRASE = "new-passphrase"  # a passphrase for a new encrypted file (ask twice)


@dataclass(frozen=True, slots=True)
class SecretRequest:
    kind: str  # ASK_PASSWORD, ASK_PASSPHRASE or ASK_NEW_PASSPHRASE
    user: str
    where: str  # host:port/db
    file: str = ""  # the encrypted file, for the passphrase kinds
    retry: bool = False  # the previous passphrase was wrong


Ask = Callable[[SecretRequest], "str | None"]


def choose_storage(*, ask_each_time: bool) -> str:
    """Where ``hub connect`` keeps a new password: nowhere when asked to, else the OS keyring
    when it keeps secrets safely, else the encrypted file."""
    if ask_each_time:
        return STORAGE_ASK
    return STORAGE_KEYRING if os_keyring_is_safe() else STORAGE_FILE


def password_file(store: Store) -> Path:
    """The encrypted file, next to the local database in the data folder."""
    return store.path.parent / PASSWORD_FILE_NAME


class PasswordKeeper:
    """Loads and stores the hub password of ``store``'s machine; ``load`` is ``HubClient``'s
    password loader. Thread-safe: a prompt happens at most once at a time."""

    def __init__(self, store: Store, *, ask: Ask | None = None, environ: Mapping[str, str] | None = None) -> None:
        self._store = store
        self._ask = ask
        self._environ = os.environ if environ is None else environ
        self._lock = threading.RLock()
        self._remembered: dict[str, str] = {}  # account → password, this process only

    def storage(self) -> str:
        with self._store.session(read_only=True) as session:
            settings, _ = load_settings(session=session)
        return settings.hub_password_storage if settings.hub_password_storage in STORAGES else STORAGE_KEYRING

    @property
    def file(self) -> Path:
        return password_file(self._store)

    def remembered(self, target: HubTarget) -> bool:
        return target.account in self._remembered

    def forget(self) -> None:
        """Drop what was asked for (a wrong hub password is asked again next time)."""
        with self._lock:
            self._remembered.clear()

    # ------------------------------------------------------------------ loading

    def load(self, target: HubTarget) -> str | None:
        """The password to log in with (raises ``PasswordNotGiven`` or ``WrongPassphrase``)."""
        storage = self.storage()
        if storage == STORAGE_KEYRING:
            return load_password(target)
        with self._lock:
            if target.account in self._remembered:
                return self._remembered[target.account]
            if storage == STORAGE_ASK:
                password = self._ask_for(SecretRequest(ASK_PASSWORD, target.user, target.where))
                if not password:
                    raise PasswordNotGiven(Message(
                        "the password of %1 for the hub at %2 is asked for each time (this machine keeps it "
                        "nowhere) and none was given", repr(target.user), target.where))
            else:
                password = self._open_file(target, new=False).get_password(KEYRING_SERVICE, target.account)
                if password is None:
                    raise PasswordNotGiven(Message(
                        "the encrypted file %1 holds no password for %2 at %3; run `sidekick hub connect URL "
                        "--user NAME` again", self.file, repr(target.user), target.where))
            self._remembered[target.account] = password
            return password

    # ------------------------------------------------------------------ storing

    def store(self, target: HubTarget, password: str, storage: str) -> None:
        """Keep ``password`` as ``storage`` says (raises before anything is kept when it cannot)."""
        if storage == STORAGE_KEYRING:
            store_password(target, password)
        elif storage == STORAGE_FILE:
            self._open_file(target, new=not self.file.exists()).set_password(KEYRING_SERVICE, target.account, password)
        elif storage == STORAGE_ASK:
            _forget_in_os_keyring(target)  # an earlier connect may have kept it there
        else:
            raise ValueError(f"unknown password storage {storage!r}")
        with self._lock:
            self._remembered[target.account] = password

    # ------------------------------------------------------------------ the encrypted file

    def _ask_for(self, request: SecretRequest) -> str | None:
        return self._ask(request) if self._ask is not None else None

    def _open_file(self, target: HubTarget, *, new: bool):  # type: ignore[no-untyped-def]  # returns keyrings.cryptfile's class, which has no stubs
        """The encrypted file, unlocked with the passphrase from the environment or asked for."""
        from keyrings.cryptfile.cryptfile import CryptFileKeyring  # type: ignore[import-untyped]  # the package ships no type information

        from_env = self._environ.get(PASSPHRASE_ENV, "")
        kind = ASK_NEW_PASSPHRASE if new else ASK_PASSPHRASE
        retry = False
        for _attempt in range(1 if from_env else MAX_TRIES):
            passphrase = from_env or self._ask_for(SecretRequest(kind, target.user, target.where, str(self.file), retry))
            if not passphrase or not passphrase.strip():
                raise PasswordNotGiven(Message(
                    "the hub password is kept in the encrypted file %1, opened with a passphrase, and none was "
                    "given (type it when asked, or set %2 for unattended use)", self.file, PASSPHRASE_ENV))
            keyring = CryptFileKeyring()
            keyring.file_path = str(self.file)
            try:
                self.file.parent.mkdir(parents=True, exist_ok=True)
                keyring.keyring_key = passphrase  # unlocks (or creates) the file; checks the passphrase
            except ValueError:
                retry = True
                continue
            return keyring
        source = Message(" (from %1)", PASSPHRASE_ENV) if from_env else ""
        raise WrongPassphrase(Message(
            "the passphrase%1 does not open the encrypted hub password file %2. Type the passphrase chosen when "
            "the machine was connected; if it is lost, delete that file and run `sidekick hub connect URL "
            "--user NAME` again", source, self.file))


def _forget_in_os_keyring(target: HubTarget) -> None:
    if not os_keyring_is_safe():
        return
    import keyring
    from keyring.errors import KeyringError

    with contextlib.suppress(KeyringError):  # nothing was kept there
        keyring.delete_password(KEYRING_SERVICE, target.account)
