"""The tray icon and its menu; where no system tray exists, a small window instead.

The tray only emits signals; the app decides what each entry opens (the library, products
and sync windows come from their own packages). Strings are English in the code and
translated through ``resources/i18n/zh_CN/tray.ts``; both widgets retranslate when the
language changes at run time.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QPushButton, QSystemTrayIcon, QVBoxLayout, QWidget

from sidekick.ui.i18n import with_args
from sidekick.ui.icons import app_icon


class TrayMenu(QObject):
    """The menu entries and their signals, shared by the tray icon and the fallback window."""

    search_requested = Signal()
    library_requested = Signal()
    products_requested = Signal()
    insights_requested = Signal()
    settings_requested = Signal()
    sync_requested = Signal()
    reset_requested = Signal()  # take the hub's copy of the team library again (hub machines only)
    quit_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.menu = QMenu()
        self.search = self._add(self.search_requested)
        self.library = self._add(self.library_requested)
        self.products = self._add(self.products_requested)
        self.settings = self._add(self.settings_requested)
        self.insights = self._add(self.insights_requested)  # after Settings: the menu's first four stay put
        self.sync = self._add(self.sync_requested)
        self.reset = self._add(self.reset_requested)
        self.reset.setVisible(False)  # shown by the app when a team hub is configured
        self.menu.addSeparator()
        self.quit = self._add(self.quit_requested)
        self.hotkey_text = ""
        self.retranslate()

    def _add(self, signal: SignalInstance) -> QAction:
        action = QAction(self.menu)
        action.triggered.connect(signal.emit)
        self.menu.addAction(action)
        return action

    def retranslate(self) -> None:
        self.search.setText(self.tr("Search") + (f"\t{self.hotkey_text}" if self.hotkey_text else ""))
        self.library.setText(self.tr("Library"))
        self.products.setText(self.tr("Products"))
        self.insights.setText(self.tr("Insights"))
        self.settings.setText(self.tr("Settings"))
        self.sync.setText(self.tr("Sync"))
        self.reset.setText(self.tr("Reset team library from hub…"))
        self.quit.setText(self.tr("Quit"))


class Tray(QObject):
    """QSystemTrayIcon with the Sidekick menu; ``message`` shows a balloon."""

    def __init__(self, menu: TrayMenu, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries = menu
        self.icon = QSystemTrayIcon(app_icon(), self)
        self.icon.setContextMenu(menu.menu)
        self.icon.activated.connect(self._on_activated)
        self.hotkey_text = ""
        self.suggest_hotkey_text = ""
        self.suggest_problem = ""
        self.status_text = ""  # the team hub's state, when there is a hub
        self.retranslate()

    def set_status(self, text: str) -> None:
        self.status_text = text
        self.retranslate()

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def set_hotkey(self, text: str) -> None:
        self.hotkey_text = text
        self.entries.hotkey_text = text
        self.retranslate()
        self.entries.retranslate()

    def set_suggest_hotkey(self, text: str, problem: str = "") -> None:
        """Suggest mode's hotkey for the tooltip, or why it does not work."""
        self.suggest_hotkey_text = text
        self.suggest_problem = problem
        self.retranslate()

    def retranslate(self) -> None:
        tip = self.tr("Sidekick quick replies")
        if self.hotkey_text:
            tip += "\n" + with_args(self.tr("Press %1 to search"), self.hotkey_text)
        if self.suggest_hotkey_text:
            tip += "\n" + with_args(self.tr("Select a buyer's message and press %1 for suggestions"),
                                     self.suggest_hotkey_text)
        elif self.suggest_problem:
            tip += "\n" + self.suggest_problem
        if self.status_text:
            tip += "\n" + self.status_text
        self.icon.setToolTip(tip)

    def message(self, text: str, critical: bool = False) -> None:
        kind = QSystemTrayIcon.MessageIcon.Critical if critical else QSystemTrayIcon.MessageIcon.Information
        self.icon.showMessage("Sidekick", text, kind, 5000)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        # A left click opens the popup, as the hotkey would; the right click shows the menu.
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.entries.search_requested.emit()


class TraylessWindow(QWidget):
    """Stands in for the tray where the desktop has none: says so, and offers the menu."""

    def __init__(self, menu: TrayMenu, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.entries = menu
        self.setWindowIcon(app_icon())
        self.setWindowTitle("Sidekick")
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        layout = QVBoxLayout(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.search_button = QPushButton(self)
        self.search_button.clicked.connect(menu.search_requested.emit)
        layout.addWidget(self.search_button)
        self.menu_button = QPushButton(self)
        self.menu_button.setMenu(menu.menu)
        layout.addWidget(self.menu_button)
        self.retranslate()

    def message(self, text: str, critical: bool = False) -> None:
        self.note.setText(text)

    def retranslate(self) -> None:
        self.note.setText(self.tr("This desktop has no system tray, so Sidekick keeps this small window open. "
                                  "Closing it keeps Sidekick running; use Quit in the menu to stop it."))
        self.search_button.setText(self.tr("Search"))
        self.menu_button.setText(self.tr("Menu"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.entries.retranslate()
        super().changeEvent(event)
