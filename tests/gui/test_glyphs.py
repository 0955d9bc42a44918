"""The popup's font draws the demo shop's Chinese and emoji: no missing-glyph boxes.

A box is glyph index 0 (".notdef") in a laid-out QTextLayout. Needs a CJK font
(fonts-wqy-microhei) and a colour emoji font (fonts-noto-color-emoji), both in .ci/run.
"""

from __future__ import annotations

from helpers.fakes import EventLog  # noqa: F401  imported for its side effect: applies the PySide6 emit fix for this process
from PySide6.QtGui import QFont, QTextLayout

from sidekick.core.demo import load_demo
from sidekick.ui.picker.theme import BODY_PX, ui_font


def _missing_glyphs(text: str, font: QFont) -> list[str]:
    """Characters of ``text`` that the font (with Qt's fallbacks) draws as a box."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    while layout.createLine().isValid():
        pass
    layout.endLayout()
    missing = 0
    for run in layout.glyphRuns():
        missing += sum(1 for index in run.glyphIndexes() if index == 0)
    if not missing:
        return []
    return [char for char in dict.fromkeys(text) if not char.isspace() and _missing_glyphs_one(char, font)]


def _missing_glyphs_one(char: str, font: QFont) -> bool:
    layout = QTextLayout(char, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return any(index == 0 for run in layout.glyphRuns() for index in run.glyphIndexes())


def test_popup_font_draws_every_demo_phrase(qapp) -> None:
    font = ui_font(BODY_PX)
    demo = load_demo()
    texts = [f"{p.title} {p.category} {p.body}" for p in demo.phrases] + [p.title for p in demo.products]
    missing = {char for text in texts for char in _missing_glyphs(text.replace("\n", " "), font)}
    assert not missing, f"drawn as boxes: {sorted(missing)}"


def test_the_check_detects_a_box(qapp) -> None:
    # U+E000 is a private-use character no installed font draws: the check must see it.
    assert _missing_glyphs("快递\ue000", ui_font(BODY_PX)) == ["\ue000"]
