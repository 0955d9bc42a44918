"""Paints one result row: number, highlighted title, code, library badge, category and snippet.

One delegate paints every row straight from the ``SearchHit`` (no per-row widgets), so a new
result set costs a model reset and a repaint of the ~8 visible rows. Highlights come from
``highlight.py`` and are drawn as ``QTextLayout`` format ranges (no HTML parsing per paint).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from sidekick.core.types import HitKind, LibraryKind, SearchHit
from sidekick.ui.picker.highlight import clip_ranges, matched_ranges, one_line, snippet
from sidekick.ui.picker.model import HIT_ROLE
from sidekick.ui.picker.theme import COLORS, small_font

PAD_X = 10
PAD_Y = 5
NUMBER_WIDTH = 16
GAP = 8
SNIPPET_CHARS = 120  # enough to fill the row at 640 px; the rest is elided anyway


class HitDelegate(QStyledItemDelegate):
    """Two lines per hit; rows 1–9 carry the number Alt+n pastes."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.retranslate()

    def retranslate(self) -> None:
        """Badge texts are cached per language: painting must not call into the translator."""
        self._badges = {
            LibraryKind.TEAM: self.tr("Team"),
            LibraryKind.PERSONAL: self.tr("Personal"),
            None: self.tr("Product"),
        }

    def badge_text(self, hit: SearchHit) -> str:
        return self._badges[None if hit.kind is HitKind.PRODUCT else hit.library]

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        title = QFontMetrics(option.font).height()
        small = QFontMetrics(small_font(option.font)).height()
        return QSize(200, title + small + 2 * PAD_Y + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        hit: SearchHit | None = index.data(HIT_ROLE)
        if hit is None:
            return
        painter.save()
        rect: QRect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected:
            painter.fillRect(rect, COLORS["selection"])
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), COLORS["accent"])
        elif hovered:
            painter.fillRect(rect, COLORS["hover"])

        font = QFont(option.font)
        small = small_font(font)
        title_h = QFontMetrics(font).height()
        small_h = QFontMetrics(small).height()
        top = rect.top() + PAD_Y
        left = rect.left() + PAD_X
        right = rect.right() - PAD_X

        if index.row() < 9:
            painter.setFont(small)
            painter.setPen(COLORS["muted"])
            painter.drawText(QRect(left, top, NUMBER_WIDTH, title_h), Qt.AlignmentFlag.AlignVCenter, str(index.row() + 1))
        left += NUMBER_WIDTH

        # Right side of line 1: badge, then the short code left of it.
        badge = self.badge_text(hit)
        badge_w = QFontMetrics(small).horizontalAdvance(badge) + 12
        badge_rect = QRect(right - badge_w, top + (title_h - small_h) // 2 - 1, badge_w, small_h + 2)
        _draw_badge(painter, badge_rect, badge, small, hit)
        title_right = badge_rect.left() - GAP
        if hit.code:
            code_w = QFontMetrics(small).horizontalAdvance(hit.code) + 2
            code_rect = QRect(title_right - code_w, top, code_w, title_h)
            draw_highlighted(painter, code_rect, hit.code, matched_ranges(hit.spans, "code", len(hit.code)), small, COLORS["muted"])
            title_right = code_rect.left() - GAP

        title = one_line(hit.title)
        draw_highlighted(
            painter,
            QRect(left, top, max(0, title_right - left), title_h),
            title,
            matched_ranges(hit.spans, "title", len(title)),
            font,
            COLORS["text"],
        )

        # Line 2: category path, then a body excerpt that shows the body match if any.
        line2 = QRect(left, top + title_h + 2, right - left, small_h)
        category = str(hit.category)
        if category:
            # +4: elidedText() elides text that fits its own advance exactly (rounding).
            category_w = min(QFontMetrics(small).horizontalAdvance(category) + 4, line2.width() // 3)
            draw_highlighted(painter, QRect(line2.left(), line2.top(), category_w, small_h), category, [], small, COLORS["category"])
            line2.setLeft(line2.left() + category_w + GAP)
        body, spans = snippet(hit.body, hit.spans, "body", SNIPPET_CHARS)
        draw_highlighted(painter, line2, body, matched_ranges(spans, "body", len(body)), small, COLORS["muted"])
        painter.restore()


def _draw_badge(painter: QPainter, rect: QRect, text: str, font: QFont, hit: SearchHit) -> None:
    key = "product" if hit.kind is HitKind.PRODUCT else (hit.library.value if hit.library else "team")
    background, foreground = COLORS[f"badge_{key}_bg"], COLORS[f"badge_{key}_fg"]
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(background)
    painter.drawRoundedRect(rect, 4, 4)
    painter.setFont(font)
    painter.setPen(foreground)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def draw_highlighted(
    painter: QPainter,
    rect: QRect,
    text: str,
    ranges: list[tuple[int, int]],
    font: QFont,
    color: QColor,
) -> None:
    """Draw ``text`` in one line inside ``rect``, elided on the right, ``ranges`` highlighted."""
    if rect.width() <= 0 or not text:
        return
    metrics = QFontMetrics(font)
    elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
    # A right elision keeps a prefix and appends "…": highlights past it are dropped.
    kept = len(elided) if elided == text else max(0, len(elided) - 1)
    layout = QTextLayout(elided, font)
    layout.setFormats(format_ranges(clip_ranges(ranges, kept)))
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(rect.width() * 2)  # never wrap: elision already fitted the text
    layout.endLayout()
    painter.setPen(color)
    painter.save()
    painter.setClipRect(rect)
    layout.draw(painter, QPointF(rect.left(), rect.top() + (rect.height() - line.height()) / 2))
    painter.restore()


def format_ranges(ranges: list[tuple[int, int]]) -> list[QTextLayout.FormatRange]:
    """Qt format ranges for highlighted runs: accent colour and bold."""
    result = []
    for start, end in ranges:
        item = QTextLayout.FormatRange()
        item.start, item.length = start, end - start
        fmt = QTextCharFormat()
        fmt.setForeground(COLORS["match"])
        fmt.setFontWeight(QFont.Weight.Bold)
        item.format = fmt
        result.append(item)
    return result
