"""Text placed inside the rich text (HTML subset) that Qt labels and delegates render."""

from __future__ import annotations


def escape(text: str, quote: bool = True) -> str:
    """``text`` with ``& < >`` (and, with ``quote``, both quote marks) as character references.

    The same result as ``html.escape``, kept here because the ``html`` package loads its table
    of named character references on import, and the tray app would hold it for hours unused.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;").replace("'", "&#x27;")
    return text
