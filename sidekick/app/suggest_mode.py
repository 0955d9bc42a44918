"""Suggest mode: hotkey → the buyer's message → suggestions in the popup → the usual paste.

The second global hotkey arrives here (through its own ``HotkeyBridge``). The buyer's message
is read by ``BuyerTextReader`` (the selection, else the clipboard), the engine is asked through
``SuggestService`` (built on first use), and the popup is opened by the main ``Controller``
itself with suggest mode armed on the ``ModePicker``: capturing the chat window, the paste,
the fill-in form and usage recording are the controller's, exactly as for a searched reply.

When the agent pastes a reply from a suggest popup, ``learn`` is told (phrase id, message):
the question learner masks the message and keeps it as a 买家问法 (see ``question_learning``).
The message itself lives only in memory, for the one popup.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from sidekick.app.buyer_text import BuyerTextReader
from sidekick.app.controller import Controller
from sidekick.app.suggest_service import SuggestionLike, SuggestService
from sidekick.core.types import HitKind, MatchKind, PasteAction, SearchHit
from sidekick.ui.picker.suggest import ModePicker, SuggestedReply

SUGGESTIONS = 5  # rows offered; Alt+1…5 paste them
Learner = Callable[[str, str], None]  # (phrase id, buyer message)


def hit_for(suggestion: SuggestionLike) -> SearchHit:
    """The popup row of a suggestion (its phrase, shown like a search hit)."""
    phrase = suggestion.phrase
    return SearchHit(HitKind.PHRASE, phrase.id, phrase.title, phrase.body, float(suggestion.score),
                     MatchKind.ALL, library=phrase.library, category=phrase.category, code=phrase.code)


def reason_for(suggestion: SuggestionLike) -> str:
    if suggestion.reason:
        return suggestion.reason
    return suggestion.matched_question or suggestion.intent or ""


class SuggestController(QObject):
    mark = Signal(str, float)  # timing marks, no content

    def __init__(self, *, controller: Controller, modes: ModePicker, reader: BuyerTextReader,
                 service: SuggestService, learn: Learner | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._modes = modes
        self._reader = reader
        self._service = service
        self._learn = learn
        self._waiting: str | None = None  # message whose popup waits for the engine
        service.ready.connect(self._engine_ready)
        service.failed.connect(self._engine_failed)
        modes.chosen.connect(self._on_chosen)

    def on_hotkey(self, pressed_at: float | None = None) -> None:
        self.mark.emit("suggest_hotkey", pressed_at if pressed_at is not None else time.monotonic())
        if self._modes.isVisible():
            self._controller.on_hotkey(pressed_at)  # the hotkey again closes the popup, like Esc
            return
        self._reader.read(self._got_message)

    def _got_message(self, text: str) -> None:
        message = text.strip()
        self.mark.emit("message_read", time.monotonic())
        replies = self._replies(message) if message else []
        if replies is None:
            self._waiting = message
            self._service.request()
        self._modes.arm(message, replies)
        self._controller.show_popup()
        self.mark.emit("suggestions_shown" if replies is not None else "suggestions_preparing", time.monotonic())

    def _replies(self, message: str) -> list[SuggestedReply] | None:
        found = self._service.suggest(message, SUGGESTIONS)
        if found is None:
            return None
        return [SuggestedReply(hit_for(item), reason_for(item)) for item in found]

    def _engine_ready(self) -> None:
        message, self._waiting = self._waiting, None
        if message is not None and self._modes.showing(message):
            replies = self._replies(message)
            if replies is not None:
                self._modes.update(replies)
                self.mark.emit("suggestions_shown", time.monotonic())

    def _engine_failed(self, error: str) -> None:
        message, self._waiting = self._waiting, None
        if message is not None and self._modes.showing(message):
            self._modes.update([])
        self._controller.notify.emit(self.tr("Suggestions are not available: %1").replace("%1", error))

    def _on_chosen(self, hit: SearchHit, action: PasteAction | str) -> None:
        message = self._modes.suggest_message
        if not message or self._learn is None or hit.kind is not HitKind.PHRASE:
            return
        if PasteAction(action) is PasteAction.COPY:
            return  # copied, not answered: nothing says it fits
        self._learn(hit.id, message)
