"""A file the readers refuse is explained in the UI's language, naming the file and the place."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sidekick.app.library_service import LibraryService
from sidekick.app.products_service import ProductsService
from sidekick.config.settings import Settings
from sidekick.core.types import LibraryKind
from sidekick.db.store import Store
from sidekick.ui.i18n import install_language
from sidekick.ui.library import LibraryWindow
from sidekick.ui.products.transfer import ImportDialog

# 30 Chinese characters of valid UTF-8, then a byte no encoding reads, on line 3.
DAMAGED = ("matches:\n  - trigger: ':a'\n    replace: '" + "您好" * 15 + " ").encode() + b"\xff'\n"


@pytest.fixture
def chinese(qapp) -> Iterator[None]:
    install_language("zh_CN")
    yield
    install_language("en")


def library_preview_problems(qtbot, store: Store, path: Path) -> list[str]:
    """The problems the library window's import preview lists for ``path``, as shown."""
    window = LibraryWindow(LibraryService(store, lambda: Settings()))
    qtbot.addWidget(window)
    dialog = window.start_import(path, LibraryKind.PERSONAL)
    assert dialog is not None
    qtbot.addWidget(dialog)
    return [dialog.problems.item(i).text() for i in range(dialog.problems.count())]


def test_a_damaged_file_is_explained_in_chinese_in_the_library_window(
    qtbot, store: Store, tmp_path: Path, chinese: None
) -> None:
    path = tmp_path / "快捷短语.yml"
    path.write_bytes(DAMAGED)
    shown = library_preview_problems(qtbot, store, path)
    assert len(shown) == 1, shown
    assert "快捷短语.yml" in shown[0]
    assert "第 3 行第 106 列（第 132 个字节）" in shown[0], shown[0]
    assert "不是有效的 UTF-8 文本" in shown[0] and "save it again" not in shown[0], shown[0]


def test_a_refused_product_file_is_explained_in_chinese_in_the_products_window(
    qtbot, store: Store, tmp_path: Path, chinese: None
) -> None:
    path = tmp_path / "商品.json"
    path.write_text('{"format": "sidekick", "version": 1, "products": ' + "[" * 40 + "]" * 40 + "}", encoding="utf-8")
    dialog = ImportDialog(ProductsService(store, Settings), None, path)
    qtbot.addWidget(dialog)
    assert dialog.run_preview() is not None
    details = dialog.details.toPlainText() + dialog.summary.text()
    assert "商品.json" in details and "JSON 的嵌套超过 32 层" in details, details
    assert not dialog.import_button.isEnabled()


def test_english_stays_english(qtbot, store: Store, tmp_path: Path) -> None:
    install_language("en")
    path = tmp_path / "phrases.yml"
    path.write_bytes(DAMAGED)
    assert library_preview_problems(qtbot, store, path)[0] == (
        "✖ phrases.yml: byte 0xFF at line 3, column 106 (byte 132) is not valid "
        "UTF-8 text: the file is damaged; save it again as UTF-8 text")
