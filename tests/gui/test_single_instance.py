"""One Sidekick per user and data directory: a later launch reaches the first one and opens its
popup, over a Unix socket on Linux and macOS and QLocalServer on Windows (both run here)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from sidekick.app import single_instance
from sidekick.app.single_instance import InstanceServer, notify_running, socket_path

UNIX = sys.platform != "win32"  # Python has no Unix sockets on Windows
BOTH = pytest.mark.parametrize("unix", [True, False] if UNIX else [False],
                               ids=["unix-socket", "qlocalserver"] if UNIX else ["qlocalserver"])


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("SIDEKICK_HOME", str(home))
    return home


def a_second_launch_reaches_a_new_instance(qtbot, unix: bool) -> None:
    server = InstanceServer(unix=unix)
    assert server.listening
    try:
        with qtbot.waitSignal(server.activated, timeout=3000):
            assert notify_running(unix=unix)
    finally:
        server.close()


@BOTH
def test_a_second_launch_opens_the_first_instances_popup(qtbot, unix: bool) -> None:
    a_second_launch_reaches_a_new_instance(qtbot, unix)


@BOTH
def test_without_a_running_instance_nobody_answers(unix: bool) -> None:
    started = time.monotonic()
    assert not notify_running(unix=unix)
    assert time.monotonic() - started < 2


@BOTH
def test_an_instance_of_another_data_directory_does_not_answer(qtbot, unix: bool, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    server = InstanceServer(unix=unix)
    try:
        monkeypatch.setenv("SIDEKICK_HOME", str(tmp_path / "other"))
        assert not notify_running(unix=unix)
    finally:
        server.close()


@pytest.mark.skipif(not UNIX, reason="Unix sockets: Linux and macOS only (Windows uses QLocalServer, tested above)")
class TestUnixSocket:
    def test_a_crashed_instances_socket_file_is_replaced(self, qtbot) -> None:
        path = socket_path()
        stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        stale.bind(str(path))
        stale.close()  # as a crash leaves it: the file stays, nobody listens
        assert path.exists() and not notify_running(unix=True)
        a_second_launch_reaches_a_new_instance(qtbot, unix=True)
        assert not path.exists()  # closing removes it

    def test_without_a_runtime_directory_the_socket_lives_in_a_private_one(self, tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        folder = socket_path().parent
        assert folder.parent == tmp_path and folder.stat().st_mode & 0o777 == 0o700
        folder.chmod(0o755)  # opened up by someone else: refused, not used
        with pytest.raises(OSError, match="not private"):
            socket_path()
        assert not notify_running(unix=True)
        server = InstanceServer(unix=True)  # the app still starts, without a socket
        assert not server.listening
        server.close()

    def test_the_tray_app_loads_no_qt_network(self, _home: Path) -> None:
        # The point of the Unix socket: QtNetwork stays out of the tray app's memory.
        code = ("import sys\n"
                "from PySide6.QtCore import QCoreApplication\n"
                "from sidekick.app.single_instance import InstanceServer, notify_running\n"
                "app = QCoreApplication([])\n"
                "assert not notify_running()\n"
                "server = InstanceServer()\n"
                "server.close()\n"
                "print('PySide6.QtNetwork' in sys.modules)\n")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**os.environ, "SIDEKICK_HOME": str(_home), "QT_QPA_PLATFORM": "offscreen",
                                  "PYTHONPATH": str(Path(single_instance.__file__).parents[2])})
        assert out.stdout.strip() == "False"
