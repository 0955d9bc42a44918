"""Size a top-level window to the screen it opens on.

Agents work on laptops (1280×800, 1366×768) where a 1280×760 window runs under the taskbar and
covers the tray icon they need to reach. A window asks for its preferred size and gets at most
``SCREEN_SHARE`` of the *available* area (the screen minus taskbars and panels), centred in it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

SCREEN_SHARE = 0.9  # leave a margin round the window: the tray and the chat stay reachable


def _screen_for(window: QWidget) -> QScreen | None:
    """The screen under the mouse (where the agent opened the window from), else the window's."""
    return QGuiApplication.screenAt(QCursor.pos()) or window.screen() or QGuiApplication.primaryScreen()


def fitted_geometry(area: QRect, width: int, height: int, share: float = SCREEN_SHARE) -> QRect:
    """A ``width``×``height`` rectangle shrunk to ``share`` of ``area`` if needed, centred in it."""
    w = min(width, int(area.width() * share))
    h = min(height, int(area.height() * share))
    x = area.x() + (area.width() - w) // 2
    y = area.y() + (area.height() - h) // 2
    return QRect(x, y, w, h)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to its preferred size within the available screen area, centred."""
    screen = _screen_for(window)
    if screen is None:  # no screen at all (should not happen): keep the preferred size
        window.resize(width, height)
        return
    geometry = fitted_geometry(screen.availableGeometry(), width, height)
    window.resize(geometry.size())
    # The frame (title bar, borders) is not known before the first show; centring the client
    # area is off by a few pixels at most, well inside the margin SCREEN_SHARE leaves.
    window.move(geometry.topLeft())
