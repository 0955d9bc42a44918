"""The preview pane under the result list: the full rendered reply, or a product's card.

Read-only and never focused, so keys always stay in the search box; the mouse can still select
text in it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextBrowser, QWidget


class PreviewPane(QTextBrowser):
    """Shows either plain reply text or a card's HTML."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PickerPreview")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setOpenLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.showing_card = False

    def show_reply(self, text: str) -> None:
        # Plain text: a reply may contain "<" or "&" and must appear exactly as it will be pasted.
        self.showing_card = False
        self.setPlainText(text)

    def show_card(self, html: str) -> None:
        self.showing_card = True
        self.setHtml(html)

    def show_nothing(self) -> None:
        self.showing_card = False
        self.clear()
