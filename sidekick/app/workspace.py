"""The windows and background services around the popup: library, products, team hub, link cards.

Created once by the app; windows are built the first time they are opened. An edit in the
library window updates the phrases it touched in the app's search index (``update_index``,
through the index's own add and remove). A change that cannot be described row by row (an
import, a hub pull, a product edit) ends in ``refresh_index``, which rebuilds the search index
off the GUI thread and hands the new one to the app in one swap, so the popup never searches a
half-built index and never waits for the rebuild.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from sidekick.config.settings import Settings
from sidekick.core.insights import ACTION_PASTE, FOUND_LINK_CARD, UseDetails
from sidekick.core.messages import message_of
from sidekick.db.store import Store
from sidekick.ui.i18n import translated, with_args

if TYPE_CHECKING:
    from sidekick.app.link_watcher import LinkWatcher
    from sidekick.ui.library.window import LibraryWindow
    from sidekick.ui.products.window import ProductsWindow

# Edits come in bursts (a drag of ten phrases, an undo): rebuild once they settle.
INDEX_REFRESH_DELAY_MS = 300
MAX_TITLES_IN_NOTICE = 5


class Workspace(QObject):
    """Owns the library and products windows, the hub listener and the link watcher."""

    index_ready = Signal(object)  # a freshly built SearchIndex, or None when the rebuild failed
    hub_changed = Signal(object)  # SyncReport, from the listener thread
    hub_status = Signal(bool, object)  # online, message (a str; a Message is rendered when shown); from the listener thread
    status_changed = Signal(str)  # a line for the tray tooltip, on the GUI thread
    hub_progress = Signal(str, int)  # table, rows received so far; from the listener thread
    reset_finished = Signal(bool, str)  # ok, message; when the reset (a BackgroundOperation) ended

    def __init__(
        self,
        *,
        store: Store,
        settings: Callable[[], Settings],
        message: Callable[[str, bool], None],
        paste_text: Callable[[str], None],
        replace_index: Callable[[Any], None],
        search: Callable[..., list[Any]],
        replies: Any = None,
        product_detected: Callable[[str], None] | None = None,
        reload_settings: Callable[[], None] | None = None,
        index: Callable[[], Any] | None = None,
        record_use: Callable[[str, str, datetime, UseDetails], None] | None = None,
        ask_secret: Callable[..., str | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._settings = settings
        self._message = message
        self._paste_text = paste_text
        self._search = search
        self._replies = replies  # sidekick.app.replies.Replies: the one reply pipeline
        self._product_detected = product_detected
        self._reload_settings = reload_settings  # shop settings received from the hub
        self._index = index  # the app's current search index, for edits applied in place
        self._record_use = record_use  # the app's usage writer (queued, never blocks the paste)
        # Asks for the hub password or its file's passphrase (a dialog; tests give their own).
        self._ask_secret = ask_secret
        self._keeper: Any = None  # sidekick.hub.passwords.PasswordKeeper: what was asked, this run only
        self._library_window: LibraryWindow | None = None
        self._products_window: ProductsWindow | None = None
        self._insights_window: QWidget | None = None
        self._link_watcher: LinkWatcher | None = None
        self._hub_client: Any = None
        self._listener: Any = None
        self._last_report: Any = None
        self.online = False
        self.status_message = ""
        self.notice_pending = False  # the last balloon shown is a "what changed" notice
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(INDEX_REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._rebuild_index)
        self._rebuilding = False
        self._rebuild_again = False
        self._index_operation: Any = None
        self._reset_operation: Any = None  # the running hub reset (BackgroundOperation)
        self._reset_progress: QWidget | None = None
        self.index_ready.connect(replace_index)
        self.index_ready.connect(self._rebuilt)
        self.hub_changed.connect(self._on_hub_changed)
        self.hub_status.connect(self._on_hub_status)
        self.hub_progress.connect(self._on_hub_progress)
        self.reset_finished.connect(self._on_reset_finished)

    # ------------------------------------------------------------------ start and stop

    def start(self) -> None:
        self.apply_settings(self._settings())

    def apply_settings(self, settings: Settings) -> None:
        self._apply_link_detection(settings)
        self._apply_hub(settings)

    def shutdown(self) -> None:
        if self._listener is not None:
            self._listener.stop(timeout=2.0)
            self._listener = None
        if self._hub_client is not None:
            self._hub_client.close()
            self._hub_client = None

    # ------------------------------------------------------------------ windows

    def open_library(self, phrase_id: str | None = None) -> None:
        if self._library_window is None:
            from sidekick.app.library_service import LibraryService
            from sidekick.ui.library import LibraryWindow

            service = LibraryService(self._store, self._settings, publisher=self._publish, search=self._search,
                                     on_change=self.update_index)
            window = LibraryWindow(service)
            window.libraryChanged.connect(self.refresh_index)
            self._library_window = window
        window = self._library_window
        _bring_up(window)
        if phrase_id:
            window.show_phrase(phrase_id)

    def open_insights(self) -> None:
        """统计 / Insights, read afresh at each opening (the history grows while it is closed)."""
        from sidekick.app.insights_service import InsightsService
        from sidekick.app.library_service import LibraryService
        from sidekick.ui.insights import InsightsWindow

        if self._insights_window is not None:
            self._insights_window.close()
            self._insights_window.deleteLater()
        library = LibraryService(self._store, self._settings, publisher=self._publish, search=self._search)
        service = InsightsService(self._store, self._settings, library=library, on_change=self.refresh_index,
                                  hub=self._hub_client)
        self._insights_window = InsightsWindow(service)
        _bring_up(self._insights_window)

    def open_products(self, product_id: str | None = None) -> None:
        if self._products_window is None:
            from sidekick.app.products_service import ProductsService
            from sidekick.ui.products import ProductsWindow

            service = ProductsService(self._store, self._settings, search=self._search,
                                      on_change=self.refresh_index, record_use=self._record_use)
            window = ProductsWindow(service)
            window.recommend_requested.connect(lambda text, _id: self._paste_text(text))
            self._products_window = window
        window = self._products_window
        _bring_up(window)
        if product_id:
            window.show_product(product_id)

    def settle_unsaved(self) -> bool:
        """Before the app quits: True when no window holds unsaved text any more (saved or
        discarded); False when the agent chose to keep editing."""
        window = self._library_window
        return window is None or window.settle_unsaved()

    # ------------------------------------------------------------------ search index

    def update_index(self, phrase_ids: set[str]) -> None:
        """Phrases edited in the library window: update them in the app's index, in place."""
        from sidekick.db.search_load import refresh_phrases

        index = self._index() if self._index is not None else None
        if index is None or self._rebuilding or self._refresh_timer.isActive():
            # No index to update, or a rebuild that may predate this edit is under way.
            self._rebuild_again = self._rebuilding
            self.refresh_index()
            return
        refresh_phrases(index, self._store.engine, phrase_ids)

    def refresh_index(self) -> None:
        """Rebuild the search index soon (coalescing bursts of edits)."""
        self._refresh_timer.start()

    def phrases_learned(self) -> None:
        """Suggest mode added a 买家问法 to a phrase: search and an open library window catch up."""
        self.refresh_index()
        if self._library_window is not None:
            self._library_window.library_changed_elsewhere()

    def _rebuild_index(self) -> None:
        if self._rebuilding:
            self._rebuild_again = True
            return
        self._rebuilding = True

        from sidekick.db.search_load import load_index
        from sidekick.ui.background import BackgroundOperation

        operation = BackgroundOperation(lambda _progress: load_index(self._store.engine), parent=self)
        operation.succeeded.connect(self.index_ready.emit)
        # Reported, and the old index stays in use.
        def failed(message: str) -> None:
            self.hub_status.emit(self.online, self.tr("search index not refreshed: %1").replace("%1", message))
            self.index_ready.emit(None)

        operation.failed.connect(failed)
        self._index_operation = operation
        operation.start()

    def _rebuilt(self, _index: Any) -> None:
        self._rebuilding = False
        if self._rebuild_again:
            self._rebuild_again = False
            self._rebuild_index()

    # ------------------------------------------------------------------ team hub

    def _apply_hub(self, settings: Settings) -> None:
        wanted = bool(settings.hub_url.strip() and settings.hub_user.strip())
        if not wanted:
            self.shutdown()
            return
        if self._listener is not None:
            self._listener.poll_s = settings.hub_poll_s
            return
        from sidekick.hub.listener import HubListener

        self._hub_client = self._new_hub_client()
        self.unlock_hub()
        self._listener = HubListener(
            self._hub_client,
            on_change=self.hub_changed.emit,  # signals hop to the GUI thread (queued)
            on_status=self.hub_status.emit,
            on_progress=self.hub_progress.emit,
            poll_s=settings.hub_poll_s,
        )
        self._listener.start()

    def _new_hub_client(self) -> Any:
        from sidekick.hub.client import HubClient
        from sidekick.hub.passwords import PasswordKeeper

        if self._keeper is None:
            self._keeper = PasswordKeeper(self._store, ask=self._ask_on_gui_thread)
        return HubClient(self._store, password_loader=self._keeper.load, on_password_rejected=self._keeper.forget)

    def unlock_hub(self) -> bool:
        """Ask now, on the GUI thread, for the hub password (or the passphrase of its encrypted
        file) when this machine does not keep it where the hub client can read it alone; kept in
        memory for this run. False when it was not given (the hub stays offline, and asks again
        at the next "sync now")."""
        from sidekick.hub.errors import HubError
        from sidekick.hub.passwords import STORAGE_ASK, STORAGE_FILE

        client, keeper = self._hub_client, self._keeper
        # The settings in memory say where the password is: the OS keyring (the usual case) needs
        # nothing here, so a normal start reads nothing more from the database.
        if client is None or keeper is None or self._settings().hub_password_storage not in (STORAGE_FILE, STORAGE_ASK):
            return True
        try:
            target = client.target()
            if not keeper.remembered(target):
                keeper.load(target)
        except HubError as error:
            self._on_hub_status(False, message_of(error))
            self._message(translated(message_of(error)), True)
            return False
        return True

    def _ask_on_gui_thread(self, request: Any) -> str | None:
        """The keeper's way of asking: a dialog, only on the GUI thread (a worker that needs a
        secret nobody gave gets None, and the hub stays offline with a message saying so)."""
        from PySide6.QtCore import QCoreApplication, QThread

        app = QCoreApplication.instance()
        if app is None or QThread.currentThread() != app.thread():
            return None
        from sidekick.hub.passwords import ASK_NEW_PASSPHRASE, ASK_PASSWORD
        from sidekick.ui.secret_dialog import ask_secret

        ask: Callable[..., str | None] = self._ask_secret or ask_secret
        if request.kind == ASK_PASSWORD:
            return ask(self.tr("Team hub password"), with_args(
                self.tr("Password of %1 for the team hub at %2 (this computer does not keep it; it is asked "
                        "once each time Sidekick starts):"), request.user, request.where))
        warning = self.tr("That passphrase does not open the file. Try again.") if request.retry else ""
        return ask(self.tr("Team hub password file"), with_args(
            self.tr("The team hub password is kept in an encrypted file (%1). Passphrase:"), request.file),
            confirm=request.kind == ASK_NEW_PASSPHRASE, warning=warning)

    def shop_settings_locked(self) -> bool:
        """Whether the shop settings (name, link patterns, recommendation template) are the
        hub's here: on an agent's machine (or while the role is unknown) Settings shows them
        read-only; a lead's machine, or one without a hub, edits them."""
        from sidekick.db.team_access import team_write_refusal

        with self._store.session(read_only=True) as session:
            return team_write_refusal(session) is not None

    @property
    def hub_configured(self) -> bool:
        return self._hub_client is not None

    def reset_from_hub(self) -> None:
        """The tray's "reset team library" (after the user confirmed): back up, discard the
        local team data and pending edits, take the hub's copy; a ``BackgroundOperation`` with
        a progress dialog that can cancel it, like every other long operation."""
        client = self._hub_client
        if client is None:
            self._message(self.tr("No team hub is set up: the team library is edited on this computer."), False)
            return
        if self._reset_operation is not None and self._reset_operation.is_running():
            return
        if not self.unlock_hub():
            return
        from PySide6.QtWidgets import QProgressDialog

        from sidekick.hub.errors import HubError
        from sidekick.ui.background import BackgroundOperation

        progress = QProgressDialog(self.tr("Taking the team hub's copy of the team library…"), self.tr("Cancel"), 0, 0)
        progress.setWindowTitle(self.tr("Reset team library"))
        progress.setMinimumDuration(300)

        def work(report: Callable[[int, int], None]) -> tuple[str, Any]:
            def batch(table: str, done: int) -> None:
                report(done, 0)  # raises Cancelled once the user cancelled
                self.hub_progress.emit(table, done)

            return client.reset(on_batch=batch)

        operation = BackgroundOperation(work, expected=(HubError,), parent=self)
        operation.progressed.connect(lambda done, _total: progress.setLabelText(
            with_args(self.tr("Taking the team hub's copy of the team library… %1 rows"), str(done))))
        operation.succeeded.connect(lambda result: self.reset_finished.emit(True, with_args(
            self.tr("The team library is the hub's copy again (%1 phrases). Backup: %2"),
            str(len(result[1].new_phrases)), result[0])))
        operation.failed.connect(lambda message: self.reset_finished.emit(False, message))
        operation.cancelled.connect(self._reset_cancelled)
        operation.finished.connect(progress.close)
        progress.canceled.connect(operation.cancel)
        self._reset_operation, self._reset_progress = operation, progress
        operation.start()

    def _reset_cancelled(self) -> None:
        self.sync_now()  # the team data was discarded: the next pull brings the hub's copy
        self.reset_finished.emit(False, self.tr(
            "Reset cancelled. The hub's copy of the team library is received at the next sync."))

    def _on_reset_finished(self, ok: bool, text: str) -> None:
        self.refresh_index()
        if self._library_window is not None:
            self._library_window.library_changed_elsewhere()
        if self._reload_settings is not None:
            self._reload_settings()
        self._message(text, not ok)

    def _on_hub_progress(self, table: str, done: int) -> None:
        what = self.tr("phrases") if table == "phrase" else self.tr("products")
        self.status_changed.emit(self.tr("Receiving the team library: %1 %2").replace("%1", str(done)).replace("%2", what))

    def hub_role(self) -> str:
        """This login's role on the hub as last seen ("" when not connected or unknown)."""
        from sidekick.db.team_access import hub_role

        if self._hub_client is None:
            return ""
        with self._store.session(read_only=True) as session:  # one key: no hub status, no pending count
            return hub_role(session)

    def sync_now(self) -> None:
        if self._listener is not None and self.unlock_hub():
            self._listener.sync_now()

    def hub_summary(self) -> str:
        """Status lines for the tray's 同步状态 item (what ``sidekick hub status`` prints)."""
        if self._hub_client is None:
            return self.tr("No team hub is set up: the team library is edited on this computer.")
        status = self._hub_client.status(check_online=False)
        lines = [
            with_args(self.tr("Hub: %1"), status.hub),
            with_args(self.tr("User: %1 (%2)"), status.user, status.role or "?"),
            with_args(self.tr("Revision: %1, last sync %2"), str(status.last_revision), status.last_sync or self.tr("never")),
            with_args(self.tr("Pending changes: %1"), str(status.pending)),
            self.tr("Online") if self.online else with_args(self.tr("Offline: %1"), translated(self.status_message)),
        ]
        return "\n".join(lines)

    def _publish(self) -> str:
        """The library window's Publish action (runs on a worker thread)."""
        if self._hub_client is None:
            self._hub_client = self._new_hub_client()
        report = self._hub_client.publish()
        if not report.written:
            described = "\n\n".join(conflict.describe() for conflict in report.conflicts)
            return with_args(self.tr("Nothing was published: these rows changed on the hub since you last synced.\n%1\n"
                           "Both versions are kept in %2."), described, report.saved_conflicts)
        self.refresh_index()
        return with_args(self.tr("Published %1 phrases (revision %2)."), str(len(report.phrases)), str(report.revision))

    def _on_hub_changed(self, report: Any) -> None:
        self._last_report = report
        if report.shop_settings and self._reload_settings is not None:
            self._reload_settings()  # the shop's name, link patterns, template: the hub's
        self.refresh_index()
        if self._library_window is not None:
            self._library_window.library_changed_elsewhere()
        if not report.changed:
            return
        titles = [item.title for item in (*report.new_phrases, *report.changed_phrases)][:MAX_TITLES_IN_NOTICE]
        text = with_args(self.tr("Team library updated: %1 new, %2 changed, %3 removed."), str(len(report.new_phrases)),
                         str(len(report.changed_phrases)), str(len(report.removed_phrases)))
        if titles:
            text += "\n" + "、".join(titles)
        self._message(text, False)
        self.notice_pending = True  # set after showing: showing a message clears it

    def open_last_changes(self) -> None:
        """The notice was clicked: show the first new or changed phrase in the library."""
        report = self._last_report
        first = next(iter((*report.new_phrases, *report.changed_phrases)), None) if report else None
        self.open_library(first.id if first else None)

    def _on_hub_status(self, online: bool, message: str) -> None:
        self.online, self.status_message = online, message
        self.status_changed.emit(self.status_line())

    def status_line(self) -> str:
        """One line for the tray tooltip: online or offline, with pending changes."""
        if self._hub_client is None:
            return ""
        if self.online:
            return self.tr("Team hub: online")
        return with_args(self.tr("Team hub: offline (%1)"),
                         translated(self.status_message) if self.status_message else self.tr("not reachable"))

    # ------------------------------------------------------------------ link detection

    def _apply_link_detection(self, settings: Settings) -> None:
        if self._link_watcher is None:
            if not settings.link_detection:
                return
            from sidekick.app.link_watcher import LinkWatcher
            from sidekick.app.products_service import ProductsService

            products = ProductsService(self._store, self._settings)
            self._link_watcher = LinkWatcher(QGuiApplication.clipboard(), products, settings, parent=self)
            self._link_watcher.open_requested.connect(self.open_products)
            self._link_watcher.recommend_requested.connect(self.recommend_product)
            if self._product_detected is not None:
                self._link_watcher.product_detected.connect(self._product_detected)
        self._link_watcher.apply_settings(settings)

    def recommend_product(self, product_id: str) -> None:
        """The link card's Recommend: the product's recommendation through the reply pipeline."""
        if self._replies is None:
            return
        from sidekick.core.reply import render_reply

        product = self._replies.index.product(product_id)
        if product is None or product.deleted:
            return
        reply = render_reply(self._replies.recommendation(product), self._replies.context(None))
        self._paste_text(reply.text)
        if self._record_use is not None:
            when = datetime.now(UTC).replace(tzinfo=None)
            self._record_use(product_id, "product", when, UseDetails(found_via=FOUND_LINK_CARD, action=ACTION_PASTE))

    def pause_link_detection(self) -> None:
        """Around a paste: our own clipboard writes are not the agent copying a link."""
        if self._link_watcher is not None:
            self._link_watcher.pause()

    def resume_link_detection(self) -> None:
        if self._link_watcher is not None:
            self._link_watcher.resume()


def _bring_up(window: QWidget) -> None:
    window.show()
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.raise_()
    window.activateWindow()
