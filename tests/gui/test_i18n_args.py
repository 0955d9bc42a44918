"""Translated messages with arguments: one pass, user text inserted as is."""

from __future__ import annotations

from decimal import Decimal

from sidekick.core.types import Product, RelationKind


def test_arguments_are_inserted_in_one_pass() -> None:
    from sidekick.ui.i18n import with_args

    assert with_args("%1 的 %2", "满2件%2折", "搭配") == "满2件%2折 的 搭配"
    assert with_args("%2, %1", "a", "b") == "b, a"
    assert with_args("%1 of %3", "x") == "x of %3"


def test_a_product_title_with_percent_two_survives_the_duplicate_relation_message(qtbot) -> None:
    """Defect 10: the chained replace turned the title's own "%2" into the relation kind."""
    from sidekick.ui.products.relations_editor import RelationsEditor

    title = "夏季满2件%2折T恤"
    other = Product(id="p2", item_id="600002", title=title, price=Decimal("59"))
    editor = RelationsEditor("p1", [other])
    qtbot.addWidget(editor)
    assert editor.add_relation(RelationKind.PAIRING, "p2")
    assert not editor.add_relation(RelationKind.PAIRING, "p2")
    assert f"「{title}」" in editor.message.text()
