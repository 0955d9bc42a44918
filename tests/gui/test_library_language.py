"""A language switch reaches the open library and products windows, and every text they show is the
catalogue's.

The windows are opened in one language and switched while open; then every widget's visible text
(labels, buttons, placeholders, menus and their actions, toolbar, table headers, tree) is walked.
In Chinese each must be a catalogue translation (with its ``%1`` filled) or a number; in English
none may hold Chinese outside a placeholder token such as ``{买家}``.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QTextBrowser, QWidget

from sidekick.app.library_service import LibraryService
from sidekick.app.products_service import ProductsService
from sidekick.config.catalogue import read_ts
from sidekick.config.settings import Settings
from sidekick.core.resources import resources_dir
from sidekick.db.store import Store
from sidekick.ui.i18n import install_language
from sidekick.ui.library import LibraryWindow
from sidekick.ui.products import ProductsWindow

CJK = re.compile(r"[\u3400-\u9fff]")


def _catalogue_patterns() -> list[re.Pattern[str]]:
    values: set[str] = set()
    for path in (resources_dir() / "i18n" / "zh_CN").glob("*.ts"):
        values |= set(read_ts(path).values())
    return [re.compile(re.sub(r"%\d", ".+?", re.escape(v).replace("%", "%")) + r"\Z", re.S) for v in values]


def visible_texts(window: QWidget) -> list[str]:
    texts = [window.windowTitle().replace("[*]", "")]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            texts.append(widget.placeholderText())
        if widget.toolTip():
            texts.append(widget.toolTip())
        if isinstance(widget, QTextBrowser):
            texts.append(widget.toPlainText().strip())
    if not isinstance(window, LibraryWindow):
        return [t for t in texts if t and t.strip() and not t.strip().isdigit()]
    for menu_action in window.menuBar().actions():
        texts.append(menu_action.text())
        texts += [a.text() for a in menu_action.menu().actions() if a.isVisible()]
    texts += [a.text() for a in window.actions() if a.isVisible()]
    model = window.phrase_model
    texts += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
    tree = window.tree_model
    for row in range(tree.rowCount()):
        texts.append(tree.item(row, 0).text())
    return [t for t in texts if t and t.strip() and not t.strip().isdigit()]


@pytest.fixture
def window(store: Store, qtbot) -> LibraryWindow:
    win = LibraryWindow(LibraryService(store, lambda: Settings()))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    install_language("en")


@pytest.fixture
def products(store: Store, qtbot) -> ProductsWindow:
    win = ProductsWindow(ProductsService(store, lambda: Settings()))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    install_language("en")


def test_switching_to_chinese_retranslates_the_open_windows(window: LibraryWindow, products: ProductsWindow,
                                                             qtbot) -> None:
    assert "Save (Ctrl+S)" in visible_texts(window) and "Self-test (Ctrl+T)" in visible_texts(products)
    install_language("zh_CN")
    qtbot.wait(10)
    patterns = _catalogue_patterns()
    chinese = visible_texts(window) + visible_texts(products)
    assert any("保存" in t for t in chinese) and any("自测" in t for t in chinese)
    # A toolbar button shows its action's text without the trailing "…"; an emoji has no words.
    missing = [t for t in chinese if re.search(r"\w", t)
               and not any(p.match(t) or p.match(t + "…") for p in patterns)]
    assert missing == [], "texts that are not the catalogue's Chinese"


def test_switching_back_to_english_leaves_no_chinese(window: LibraryWindow, products: ProductsWindow,
                                                      qtbot) -> None:
    install_language("zh_CN")
    qtbot.wait(10)
    install_language("en")
    qtbot.wait(10)
    texts = visible_texts(window) + visible_texts(products)
    leftover = [t for t in texts if CJK.search(re.sub(r"\{[^}]*\}", "", t))]
    assert leftover == []
