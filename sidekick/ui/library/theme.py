"""Style sheet and fonts of the library window.

The fonts come from the picker's theme (CJK UI fonts per OS) so hanzi never fall back to a
font with missing glyphs; colours mark state (read-only banner, errors, validity) only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from sidekick.ui.picker.theme import BODY_PX, ui_font

STYLE_SHEET = """
#banner {
    background: #eff6ff;
    color: #1e3a8a;
    border: 1px solid #bfdbfe;
    border-radius: 4px;
    padding: 6px 10px;
}
#banner[readOnly="true"] {
    background: #fffbeb;
    color: #78350f;
    border: 1px solid #fcd34d;
}
#messageBar {
    background: #f0fdf4;
    color: #14532d;
    border: 1px solid #bbf7d0;
    border-radius: 4px;
    padding: 5px 10px;
}
#messageBar[error="true"] {
    background: #fef2f2;
    color: #7f1d1d;
    border: 1px solid #fecaca;
}
#placeholderErrors, #errorText {
    color: #b91c1c;
}
#previewLabel {
    background: #f9fafb;
    border: 1px solid #e5e7eb;
    border-radius: 4px;
    padding: 6px 8px;
    color: #1f2328;
}
#sectionLabel, #countLabel, #editorHeading {
    color: #4b5563;
}
#editorHeading {
    font-weight: bold;
}
#stylePanel {
    border: 1px solid #fed7aa;
    background: #fffaf5;
}
#phraseTable {
    gridline-color: #eef0f3;
}
"""


def apply_fonts(window: QWidget) -> None:
    """One CJK-capable font for the whole window."""
    window.setFont(ui_font(BODY_PX - 1))
