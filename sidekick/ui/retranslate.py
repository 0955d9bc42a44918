"""Texts that follow a language switch at run time.

``retranslatable(apply, source)`` sets a widget's text from its English ``source`` now and keeps
the pair, and ``retranslate_texts()`` applies every kept pair again in the current language:
a window calls it on ``QEvent.LanguageChange`` (which ``install_language`` causes), so a
window that is open when the language changes speaks the new one at once. Texts that depend
on state (a heading naming the phrase, a count) are recomputed by the window's own
``retranslate``.
"""

from __future__ import annotations

from collections.abc import Callable


class Retranslatable:
    """Mixin for a QWidget subclass (``tr`` is the widget's)."""

    _texts: list[tuple[Callable[[str], object], str]]

    def retranslatable(self, apply: Callable[[str], object], source: str) -> None:
        if not hasattr(self, "_texts"):
            self._texts = []
        self._texts.append((apply, source))
        apply(self.tr(source))  # type: ignore[attr-defined]  # a mixin: tr() comes from the QObject it is mixed into

    def retranslate_texts(self) -> None:
        for apply, source in getattr(self, "_texts", []):
            apply(self.tr(source))  # type: ignore[attr-defined]  # tr() of the QObject this is mixed into
