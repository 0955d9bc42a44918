"""The product card as an HTML fragment: title, price, tags, item id, knowledge table, notes, link.

QTextBrowser renders it in the products window, the self-test and the link card. Every value
is escaped: product data comes from spreadsheets and the team hub. Labels are translated under
the ``ProductCardHtml`` context.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from sidekick.core.placeholders import format_price
from sidekick.core.types import Product, Relation, RelationKind
from sidekick.ui.rich_text import escape

MUTED = "#6b7280"
PRICE = "#c2410c"
TAG_BG = "#dbeafe"
TAG_FG = "#1d4ed8"
LABEL = "#4b5563"


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProductCardHtml", text)


def price_text(product: Product) -> str:
    return f"¥{format_price(product.price)}" if product.price is not None else ""


def card_html(
    product: Product,
    *,
    max_fields: int | None = None,
    related: list[tuple[Relation, Product]] | None = None,
    notes: bool = True,
    link: bool = True,
    clip: int | None = None,
) -> str:
    """The card for ``product``; ``related`` (relation, target) pairs are listed when given.

    ``clip`` cuts knowledge values and relation notes to that many characters (the link card is
    a glance; the products window shows everything).
    """

    def e(text: str, quote: bool = False, cut: bool = False) -> str:
        if cut and clip is not None and len(text) > clip:
            text = text[: clip - 1] + "…"
        return escape(text, quote=quote)

    parts = [f"<div style='font-size:16px; font-weight:600'>{e(product.title)}</div>"]
    facts = []
    if product.price is not None:
        facts.append(f"<span style='color:{PRICE}; font-size:16px; font-weight:600'>{e(price_text(product))}</span>")
    if product.item_id:
        facts.append(f"<span style='color:{MUTED}'>{e(_tr('Item id'))} {e(product.item_id)}</span>")
    if facts:
        parts.append(f"<div style='margin-top:4px'>{' &nbsp;&nbsp; '.join(facts)}</div>")
    if product.tags:
        chips = " ".join(
            f"<span style='background-color:{TAG_BG}; color:{TAG_FG}'>&nbsp;{e(tag)}&nbsp;</span>"
            for tag in product.tags
        )
        parts.append(f"<div style='margin-top:4px'>{chips}</div>")

    fields = product.knowledge if max_fields is None else product.knowledge[:max_fields]
    if fields:
        rows = "".join(
            f"<tr><td style='color:{LABEL}; font-weight:600; padding:3px 12px 3px 0; white-space:nowrap'"
            f" valign='top'>{e(item.name)}</td><td style='padding:3px 0'>{e(item.value, cut=True)}</td></tr>"
            for item in fields
        )
        parts.append(f"<table cellspacing='0' cellpadding='0' style='margin-top:8px'>{rows}</table>")
        hidden = len(product.knowledge) - len(fields)
        if hidden > 0:
            parts.append(f"<div style='color:{MUTED}'>{e(_tr('… {n} more fields').replace('{n}', str(hidden)))}</div>")
    if notes and product.notes:
        parts.append(
            f"<div style='margin-top:8px; color:{LABEL}; font-weight:600'>{e(_tr('Notes'))}</div>"
            f"<div style='margin-top:2px'>{e(product.notes)}</div>"
        )
    if link and product.link:
        parts.append(
            f"<div style='margin-top:8px'><span style='color:{LABEL}; font-weight:600'>{e(_tr('Link'))}</span> "
            f"<a href='{e(product.link, True)}'>{e(product.link)}</a></div>"
        )
    if related:
        for kind, label in ((RelationKind.PAIRING, _tr("Pairings")), (RelationKind.SUBSTITUTE, _tr("Substitutes"))):
            lines = [
                f"<li>{e(target.title)}"
                + (f" <span style='color:{PRICE}'>{e(price_text(target))}</span>" if target.price is not None else "")
                + (f" <span style='color:{MUTED}'>— {e(relation.note, cut=True)}</span>" if relation.note else "")
                + "</li>"
                for relation, target in related
                if relation.kind is kind
            ]
            if lines:
                parts.append(
                    f"<div style='margin-top:8px; font-weight:600'>{e(label)}</div>"
                    f"<ul style='margin-top:0; margin-bottom:0; -qt-list-indent:1'>{''.join(lines)}</ul>"
                )
    return "".join(parts)

