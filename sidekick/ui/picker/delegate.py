"""Paints one result row: number, highlighted title, code, library badge, category and snippet.

One delegate paints every row straight from the ``SearchHit`` (no per-row widgets), so a new
result set costs a model reset and a repaint of the ~8 visible rows. Highlights come from
``highlight.py`` and are drawn as ``QTextLayout`` format ranges (no HTML parsing per paint);
spans count code points, as the search engine reports them, and become UTF-16 offsets here.

Painting a row is split in two: ``_build_row`` measures, elides, shapes and lays out every text
of the row (most of the cost: font fallback for CJK and emoji, shaping) into a ``_RowLayout``
relative to the row's top-left corner; ``paint`` fills the background and draws the prepared
layouts. Row layouts are cached by (hit, row number, size, font), so repaints — the popup's
first frame above all, whose rows the picker prepares while hidden — only draw.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QTextCharFormat,
    QTextLayout,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from sidekick.core.text import utf16_ranges
from sidekick.core.types import HitKind, LibraryKind, SearchHit
from sidekick.ui.picker.highlight import clip_ranges, matched_ranges, one_line, snippet
from sidekick.ui.picker.model import HIT_ROLE
from sidekick.ui.picker.theme import COLORS, small_font

PAD_X = 10
PAD_Y = 5
NUMBER_WIDTH = 16
GAP = 8
SNIPPET_CHARS = 120  # enough to fill the row at 640 px; the rest is elided anyway
# Prepared rows kept: a few result sets' visible rows (a row costs a few KB).
ROW_CACHE_SIZE = 96


@dataclass(slots=True)
class _Text:
    """One prepared run of text: drawn at ``origin``, clipped to ``clip`` (row coordinates)."""

    layout: QTextLayout
    origin: QPointF
    clip: QRect
    color: QColor


@dataclass(slots=True)
class _RowLayout:
    """Everything of a row but its background, relative to the row's top-left corner."""

    number: tuple[QRect, str] | None
    badge: tuple[QRect, str, QColor, QColor]
    small: QFont
    texts: list[_Text] = field(default_factory=list)


class HitDelegate(QStyledItemDelegate):
    """Two lines per hit; rows 1–9 carry the number Alt+n pastes."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: OrderedDict[tuple[object, ...], _RowLayout] = OrderedDict()
        self.retranslate()

    def retranslate(self) -> None:
        """Badge texts are cached per language: painting must not call into the translator."""
        self._badges = {
            LibraryKind.TEAM: self.tr("Team"),
            LibraryKind.PERSONAL: self.tr("Personal"),
            None: self.tr("Product"),
        }
        self._rows.clear()  # prepared rows carry the old badge texts

    def badge_text(self, hit: SearchHit) -> str:
        return self._badges[None if hit.kind is HitKind.PRODUCT else hit.library]

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        title = QFontMetrics(option.font).height()
        small = QFontMetrics(small_font(option.font)).height()
        return QSize(200, title + small + 2 * PAD_Y + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        hit: SearchHit | None = index.data(HIT_ROLE)
        if hit is None:
            return
        rect: QRect = option.rect
        row = self._row_layout(hit, index.row(), rect.size(), option.font)
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected:
            painter.fillRect(rect, COLORS["selection"])
            painter.fillRect(QRect(rect.left(), rect.top(), 3, rect.height()), COLORS["accent"])
        elif hovered:
            painter.fillRect(rect, COLORS["hover"])
        painter.translate(rect.topLeft())
        if row.number is not None:
            number_rect, number = row.number
            painter.setFont(row.small)
            painter.setPen(COLORS["muted"])
            painter.drawText(number_rect, Qt.AlignmentFlag.AlignVCenter, number)
        badge_rect, badge, background, foreground = row.badge
        _draw_badge(painter, badge_rect, badge, row.small, background, foreground)
        for text in row.texts:
            painter.setPen(text.color)
            painter.save()
            painter.setClipRect(text.clip)
            text.layout.draw(painter, text.origin)
            painter.restore()
        painter.restore()

    def _row_layout(self, hit: SearchHit, row: int, size: QSize, font: QFont) -> _RowLayout:
        key = (hit, row if row < 9 else -1, size.width(), size.height(), font.key())
        prepared = self._rows.get(key)
        if prepared is None:
            prepared = self._rows[key] = self._build_row(hit, row, size, font)
            if len(self._rows) > ROW_CACHE_SIZE:
                self._rows.popitem(last=False)
        else:
            self._rows.move_to_end(key)
        return prepared

    def _build_row(self, hit: SearchHit, row: int, size: QSize, base: QFont) -> _RowLayout:
        font = QFont(base)
        small = small_font(font)
        small_metrics = QFontMetrics(small)
        title_h = QFontMetrics(font).height()
        small_h = small_metrics.height()
        top = PAD_Y
        left = PAD_X
        right = size.width() - 1 - PAD_X  # QRect.right() of a row starting at 0

        number = (QRect(left, top, NUMBER_WIDTH, title_h), str(row + 1)) if row < 9 else None
        left += NUMBER_WIDTH

        # Right side of line 1: badge, then the short code left of it.
        badge = self.badge_text(hit)
        badge_w = small_metrics.horizontalAdvance(badge) + 12
        badge_rect = QRect(right - badge_w, top + (title_h - small_h) // 2 - 1, badge_w, small_h + 2)
        key = "product" if hit.kind is HitKind.PRODUCT else (hit.library.value if hit.library else "team")
        layout = _RowLayout(number, (badge_rect, badge, COLORS[f"badge_{key}_bg"], COLORS[f"badge_{key}_fg"]), small)
        texts = layout.texts
        title_right = badge_rect.left() - GAP
        if hit.code:
            code_w = small_metrics.horizontalAdvance(hit.code) + 2
            code_rect = QRect(title_right - code_w, top, code_w, title_h)
            _add_text(texts, code_rect, hit.code, matched_ranges(hit.spans, "code", len(hit.code)), small, COLORS["muted"])
            title_right = code_rect.left() - GAP

        title = one_line(hit.title)
        _add_text(texts, QRect(left, top, max(0, title_right - left), title_h), title,
                  matched_ranges(hit.spans, "title", len(title)), font, COLORS["text"])

        # Line 2: category path, then a body excerpt that shows the body match if any.
        line2 = QRect(left, top + title_h + 2, right - left, small_h)
        category = str(hit.category)
        if category:
            # +4: elidedText() elides text that fits its own advance exactly (rounding).
            category_w = min(small_metrics.horizontalAdvance(category) + 4, line2.width() // 3)
            _add_text(texts, QRect(line2.left(), line2.top(), category_w, small_h), category, [], small, COLORS["category"])
            line2.setLeft(line2.left() + category_w + GAP)
        body, spans = snippet(hit.body, hit.spans, "body", SNIPPET_CHARS)
        _add_text(texts, line2, body, matched_ranges(spans, "body", len(body)), small, COLORS["muted"])
        return layout


def _draw_badge(painter: QPainter, rect: QRect, text: str, font: QFont, background: QColor, foreground: QColor) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(background)
    painter.drawRoundedRect(rect, 4, 4)
    painter.setFont(font)
    painter.setPen(foreground)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def _add_text(
    texts: list[_Text],
    rect: QRect,
    text: str,
    ranges: list[tuple[int, int]],
    font: QFont,
    color: QColor,
) -> None:
    """Lay out ``text`` for one line inside ``rect``, elided on the right, ``ranges``
    highlighted, and append it to ``texts`` (nothing for an empty text or rect)."""
    if rect.width() <= 0 or not text:
        return
    metrics = QFontMetrics(font)
    elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
    # A right elision keeps a prefix and appends "…": highlights past it are dropped.
    kept = len(elided) if elided == text else max(0, len(elided) - 1)
    layout = QTextLayout(elided, font)
    # Spans count code points (whole grapheme clusters); Qt counts UTF-16 units, two per emoji.
    layout.setFormats(format_ranges(utf16_ranges(elided, clip_ranges(ranges, kept))))
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(rect.width() * 2)  # never wrap: elision already fitted the text
    layout.endLayout()
    texts.append(_Text(layout, QPointF(rect.left(), rect.top() + (rect.height() - line.height()) / 2), QRect(rect), color))


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
