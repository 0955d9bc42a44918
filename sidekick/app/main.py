"""The tray app: the composition root that wires storage, search, popup, platform and tray.

The popup flow (hotkey → picker → paster) is built here; the windows and services around it
(library, products, team hub, link cards, index rebuilds) live in ``sidekick.app.workspace``.

``run_app`` is what a bare ``sidekick`` (or ``python -m sidekick``) runs. One instance per
user and data directory: a second launch asks the running one to open its popup and exits.
The first start loads the demo shop into an empty library, so a newcomer can press the
hotkey, type ``kd`` and get the shipping reply at once.

Environment (for tests and benchmarks): ``SIDEKICK_READY_FILE`` — a JSON file written once
the app is ready for the hotkey (pid, backend, hotkey status), and again with
``suggest_ready`` once the suggestion engine is first built; ``SIDEKICK_TIMING_LOG`` — see
``sidekick.app.timing``.
"""

from __future__ import annotations

import contextlib
import json
import linecache
import logging
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from sidekick.config import app_log, paths
from sidekick.config.settings import Settings
from sidekick.core.insights import UseDetails
from sidekick.core.ports import HotkeyError
from sidekick.ui.i18n import with_args

if TYPE_CHECKING:
    from sidekick.core.search import SearchIndex

log = logging.getLogger(__name__)
READY_ENV = "SIDEKICK_READY_FILE"


def _release_startup_memory() -> None:
    """Hand back to the OS what start-up (migrations, index build) allocated and freed.

    A tray app idles for hours; glibc keeps freed heap pages unless asked. Linux only.
    """
    import gc

    gc.collect()
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)


def _stop_source_caching() -> None:
    """Keep PySide6's import hook from filling ``linecache`` with every module's source.

    PySide6 6.12 checks each module imported after it for ``from __feature__ import …`` by
    asking ``inspect.getsource(module)`` whether its text mentions PySide6, and ``linecache``
    keeps every line it read for good: numpy, pynput, Xlib, the search engine and the UI —
    measured here 8.7 MB of the idle app (19 MB on a first start, which also imports
    pypinyin and Alembic after Qt); clearing the cache later gives nothing back (the freed
    lines sit between live objects). This asks the same question of the module's file
    without caching it. Sidekick uses no ``__feature__`` switches, so the answer only
    matters to code that does, and it stays the same for modules with a ``.py`` file.
    Does nothing on a PySide6 without that hook. What the hook already read while PySide6 was
    imported (the standard library modules loaded before it) is dropped here, early enough for
    the app's own modules to reuse that memory: 3 MB less at idle.
    """
    feature = sys.modules.get("PySide6.support.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return
    import tokenize

    def mod_uses_pyside(module: object) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return False  # as inspect.getsource fails for extension and built-in modules
        try:
            with tokenize.open(path) as source:
                return "PySide6" in source.read()
        except (OSError, SyntaxError, UnicodeDecodeError):
            return False

    feature._mod_uses_pyside = mod_uses_pyside  # type: ignore[attr-defined]  # private PySide6 hook, checked above
    linecache.clearcache()  # tracebacks read the lines they show again when they need them


def run_app(argv: Sequence[str]) -> int:
    unknown = [arg for arg in argv if arg != "--minimized"]  # autostart entries may pass it; it is the default
    if unknown:
        print(f"sidekick: unrecognised arguments: {' '.join(unknown)}", file=sys.stderr)
        return 2
    from sidekick.app import pyside_fix

    pyside_fix.apply()  # before anything emits a signal
    app_log.setup("tray app")  # first: a damaged database is reported there too; the level follows the settings
    _stop_source_caching()  # before the app's modules are imported
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Sidekick")
    app.setQuitOnLastWindowClosed(False)  # a tray app lives on with no window open

    from sidekick.app import single_instance

    if single_instance.notify_running():
        print("Sidekick is already running: its popup was opened.")
        return 0
    from sidekick.app.recovery import ensure_usable_database
    from sidekick.ui.i18n import DEFAULT_LANGUAGE, install_language

    install_language(DEFAULT_LANGUAGE)  # the settings are in the database, which may be unreadable
    if not ensure_usable_database():
        return 2  # the agent chose to quit: the damaged file is left exactly as it was
    server = single_instance.InstanceServer(app)
    sidekick = SidekickApp(app)
    server.activated.connect(sidekick.controller.show_popup)
    QTimer.singleShot(0, sidekick.announce_ready)
    try:
        return app.exec()
    finally:
        server.close()
        sidekick.shutdown()


class SidekickApp:
    """Everything the running app holds, built once at start."""

    def __init__(self, app: QApplication) -> None:
        from sidekick.app.controller import Controller, HotkeyBridge
        from sidekick.app.outside_changes import OutsideChangeWatcher
        from sidekick.app.paster import Paster
        from sidekick.app.picker_backend import IndexPickerBackend
        from sidekick.app.replies import Replies
        from sidekick.app.timing import FirstPaintMarker, TimingLog
        from sidekick.app.usage_writer import UsageWriter
        from sidekick.platform import create_platform
        from sidekick.ui.fill_in import ask_fill_ins
        from sidekick.ui.i18n import install_language
        from sidekick.ui.icons import app_icon
        from sidekick.ui.picker import Picker

        self.app = app
        app.setWindowIcon(app_icon())
        self.timing = TimingLog.from_env()
        from sidekick.app.first_start import open_for_tray_app

        # A database to create, upgrade or fill: done by a helper process, so this one never
        # loads Alembic, the ORM and pypinyin's tables for it (``first_start``).
        self.store = open_for_tray_app(paths.database_path())
        # Plain sqlite3 reads: a normal start needs no SQLAlchemy session for these.
        self.settings, self.setting_problems = self.store.read_settings()
        app_log.set_level(self.settings.log_level)
        self.first_start = self._first_start()
        install_language(self.settings.language)
        self.index = self._load_index()
        self.usage_writer = UsageWriter(self.store.path)
        self.usage_writer.statistics = self.settings.usage_statistics
        self.usage_writer.keep_missed_queries = self.settings.keep_missed_queries
        self.platform = create_platform()

        # One reply pipeline for the preview, the paste and every Recommend.
        self.replies = Replies(self.index, self.settings)
        self.backend = IndexPickerBackend(self.replies, target=lambda: self.controller.target)
        self.picker = Picker(self.backend)  # created once: the hotkey only shows it
        self.picker.limit = self.settings.popup_limit
        if self.timing.enabled:
            self._paint_marker = FirstPaintMarker(self.timing, self.picker)
            self.picker.installEventFilter(self._paint_marker)
        self.paster = Paster(self.platform.clipboard, self.platform.focus, self.platform.keys, self.settings)
        # The hidden popup prepares its next first frame only once a paste is over: a paste
        # that types its text key by key must not be held up by a search and a repaint.
        self.picker.prepare_blocked = lambda: self.paster.busy
        from sidekick.ui.picker.suggest import ModePicker

        # The controller opens the popup through ModePicker: suggest mode when it was armed.
        self.modes = ModePicker(self.picker, self.backend)
        self.controller = Controller(
            picker=self.modes, paster=self.paster, focus=self.platform.focus,
            clipboard=self.platform.clipboard, index=self.index, record_usage=self._record_usage,
            ask_fill_ins=lambda names, products: ask_fill_ins(names, None, products=products),
            settings=self.settings, backend=self.platform.name, replies=self.replies,
        )
        self.controller.mark.connect(self.timing.mark)
        self.picker.searched.connect(lambda length: self.timing.mark(f"searched_{length}"))
        self.controller.search_missed = self._search_missed
        self.bridge = HotkeyBridge()
        self.bridge.pressed.connect(self.controller.on_hotkey)  # queued: fired on the listener thread

        self.workspace = self._build_workspace()
        # Imports, restores and hub syncs run by other processes reach the popup within seconds.
        self.outside_changes = OutsideChangeWatcher(self.store.path, parent=app)
        self.outside_changes.replaced.connect(self._database_replaced)
        self.outside_changes.changed.connect(self.workspace.refresh_index)
        self.outside_changes.changed.connect(lambda: self.timing.mark("outside_change"))
        # After the workspace's own slot has put a rebuilt index in place.
        self.workspace.index_ready.connect(
            lambda index: self.timing.mark("index_replaced" if index is not None else "index_kept"))
        self._build_tray()
        self.controller.notify.connect(self.message)
        self.controller.edit_requested.connect(self.workspace.open_library)
        self.hotkey_error = self._register_hotkey()
        self._build_suggest_mode()
        self.suggest_hotkey_error = self._register_suggest_hotkey()
        self._apply_autostart(self.settings.autostart)
        self.workspace.start()
        self.menu.reset.setVisible(self.workspace.hub_configured)
        for note in self.platform.notes + self.setting_problems:
            self.message(note)
        if self.first_start == "hub":
            self.message(self.app.translate("App", "Receiving the team library from the team hub…"))

    # ------------------------------------------------------------------ start-up pieces

    def _first_start(self) -> str:
        """An empty library: the demo shop, unless a team hub is configured (then the hub's
        copy arrives with the first sync, with progress in the tray; see ``first_start``)."""
        if not self.store.is_empty():
            return ""  # a normal start: the loader (and the ORM it brings) is never imported
        from sidekick.db.demo_loader import first_start

        done = first_start(self.store)
        if done == "demo":
            self.settings, _ = self.store.read_settings()
        return done

    def _load_index(self):
        from sidekick.db.search_load import load_index, save_recomputed_forms

        # Read with the sqlite3 module (no SQLAlchemy at start; the phrase query on a second
        # core); a write transaction only when the loader had to compute forms (first start).
        index = load_index(self.store.path)  # sqlite3 only; usage (frecency) included
        if index.recomputed_forms:
            with self.store.session() as session:
                save_recomputed_forms(session, index)  # the next start decodes instead of computing
        return index

    def _build_workspace(self):
        from sidekick.app.workspace import Workspace

        # A recommendation from the products window or a link card goes to the chat window last
        # captured, pasted the way that window's rule says (the popup's paste path).
        workspace = Workspace(store=self.store, settings=lambda: self.settings, message=self.message,
                              paste_text=lambda text: self.controller.paste_text(text),
                              replace_index=self.replace_index,
                              search=lambda query, limit: self.index.search(query, limit=limit),
                              replies=self.replies, product_detected=self.controller.product_detected,
                              reload_settings=self._reload_settings, index=lambda: self.index,
                              record_use=self._record_usage)
        # Our own clipboard writes during a paste must not pop up a product card.
        self.paster.step.connect(lambda name: workspace.pause_link_detection() if name == "start" else None)
        self.paster.finished.connect(lambda _outcome: workspace.resume_link_detection())
        return workspace

    def replace_index(self, index: SearchIndex) -> None:
        """Swap in a rebuilt search index (built off the GUI thread after an edit or a pull)."""
        self.index = index
        self.replies.index = index

    def _build_tray(self) -> None:
        from PySide6.QtWidgets import QSystemTrayIcon

        from sidekick.ui.tray import Tray, TraylessWindow, TrayMenu

        self.menu = TrayMenu(self.app)
        self.menu.search_requested.connect(self.controller.show_popup)
        self.menu.settings_requested.connect(self.open_settings)
        self.menu.library_requested.connect(lambda: self.workspace.open_library())
        self.menu.products_requested.connect(lambda: self.workspace.open_products())
        self.menu.insights_requested.connect(lambda: self.workspace.open_insights())
        self.menu.sync_requested.connect(self._sync)
        self.menu.reset_requested.connect(self._reset_from_hub)
        self.menu.quit_requested.connect(self.quit)
        self.tray: Tray | None = None
        self.window: TraylessWindow | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = Tray(self.menu, self.app)
            self.tray.icon.messageClicked.connect(self._message_clicked)
            self.workspace.status_changed.connect(self.tray.set_status)
            self.tray.show()
        else:
            self.window = TraylessWindow(self.menu)
            self.window.show()

    def _build_suggest_mode(self) -> None:
        """Suggest mode's pieces; its engine is only built the first time the hotkey is used."""
        from sidekick.app.buyer_text import BuyerTextReader
        from sidekick.app.controller import HotkeyBridge
        from sidekick.app.question_learning import QuestionLearner
        from sidekick.app.suggest_mode import SuggestController
        from sidekick.app.suggest_service import SuggestService, database_engine_builder
        from sidekick.platform.dummy import DummyHotkeys, DummySelection

        self.suggest_service = SuggestService(
            database_engine_builder(self.store.path, lambda: self.settings.recommend_template))
        self.workspace.index_ready.connect(lambda _index: self.suggest_service.refresh())
        self.buyer_text = BuyerTextReader(self.platform.selection or DummySelection(), self.platform.clipboard,
                                          self.platform.keys, self.settings)
        self.learner = QuestionLearner(self.store, lambda: self.settings, on_change=self.workspace.phrases_learned)

        def learn(phrase_id: str, message: str) -> None:
            # After the paste has started; a masked question is all that is written.
            QTimer.singleShot(0, lambda: self.learner.learn(phrase_id, message))

        self.suggest = SuggestController(controller=self.controller, modes=self.modes, reader=self.buyer_text,
                                         service=self.suggest_service, learn=learn)
        self.suggest.mark.connect(self.timing.mark)
        self.suggest_hotkeys = self.platform.suggest_hotkeys or DummyHotkeys()
        self.suggest_bridge = HotkeyBridge()
        self.suggest_bridge.pressed.connect(self.suggest.on_hotkey)  # queued, like the main hotkey

    def _register_suggest_hotkey(self) -> str | None:
        from sidekick.platform.hotkeys_pynput import pretty_combo

        if not self.settings.suggest_hotkey.strip():
            if self.tray is not None:
                self.tray.set_suggest_hotkey("")
            return None  # suggest mode's hotkey switched off in Settings
        try:
            self.suggest_hotkeys.register(self.settings.suggest_hotkey, self.suggest_bridge.fire)
        except HotkeyError as error:
            # Said in the tray's tooltip, not in a balloon: the popup's own hotkey still works,
            # and an agent who never uses suggest mode need not be interrupted at every start.
            print(f"sidekick: suggest mode: {error}", file=sys.stderr)
            if self.tray is not None:
                self.tray.set_suggest_hotkey(
                    "", self.app.translate("App", "Suggest mode's hotkey does not work: %1").replace("%1", str(error)))
            return str(error)
        if self.tray is not None:
            with contextlib.suppress(HotkeyError):
                self.tray.set_suggest_hotkey(pretty_combo(self.settings.suggest_hotkey))
        return None

    def _register_hotkey(self) -> str | None:
        from sidekick.platform.hotkeys_pynput import pretty_combo

        try:
            self.platform.hotkeys.register(self.settings.hotkey, self.bridge.fire)
        except HotkeyError as error:
            text = with_args(self.app.translate("App", "Sidekick's hotkey does not work: %1"), str(error))
            print(f"sidekick: {error}", file=sys.stderr)
            QTimer.singleShot(0, lambda: self.message(text, critical=True))
            return str(error)
        try:
            shown = pretty_combo(self.settings.hotkey)
        except HotkeyError:
            shown = self.settings.hotkey
        if self.tray is not None:
            self.tray.set_hotkey(shown)
        return None

    def _apply_autostart(self, enabled: bool) -> None:
        from sidekick.app import autostart
        from sidekick.app.desktop_entry import install_menu_entry

        install_menu_entry()  # a bundle on Linux: the menu entry points at this copy (no-op otherwise)

        if enabled != autostart.is_enabled():
            problem = autostart.apply_autostart(enabled)
            if problem:
                self.message(problem, critical=True)

    def announce_ready(self) -> None:
        """Write SIDEKICK_READY_FILE (tests wait for it) once the event loop runs."""
        self.picker.prepare()  # the first popup, too, only has to show the window
        _release_startup_memory()
        self.timing.mark("ready")
        target = os.environ.get(READY_ENV)
        if not target:
            return
        self._write_ready(Path(target))
        # Tests wait for the suggestion engine's first build the same way (it is built on first use).
        self.suggest_service.ready.connect(lambda: self._write_ready(Path(target), suggest_ready=True))

    def _write_ready(self, path: Path, suggest_ready: bool = False) -> None:
        info = {"pid": os.getpid(), "backend": self.platform.name, "hotkey_error": self.hotkey_error,
                "suggest_hotkey_error": self.suggest_hotkey_error, "suggest_ready": suggest_ready,
                "tray": self.tray is not None, "picker_window": int(self.picker.winId()),
                "bundled": bool(getattr(sys, "frozen", False))}
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(info), encoding="utf-8")
        temporary.replace(path)  # readers never see a half-written file

    # ------------------------------------------------------------------ running

    def message(self, text: str, critical: bool = False) -> None:
        workspace = getattr(self, "workspace", None)
        if workspace is not None:
            workspace.notice_pending = False  # a click on this balloon is not about hub changes
        if self.tray is not None:
            self.tray.message(text, critical)
        elif self.window is not None:
            self.window.message(text, critical)

    def _message_clicked(self) -> None:
        # The "team library updated" notice opens the library on what changed.
        if getattr(self, "workspace", None) is not None and self.workspace.notice_pending:
            self.workspace.open_last_changes()

    def _record_usage(self, target_id: str, kind: str, when: datetime, details: UseDetails | None = None) -> None:
        # Queued in memory and written by a background thread: a paste never waits on the disk,
        # however long another process holds the database (``usage_writer``).
        self.usage_writer.record(target_id, kind, when, details)

    def _search_missed(self, query: str) -> None:
        # A count for the day; the text only with the agent's opt-in (the writer decides).
        self.usage_writer.record_search_miss(date.today(), query)

    def _database_replaced(self) -> None:
        """A restore put a new file in place: pooled connections still point at the old one."""
        if self.store.engine_made:
            self.store.engine.dispose()

    def _reset_from_hub(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            None, self.app.translate("App", "Reset team library"),
            self.app.translate("App", "Discard the team library, products and unpublished team edits on this "
                                      "computer and download the hub's copy? A backup is made first."),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.workspace.reset_from_hub()

    def _reload_settings(self) -> None:
        """Settings changed under the app (shop settings received from the hub): apply them."""
        settings, _ = self.store.read_settings()
        if settings != self.settings:
            self.apply_settings(settings)

    def _sync(self) -> None:
        self.workspace.sync_now()
        self.message(self.workspace.hub_summary())

    def open_settings(self) -> None:
        from sidekick.db.insights_load import load_catalog
        from sidekick.hub.usage import last_sent
        from sidekick.ui.settings_dialog import SettingsDialog

        def sent_usage() -> tuple[list[tuple[str, str, int, int]], dict[str, str]]:
            return last_sent(self.store), {key: entry.title for key, entry in load_catalog(self.store.path).items()}

        dialog = SettingsDialog(
            self.settings,
            shop_locked=self.workspace.shop_settings_locked(),
            hub_role=self.workspace.hub_role(),
            sent_usage=sent_usage,
        )
        dialog.applied.connect(self.apply_settings)
        dialog.clear_statistics_requested.connect(self.clear_statistics)
        dialog.exec()

    def clear_statistics(self) -> None:
        """Delete the local usage history (Settings → Clear usage statistics)."""
        from sidekick.db.usage_log import clear_statistics

        self.usage_writer.flush(timeout=2.0)  # queued uses first, so none lands after the clearing
        clear_statistics(self.store.path)
        self.message(self.app.translate("App", "Usage statistics cleared."), False)

    def apply_settings(self, settings: Settings) -> None:
        """Store and apply new settings without a restart."""
        from sidekick.db.settings_store import save_settings
        from sidekick.ui.i18n import install_language

        old = self.settings
        with self.store.session() as session:
            save_settings(session=session, settings=settings)
        self.settings = settings
        self.picker.limit = settings.popup_limit
        app_log.set_level(settings.log_level)
        self.controller.update_settings(settings)
        self.usage_writer.statistics = settings.usage_statistics
        self.usage_writer.keep_missed_queries = settings.keep_missed_queries
        self.buyer_text.settings = settings
        if settings.language != old.language:
            install_language(settings.language)
            self.menu.retranslate()
            if self.tray is not None:
                self.tray.retranslate()
        if settings.hotkey != old.hotkey or self.hotkey_error:
            self.platform.hotkeys.unregister()
            self.hotkey_error = self._register_hotkey()
        if settings.suggest_hotkey != old.suggest_hotkey or self.suggest_hotkey_error:
            self.suggest_hotkeys.unregister()
            self.suggest_hotkey_error = self._register_suggest_hotkey()
        if settings.autostart != old.autostart:
            self._apply_autostart(settings.autostart)
        if settings.recommend_template != old.recommend_template:
            self.suggest_service.refresh()  # product answers are built from the template
        self.workspace.apply_settings(settings)
        self.menu.reset.setVisible(self.workspace.hub_configured)

    def quit(self) -> None:
        """The tray's Quit: unsaved text in a window is saved, discarded or kept (cancel) first."""
        if self.workspace.settle_unsaved():
            self.app.quit()

    def shutdown(self) -> None:
        try:
            self.workspace.shutdown()
            self.platform.hotkeys.unregister()
            self.suggest_hotkeys.unregister()
        finally:
            self.outside_changes.stop()
            self.usage_writer.stop(timeout=2.0)
            self.timing.close()
            self.store.close()
