"""One Sidekick per user and data directory: a second launch asks the first to open the popup.

The first instance listens on a QLocalServer whose name is derived from the data directory
(so test runs with their own ``SIDEKICK_HOME`` never meet each other or the agent's real
instance). A later launch connects, sends ``popup`` and exits.
"""

from __future__ import annotations

import getpass
import zlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from sidekick.config import paths

_CONNECT_TIMEOUT_MS = 500
_COMMAND = b"popup\n"


def server_name() -> str:
    key = f"{getpass.getuser()}:{paths.data_dir().resolve()}".encode()
    # Two checksums, not hashlib: that loads OpenSSL (≈3 MB resident) for a name.
    return f"sidekick-{zlib.crc32(key):08x}{zlib.adler32(key):08x}"


def notify_running() -> bool:
    """True when another instance answered (and was asked to open its popup)."""
    socket = QLocalSocket()
    socket.connectToServer(server_name())
    if not socket.waitForConnected(_CONNECT_TIMEOUT_MS):
        return False
    socket.write(_COMMAND)
    socket.waitForBytesWritten(_CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later launches; ``activated`` fires when one asks for the popup."""

    activated = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        name = server_name()
        if not self._server.listen(name):
            # A stale socket from a crashed instance (nobody answered notify_running).
            QLocalServer.removeServer(name)
            self._server.listen(name)
        self._server.newConnection.connect(self._on_connection)

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._on_ready(s))
            socket.disconnected.connect(socket.deleteLater)

    def _on_ready(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(_COMMAND.strip()):
            self.activated.emit()

    def close(self) -> None:
        self._server.close()
