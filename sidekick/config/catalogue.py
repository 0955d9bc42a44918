"""The translation catalogues (``resources/i18n/<language>/*.ts``) read without Qt.

The UI installs them as a Qt translator (``sidekick.ui.i18n``); the command line, which loads
no Qt, looks messages up here directly, so both speak from the same files.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path

from sidekick.core.resources import resources_dir


def read_ts(path: Path) -> dict[tuple[str, str], str]:
    """(context, source) → translation for every finished message of one ``.ts`` file."""
    table: dict[tuple[str, str], str] = {}
    root = ElementTree.parse(path).getroot()
    for context in root.iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if source is None or translation is None or translation.get("type") in {"unfinished", "obsolete"}:
                continue
            if translation.text:
                table[(name, source)] = translation.text
    return table


def catalogue(language: str) -> dict[tuple[str, str], str]:
    """(context, source) → translation over all of ``language``'s ``.ts`` files (none for English)."""
    table: dict[tuple[str, str], str] = {}
    folder = resources_dir() / "i18n" / language
    if language != "en" and folder.is_dir():
        for path in sorted(folder.glob("*.ts")):
            table.update(read_ts(path))
    return table


def translator(language: str, context: str) -> Callable[[str], str]:
    """``source → translation`` for one context of ``language``'s catalogue (English: as is)."""
    table = {source: text for (name, source), text in catalogue(language).items() if name == context}
    return lambda source: table.get(source, source)
