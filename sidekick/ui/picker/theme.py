"""Colours, fonts and the style sheet of the popup, in one place.

The popup keeps its own light palette so highlights and badges stay readable whatever the
desktop theme is. Fonts prefer the CJK UI fonts of each OS so Chinese never falls back to a
font with missing glyphs or an ugly serif.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

CJK_FAMILIES = [
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Sans Serif",
]

BODY_PX = 14  # result titles and the preview: comfortable for hanzi at 100 % scale
SMALL_PX = 12  # second line, badges, status
SEARCH_PX = 17

COLORS = {
    "text": QColor("#1f2328"),
    "muted": QColor("#6b7280"),
    "category": QColor("#4b5563"),
    "match": QColor("#d9480f"),
    "accent": QColor("#2563eb"),
    "selection": QColor("#e8f0fe"),
    "hover": QColor("#f5f7fa"),
    "badge_team_bg": QColor("#dbeafe"),
    "badge_team_fg": QColor("#1d4ed8"),
    "badge_personal_bg": QColor("#dcfce7"),
    "badge_personal_fg": QColor("#15803d"),
    "badge_product_bg": QColor("#ffedd5"),
    "badge_product_fg": QColor("#c2410c"),
}


def ui_font(pixel_size: int = BODY_PX) -> QFont:
    font = QFont()
    font.setFamilies(CJK_FAMILIES)
    font.setPixelSize(pixel_size)
    return font


def small_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPixelSize(SMALL_PX)
    return font


STYLE_SHEET = """
#PickerFrame {
    background: #ffffff;
    border: 1px solid #b8bec8;
    border-bottom: 2px solid #9aa1ad;
}
#PickerSearch {
    border: none;
    border-bottom: 1px solid #e5e7eb;
    padding: 8px 12px;
    background: #ffffff;
    color: #1f2328;
}
#PickerList {
    border: none;
    background: #ffffff;
    outline: none;
}
#PickerPreview {
    border: none;
    border-top: 1px solid #e5e7eb;
    background: #fafbfc;
    color: #1f2328;
    padding: 6px 10px;
}
#PickerStatus {
    color: #6b7280;
    background: #f3f4f6;
    border-top: 1px solid #e5e7eb;
    padding: 3px 10px;
}
"""
