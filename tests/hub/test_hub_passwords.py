"""The hub password on a machine without an OS keyring: an encrypted file opened with a
passphrase, or kept nowhere and asked for each time (CLI with getpass, the app with a dialog).

Against the throwaway cluster that checks passwords (``password_server``), so a wrong or
missing password really fails.
"""

from __future__ import annotations

import base64
import binascii
import configparser
import io
import json
from pathlib import Path

import keyring
import psycopg
import pytest
from keyring.backends import fail

from sidekick.cli.main import main
from sidekick.db.settings_store import load_settings
from sidekick.hub.client import connect_machine
from sidekick.hub.connection import KEYRING_SERVICE
from sidekick.hub.passwords import PASSPHRASE_ENV, PASSWORD_FILE_NAME, PasswordKeeper
from sidekick.hub.schema import add_user, init_hub

PASSPHRASE = "blue kettle on the windowsill"


class TypedAtPrompt:
    """Stands in for ``getpass.getpass``: answers in order and records the prompts."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.prompts: list[str] = []

    def __call__(self, prompt: str = "") -> str:
        self.prompts.append(prompt)
        assert self.answers, f"asked once more than expected: {prompt!r}"
        return self.answers.pop(0)


def run(argv: list[str], monkeypatch, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(argv)


def hub_login(admin_url: str, database: str, login: str, password: str) -> str:
    """A hub ``database`` on the password-checking server with an agent ``login``; its URL."""
    params = psycopg.conninfo.conninfo_to_dict(admin_url)
    admin = admin_url.rsplit("/", 1)[0] + "/" + database
    init_hub(admin)
    add_user(admin, login, "agent", password)
    return f"postgresql://127.0.0.1:{params['port']}/{database}"


@pytest.fixture
def no_os_keyring(monkeypatch, memory_keyring):
    """This machine has no OS keyring (the memory keyring is put back afterwards)."""
    keyring.set_keyring(fail.Keyring())
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)


def storage_of(home: Path) -> str:
    from sidekick.db.store import open_store

    store = open_store(home / "sidekick.db")
    try:
        with store.session() as session:
            return load_settings(session=session)[0].hub_password_storage
    finally:
        store.close()


def nowhere_in_clear(root: Path, password: str) -> None:
    """No file under ``root`` holds the password, nor its base64."""
    secret = password.encode()
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert secret not in data and base64.b64encode(secret) not in data, path


def decoded_layers(file: Path) -> list[bytes]:
    """Every value of the encrypted file, base64-decoded, and the base64 fields inside it decoded
    too: whatever encoding layer the password could hide in."""
    config = configparser.RawConfigParser()
    config.read(file)
    layers: list[bytes] = []
    for section in config.sections():
        for _key, value in config.items(section):
            try:
                outer = base64.b64decode("".join(value.split()), validate=True)
            except binascii.Error:
                continue
            layers.append(outer)
            for field in json.loads(outer).values():
                layers.append(base64.b64decode(field))
    return layers


def test_without_an_os_keyring_the_password_is_kept_in_an_encrypted_file(
    password_server, no_os_keyring, monkeypatch, capsys, sidekick_home
) -> None:
    password = "Kf8-file-kept-password"
    url = hub_login(password_server, "shop_file", "li_file", password)
    typed = TypedAtPrompt(PASSPHRASE, PASSPHRASE)  # a new file: the passphrase twice
    monkeypatch.setattr("getpass.getpass", typed)
    assert run(["hub", "connect", url, "--user", "li_file", "--password-stdin"], monkeypatch, password + "\n") == 0
    assert "encrypted file" in capsys.readouterr().out
    assert len(typed.prompts) == 2 and storage_of(sidekick_home) == "file"
    file = sidekick_home / PASSWORD_FILE_NAME
    assert file.exists()
    nowhere_in_clear(sidekick_home, password)
    layers = decoded_layers(file)
    assert len(layers) >= 6  # the reference value and the password, each with salt, data, mac, nonce
    assert all(password.encode() not in layer for layer in layers)

    # A later command asks for the passphrase, reads the password and logs in with it.
    typed.answers = [PASSPHRASE]
    assert run(["hub", "sync"], monkeypatch) == 0
    assert len(typed.prompts) == 3 and "passphrase" in typed.prompts[-1]
    # Unattended: the passphrase from the environment, nothing asked.
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    assert run(["hub", "sync"], monkeypatch) == 0
    assert len(typed.prompts) == 3
    capsys.readouterr()

    # A wrong passphrase is a clear message and exit 2, never a traceback.
    monkeypatch.setenv(PASSPHRASE_ENV, "not the passphrase")
    assert run(["hub", "sync"], monkeypatch) == 2
    err = capsys.readouterr().err
    assert "does not open the encrypted hub password file" in err and PASSPHRASE_ENV in err
    assert "Traceback" not in err and "MAC" not in err
    monkeypatch.delenv(PASSPHRASE_ENV)
    typed.answers = ["wrong one", "wrong two", "wrong three"]
    assert run(["hub", "sync"], monkeypatch) == 2
    err = capsys.readouterr().err
    assert "does not open the encrypted hub password file" in err and "Traceback" not in err
    assert err.count("try again") == 2
    nowhere_in_clear(sidekick_home, password)


def test_ask_password_keeps_it_nowhere_and_every_command_asks(
    password_server, memory_keyring, monkeypatch, capsys, sidekick_home
) -> None:
    password = "Ask-me-each-time-7"
    url = hub_login(password_server, "shop_ask", "li_ask", password)
    port = psycopg.conninfo.conninfo_to_dict(password_server)["port"]
    account = f"li_ask@127.0.0.1:{port}/shop_ask"
    memory_keyring.items[(KEYRING_SERVICE, account)] = "kept by an earlier connect"
    assert run(["hub", "connect", url, "--user", "li_ask", "--password-stdin", "--ask-password"], monkeypatch,
               password + "\n") == 0
    assert "kept nowhere" in capsys.readouterr().out
    assert memory_keyring.items == {}  # not in the keyring (an earlier copy is gone too)
    assert not (sidekick_home / PASSWORD_FILE_NAME).exists() and storage_of(sidekick_home) == "ask"
    nowhere_in_clear(sidekick_home, password)

    typed = TypedAtPrompt(password)
    monkeypatch.setattr("getpass.getpass", typed)
    assert run(["hub", "sync"], monkeypatch) == 0
    assert len(typed.prompts) == 1 and "hub password of li_ask" in typed.prompts[0]
    typed.answers = ["Wrong-password-9"]
    capsys.readouterr()
    assert run(["hub", "sync"], monkeypatch) == 2
    err = capsys.readouterr().err
    assert "rejected the password" in err and "Wrong-password-9" not in err
    nowhere_in_clear(sidekick_home, password)


# --------------------------------------------------------------------------- the app


def answer_dialogs(qtbot, answers: list[str | None], seen: list[object]):
    """Types the next answer into each secret dialog the app shows (and records the dialogs)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from sidekick.ui.secret_dialog import SecretDialog

    def answer() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, SecretDialog) and widget.isVisible() and widget not in seen:
                seen.append(widget)
                seen.append(widget.warning.isVisibleTo(widget))
                text = answers.pop(0)
                if text is None:  # the user cancels
                    widget.reject()
                    continue
                qtbot.keyClicks(widget.field, text)
                if widget.again.isVisibleTo(widget):
                    qtbot.keyClicks(widget.again, text)
                widget.ok_button.click()

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(answer)
    timer.start()
    return timer


def test_the_app_asks_for_the_password_once_per_run_and_keeps_it_in_memory(
    password_server, machines, qtbot
) -> None:
    password = "App-asks-once-3"
    url = hub_login(password_server, "shop_app_ask", "li_app", password)
    machine = machines("agent")
    connect_machine(machine.store, url, "li_app", password, ask_each_time=True)
    seen: list[object] = []
    timer = answer_dialogs(qtbot, [password], seen)
    messages: list[tuple[str, bool]] = []
    workspace = machine.workspace(messages)
    try:
        with qtbot.waitSignal(workspace.hub_status, timeout=30_000, check_params_cb=lambda online, _m: online):
            workspace.start()
        assert len(seen) == 2  # one dialog
        workspace.sync_now()  # a dialog would be shown here, on the GUI thread: the password is remembered
        workspace.shutdown()
        assert workspace._hub_client is None
        with qtbot.waitSignal(workspace.hub_status, timeout=30_000, check_params_cb=lambda online, _m: online):
            workspace.apply_settings(workspace._settings())  # the hub set up again in the same run
        assert len(seen) == 2 and not [m for m in messages if m[1]], messages
    finally:
        timer.stop()
        workspace.shutdown()
    machine.store.close()
    nowhere_in_clear(machine.home, password)


def test_the_app_asks_for_the_passphrase_of_the_encrypted_file_again_when_it_is_wrong(
    password_server, machines, no_os_keyring, qtbot
) -> None:
    password = "App-file-password-4"
    url = hub_login(password_server, "shop_app_file", "li_appf", password)
    machine = machines("agent")
    keeper = PasswordKeeper(machine.store, environ={PASSPHRASE_ENV: PASSPHRASE})
    assert connect_machine(machine.store, url, "li_appf", password, keeper=keeper).storage == "file"
    seen: list[object] = []
    timer = answer_dialogs(qtbot, ["not it", PASSPHRASE], seen)
    messages: list[tuple[str, bool]] = []
    workspace = machine.workspace(messages)
    try:
        with qtbot.waitSignal(workspace.hub_status, timeout=60_000, check_params_cb=lambda online, _m: online):
            workspace.start()
        # Two dialogs: the second says the first passphrase did not open the file.
        assert seen[1::2] == [False, True]
        assert workspace.online and not [m for m in messages if m[1]], messages
    finally:
        timer.stop()
        workspace.shutdown()
    machine.store.close()
    nowhere_in_clear(machine.home, password)


def test_the_app_stays_offline_when_the_password_dialog_is_cancelled_and_asks_again_at_sync(
    password_server, machines, qtbot
) -> None:
    password = "App-cancelled-5"
    url = hub_login(password_server, "shop_app_cancel", "li_appc", password)
    machine = machines("agent")
    connect_machine(machine.store, url, "li_appc", password, ask_each_time=True)
    seen: list[object] = []
    timer = answer_dialogs(qtbot, [None, password], seen)
    messages: list[tuple[str, bool]] = []
    workspace = machine.workspace(messages)
    try:
        # Cancelled: one message; the listener (a worker thread) never shows a dialog itself.
        with qtbot.waitSignal(workspace.hub_status, timeout=30_000,
                              check_params_cb=lambda online, message: not online and "none was given" in message):
            workspace.start()
        assert len(seen) == 2 and messages[-1][1] and "none was given" in messages[-1][0]
        with qtbot.waitSignal(workspace.hub_status, timeout=30_000, check_params_cb=lambda online, _m: online):
            workspace.sync_now()  # the tray's Sync asks again
        assert len(seen) == 4
    finally:
        timer.stop()
        workspace.shutdown()
