"""The translation catalogues (``resources/i18n/<language>/*.ts``) read without Qt.

The UI installs them as a Qt translator (``sidekick.ui.i18n``); the command line, which loads
no Qt, looks messages up here directly, so both speak from the same files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from pyexpat import ParserCreate

from sidekick.core.resources import resources_dir


class _Node:
    """An XML element as much as the catalogues need: its tag, attributes, children and the text
    before its first child (as ElementTree's ``text``)."""

    __slots__ = ("attrib", "children", "tag", "text")

    def __init__(self, tag: str, attrib: dict[str, str]) -> None:
        self.tag, self.attrib = tag, attrib
        self.children: list[_Node] = []
        self.text: str | None = None

    def iter(self, tag: str) -> Iterator[_Node]:
        """This element and every descendant named ``tag``, in document order."""
        if self.tag == tag:
            yield self
        for child in self.children:
            yield from child.iter(tag)

    def find(self, tag: str) -> _Node | None:
        return next((child for child in self.children if child.tag == tag), None)


def _parse(path: Path) -> _Node:
    """The file's root element, read with expat itself: ``xml.etree`` would stay loaded (≈0.3 MB) in
    the tray app, which reads its catalogues once at start."""
    root = _Node("", {})
    open_nodes = [root]
    parser = ParserCreate()

    def start(tag: str, attrib: dict[str, str]) -> None:
        node = _Node(tag, attrib)
        open_nodes[-1].children.append(node)
        open_nodes.append(node)

    def end(_tag: str) -> None:
        open_nodes.pop()

    def text(data: str) -> None:
        node = open_nodes[-1]
        if not node.children:  # the text before the first child
            node.text = (node.text or "") + data

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    with path.open("rb") as stream:
        parser.ParseFile(stream)
    return root.children[0]


def read_ts(path: Path) -> dict[tuple[str, str], str]:
    """(context, source) → translation for every finished message of one ``.ts`` file."""
    table: dict[tuple[str, str], str] = {}
    root = _parse(path)
    for context in root.iter("context"):
        name_node = context.find("name")
        name = (name_node.text or "") if name_node is not None else ""
        for message in context.iter("message"):
            source_node = message.find("source")
            translation = message.find("translation")
            if source_node is None or translation is None or translation.attrib.get("type") in {"unfinished", "obsolete"}:
                continue
            if translation.text:
                table[(name, source_node.text or "")] = translation.text
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
