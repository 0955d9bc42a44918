"""The translation catalogues are read with expat alone (the tray app keeps no ElementTree): the
result must be exactly what ElementTree's reading of the same files gives."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from sidekick.config.catalogue import read_ts
from sidekick.core.resources import resources_dir

TRICKY = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Tricky</name>
    <message><source>&amp;File &lt;b&gt;</source><translation>文件(&amp;F) &lt;b&gt;</translation></message>
    <message><source>Later</source><translation type="unfinished">以后</translation></message>
    <message><source>Gone</source><translation type="obsolete">没了</translation></message>
    <message><source>Empty</source><translation></translation></message>
    <message><location filename="x.py" line="3"/><source>Two
lines</source><translation>两
行</translation></message>
    <message numerus="yes"><source>%n items</source><translation>
        <numerusform>%n 项</numerusform>
    </translation></message>
    <message><source>No translation</source></message>
</context>
<context>
    <message><source>Nameless</source><translation>无名</translation></message>
</context>
</TS>
"""


def element_tree_reading(path: Path) -> dict[tuple[str, str], str]:
    table: dict[tuple[str, str], str] = {}
    for context in ElementTree.parse(path).getroot().iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if source is None or translation is None or translation.get("type") in {"unfinished", "obsolete"}:
                continue
            if translation.text:
                table[(name, source)] = translation.text
    return table


@pytest.mark.parametrize("path", sorted((resources_dir() / "i18n").glob("*/*.ts")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shipped_catalogue_reads_as_element_tree_reads_it(path: Path) -> None:
    assert read_ts(path) == element_tree_reading(path)


def test_entities_finished_states_lines_and_plural_forms(tmp_path: Path) -> None:
    path = tmp_path / "tricky.ts"
    path.write_text(TRICKY, encoding="utf-8")
    table = read_ts(path)
    assert table == element_tree_reading(path)
    assert table[("Tricky", "&File <b>")] == "文件(&F) <b>"
    assert table[("Tricky", "Two\nlines")] == "两\n行"
    assert ("Tricky", "Later") not in table and ("Tricky", "Gone") not in table and ("Tricky", "Empty") not in table
    assert table[("", "Nameless")] == "无名"
