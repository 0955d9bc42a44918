"""The product card shown in the preview pane: price, tags, key knowledge, pairings, substitutes.

Built as a small HTML fragment (QTextBrowser renders it); every value is escaped because
product data comes from spreadsheets and the team hub. Labels go through the translator under
the ``ProductCard`` context.
"""

from __future__ import annotations

import html
from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from sidekick.core.types import Product, Relation, RelationKind

KEY_FIELDS = 8  # the card is a glance, the product window has the rest
NOTES_CHARS = 160


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProductCard", text)


def format_price(price: Decimal | None) -> str:
    return f"¥{price}" if price is not None else ""


def product_card_html(product: Product, related: list[tuple[Relation, Product]]) -> str:
    """The card for ``product``; ``related`` as returned by the backend (relation, target)."""
    e = html.escape
    parts = [f"<div style='font-size:15px; font-weight:600'>{e(product.title)}</div>"]
    facts = [f"<span style='color:#c2410c; font-weight:600'>{e(format_price(product.price))}</span>"] if product.price is not None else []
    if product.tags:
        facts.append(" ".join(f"<span style='color:#1d4ed8'>#{e(tag)}</span>" for tag in product.tags))
    if product.item_id:
        facts.append(f"<span style='color:#6b7280'>{e(_tr('Item'))} {e(product.item_id)}</span>")
    if facts:
        parts.append(f"<div>{' &nbsp; '.join(facts)}</div>")

    if product.knowledge:
        rows = "".join(
            f"<tr><td style='color:#4b5563; padding-right:10px; white-space:nowrap'>{e(item.name)}</td>"
            f"<td>{e(item.value)}</td></tr>"
            for item in product.knowledge[:KEY_FIELDS]
        )
        parts.append(f"<table cellspacing='0' cellpadding='1' style='margin-top:4px'>{rows}</table>")
    if product.notes:
        notes = product.notes if len(product.notes) <= NOTES_CHARS else product.notes[:NOTES_CHARS] + "…"
        parts.append(f"<div style='color:#4b5563; margin-top:4px'>{e(notes)}</div>")

    for kind, label in ((RelationKind.PAIRING, _tr("Pairings")), (RelationKind.SUBSTITUTE, _tr("Substitutes"))):
        items = [(relation, target) for relation, target in related if relation.kind is kind]
        if not items:
            continue
        lines = []
        for relation, target in items:
            line = e(target.title)
            if target.price is not None:
                line += f" <span style='color:#c2410c'>{e(format_price(target.price))}</span>"
            if relation.note:
                line += f" <span style='color:#6b7280'>— {e(relation.note)}</span>"
            lines.append(f"<li>{line}</li>")
        parts.append(
            f"<div style='margin-top:6px; font-weight:600'>{e(label)}</div>"
            f"<ul style='margin-top:0; margin-bottom:0; -qt-list-indent:1'>{''.join(lines)}</ul>"
        )
    parts.append(f"<div style='color:#6b7280; margin-top:6px'>{e(_tr('Ctrl+R recommend · Tab back to the reply'))}</div>")
    return "".join(parts)
