"""One Sidekick per user and data directory: a second launch asks the first to open the popup.

The first instance listens on a local socket whose name is derived from the data directory
(so test runs with their own ``SIDEKICK_HOME`` never meet each other or the agent's real
instance). A later launch connects, sends ``popup`` and exits.

On Linux and macOS the socket is a Unix socket in a directory only the user can enter, read
through a ``QSocketNotifier``: QtNetwork's ``QLocalServer`` would do the same but loads Qt's
network library and its Kerberos dependencies (≈3 MB resident) into a tray app that never
touches the network. Windows has no Unix sockets in Python, so there ``QLocalServer`` (a named
pipe) does it.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import logging
import os
import socket
import sys
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from sidekick.config import paths

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger(__name__)

_CONNECT_TIMEOUT_MS = 500
_READ_TIMEOUT_S = 0.5  # a launch sends its command at once; a silent peer is not waited for longer
_COMMAND = b"popup\n"


def server_name() -> str:
    key = f"{getpass.getuser()}:{paths.data_dir().resolve()}".encode()
    # Two checksums, not hashlib: that loads OpenSSL (≈3 MB resident) for a name.
    return f"sidekick-{zlib.crc32(key):08x}{zlib.adler32(key):08x}"


def uses_unix_socket(choice: bool | None = None) -> bool:
    """The mechanism: ``choice`` when given (tests run both), else by platform."""
    return sys.platform != "win32" if choice is None else choice


def socket_path() -> Path:
    """Where the Unix socket lives: the user's runtime directory, or a directory of the user's
    own under the temp directory (mode 0700, so no other user can reach the socket)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        folder = Path(runtime)
    else:
        folder = Path(tempfile.gettempdir()) / f"sidekick-{os.getuid()}"
        folder.mkdir(mode=0o700, exist_ok=True)
        status = folder.stat()
        if status.st_uid != os.getuid() or status.st_mode & 0o077:
            raise OSError(f"{folder} is not private to this user; remove it and start Sidekick again")
    return folder / f"{server_name()}.sock"


def notify_running(*, unix: bool | None = None) -> bool:
    """True when another instance answered (and was asked to open its popup). ``unix`` picks the
    mechanism (default: by platform; tests run both)."""
    return _unix_notify() if uses_unix_socket(unix) else _local_notify()


class InstanceServer(QObject):
    """Listens for later launches; ``activated`` fires when one asks for the popup."""

    activated = Signal()

    def __init__(self, parent: QObject | None = None, *, unix: bool | None = None) -> None:
        super().__init__(parent)
        self._listener: _Listener | None = None
        try:
            self._listener = (_UnixListener if uses_unix_socket(unix) else _LocalListener)(self, self.activated.emit)
        except OSError as error:
            # The app works without it; only a second launch would start a second instance.
            log.warning("a second launch cannot reach this instance: %s", error)

    @property
    def listening(self) -> bool:
        return self._listener is not None

    def close(self) -> None:
        if self._listener is not None:
            self._listener.close()


class _Listener(Protocol):
    def close(self) -> None: ...


def _unix_notify() -> bool:
    try:
        path = socket_path()
    except OSError:
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as peer:
        peer.settimeout(_CONNECT_TIMEOUT_MS / 1000)
        try:
            peer.connect(str(path))
            peer.sendall(_COMMAND)
        except OSError:
            return False  # nobody listens (or a stale socket file of a crashed instance)
    return True


class _UnixListener:
    """A listening Unix socket, its new connections read on the GUI thread as they arrive."""

    def __init__(self, parent: QObject, on_popup: Callable[[], None]) -> None:
        self._on_popup = on_popup
        self._path = socket_path()
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._socket.bind(str(self._path))
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            # A stale socket file of a crashed instance: nobody answered notify_running.
            self._path.unlink(missing_ok=True)
            self._socket.bind(str(self._path))
        self._socket.listen(4)
        self._socket.setblocking(False)
        self._notifier = QSocketNotifier(self._socket.fileno(), QSocketNotifier.Type.Read, parent)
        self._notifier.activated.connect(self._accept)

    def _accept(self) -> None:
        while True:
            try:
                peer, _address = self._socket.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return  # closed under us
            with peer:
                peer.settimeout(_READ_TIMEOUT_S)
                with contextlib.suppress(OSError):
                    if peer.recv(len(_COMMAND)).startswith(_COMMAND.strip()):
                        self._on_popup()

    def close(self) -> None:
        self._notifier.setEnabled(False)
        self._socket.close()
        self._path.unlink(missing_ok=True)


def _local_notify() -> bool:
    from PySide6.QtNetwork import QLocalSocket

    peer = QLocalSocket()
    peer.connectToServer(server_name())
    if not peer.waitForConnected(_CONNECT_TIMEOUT_MS):
        return False
    peer.write(_COMMAND)
    peer.waitForBytesWritten(_CONNECT_TIMEOUT_MS)
    peer.disconnectFromServer()
    return True


class _LocalListener:
    """QLocalServer (a named pipe on Windows), for platforms without Unix sockets."""

    def __init__(self, parent: QObject, on_popup: Callable[[], None]) -> None:
        from PySide6.QtNetwork import QLocalServer

        self._on_popup = on_popup
        self._server = QLocalServer(parent)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name()
        if not self._server.listen(name):
            # A stale socket from a crashed instance (nobody answered notify_running).
            QLocalServer.removeServer(name)
            self._server.listen(name)
        self._server.newConnection.connect(self._on_connection)

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            peer = self._server.nextPendingConnection()
            peer.readyRead.connect(lambda p=peer: self._on_ready(p))
            peer.disconnected.connect(peer.deleteLater)

    def _on_ready(self, peer: QLocalSocket) -> None:
        if bytes(peer.readAll().data()).startswith(_COMMAND.strip()):
            self._on_popup()

    def close(self) -> None:
        self._server.close()
