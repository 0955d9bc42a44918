"""The suggestion engine over the local library: phrases, products and usage as the index loads them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sidekick.db.search_load import Source, load_phrases, load_products, load_usage

if TYPE_CHECKING:
    from sidekick.core.suggest import QuestionBank, SuggestEngine


def build_suggest_engine(source: Source, bank: QuestionBank, recommend_template: str | None = None, *,
                         vectors: Path | None = None) -> SuggestEngine:
    """A ``SuggestEngine`` for the library in ``source`` (a database path or engine): what the
    popup's suggest mode, ``sidekick suggest`` and ``sidekick mine`` all rank with. With
    ``vectors`` (see ``vector_cache``) the sentence vectors of earlier processes are read
    before the build and new ones written after it."""
    from sidekick.core.suggest import SuggestEngine, semantic
    from sidekick.db import vector_cache

    encoder = semantic.encoder() if vectors is not None else None
    if encoder is not None and vectors is not None:
        vector_cache.before_build(encoder, vectors)

    phrases = [phrase for phrase, _forms in load_phrases(source)]
    products = [product for product, _forms in load_products(source)]
    usage = {key: stat.frecency for key, stat in load_usage(source).items()}
    extra: dict[str, Any] = {} if recommend_template is None else {"recommend_template": recommend_template}
    engine = SuggestEngine(phrases, bank, products=products, usage=usage, **extra)
    if encoder is not None and vectors is not None:
        vector_cache.after_build(encoder, vectors)
    return engine
