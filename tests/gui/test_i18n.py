"""Translations read from the Linguist files; untranslated text falls back to the source."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from sidekick.config.catalogue import read_ts
from sidekick.core.resources import resources_dir
from sidekick.ui.i18n import install_language


def test_chinese_is_installed_and_unknown_strings_fall_back(qapp) -> None:
    install_language("zh_CN")
    try:
        assert QCoreApplication.translate("Common", "Cancel") == "取消"
        assert QCoreApplication.translate("Common", "No such text anywhere") == "No such text anywhere"
    finally:
        install_language("en")
    assert QCoreApplication.translate("Common", "Cancel") == "Cancel"


def test_every_shipped_translation_file_parses_and_has_entries() -> None:
    files = sorted((resources_dir() / "i18n" / "zh_CN").glob("*.ts"))
    assert files
    for path in files:
        assert read_ts(path), f"{path.name} has no finished translations"
