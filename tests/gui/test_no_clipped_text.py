"""No button or label shows its text cut off, in Chinese or in English.

A layout may give a widget less room than its text needs (a long translation, a narrow
dialog); Qt then clips the text without a word. Each window is opened at its own default size
in both languages, every page of every tab widget is visited, and each visible button and
single-line label is checked against the room its text needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QTabWidget, QToolButton, QWidget

from sidekick.app.library_service import LibraryService
from sidekick.app.products_service import ProductsService
from sidekick.config.settings import Settings
from sidekick.db.store import Store
from sidekick.ui.i18n import install_language
from sidekick.ui.library import LibraryWindow
from sidekick.ui.products import ProductsWindow
from sidekick.ui.settings_dialog import SettingsDialog


def _pages(window: QWidget) -> Iterator[str]:
    """Visit every combination of tab pages once per tab widget (enough: tabs are not nested deeply)."""
    yield "first page"
    for tabs in window.findChildren(QTabWidget):
        if not tabs.isVisibleTo(window):
            continue
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            yield f"{tabs.objectName() or type(tabs).__name__} page {tabs.tabText(index)!r}"
        tabs.setCurrentIndex(0)


def clipped(window: QWidget) -> list[str]:
    """Each visible button or single-line label narrower than its text needs, with its text."""
    found: list[str] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.width() <= 0:
            continue
        if isinstance(widget, QAbstractButton) and widget.text() and widget.hasHeightForWidth():
            # a wrapping button (WrappingCheckBox): all of its lines must fit in its height
            if widget.height() + 1 < widget.heightForWidth(widget.width()):
                found.append(f"{type(widget).__name__} {widget.text()!r}: {widget.height()} px high of "
                             f"{widget.heightForWidth(widget.width())}")
            continue
        if isinstance(widget, QAbstractButton) and widget.text():
            if isinstance(widget, QToolButton) and widget.toolButtonStyle().name == "ToolButtonIconOnly":
                continue
            need = widget.sizeHint().width()
        elif isinstance(widget, QLabel) and widget.text() and not widget.wordWrap() and not widget.pixmap():
            if "<" in widget.text():  # rich text is laid out by its document, which wraps
                continue
            shown = widget.text().split("\n")[0]
            if widget.buddy() is not None:  # a mnemonic's "&" is not drawn
                shown = shown.replace("&&", "\0").replace("&", "").replace("\0", "&")
            need = widget.fontMetrics().horizontalAdvance(shown)
        else:
            continue
        # One pixel of slack: sizeHint rounds the text's width up.
        if widget.width() + 1 < need:
            found.append(f"{type(widget).__name__} {widget.text()!r}: {widget.width()} px of {need}")
    return found


def _check(window: QWidget, qtbot) -> list[str]:
    problems: list[str] = []
    for page in _pages(window):
        qtbot.wait(10)  # let layouts settle after a page switch
        problems += [f"{page}: {p}" for p in clipped(window)]
    return problems


def _open(qtbot, make: Callable[[], QWidget]) -> QWidget:
    window = make()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_library_and_products_windows_show_every_text_whole(qtbot, store: Store, language: str) -> None:
    install_language(language)
    try:
        library = _open(qtbot, lambda: LibraryWindow(LibraryService(store, lambda: Settings())))
        products = _open(qtbot, lambda: ProductsWindow(ProductsService(store, lambda: Settings())))
        assert _check(library, qtbot) == []
        assert _check(products, qtbot) == []
    finally:
        install_language("en")


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_settings_dialog_shows_every_text_whole_on_every_tab(qtbot, language: str) -> None:
    install_language(language)
    try:
        dialog = _open(qtbot, lambda: SettingsDialog(Settings(language=language)))
        assert _check(dialog, qtbot) == []
    finally:
        install_language("en")


def test_the_check_finds_a_squeezed_button(qtbot) -> None:
    """The check itself: a button given half the width its text needs is reported."""
    from PySide6.QtWidgets import QPushButton

    holder = QWidget()
    button = QPushButton("插入一个很长的占位符按钮", holder)
    button.resize(button.sizeHint().width() // 2, button.sizeHint().height())
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    assert [p for p in clipped(holder) if "插入" in p]
