"""Settings fields for the product side: the recommendation template and the link patterns.

``RecommendTemplateEdit`` shows, as the lead types, the recommendation a buyer would read for
a sample product (through ``recommendation_text``, the function the Products window pastes
with) and every placeholder it would paste literally. ``LinkPatternsEdit`` takes one regular
expression per line and names the line of each one that cannot be used, so a lead who pasted
a pattern from a colleague knows which line to fix. Both say through ``is_acceptable`` whether
the dialog may store them: a broken template or pattern would only fail later, in front of a
buyer or silently on every copy.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sidekick.core.links import DEFAULT_LINK_PATTERNS, pattern_problems
from sidekick.core.placeholders import NOTE, TEMPLATE_MENU, sample_context
from sidekick.core.recommend import recommendation_text, template_errors
from sidekick.ui.i18n import with_args

ERROR_STYLE = "color: #b91c1c"
PREVIEW_STYLE = "background: #f9fafb; border: 1px solid #e5e7eb; border-radius: 4px; padding: 6px 8px"


def _chinese(widget: QWidget) -> bool:
    """True while the Chinese translation is installed (it maps this marker to "zh")."""
    return widget.tr("ui-language") == "zh"


class RecommendTemplateEdit(QWidget):
    """The ``recommend_template`` field with an Insert menu, a live preview and its errors."""

    changed = Signal()

    def __init__(self, template: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._agent = ""
        self._shop = ""
        self.edit = QPlainTextEdit()
        self.edit.setPlainText(template)
        self.edit.setTabChangesFocus(True)  # Tab leaves the field, as in a line edit
        lines = self.edit.fontMetrics().lineSpacing()
        self.edit.setFixedHeight(lines * 3 + 14)
        self.insert_button = QToolButton()
        self.insert_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.insert_button)
        for token in TEMPLATE_MENU:
            menu.addAction(token, partial(self._insert, token))
        self.insert_button.setMenu(menu)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #6b7280")
        self.preview_title = QLabel()
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet(PREVIEW_STYLE)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A recommendation with a long title and link runs to three lines; reserve them so a
        # short dialog never clips the preview (a word-wrapped label does not ask for more).
        self.preview.setMinimumHeight(self.preview.fontMetrics().lineSpacing() * 3 + 16)
        self.errors = QLabel()
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet(ERROR_STYLE)
        self.errors.hide()
        top = QHBoxLayout()
        top.addWidget(self.edit, 1)
        top.addWidget(self.insert_button, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.errors)
        layout.addWidget(self.preview_title)
        layout.addWidget(self.preview)
        self.edit.textChanged.connect(self._refresh)
        self.retranslate()

    def set_read_only(self, read_only: bool) -> None:
        """Shown, not edited (an agent's machine: the team lead sets it on the hub)."""
        self.edit.setReadOnly(read_only)
        self.insert_button.setEnabled(not read_only)

    # ------------------------------------------------------------------ values
    def template(self) -> str:
        """The template as typed; surrounding blank space and newlines are never wanted."""
        return self.edit.toPlainText().strip()

    def set_names(self, agent: str, shop: str) -> None:
        """The dialog's agent and shop names, so ``{客服}``/``{店铺}`` preview as they will paste."""
        self._agent, self._shop = agent.strip(), shop.strip()
        self._refresh()

    def problems(self) -> list[str]:
        """Why the template cannot be stored, in the UI language; empty when it can."""
        template = self.template()
        if not template:
            return [self.tr("The template is empty: a recommendation would paste only the note.")]
        chinese = _chinese(self)
        return [e.message_zh if chinese else e.message_en for e in template_errors(template)]

    def is_acceptable(self) -> bool:
        return not self.problems()

    def preview_text(self) -> str:
        """The recommendation for the sample product, as the Products window would paste it."""
        context = sample_context()
        context = replace(context, agent=self._agent or context.agent, shop=self._shop or context.shop)
        assert context.product is not None  # sample_context always carries the sample product
        return recommendation_text(context.product, self.template(), NOTE.example, ctx=context)

    # ------------------------------------------------------------------ reactions
    def _insert(self, token: str) -> None:
        self.edit.insertPlainText(token)
        self.edit.setFocus()

    def _refresh(self) -> None:
        problems = self.problems()
        self.errors.setText("\n".join("• " + p for p in problems))
        self.errors.setVisible(bool(problems))
        self.preview.setText(self.preview_text() if self.template() else "—")
        self.changed.emit()

    def retranslate(self) -> None:
        self.insert_button.setText(self.tr("Insert"))
        self.insert_button.setToolTip(self.tr("Insert a placeholder at the cursor"))
        self.hint.setText(self.tr(
            "{商品.标题}, {商品.价格} and {商品.链接} are filled from the product, {商品.材质} and other "
            "knowledge fields too. {推荐语} is the note: a pairing's reason or what you typed; "
            "without it the note goes in front."
        ))
        self.preview_title.setText(with_args(self.tr("Preview for a sample product, with the note 「%1」:"), NOTE.example))
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class LinkPatternsEdit(QWidget):
    """``link_patterns`` as text, one regular expression per line, with a reset button."""

    changed = Signal()

    def __init__(self, patterns: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.edit = QPlainTextEdit()
        # Patterns are long and a wrapped regex is unreadable: one per line, scroll sideways.
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(self.edit.fontMetrics().lineSpacing() * 5 + 14)
        self.edit.setPlainText("\n".join(patterns))
        self.errors = QLabel()
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet(ERROR_STYLE)
        self.errors.hide()
        self.reset_button = QPushButton()
        self.reset_button.setAutoDefault(False)
        self.reset_button.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.errors)
        layout.addLayout(buttons)
        self.edit.textChanged.connect(self._refresh)
        self.retranslate()

    def set_read_only(self, read_only: bool) -> None:
        """Shown, not edited (an agent's machine: the team lead sets them on the hub)."""
        self.edit.setReadOnly(read_only)
        self.reset_button.setEnabled(not read_only)

    # ------------------------------------------------------------------ values
    def _lines(self) -> list[tuple[int, str]]:
        """(1-based line number, pattern) of every non-blank line, as the editor numbers them."""
        lines = self.edit.toPlainText().split("\n")
        return [(number, line.strip()) for number, line in enumerate(lines, 1) if line.strip()]

    def patterns(self) -> tuple[str, ...]:
        """The patterns in order; blank lines are spacing, not patterns."""
        return tuple(pattern for _number, pattern in self._lines())

    def reset(self) -> None:
        """Put back the built-in patterns (Taobao, Tmall, JD, Pinduoduo, Douyin, 1688)."""
        self.edit.setPlainText("\n".join(DEFAULT_LINK_PATTERNS))

    def problems(self) -> list[str]:
        """One message per unusable line, naming the line; empty when every pattern works."""
        problems = []
        for number, pattern in self._lines():
            if not pattern_problems([pattern]):  # what the link matcher itself accepts
                continue
            problems.append(self._line_problem(number, pattern))
        return problems

    def _line_problem(self, number: int, pattern: str) -> str:
        try:
            regex = re.compile(pattern, re.IGNORECASE)
        except re.error as error:
            where = (error.pos or 0) + 1
            if _chinese(self):
                # Python's own wording is English; the position is what the lead needs.
                return with_args(self.tr("Line %1: not a valid regular expression (near character %2)."), str(number), str(where))
            return f"Line {number}: not a valid regular expression (near character {where}: {error.msg})."
        if regex.groups < 1:
            return with_args(
                self.tr("Line %1: no group marks the item id; put parentheses around it, e.g. [?&]id=(\\d+)"), str(number))
        return with_args(self.tr("Line %1: this pattern cannot be used."), str(number))

    def is_acceptable(self) -> bool:
        return not self.problems()

    # ------------------------------------------------------------------ reactions
    def _refresh(self) -> None:
        problems = self.problems()
        self.errors.setText("\n".join("• " + p for p in problems))
        self.errors.setVisible(bool(problems))
        self.changed.emit()

    def retranslate(self) -> None:
        self.intro.setText(self.tr(
            "When link detection is on, a copied link matching one of these regular expressions shows "
            "that product's card. One pattern per line; the part in parentheses is the item id."
        ))
        self.reset_button.setText(self.tr("Reset to the built-in patterns"))
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
