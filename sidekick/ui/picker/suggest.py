"""Suggest mode of the popup: the buyer's message quoted at the top, suggested replies below.

The popup is the same ``Picker``; suggest mode lends it two things through its public hooks
(``set_header``, ``set_backend``): a header quoting the buyer's message with the reason for the
selected suggestion, and a ``SuggestBackend`` whose empty query lists the suggestions and
whose typed query narrows within them (matched by the library's own search, so pinyin,
initials and codes work as always). When the engine has nothing good to offer, or is still
being prepared, typing searches the whole library instead, and the header says so.

``ModePicker`` stands where the controller expects the picker: ``popup()`` opens suggest mode
when one was armed with ``arm()`` and the library search otherwise, so every way of opening
the popup (hotkey, tray, second launch) leaves suggest mode without knowing about it.

The buyer's message is shown, never logged or stored here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from sidekick.core.types import Product, Relation, SearchHit
from sidekick.ui.picker.backend import PickerBackend
from sidekick.ui.picker.picker import Picker
from sidekick.ui.picker.theme import SMALL_PX, ui_font

QUOTE_CHARS = 160  # the header is a reminder of the question, not a transcript
NARROW_POOL = 1000  # library hits a typed query is matched against within the suggestions

HEADER_STYLE = """
#SuggestHeader { background: #fff8e6; border-bottom: 1px solid #f0d9a8; }
#SuggestQuote { color: #1f2328; }
#SuggestState { color: #8a5a00; }
#SuggestState[nothing="true"] { color: #b42318; font-weight: bold; }
"""


@dataclass(frozen=True, slots=True)
class SuggestedReply:
    """One suggestion as the popup shows it: the row, and why it is offered."""

    hit: SearchHit
    reason: str = ""


@dataclass(frozen=True, slots=True)
class SuggestState:
    """What suggest mode shows: the message and the suggestions (None while preparing)."""

    message: str
    replies: tuple[SuggestedReply, ...] | None = None
    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def preparing(self) -> bool:
        return self.replies is None

    @property
    def nothing_good(self) -> bool:
        return self.replies is not None and not self.replies


def quote(message: str) -> str:
    """The buyer's message on one line, shortened for the header."""
    text = " ".join(message.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


class SuggestBackend:
    """Picker backend of suggest mode, over the library's backend."""

    def __init__(self, library: PickerBackend, state: SuggestState) -> None:
        self._library = library
        self.state = state

    def search(self, query: str, limit: int) -> list[SearchHit]:
        replies = self.state.replies
        if not replies:  # preparing, or nothing good: the agent searches the whole library
            return self._library.search(query, limit) if query.strip() else []
        if not query.strip():
            return [reply.hit for reply in replies][:limit]
        matching = {hit.id for hit in self._library.search(query, max(limit, NARROW_POOL))}
        return [reply.hit for reply in replies if reply.hit.id in matching][:limit]

    def preview(self, hit: SearchHit) -> str:
        return self._library.preview(hit)

    def product(self, product_id: str) -> Product | None:
        return self._library.product(product_id)

    def related(self, product: Product) -> list[tuple[Relation, Product]]:
        return self._library.related(product)


class SuggestHeader(QFrame):
    """The quoted buyer message and one state line (preparing, nothing good, or the reason)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SuggestHeader")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(HEADER_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(2)
        self.quote = QLabel(self)
        self.quote.setObjectName("SuggestQuote")
        self.quote.setTextFormat(Qt.TextFormat.PlainText)  # a buyer's "<b>" is text, not markup
        self.quote.setFont(ui_font())
        self.state = QLabel(self)
        self.state.setObjectName("SuggestState")
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.state.setFont(ui_font(SMALL_PX))
        for label in (self.quote, self.state):
            label.setWordWrap(False)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout.addWidget(self.quote)
        layout.addWidget(self.state)
        self.on_language_change: Callable[[], None] = lambda: None
        self.hide()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.on_language_change()
        super().changeEvent(event)

    def show_message(self, message: str) -> None:
        shown = quote(message)
        self.quote.setText("「" + shown + "」" if shown else self.tr("(no message selected or copied)"))

    def show_state(self, state: SuggestState, hit: SearchHit | None) -> None:
        """The line under the message: preparing, nothing good, or why ``hit`` is offered."""
        nothing = state.nothing_good
        if state.preparing:
            text = self.tr("Preparing suggestions… type to search all phrases meanwhile.")
        elif nothing:
            text = self.tr("Nothing good to suggest for this message: type to search all phrases.")
        elif hit is not None and state.reasons.get(hit.id):
            text = self.tr("Why: %1").replace("%1", state.reasons[hit.id])
        else:
            text = self.tr("%1 suggestions · type to narrow").replace("%1", str(len(state.replies or ())))
        self.state.setProperty("nothing", nothing)
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)
        self.state.setText(text)

    def list_label(self) -> str:
        """The popup's status for the suggestion list (an empty query)."""
        return self.tr("Suggestions")


class ModePicker:
    """The picker as the controller sees it, with suggest mode armed per popup.

    ``arm(message, replies)`` makes the next ``popup()`` a suggest popup; any other popup()
    returns to the library search. ``suggest_message`` is the message of the popup the agent
    last chose from (None for a library popup); it stays until the next popup, so it can be
    read when ``chosen`` fires (after the picker has hidden itself).
    """

    def __init__(self, picker: Picker, library: PickerBackend) -> None:
        self.picker = picker
        self.chosen = picker.chosen
        self.cancelled = picker.cancelled
        self.edit_requested = picker.edit_requested
        self.header = SuggestHeader()
        self._armed: SuggestState | None = None
        self._state: SuggestState | None = None
        self._backend: SuggestBackend | None = None
        self._library = library
        picker.list.selectionModel().currentChanged.connect(self._current_changed)
        self.header.on_language_change = self.retranslate

    # ------------------------------------------------------------------ the controller's API
    def popup(self) -> None:
        state, self._armed = self._armed, None
        if state is None:
            self._leave()
        else:
            self._enter(state)
        self.picker.popup()

    def dismiss(self) -> None:
        self.picker.dismiss()

    def isVisible(self) -> bool:
        return self.picker.isVisible()

    def winId(self) -> int:
        return int(self.picker.winId())

    # ------------------------------------------------------------------ suggest mode
    def arm(self, message: str, replies: list[SuggestedReply] | None) -> None:
        """The next popup() shows ``message`` and ``replies`` (None: still preparing)."""
        self._armed = _state(message, replies)

    @property
    def last_choice(self) -> tuple[int | None, bool, bool] | None:
        return self.picker.last_choice

    def unanswered_query(self) -> str | None:
        return self.picker.unanswered_query()

    @property
    def suggest_message(self) -> str | None:
        return self._state.message if self._state is not None else None

    def showing(self, message: str) -> bool:
        """True while the open popup is the suggest popup of ``message``."""
        return self.picker.isVisible() and self._state is not None and self._state.message == message

    def update(self, replies: list[SuggestedReply]) -> None:
        """Suggestions that were still being prepared when the popup opened."""
        if self._state is None:
            return
        self._enter(_state(self._state.message, replies))

    def _enter(self, state: SuggestState) -> None:
        self._state = state
        self.header.show_message(state.message)
        self._show_state(None)
        self.picker.set_header(self.header)
        self.picker.empty_query_label = self.header.list_label()
        if self._backend is None:
            self._backend = SuggestBackend(self._library, state)
        else:
            self._backend.state = state
        self.picker.set_backend(self._backend)

    def _leave(self) -> None:
        if self._state is None:
            return
        self._state = None
        self.picker.empty_query_label = None
        self.picker.set_header(None)
        self.picker.set_backend(None)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._state is not None:
            hit = self.picker.model.hit(current.row())
            self._show_state(hit)

    def _show_state(self, hit: SearchHit | None) -> None:
        if self._state is not None:
            self.header.show_state(self._state, hit)

    def retranslate(self) -> None:
        if self._state is not None:
            self.picker.empty_query_label = self.header.list_label()
            self.header.show_message(self._state.message)
            self._show_state(self.picker.current_hit())


def _state(message: str, replies: list[SuggestedReply] | None) -> SuggestState:
    if replies is None:
        return SuggestState(message)
    return SuggestState(message, tuple(replies), {reply.hit.id: reply.reason for reply in replies})
