"""The hotkey popup: search box, result list, preview pane and status line.

Created once at start-up; :meth:`Picker.popup` only resets state and shows, so the popup is on
screen in the frame after the hotkey. The first frame shows the cached "most used" list, which
is prepared while the popup is hidden (:meth:`Picker.prepare`, run by the app at start and by
the picker itself shortly after each hide); the fresh empty-query search runs only after that
frame is painted, and changes nothing on screen when its result is the same.

All keys arrive in the search box (see ``search_box``) and are dispatched by
:meth:`Picker._handle_key`. The picker never pastes: it hides itself and emits
``chosen``/``cancelled``/``edit_requested``, and the controller does the rest.

Tab on a product opens its card view: the list makes room and the whole card (knowledge,
notes, 搭配 and 替代) fills the popup; PgUp/PgDn and Ctrl+↑/↓ scroll it, Tab goes back, typing
searches again. The product stays "the current product" for phrases such as ``{商品.标题}``
until the popup closes (the backend's ``card_shown``); the preview shows it too.

The popup is application-modal while shown, so it works over any dialog Sidekick has open
(Settings, a file dialog): Qt never blocks the newest modal window, and the dialog gets its
keys back when the popup hides.

Window flags: ``Tool`` keeps it out of the taskbar and the Alt+Tab list (X11 window type
UTILITY, which openbox and panels skip) while still accepting keyboard focus, unlike
``Popup`` (grabs the pointer, closes on any outside click) or ``X11BypassWindowManagerHint``
(the window manager never gives it focus). ``FramelessWindowHint`` drops the title bar and
``WindowStaysOnTopHint`` keeps it above the chat client.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from sidekick.core.reply import ReplyNote, ReplyProblem
from sidekick.core.types import HitKind, PasteAction, SearchHit
from sidekick.ui.i18n import with_args
from sidekick.ui.picker.backend import PickerBackend
from sidekick.ui.picker.card import product_card_html
from sidekick.ui.picker.delegate import HitDelegate
from sidekick.ui.picker.model import HitListModel
from sidekick.ui.picker.preview import PreviewPane
from sidekick.ui.picker.search_box import SearchBox
from sidekick.ui.picker.theme import BODY_PX, SEARCH_PX, SMALL_PX, STYLE_SHEET, ui_font

log = logging.getLogger(__name__)

WIDTH = 640
VISIBLE_ROWS = 8
PREVIEW_HEIGHT = 136
DEFAULT_LIMIT = 30
DEACTIVATE_GRACE_MS = 150
# After a hide, the next popup's contents are prepared once the paste has had the event loop
# to itself (Enter → clipboard restored is < 100 ms; a hotkey sooner than this prepares in
# popup() itself, as before).
PREPARE_DELAY_MS = 200
# The refresh after a popup waits for the first paint; this is the bound when none comes
# (a platform that paints late or never, e.g. a minimised session).
REFRESH_FALLBACK_MS = 100

_DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


class Picker(QWidget):
    """The popup. Signals fire after the picker has hidden itself."""

    chosen = Signal(object, object)  # (SearchHit, PasteAction)
    cancelled = Signal()  # Esc
    edit_requested = Signal(object)  # SearchHit: open the library window on it (Ctrl+E)
    # A search's results are in the list: the query's length, never its text (timing marks, tests).
    searched = Signal(int)

    def __init__(self, backend: PickerBackend, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint,
        )
        self._backend = backend
        self._home_backend = backend  # the library search; suggest mode lends another (set_backend)
        self.empty_query_label: str | None = None  # status line for an empty query (None: "Most used")
        self.limit = DEFAULT_LIMIT  # the app sets Settings.popup_limit
        self._card_mode = False  # Tab: show product cards instead of the reply text
        self.last_choice: tuple[int | None, bool, bool] | None = None  # (rank, Alt+number, typed) of the last choice
        self._most_used: list[SearchHit] = []  # last empty-query result, for popup's first frame
        self._shown_query: str | None = None  # the query the list shows results of
        self._prepared = False  # the hidden popup already shows the cached list (see prepare)
        self._refresh_on_paint = False  # popup() shown, its refresh waits for the first paint
        self._was_active = False
        self.setObjectName("Picker")
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)  # a tray app keeps running
        # Modal while shown: a modal dialog of ours (Settings, a file dialog) would otherwise
        # block the popup; Qt never blocks the most recent modal window.
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowTitle("Sidekick")
        self.setFont(ui_font(BODY_PX))
        self.setStyleSheet(STYLE_SHEET)

        frame = QFrame(self)
        frame.setObjectName("PickerFrame")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(1, 1, 1, 2)
        layout.setSpacing(0)

        self.search = SearchBox(frame)
        self.search.setFont(ui_font(SEARCH_PX))
        self.search.key_handler = self._handle_key
        self.search.query_changed.connect(self._schedule_search)

        self.model = HitListModel(self)
        self.delegate = HitDelegate(self)
        self.list = QListView(frame)
        self.list.setObjectName("PickerList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(self.delegate)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay in the search box
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMouseTracking(True)
        self.list.doubleClicked.connect(self._on_double_clicked)
        self.list.selectionModel().currentChanged.connect(self._on_current_changed)
        option = QStyleOptionViewItem()
        option.font = self.list.font()
        row_height = self.delegate.sizeHint(option, QModelIndex()).height()
        self.list.setFixedHeight(row_height * VISIBLE_ROWS + 2)

        self.preview = PreviewPane(frame)
        self.preview.setFixedHeight(PREVIEW_HEIGHT)
        self._list_height = self.list.height()
        self.notice = ""  # what the agent should know about the previewed reply (status line)

        status = QWidget(frame)
        status.setObjectName("PickerStatus")
        status.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        status_layout = QHBoxLayout(status)
        status_layout.setContentsMargins(10, 3, 10, 3)
        self.hints = QLabel(status)
        self.count = QLabel(status)
        for label in (self.hints, self.count):
            label.setFont(ui_font(SMALL_PX))
            label.setStyleSheet("color: #6b7280;")
        status_layout.addWidget(self.hints, 1)
        status_layout.addWidget(self.count)

        self._frame_layout = layout
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(self.preview)
        layout.addWidget(status)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(0)
        self._search_timer.timeout.connect(self._run_search)
        self._prepare_timer = QTimer(self)
        self._prepare_timer.setSingleShot(True)
        self._prepare_timer.setInterval(PREPARE_DELAY_MS)
        self._prepare_timer.timeout.connect(self._prepare_when_idle)
        # Set by the app: True while something must not be held up by ``prepare`` (a paste
        # typing its text key by key runs on this thread's timers).
        self.prepare_blocked: Callable[[], bool] = lambda: False
        self._refresh_fallback = QTimer(self)
        self._refresh_fallback.setSingleShot(True)
        self._refresh_fallback.setInterval(REFRESH_FALLBACK_MS)
        self._refresh_fallback.timeout.connect(self._refresh_after_paint)

        self.retranslate()
        # Lay out once now so popup() never has to.
        self.setFixedWidth(WIDTH)
        self.adjustSize()
        self.setFixedHeight(self.sizeHint().height())

    # ----------------------------------------------------------------- public API

    def popup(self) -> None:
        """Clear the query, move to the screen under the mouse, show, raise and focus."""
        self._prepare_timer.stop()
        if not self._prepared:
            self._reset_to_most_used()  # cached: correct in the first frame
        self._prepared = False
        # Refresh once the first frame is out (see event()); the fallback bounds the wait.
        self._refresh_on_paint = True
        self._refresh_fallback.start()
        self._move_to_mouse_screen()
        self.show()
        self.raise_()
        self.activateWindow()
        self.search.setFocus(Qt.FocusReason.PopupFocusReason)

    def dismiss(self) -> None:
        """Hide without emitting anything."""
        self._was_active = False
        self.hide()

    def prepare(self) -> None:
        """While hidden: run the empty-query search and show its hits, so the next popup()
        only has to show the window. Does nothing while the popup is visible."""
        if self.isVisible():
            return
        self._run_search_for("")
        self._reset_to_most_used()
        # Paint the list once off screen: the delegate keeps the visible rows' layouts, so
        # the first frame of the next popup only draws them.
        self.list.viewport().grab()
        self._prepared = True

    def _prepare_when_idle(self) -> None:
        if self.prepare_blocked():
            self._prepare_timer.start()  # try again later
        else:
            self.prepare()

    def _reset_to_most_used(self) -> None:
        self.search.reset()
        self._set_card_view(False)
        self._show_hits(self._most_used, "")

    def set_backend(self, backend: PickerBackend | None) -> None:
        """Search ``backend`` instead of the library's (None: back to the library's own).

        Hidden, the next popup's first frame is prepared from it at once; shown, the list is
        searched again (suggestions that arrive while the popup is open)."""
        self._backend = backend or self._home_backend
        if self.isVisible():
            self._schedule_search()
        else:
            self.prepare()

    def set_header(self, header: QWidget | None) -> None:
        """Show ``header`` above the search box (suggest mode's buyer message); None removes it."""
        first = self._frame_layout.itemAt(0)  # the search box, or a header above it
        old = first.widget() if first is not None else None
        if old is header:
            return
        if old is not None and old is not self.search:
            self._frame_layout.removeWidget(old)
            old.hide()
        if header is not None:
            self._frame_layout.insertWidget(0, header)
            header.show()
        self._frame_layout.activate()
        self.setFixedHeight(self.sizeHint().height())

    def current_hit(self) -> SearchHit | None:
        return self.model.hit(self.list.currentIndex().row())

    def hits(self) -> list[SearchHit]:
        return self.model.hits()

    def unanswered_query(self) -> str | None:
        """The typed query when it found nothing (read as the popup closes), else None."""
        query = self.search.query().strip()
        return query if query and query == self._shown_query and not self.model.hits() else None

    # ----------------------------------------------------------------- search

    def _schedule_search(self, *_args: object) -> None:
        if self._card_mode and self.search.query().strip() != (self._shown_query or ""):
            self._set_card_view(False)  # typing searches again; the card's product stays current
        # A burst of keystrokes queued behind a slow search ends up as one search: the 0-ms
        # timer fires only after every pending input event has been handled.
        if not self._search_timer.isActive():
            self._search_timer.start()

    def _run_search(self) -> None:
        query = self.search.query().strip()
        hits = self._run_search_for(query)
        if query == self._shown_query and hits[: self.limit] == self.model.hits():
            # The same results (the refresh after a popup, most of the time): no model reset,
            # so no repaint and the selection stays; the preview may hold a date, renew it.
            hit = self.current_hit()
            if hit is not None:
                self._update_preview(hit)
            self._update_status()
        else:
            self._show_hits(hits, query)
        self.searched.emit(len(query))

    def _run_search_for(self, query: str) -> list[SearchHit]:
        try:
            hits = self._backend.search(query, self.limit)
        except Exception:  # a broken index must not take the popup down with it
            log.exception("search failed (a %d-character query; typed text is never logged)", len(query))
            hits = []
        if not query:
            self._most_used = hits
        return hits

    def _show_hits(self, hits: list[SearchHit], query: str | None = None) -> None:
        self._shown_query = query
        self.model.set_hits(hits[: self.limit])
        if hits:
            self.list.setCurrentIndex(self.model.index(0))
            self.list.scrollToTop()
        else:
            self.preview.show_nothing()
        self._update_status()

    # ----------------------------------------------------------------- keys and mouse

    def _handle_key(self, event: QKeyEvent) -> bool:
        """Picker keys; False lets the search box edit text as usual."""
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        none, ctrl, alt = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if mods == none:
                self._choose(self.current_hit(), PasteAction.PASTE)
            elif mods == ctrl:
                self._choose(self.current_hit(), PasteAction.PASTE_AND_SEND)
            return True  # Shift+Enter and friends: nothing, but never into the line edit
        if key == Qt.Key.Key_Escape:
            self.dismiss()
            self.cancelled.emit()
            return True
        moves: dict[int, int] = {  # event.key() is a plain int
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_PageUp: -VISIBLE_ROWS,
            Qt.Key.Key_PageDown: VISIBLE_ROWS,
            Qt.Key.Key_Home: -10**6,  # queries are a few letters: Home/End serve the list
            Qt.Key.Key_End: 10**6,
        }
        if self.card_view_shown():
            scrolls: dict[int, tuple[Qt.KeyboardModifier, int]] = {Qt.Key.Key_PageUp: (none, -1), Qt.Key.Key_PageDown: (none, 1),
                       Qt.Key.Key_Up: (ctrl, -1), Qt.Key.Key_Down: (ctrl, 1)}
            if key in scrolls and mods == scrolls[key][0]:
                self._scroll_card(scrolls[key][1], page=key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown))
                return True
        if key in moves and mods == none:
            self._move(moves[key])
            return True
        if key in _DIGIT_KEYS and mods == alt:
            self._choose(self.model.hit(_DIGIT_KEYS[key] - 1), PasteAction.PASTE, by_alt_number=True)
            return True
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self._toggle_card()
            return True
        if mods == ctrl:
            hit = self.current_hit()
            if key == Qt.Key.Key_C and not self.search.hasSelectedText():
                self._choose(hit, PasteAction.COPY)
                return True
            if key == Qt.Key.Key_R:
                if hit is not None and hit.kind is HitKind.PRODUCT:
                    self._choose(hit, PasteAction.RECOMMEND)
                return True
            if key == Qt.Key.Key_E:
                if hit is not None:
                    self.dismiss()
                    self.edit_requested.emit(hit)
                return True
        return False

    def _move(self, delta: int) -> None:
        rows = self.model.rowCount()
        if rows == 0:
            return
        self._set_card_view(False)
        row = max(0, min(rows - 1, self.list.currentIndex().row() + delta))
        self.list.setCurrentIndex(self.model.index(row))

    def _choose(self, hit: SearchHit | None, action: PasteAction, by_alt_number: bool = False) -> None:
        if hit is None:
            return  # Enter on an empty list: keep the popup, the agent is still typing
        hits = self.model.hits()
        rank = hits.index(hit) + 1 if hit in hits else None
        # For the local insights (no text): the row, the key, and whether a query was typed.
        self.last_choice = (rank, by_alt_number, bool(self.search.query().strip()))
        self.dismiss()
        self.chosen.emit(hit, action)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        self._choose(self.model.hit(index.row()), PasteAction.PASTE)

    def _toggle_card(self) -> None:
        hit = self.current_hit()
        if hit is None or hit.kind is not HitKind.PRODUCT:
            return
        self._set_card_view(not self._card_mode)
        self._update_preview(hit)
        self._update_status()

    def card_view_shown(self) -> bool:
        return self._card_mode and self.preview.showing_card

    def _set_card_view(self, on: bool) -> None:
        """The card view takes the list's room: the whole card, scrolled by keys."""
        self._card_mode = on
        self.list.setVisible(not on)
        self.preview.setFixedHeight(PREVIEW_HEIGHT + (self._list_height if on else 0))
        if not on and self.preview.showing_card:
            hit = self.current_hit()
            if hit is not None:
                self._update_preview(hit)

    def _scroll_card(self, direction: int, page: bool) -> None:
        bar = self.preview.verticalScrollBar()
        step = bar.pageStep() if page else bar.singleStep() * 3
        bar.setValue(bar.value() + direction * step)

    # ----------------------------------------------------------------- preview and status

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = self.model.hit(current.row())
        if hit is None:
            self.preview.show_nothing()
        else:
            self._update_preview(hit)
        self._update_status()

    def _update_preview(self, hit: SearchHit) -> None:
        self._show_notice("")
        try:
            if hit.kind is HitKind.PRODUCT and self._card_mode:
                product = self._backend.product(hit.id)
                if product is not None:
                    self.preview.show_card(product_card_html(product, self._backend.related(product)))
                    card_shown = getattr(self._backend, "card_shown", None)
                    if card_shown is not None:
                        card_shown(product.id)  # the current product for {商品.*} phrases
                    return
            preview_reply = getattr(self._backend, "preview_reply", None)
            if preview_reply is None:
                self.preview.show_reply(self._backend.preview(hit))
                return
            reply = preview_reply(hit)
            self.preview.show_reply(reply.text)
            self._show_notice(self._notice_text(reply))
        except Exception:  # e.g. a placeholder the renderer rejects: show the raw body instead
            log.exception("preview failed for %s", hit.id)
            self.preview.show_reply(hit.body)

    def _notice_text(self, reply: object) -> str:
        lines = []
        if getattr(reply, "problem", None) is ReplyProblem.NO_PRODUCT:
            lines.append(self.tr("Choose a product: this reply names one. Tab on a product first, or pick it "
                                 "in the form after Enter."))
        current = getattr(reply, "product", None)
        if current is not None and current.source.value in ("card", "link"):
            lines.append(with_args(self.tr("Product: %1"), current.product.title))
        if ReplyNote.BUYER_UNKNOWN in getattr(reply, "notes", ()):
            lines.append(self.tr("{买家} stays empty: no rule in Settings reads the buyer's name from this "
                                 "chat window's title."))
        return " · ".join(lines)

    def _show_notice(self, text: str) -> None:
        self.notice = text
        self._update_status()

    def _update_status(self) -> None:
        hints = self.tr("↵ Paste · Ctrl+↵ Paste and send · Alt+number · Esc Close")
        hit = self.current_hit()
        if self.card_view_shown():
            hints = self.tr("PgUp/PgDn or Ctrl+↑/↓ scroll · Tab back · Ctrl+R recommend · Esc Close")
        elif hit is not None and hit.kind is HitKind.PRODUCT:
            hints += " · " + self.tr("Tab card · Ctrl+R recommend")
        # A notice about the previewed reply wins over the key hints: it is about the buyer.
        self.hints.setStyleSheet("color: #b45309;" if self.notice else "color: #6b7280;")
        self.hints.setText(self.notice or hints)
        self.hints.setToolTip(self.notice)
        rows = self.model.rowCount()
        if rows == 0:
            self.count.setText(self.tr("No matches"))
        elif not self.search.query().strip():
            self.count.setText(self.empty_query_label or self.tr("Most used"))
        else:
            self.count.setText(self.tr("{count} found").format(count=rows))

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Type Chinese, pinyin, initials or a code…"))
        self.delegate.retranslate()
        self.list.viewport().update()
        self._update_status()
        hit = self.current_hit()
        if hit is not None and self.preview.showing_card:
            self._update_preview(hit)

    # ----------------------------------------------------------------- window

    def _move_to_mouse_screen(self) -> None:
        screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        x = area.left() + (area.width() - self.width()) // 2
        # Upper third: the chat client's input box is usually at the bottom; don't cover it.
        y = area.top() + max(0, (area.height() - self.height()) // 4)
        self.move(QPoint(max(area.left(), x), max(area.top(), y)))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._refresh_on_paint:
            # A 0-ms timer posted while the first frame is painted runs once it is flushed.
            QTimer.singleShot(0, self, self._refresh_after_paint)
        return super().event(event)

    def _refresh_after_paint(self) -> None:
        if self._refresh_on_paint:
            self._refresh_on_paint = False
            self._refresh_fallback.stop()
            self._schedule_search()

    def hideEvent(self, event: QHideEvent) -> None:
        self._refresh_on_paint = False
        self._refresh_fallback.stop()
        self._prepare_timer.start()  # the next popup's first frame, made while nobody waits
        super().hideEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.ActivationChange:
            # Clicking another window closes the popup quietly (no focus hand-back: the agent
            # chose where focus goes). Only after it was really active, and only if it stays
            # inactive for a moment, so activation ping-pong while it appears cannot hide it.
            if self.isActiveWindow():
                self._was_active = True
            elif self._was_active and self.isVisible():
                QTimer.singleShot(DEACTIVATE_GRACE_MS, self, self._dismiss_if_inactive)
        super().changeEvent(event)

    def _dismiss_if_inactive(self) -> None:
        if self.isVisible() and not self.isActiveWindow():
            self.dismiss()

