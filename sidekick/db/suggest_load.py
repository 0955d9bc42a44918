"""The suggestion engine over the local library: phrases, products and usage as the index loads them."""

from __future__ import annotations

from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

from sidekick.db.search_load import Source, load_phrases, load_products, load_usage

if TYPE_CHECKING:
    from sidekick.core.suggest import QuestionBank, SuggestEngine


def build_suggest_engine(source: Source, bank: QuestionBank, recommend_template: str | None = None, *,
                         keep_caches: bool = True) -> SuggestEngine:
    """A ``SuggestEngine`` for the library in ``source`` (a database path or engine): what the
    popup's suggest mode, ``sidekick suggest``, ``sidekick mine`` and the library window's chat
    mining all rank with. The sentence vectors of earlier processes are read before the build and
    new ones written after it (``vector_cache``), and so are the intent links of its replies
    (``link_cache``), unless ``keep_caches`` is False."""
    from sidekick.core.suggest import SuggestEngine
    from sidekick.core.suggest.linker import shared_linker
    from sidekick.db import link_cache, vector_cache

    phrases = [phrase for phrase, _forms in load_phrases(source)]
    products = [product for product, _forms in load_products(source)]
    usage = {key: stat.frecency for key, stat in load_usage(source).items()}
    extra: dict[str, Any] = {} if recommend_template is None else {"recommend_template": recommend_template}
    with vector_cache.kept_between_processes() if keep_caches else nullcontext(), \
            link_cache.kept_between_processes(shared_linker(bank, True)) if keep_caches else nullcontext():
        return SuggestEngine(phrases, bank, products=products, usage=usage, **extra)
