"""The one flow that matters: hotkey → capture the target window → popup → render → paste.

The controller owns no widgets' internals: it talks to the picker through its agreed API
(``popup``/``dismiss`` and the ``chosen``/``cancelled``/``edit_requested`` signals), renders
with ``sidekick.core.placeholders``, and hands the text to the :class:`Paster`. Each use is
recorded as (id, time) — never the text — for ranking.

The hotkey arrives from the platform's listener thread; ``HotkeyBridge.pressed`` is a Qt
signal, so the slot runs on the GUI thread (a queued connection across threads).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from sidekick.app.paster import PasteJob, PasteOutcome, Paster
from sidekick.config.settings import Settings
from sidekick.core.placeholders import RenderContext, fill_in_names, render
from sidekick.core.ports import Clipboard, FocusTracker
from sidekick.core.recommend import recommendation_text
from sidekick.core.types import HitKind, Product, RenderResult, SearchHit, WindowRef

# Values of the picker's PasteAction (a str enum), compared by value so this module does not
# depend on the widget package.
PASTE, PASTE_AND_SEND, COPY, RECOMMEND = "paste", "paste_send", "copy", "recommend"
# Backends whose window handles are Qt's winId(): there our own popup and form are raised
# through the focus tracker too (macOS tracks applications, and Qt activates its own app).
_RAISES_OWN_WINDOWS = frozenset({"x11", "win32"})


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
    def isVisible(self) -> bool: ...  # noqa: N802 - Qt naming
    def winId(self) -> int: ...  # noqa: N802 - Qt naming


class IndexLike(Protocol):
    def phrase(self, phrase_id: str) -> Any: ...
    def product(self, product_id: str) -> Product | None: ...
    def note_use(self, target_id: str, when: datetime) -> None: ...


UsageRecorder = Callable[[str, str, datetime], None]  # (target id, "phrase"/"product", UTC time)
FillInAsker = Callable[[list[str]], "dict[str, str] | None"]


class Controller(QObject):
    notify = Signal(str)  # a message for the agent (tray balloon)
    edit_requested = Signal(str)  # phrase id: open it in the library editor
    mark = Signal(str, float)  # timing mark (name, time.monotonic()); no content

    def __init__(self, *, picker: PickerLike, paster: Paster, focus: FocusTracker, clipboard: Clipboard,
                 index: IndexLike, record_usage: UsageRecorder, ask_fill_ins: FillInAsker,
                 settings: Settings, backend: str = "dummy", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._picker = picker
        self._paster = paster
        self._focus = focus
        self._clipboard = clipboard
        self.index = index
        self._record_usage = record_usage
        self._ask_fill_ins = ask_fill_ins
        self.settings = settings
        self._backend = backend
        self.target: WindowRef | None = None
        picker.chosen.connect(self._on_chosen)
        picker.cancelled.connect(self._on_cancelled)
        picker.edit_requested.connect(self._on_edit)
        paster.failed.connect(self.notify)
        paster.step.connect(lambda name: self.mark.emit(f"paste_{name}", time.monotonic()))

    def update_settings(self, settings: Settings) -> None:
        self.settings = settings
        self._paster.update_settings(settings)

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
        self._picker.popup()
        if self._backend in _RAISES_OWN_WINDOWS:
            # Window managers may refuse focus to a window raised by a background app; asking
            # the way a pager does is always honoured.
            self._focus.activate(WindowRef(self._backend, int(self._picker.winId())))
        self.mark.emit("popup_shown", time.monotonic())

    # ------------------------------------------------------------------ popup → paste

    def _on_cancelled(self) -> None:
        self._give_focus_back()

    def _on_edit(self, hit: SearchHit) -> None:
        self._picker.dismiss()
        self.edit_requested.emit(hit.id)

    def _give_focus_back(self) -> None:
        if self.target is not None:
            self._focus.activate(self.target)

    def _on_chosen(self, hit: SearchHit, action: object) -> None:
        action_value = getattr(action, "value", action)
        self.mark.emit("chosen", time.monotonic())
        self._picker.dismiss()
        rendered = self.render_hit(hit, action_value)
        if rendered is None:  # fill-in form cancelled
            self._give_focus_back()
            return
        target = self.target
        if action_value == COPY:
            self._clipboard.set_text(rendered.text)
            self._give_focus_back()
            self.notify.emit(self.tr("Copied: paste it where you need it."))
        else:
            rule = self.settings.rule_for(target.app_class, target.title) if target else None
            paste_key = (rule.paste_key if rule and rule.paste_key else "") or self.settings.paste_key
            type_instead = (rule.type_instead if rule else False) or self.settings.paste_mode == "type"
            self._paster.paste(PasteJob(
                text=rendered.text, target=target, caret=rendered.caret,
                send=action_value == PASTE_AND_SEND, paste_key=paste_key, type_instead=type_instead,
            ))
        self._note_use(hit)

    def render_hit(self, hit: SearchHit, action: str = PASTE) -> RenderResult | None:
        """The text to paste for ``hit``; asks for fill-ins (None when the agent cancels)."""
        if hit.kind is HitKind.PRODUCT:
            product = self.index.product(hit.id)
            body = self.settings.recommend_template
        else:
            product = None
            phrase = self.index.phrase(hit.id)
            body = phrase.body if phrase is not None else hit.body
        values: dict[str, str] = {}
        names = fill_in_names(body)
        if names:
            if self._backend in _RAISES_OWN_WINDOWS:
                # The form opens over the chat client from a background app: make sure it gets
                # the keyboard (the nested event loop of the modal form runs this timer).
                QTimer.singleShot(0, self._focus_modal)
            answer = self._ask_fill_ins(names)
            if answer is None:
                return None
            values = answer
        clipboard_text = self._clipboard.text() if ("剪贴板" in body or "clipboard" in body) else ""
        context = RenderContext(agent=self.settings.agent_name, shop=self.settings.shop_name,
                                now=datetime.now(), clipboard_text=clipboard_text,
                                fill_ins=values, product=product)
        if product is not None:
            # The same text the products window's Recommend gives (price words, {推荐语}).
            return RenderResult(recommendation_text(product, body, ctx=context))
        return render(body, context)

    def _focus_modal(self) -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            self._focus.activate(WindowRef(self._backend, int(modal.winId())))

    def _note_use(self, hit: SearchHit) -> None:
        when = datetime.now(timezone.utc).replace(tzinfo=None)  # naive UTC, as the store keeps it
        self.index.note_use(hit.id, when)
        self._record_usage(hit.id, hit.kind.value, when)

    @property
    def paster(self) -> Paster:
        return self._paster


def _is_own_window(handle: int) -> bool:
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and int(widget.winId()) == handle:
            return True
    return False


__all__ = ["Controller", "HotkeyBridge", "PasteOutcome"]
