"""The one flow that matters: hotkey → capture the target window → popup → render → paste.

The controller owns no widgets' internals: it talks to the picker through its agreed API
(``popup``/``dismiss`` and the ``chosen``/``cancelled``/``edit_requested`` signals), renders
through the app's one reply pipeline (``sidekick.app.replies``, the same the preview uses), and
hands the text to the :class:`Paster` with the target window's paste policy. A reply that
cannot be right (product fields with no product known) is not pasted: the agent is told why.
Each use is recorded as (id, time) — never the text — for ranking, in one place
(:meth:`Controller._note_use`).

The hotkey arrives from the platform's listener thread; ``HotkeyBridge.pressed`` is a Qt
signal, so the slot runs on the GUI thread (a queued connection across threads).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from sidekick.app.paster import PasteJob, PasteOutcome, Paster
from sidekick.app.replies import IndexLike as RepliesIndex
from sidekick.app.replies import Replies
from sidekick.config.settings import Settings
from sidekick.core.insights import (
    ACTION_COPY,
    ACTION_PASTE,
    ACTION_PASTE_SEND,
    FOUND_BROWSE,
    FOUND_LINK_CARD,
    FOUND_SEARCH,
    FOUND_SUGGESTION,
    UseDetails,
)
from sidekick.core.ports import Clipboard, FocusTracker
from sidekick.core.reply import CurrentProduct, Draft, FillInAnswer, ProductSource, Reply, ReplyProblem
from sidekick.core.types import HitKind, PasteAction, Product, RenderResult, SearchHit, WindowRef

# Backends whose window handles are Qt's winId(): there our own popup and form are raised
# through the focus tracker too (macOS tracks applications, and Qt activates its own app).
_RAISES_OWN_WINDOWS = frozenset({"x11", "win32"})
# With one of our modal dialogs open (Settings, a file dialog), Qt hands the keyboard back to it
# once the popup is gone, even after the reply went into the chat; for this long after a paste
# the chat window gets it back.
FOCUS_GUARD_MS = 800
FOCUS_GUARD_POLL_MS = 40


class HotkeyBridge(QObject):
    """Carries a hotkey press from any thread to the GUI thread (a queued signal)."""

    pressed = Signal(float)  # time.monotonic() of the press, for the timing log

    def fire(self) -> None:
        """Called on the listener thread: only emits, never touches Qt objects otherwise."""
        self.pressed.emit(time.monotonic())


class PickerLike(Protocol):
    chosen: Any
    cancelled: Any
    edit_requested: Any

    def popup(self) -> None: ...
    def dismiss(self) -> None: ...
    def isVisible(self) -> bool: ...
    def winId(self) -> int: ...


class IndexLike(RepliesIndex, Protocol):
    """What the controller needs of the index: what ``Replies`` reads, and usage."""

    def note_use(self, target_id: str, when: datetime) -> None: ...


# (target id, "phrase"/"product", UTC time, how it was chosen); never the text.
UsageRecorder = Callable[[str, str, datetime, UseDetails], None]
ProductSearch = Callable[[str], list[Product]]
# (fill-in names, product search or None) → the answers; None when the agent cancels. The product
# search is given when the reply needs a product and none is known: the form asks for one too.
FillInAsker = Callable[[list[str], "ProductSearch | None"], "FillInAnswer | Mapping[str, str] | None"]


class Controller(QObject):
    notify = Signal(str)  # a message for the agent (tray balloon)
    edit_requested = Signal(str)  # phrase id: open it in the library editor
    mark = Signal(str, float)  # timing mark (name, time.monotonic()); no content

    def __init__(self, *, picker: PickerLike, paster: Paster, focus: FocusTracker, clipboard: Clipboard,
                 index: IndexLike, record_usage: UsageRecorder, ask_fill_ins: FillInAsker,
                 settings: Settings, backend: str = "dummy", replies: Replies | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._picker = picker
        self._paster = paster
        self._focus = focus
        self._clipboard = clipboard
        self.replies = replies or Replies(index, settings)
        self._record_usage = record_usage
        self._ask_fill_ins = ask_fill_ins
        self._backend = backend
        self.target: WindowRef | None = None
        self._popup_opened = 0.0  # time.monotonic() of the last popup, for "popup → paste" in the insights
        self.search_missed: Callable[[str], None] | None = None  # a popup closed on a query that found nothing
        picker.chosen.connect(self._on_chosen)
        picker.cancelled.connect(self._on_cancelled)
        picker.edit_requested.connect(self._on_edit)
        paster.failed.connect(self.notify)
        paster.step.connect(lambda name: self.mark.emit(f"paste_{name}", time.monotonic()))
        paster.finished.connect(self._after_paste)
        self._guard_target: WindowRef | None = None
        self._guard_until = 0.0
        self._guard = QTimer(self)
        self._guard.setInterval(FOCUS_GUARD_POLL_MS)
        self._guard.timeout.connect(self._guard_focus)

    @property
    def settings(self) -> Settings:
        return self.replies.settings

    @property
    def index(self) -> Any:
        return self.replies.index

    @index.setter
    def index(self, index: Any) -> None:
        self.replies.index = index

    def update_settings(self, settings: Settings) -> None:
        self.replies.settings = settings
        self._paster.update_settings(settings)

    def product_detected(self, product_id: str) -> None:
        """Link detection showed this product: it is the current product for a few minutes."""
        self.replies.products.link_detected(product_id)

    # ------------------------------------------------------------------ hotkey → popup

    def on_hotkey(self, pressed_at: float | None = None) -> None:
        self.mark.emit("hotkey", pressed_at if pressed_at is not None else time.monotonic())
        if self._picker.isVisible():
            # The hotkey again while the popup is open closes it, like Esc.
            self._picker.dismiss()
            self._give_focus_back()
            return
        self.show_popup()

    def show_popup(self) -> None:
        """Remember the focused window, then show the popup over it."""
        active = self._focus.active_window()
        # One of Sidekick's own windows (the settings dialog) is no place to paste into.
        self.target = None if active is None or _is_own_window(active.handle) else active
        self.replies.products.popup_opened()
        self._popup_opened = time.monotonic()
        self._picker.popup()
        if self._backend in _RAISES_OWN_WINDOWS:
            # Window managers may refuse focus to a window raised by a background app; asking
            # the way a pager does is always honoured.
            self._focus.activate(WindowRef(self._backend, int(self._picker.winId())))
        self.mark.emit("popup_shown", time.monotonic())

    # ------------------------------------------------------------------ popup → paste

    def _on_cancelled(self) -> None:
        unanswered = getattr(self._picker, "unanswered_query", None)
        query = unanswered() if unanswered is not None else None
        if query and self.search_missed is not None:
            self.search_missed(query)
        self._give_focus_back()

    def _on_edit(self, hit: SearchHit) -> None:
        self._picker.dismiss()
        self.edit_requested.emit(hit.id)

    def _after_paste(self, outcome: PasteOutcome) -> None:
        target = self.target
        if outcome not in (PasteOutcome.PASTED, PasteOutcome.TYPED) or target is None:
            return
        if self._backend not in _RAISES_OWN_WINDOWS or QApplication.activeModalWidget() is None:
            return
        self._guard_target = target
        self._guard_until = time.monotonic() + FOCUS_GUARD_MS / 1000.0
        self._guard.start()

    def _guard_focus(self) -> None:
        target = self._guard_target
        if target is None or time.monotonic() > self._guard_until or self._picker_shown():
            self._guard.stop()
            self.mark.emit("focus_guard_done", time.monotonic())
            return
        active = self._focus.active_window()
        if active is not None and active.handle != target.handle and _is_own_window(active.handle):
            self._focus.activate(target)

    def _picker_shown(self) -> bool:
        """Whether the popup is up; a popup already deleted (the app or a test tearing down while the
        guard still polls) counts as up, so the guard stops instead of raising from a timer."""
        try:
            return self._picker.isVisible()
        except RuntimeError:  # shiboken: the C++ widget is gone
            return True

    def _give_focus_back(self) -> None:
        if self.target is not None:
            self._focus.activate(self.target)

    def _on_chosen(self, hit: SearchHit, chosen: PasteAction | str) -> None:
        action = PasteAction(chosen)  # the signal carries the enum (or its value)
        self.mark.emit("chosen", time.monotonic())
        details = self._use_details(hit, action)
        self._picker.dismiss()
        reply = self.render_hit(hit, action)
        if reply is None:  # fill-in form cancelled, or nothing to paste (the agent was told)
            self._give_focus_back()
            return
        if action is PasteAction.COPY:
            self._clipboard.set_text(reply.text)
            self._give_focus_back()
            self.notify.emit(self.tr("Copied: paste it where you need it."))
        else:
            self.paste_text(reply.text, caret=reply.caret, send=action is PasteAction.PASTE_AND_SEND)
        self._note_use(hit, details)

    def _use_details(self, hit: SearchHit, chosen: PasteAction) -> UseDetails:
        """How this reply was found, for the local insights: read before anything else changes."""
        choice = getattr(self._picker, "last_choice", None)  # the popup's (rank, by Alt+number, typed)
        rank, by_alt, typed = choice if choice is not None else (None, False, True)
        current = self.replies.current_product()
        if getattr(self._picker, "suggest_message", None) and not typed:
            via = FOUND_SUGGESTION
        elif (hit.kind is HitKind.PRODUCT and current is not None and current.product.id == hit.id
              and current.source is ProductSource.LINK):
            via = FOUND_LINK_CARD
        else:
            via = FOUND_SEARCH if typed else FOUND_BROWSE
        action = {PasteAction.COPY: ACTION_COPY, PasteAction.PASTE_AND_SEND: ACTION_PASTE_SEND}.get(chosen, ACTION_PASTE)
        elapsed_ms = int((time.monotonic() - self._popup_opened) * 1000) if self._popup_opened else None
        return UseDetails(found_via=via, by_alt_number=by_alt, rank=rank, action=action, popup_ms=elapsed_ms)

    def paste_text(self, text: str, *, caret: int | None = None, send: bool = False,
                   target: WindowRef | None = None) -> None:
        """Paste ``text`` into ``target`` (default: the window the popup was opened over) the
        way that window's per-application rule says. Every paste of the app comes here."""
        target = target if target is not None else self.target
        policy = self.replies.policy(target, send=send)
        self._paster.paste(PasteJob(text=text, target=target, caret=caret, send=policy.send,
                                    paste_key=policy.paste_key, type_instead=policy.type_instead))

    def render_hit(self, hit: SearchHit, action: PasteAction = PasteAction.PASTE) -> RenderResult | None:
        """The text to paste for ``hit``; asks for fill-ins (and a product when the reply needs
        one and none is known). None when the agent cancels or the reply cannot be made."""
        plan = self.replies.draft_for(hit)
        if plan is None:
            self.notify.emit(self.tr("This item was deleted meanwhile: nothing was pasted."))
            return None
        answer = self._ask(plan)
        if answer is None:
            return None
        values, picked = answer
        reply = self.replies.render(plan, self.target, fill_ins=values, clipboard=self._clipboard.text,
                                    product=picked)
        if not reply.pasteable:
            self.notify.emit(self.problem_text(reply))
            return None
        return RenderResult(reply.text, reply.caret)

    def _ask(self, plan: Draft) -> tuple[Mapping[str, str], CurrentProduct | None] | None:
        names = list(plan.fill_in_names)
        needs_pick = plan.needs_product and self.replies.current_product() is None
        if not names and not needs_pick:
            return {}, None
        if self._backend in _RAISES_OWN_WINDOWS:
            # The form opens over the chat client from a background app: make sure it gets
            # the keyboard (the nested event loop of the modal form runs this timer).
            QTimer.singleShot(0, self._focus_modal)
        answer = self._ask_fill_ins(names, self.replies.search_products if needs_pick else None)
        if answer is None:
            return None
        if isinstance(answer, FillInAnswer):
            picked = CurrentProduct(answer.product, ProductSource.PICKED) if answer.product is not None else None
            return answer.values, picked
        return answer, None

    def problem_text(self, reply: Reply) -> str:
        if reply.problem is ReplyProblem.NO_PRODUCT:
            return self.tr("Nothing was pasted: this reply names a product. Open the product's card with Tab "
                           "in the popup first, copy its link, or pick it in the form.")
        return self.tr("Nothing was pasted.")

    def _focus_modal(self) -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            self._focus.activate(WindowRef(self._backend, int(modal.winId())))

    def _note_use(self, hit: SearchHit, details: UseDetails) -> None:
        when = datetime.now(UTC).replace(tzinfo=None)  # naive UTC, as the store keeps it
        self.index.note_use(hit.id, when)
        self._record_usage(hit.id, hit.kind.value, when, details)

    @property
    def paster(self) -> Paster:
        return self._paster


def _is_own_window(handle: int) -> bool:
    return any(widget.isVisible() and int(widget.winId()) == handle for widget in QApplication.topLevelWidgets())


__all__ = ["Controller", "HotkeyBridge", "PasteOutcome"]
