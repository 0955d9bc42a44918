"""The products window while another Sidekick command holds the write lock, and when an import
fails in a way nobody foresaw: a clear message in the window, nothing the agent typed lost."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

import sidekick.db.engine as engine_module
from sidekick.app.products_service import ProductsService
from sidekick.config.settings import Settings
from sidekick.core.types import Library, Product, new_id
from sidekick.db.library_import import import_library
from sidekick.db.store import Store
from sidekick.ui.i18n import install_language
from sidekick.ui.products import ProductsWindow
from sidekick.ui.products.edit_dialog import ProductEditDialog

BUSY_ZH = "另一个 Sidekick 命令正在写入数据"


@pytest.fixture
def short_wait(store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The store's write wait cut from 5 s to 0.2 s (pooled connections reopened to take it)."""
    monkeypatch.setattr(engine_module, "WRITE_WAIT_SECONDS", 0.2)
    store.engine.dispose()
    return store


@pytest.fixture
def product(store: Store) -> Product:
    made = Product(id=new_id(), item_id="100200300", title="纯棉T恤")
    with store.session() as session:
        import_library(session=session, library=Library(products=(made,)))
    return made


@pytest.fixture
def chinese(qapp) -> Iterator[None]:
    install_language("zh_CN")
    yield
    install_language("en")


@contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """What a CLI import does for its whole write phase: hold SQLite's write lock."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_an_edit_during_a_cli_import_says_so_and_keeps_the_draft(
    qtbot, short_wait: Store, product: Product, chinese: None
) -> None:
    service = ProductsService(short_wait, Settings)
    window = ProductsWindow(service)
    qtbot.addWidget(window)
    dialog = ProductEditDialog(service, product, window)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("纯棉T恤（新款）")

    with write_lock(short_wait.path):
        assert not dialog.save()
        assert BUSY_ZH in dialog.error.text()
        assert dialog.title_edit.text() == "纯棉T恤（新款）"  # the draft stays in the open editor

    assert dialog.save()  # the same draft, saved once the lock is free
    assert service.product(product.id).title == "纯棉T恤（新款）"


def test_busy_message_is_the_cli_message_translated(qapp) -> None:
    from sidekick.ui.background import storage_busy_text

    install_language("en")
    assert storage_busy_text() == engine_module.BUSY_MESSAGE
    install_language("zh_CN")
    try:
        assert BUSY_ZH in storage_busy_text()
        assert QCoreApplication.translate("Task", engine_module.BUSY_MESSAGE) == storage_busy_text()
    finally:
        install_language("en")


def test_an_unforeseen_reader_failure_is_one_sentence_naming_the_file(
    qtbot, store: Store, product: Product, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sidekick.app import products_service
    from sidekick.config.app_log import log_path
    from sidekick.core.exchange import registry
    from sidekick.ui.products.backend import FileFormat
    from sidekick.ui.products.transfer import ImportDialog

    service = ProductsService(store, Settings)
    path = tmp_path / "shop.json"
    service.export_products(path, FileFormat.JSON)
    changed = path.read_text(encoding="utf-8").replace("纯棉T恤", "纯棉T恤 改")
    path.write_text(changed, encoding="utf-8")
    dialog = ImportDialog(service, None, path)
    qtbot.addWidget(dialog)
    assert dialog.run_preview() is not None and dialog.import_button.isEnabled()

    def broken(*_args: object, **_kwargs: object) -> object:
        raise KeyError("a reader defect")

    monkeypatch.setattr(products_service.registry, "read", broken)
    assert registry.read is broken
    assert dialog.run_import() is None  # the import: refused in one sentence, nothing written
    message = dialog.summary.text()
    assert "shop.json" in message and str(log_path()) in message
    assert "KeyError" not in message and "Traceback" not in message
    assert "KeyError: 'a reader defect'" in log_path().read_text(encoding="utf-8")
    assert service.product(product.id).title == "纯棉T恤"

    assert dialog.run_preview() is None  # the dry run: the same sentence, Import stays off
    assert "shop.json" in dialog.summary.text() and not dialog.import_button.isEnabled()
