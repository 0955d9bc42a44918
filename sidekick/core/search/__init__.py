"""Search over phrases and products: Chinese, pinyin, initials, short codes, typos.

Public API:

- ``SearchIndex`` — the index (``bulk``, ``from_columns``, ``add_phrase``, ``add_product``,
  ``remove``, ``set_usage``, ``note_use``, ``search``, ``phrase``, ``product``).
- ``phrase_forms`` / ``product_forms`` — the precomputed forms stored in ``search_forms``;
  ``decode_forms`` reads them back; ``FORMS_VERSION`` names the format.
- ``parse_query`` / ``Query`` — how a query splits into terms and filters.

See ``rank`` for the ranking rules, ``variants`` for the spellings a term is also matched as,
``partial`` for the fallback tier, and the README's "Search" section for an overview.
"""

from sidekick.core.search.forms import FORMS_VERSION, decode_forms, phrase_forms, product_forms
from sidekick.core.search.index import SearchIndex
from sidekick.core.search.query import Query, parse_query

__all__ = [
    "FORMS_VERSION",
    "Query",
    "SearchIndex",
    "decode_forms",
    "parse_query",
    "phrase_forms",
    "product_forms",
]
