"""A small grid of the emoji customer service actually uses, and the placeholder menu.

Both insert at the body editor's caret. The emoji set is deliberately short: friendly,
thankful, parcel and promotion signs that render on every chat client; anything else an
agent can still type with the OS picker.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Signal
from PySide6.QtWidgets import QGridLayout, QMenu, QToolButton, QWidget, QWidgetAction

from sidekick.core.placeholders import PLACEHOLDERS

CS_EMOJI = (
    "😊", "😄", "🥰", "😉", "🤗", "😘", "🙏", "👍",
    "👏", "💪", "🌹", "💐", "❤️", "💕", "💝", "🎁",
    "🎉", "🎊", "✨", "🌟", "🔥", "💯", "📦", "🚚",
    "✈️", "⏰", "📢", "🛍️", "💰", "🧧", "☀️", "🌙",
    "😅", "😢", "🙇", "🤝", "✅", "❗", "👉", "📞",
)
COLUMNS = 8


class EmojiGrid(QWidget):
    """The grid shown inside the emoji menu."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emojiGrid")
        layout = QGridLayout(self)
        layout.setSpacing(2)
        layout.setContentsMargins(4, 4, 4, 4)
        for number, emoji in enumerate(CS_EMOJI):
            button = QToolButton(self)
            button.setText(emoji)
            button.setAutoRaise(True)
            button.setFixedSize(QSize(34, 34))
            font = button.font()
            font.setPixelSize(20)
            button.setFont(font)
            button.clicked.connect(lambda _=False, e=emoji: self.chosen.emit(e))
            layout.addWidget(button, number // COLUMNS, number % COLUMNS)

    def buttons(self) -> list[QToolButton]:
        return self.findChildren(QToolButton)


def emoji_menu(parent: QWidget) -> tuple[QMenu, EmojiGrid]:
    """A drop-down menu holding the grid; it closes once an emoji is picked."""
    menu = QMenu(parent)
    grid = EmojiGrid(menu)
    action = QWidgetAction(menu)
    action.setDefaultWidget(grid)
    menu.addAction(action)
    grid.chosen.connect(lambda _e: menu.close())
    return menu, grid


def placeholder_menu(parent: QWidget, zh: bool) -> QMenu:
    """One action per placeholder of the catalogue; ``data()`` is the text to insert."""
    menu = QMenu(parent)
    for info in PLACEHOLDERS:
        token = info.token_zh  # stored text stays Chinese whatever the UI language: one spelling per team
        name = info.name_zh if zh else info.name_en
        action = menu.addAction(f"{token}  {name}")
        action.setData(token)
        action.setToolTip(info.description_zh if zh else info.description_en)
    menu.setToolTipsVisible(True)
    menu.setTitle(QCoreApplication.translate("PhraseEditor", "Placeholder"))
    return menu
