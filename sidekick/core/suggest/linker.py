"""Which intents of the question bank a phrase answers: the lead's choice, or linked
automatically from its title, category, 问法 and body (and, for a reply without a title, the
meaning of its opening)."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

import numpy as np

from sidekick.core.exchange.common import is_derived_title
from sidekick.core.suggest import model as model_module
from sidekick.core.suggest import questions as questions_module
from sidekick.core.suggest import semantic
from sidekick.core.suggest.bank import Intent, QuestionBank
from sidekick.core.suggest.model import IntentModel
from sidekick.core.suggest.questions import VOTES, QuestionTable, cached_question_bag, question_bag, semantic_share
from sidekick.core.suggest.sparse import SparseIndex
from sidekick.core.suggest.text import feature_weight
from sidekick.core.types import Phrase

# Intent linking: a phrase answers an intent when its title/questions read like the intent.
LINK_THRESHOLD = 0.6
# A keyword of an intent (「价保」「发票」) in the phrase's title decides (1.0); in its category,
# which groups many replies (「退换货」 holds 退货 and 换货), it counts less. A reply without a
# title of its own (imported from a format without titles: the title is the body's opening,
# see ``own_title``) is read through its body instead: a keyword there counts less again (a
# body mentions other matters in passing: 「付款后 7 天内价保」), and among intents whose
# keywords it names, the one whose phrasings read most like the body comes first (TIE). A
# titled reply's body keywords are not used: they linked proactive replies (「有问题我全程跟进」)
# to questions they do not answer. Chosen on the tune half with the demo shop imported as
# Qianniu hands it over (titles from the body, no 问法, no intents): top-1 0.21 → 0.66 with the
# semantic links below. Such a reply's category is not used either: it names the group's matter
# (「物流」), not the reply's (「补发」), and with it counted (0.8, then 0.65) the first link went
# to the group; left out, tune halves of both sets 0.693 / 0.793 → 0.744 / 0.807, and the first
# link agrees with the demo shop's own choice for 105 of its 176 replies instead of 97.
KEYWORD_IN_CATEGORY = 0.8
KEYWORD_IN_BODY = 0.7
KEYWORD_TIE = 0.05
# A reply without a title of its own is also linked through its opening (the body's first
# sentence), as the engine reads it for its "openings" channel (``REPLY_TEXT_WEIGHT``, which
# needs the sentence encoder): the semantic share of the opening's closeness to each intent's
# phrasings (as for a message) is added to the linker's score. (Titled replies are linked by
# their title: adding meaning there linked proactive replies such as 「好的收到」 and cost top-3
# on the tune half.) The intent model (``IntentModel``) reads the same opening as it reads a
# message, and its score for each intent, times MODEL_LINK_WEIGHT, is added too: the nearest
# phrasing alone linked 「修改收货地址」 (「好的，麻烦您把新的收货人、电话和详细地址发给咱…」) to
# nothing and 「色差说明」 to 材质. Greeting and thanks intents get no share: nearly every reply
# opens politely (「谢谢您看好咱家商品！」 linked a bulk-order reply to thanks, and thanks are the
# most frequent messages); goodbyes are linked by their words (「再见」「下次光临」, the bank's
# keywords). Chosen on the tune halves of both labelled sets with the demo shop imported without
# 问法 or titles (its categories still counted): top-1 / top-3 0.633 / 0.737 → 0.693 / 0.793
# (weights 0.5–1.0 alike; 1.5 more top-3, less top-1), first link the demo shop's own 79 → 96.
MODEL_LINK_WEIGHT = 0.6
# Link scores are kept per phrase text between engine builds (see IntentLinker.link_scores), up
# to this many (about 0.6 KB each); past it they are dropped and computed again.
LINK_MEMO_LIMIT = 50_000
# The memos are kept between processes too (``sidekick.db.link_cache``), under ``identity``: raise
# this when how link scores or opening meanings are computed changes in a way the constants and
# the bank that ``identity`` names do not show.
LINK_FORMAT = 1


def own_title(phrase: Phrase) -> str:
    """The phrase's title, or "" when it is only the body's opening (``is_derived_title``)."""
    return "" if is_derived_title(phrase.title, phrase.body) else phrase.title


class _Memo:
    """Arrays computed from texts, by what they are made of: an engine is built again after every
    library change, on worker threads, and most of its texts have not changed. Past
    LINK_MEMO_LIMIT entries it starts again (a library's texts, not a growing history)."""

    def __init__(self) -> None:
        self._known: dict[Hashable, np.ndarray] = {}
        self._used: set[Hashable] = set()  # asked for or computed in this process
        self._lock = threading.Lock()
        self.added = 0  # entries computed in this process (kept between processes when it grows)

    def get(self, key: Hashable) -> np.ndarray | None:
        with self._lock:
            found = self._known.get(key)
            if found is not None:
                self._used.add(key)
            return found

    def put(self, key: Hashable, value: np.ndarray) -> None:
        with self._lock:
            if len(self._known) >= LINK_MEMO_LIMIT:
                self._known.clear()
                self._used.clear()
            self._known[key] = value
            self._used.add(key)
            self.added += 1

    def items(self) -> list[tuple[Hashable, np.ndarray]]:
        """The entries asked for or computed in this process (those of another process's texts
        that this one never asked for, a reply since deleted or edited, are left out)."""
        with self._lock:
            return [(key, value) for key, value in self._known.items() if key in self._used]

    def fill(self, pairs: Iterable[tuple[Hashable, np.ndarray]]) -> int:
        """Take entries computed elsewhere (those it holds already keep theirs); how many it took."""
        taken = 0
        with self._lock:
            for key, value in pairs:
                if len(self._known) >= LINK_MEMO_LIMIT:
                    break
                if key not in self._known:
                    self._known[key] = value
                    taken += 1
        return taken


class IntentLinker:
    """Which intents a phrase answers, from its title, category and questions (and body)."""

    def __init__(self, bank: QuestionBank, *, with_words: bool = True) -> None:
        self.bank = bank
        self.with_words = with_words
        texts = [p for intent in bank.intents for p in (*intent.phrasings, intent.name)]
        owners = np.array([k for k, intent in enumerate(bank.intents) for _ in range(len(intent.phrasings) + 1)],
                          dtype=np.int64)
        self.questions = QuestionTable(texts, owners, with_words=with_words, votes=VOTES)
        self.minor = np.array([intent.minor for intent in bank.intents], dtype=bool)
        # Each intent as one document of all its phrasings (its "query bag"), for BM25: the
        # words an intent is asked with, pooled, answer a message that no single phrasing is
        # close to as a whole.
        self.documents = SparseIndex(
            [_intent_document(intent, with_words) for intent in bank.intents], mode="bm25", weight=feature_weight
        )
        self.cues = [intent.cues for intent in bank.intents]
        self.keywords = [tuple(word for word in intent.keywords if word) for intent in bank.intents]
        self._keyword_owners: dict[str, tuple[int, ...]] = {}
        for k, words in enumerate(self.keywords):
            for word in dict.fromkeys(words):
                self._keyword_owners[word] = (*self._keyword_owners.get(word, ()), k)
        # link_scores (the library window also asks for one phrase's links at a time): linking a
        # reply without 问法 segments its whole body, most of a rebuild's time otherwise.
        self._memo = _Memo()
        self._meanings = _Memo()  # opening_meaning's rows, by opening text
        self._models: dict[bool, IntentModel] = {}
        self._models_lock = threading.Lock()

    def identity(self) -> str:
        """What the memos' values depend on besides their keys: the bank, the constants of
        linking, matching and the intent model, the word segmenter and the sentence encoder. A
        memo stored under another identity is not used (``sidekick.db.link_cache``)."""
        try:
            segmenter = version("jieba") if self.with_words else "-"
        except PackageNotFoundError:
            segmenter = "none"
        described = json.dumps([
            LINK_FORMAT, self.with_words, segmenter, semantic.identity(),
            [LINK_THRESHOLD, KEYWORD_IN_CATEGORY, KEYWORD_IN_BODY, KEYWORD_TIE, MODEL_LINK_WEIGHT],
            [model_module.MODEL_RIDGE, questions_module.VOTES, questions_module.VOTE_WEIGHTS,
             questions_module.VOTE_ROWS, questions_module.CANDIDATE_ROWS, questions_module.SEMANTIC_WEIGHT,
             questions_module.SEMANTIC_FLOOR],
            [[i.id, i.name, i.field, i.minor, list(i.phrasings), list(i.keywords), list(i.cues)]
             for i in self.bank.intents],
        ], ensure_ascii=False, default=str)
        return hashlib.sha256(described.encode("utf-8")).hexdigest()

    @property
    def memo_added(self) -> int:
        """Entries computed in this process so far (both memos)."""
        return self._memo.added + self._meanings.added

    def memo_entries(self) -> tuple[list[list[object]], np.ndarray]:
        """Both memos' entries of this process (``_Memo.items``) as (JSON-ready keys, one row of
        scores per key), for ``remember_entries`` in another process."""
        keys: list[list[object]] = []
        rows: list[np.ndarray] = []
        for kind, memo in (("link", self._memo), ("opening", self._meanings)):
            for key, row in memo.items():
                assert isinstance(key, tuple)
                keys.append([kind, *key])
                rows.append(row)
        width = len(self.bank.intents)
        return keys, (np.stack(rows).astype(np.float32) if rows else np.zeros((0, width), dtype=np.float32))

    def remember_entries(self, keys: Sequence[Sequence[object]], rows: np.ndarray) -> int:
        """Take ``memo_entries`` of another process (with the same ``identity``); how many were
        new here. Keys of another shape are skipped."""
        links: list[tuple[Hashable, np.ndarray]] = []
        meanings: list[tuple[Hashable, np.ndarray]] = []
        for key, row in zip(keys, rows):
            match list(key):
                case ["link", str(title), str(body), list(questions), list(parts)]:
                    links.append(((title, body, tuple(map(str, questions)), tuple(map(str, parts))), row))
                case ["opening", str(text), bool(with_model)]:
                    meanings.append(((text, with_model), row))
        return self._memo.fill(links) + self._meanings.fill(meanings)

    def model(self, encoder: semantic.Encoder | None) -> IntentModel:
        """The bank's intent model (with the sentence vectors when ``encoder`` is given), fitted
        on first use and kept: the bank does not change within a process."""
        with self._models_lock:
            found = self._models.get(encoder is not None)
            if found is None:
                found = self._models[encoder is not None] = IntentModel.fit(self.questions, len(self.bank.intents),
                                                                            encoder)
            return found

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Per intent, the best similarity of any of ``texts`` to its phrasings."""
        best = np.zeros(len(self.bank.intents), dtype=np.float32)
        for text in texts:
            if text.strip():
                np.maximum(best, self.questions.best_per_owner(question_bag(text, with_words=self.with_words),
                                                               len(best))[0], out=best)
        return best

    def scores_many(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), intents)``: each text's best similarity to each intent's phrasings."""
        questions = self.questions
        if not len(questions.owners):
            return np.zeros((len(texts), len(self.bank.intents)), dtype=np.float32)
        return questions.max_per_owner(questions.index.scores_many([question_bag(t, with_words=self.with_words)
                                                                    for t in texts]))

    def link_scores(self, phrase: Phrase) -> np.ndarray:
        """Per intent, how clearly ``phrase`` answers it (``link`` keeps those ≥ LINK_THRESHOLD):
        its title and questions against the intent's phrasings, its body a little less, and the
        intent's keywords (see KEYWORD_IN_CATEGORY). A new array each call (callers add to it);
        computed once per title, body, questions and category (see LINK_MEMO_LIMIT)."""
        key = (phrase.title, phrase.body, tuple(phrase.questions), phrase.category.parts)
        known = self._memo.get(key)
        if known is None:
            known = self._link_scores(phrase)
            self._memo.put(key, known)
        return known.copy()

    def _link_scores(self, phrase: Phrase) -> np.ndarray:
        title = own_title(phrase)
        best = self.scores([title, *phrase.questions])
        body = self.scores([phrase.body]) * 0.8
        if title:
            in_title = self._keyword_intents(title)
            for k in in_title:
                best[k] = max(best[k], 1.0)
            for k in self._keyword_intents(" ".join(phrase.category.parts)) - in_title:
                best[k] = max(best[k], KEYWORD_IN_CATEGORY)
        else:
            for k in self._keyword_intents(phrase.body):
                best[k] = max(best[k], KEYWORD_IN_BODY + KEYWORD_TIE * body[k])
        np.maximum(best, body, out=best)
        return best

    def opening_meaning(self, openings: Sequence[str], vectors: np.ndarray, encoder: semantic.Encoder,
                        model: IntentModel | None, chunk: int = 512) -> np.ndarray:
        """``(len(openings), intents)``: what the opening of a reply without a title (its normalised
        text and sentence vector) adds to its link scores: the semantic share of its closeness to
        each intent's closest phrasing and, with ``model``, the intent model's reading of it
        (none for greeting and thanks intents, see MODEL_LINK_WEIGHT). Once per opening text."""
        with_model = model is not None and bool(MODEL_LINK_WEIGHT)
        out = np.zeros((len(openings), len(self.bank.intents)), dtype=np.float32)
        todo: list[int] = []
        for row, text in enumerate(openings):
            known = self._meanings.get((text, with_model))
            if known is None:
                todo.append(row)
            else:
                out[row] = known
        if not todo:
            return out
        bank_vectors = self.questions.vectors(encoder)
        for at in range(0, len(todo), chunk):  # bounded memory on large libraries
            part = np.array(todo[at:at + chunk], dtype=np.int64)
            near = vectors[part] @ bank_vectors.T
            out[part] = semantic_share(self.questions.max_per_owner(near))
            if with_model:
                assert model is not None
                grams = self.questions.index.scores_many([question_bag(openings[row], with_words=self.with_words)
                                                          for row in part.tolist()])
                read = np.clip(model.scores(grams + near), 0, None)
                out[part] += MODEL_LINK_WEIGHT * np.where(self.minor, 0, read)
            for row in part.tolist():
                self._meanings.put((openings[row], with_model), out[row].copy())
        return out

    def _keyword_intents(self, text: str) -> set[int]:
        """The intents (indexes) one of whose keywords ``text`` contains: each distinct keyword is
        looked for once (linking a large library looked for every intent's keywords in turn)."""
        if not text:
            return set()
        return {k for word, intents in self._keyword_owners.items() if word in text for k in intents}

    def choose(self, scores: np.ndarray, limit: int = 2) -> tuple[int, ...]:
        """The intents (indexes) of ``link_scores``-like ``scores`` a phrase is linked to, best first."""
        order = [int(k) for k in np.argsort(-scores, kind="stable")[:limit] if scores[k] >= LINK_THRESHOLD]
        if order:  # a second intent only when nearly as clear as the first
            order = [k for k in order if scores[k] >= scores[order[0]] - 0.12]
        return tuple(order)

    def link(self, phrase: Phrase, limit: int = 2) -> tuple[str, ...]:
        """The intents ``phrase`` answers, best first (at most ``limit``; () when none is clear)."""
        return tuple(self.bank.intents[k].id for k in self.choose(self.link_scores(phrase), limit))


def _intent_document(intent: Intent, with_words: bool) -> Counter[str]:
    bag: Counter[str] = Counter()
    for text in (*intent.phrasings, intent.name, *intent.cues):
        bag.update(cached_question_bag(text, with_words))
    return bag


@lru_cache(maxsize=4)
def shared_linker(bank: QuestionBank, with_words: bool) -> IntentLinker:
    return IntentLinker(bank, with_words=with_words)


def link_intents(phrase: Phrase, bank: QuestionBank) -> tuple[str, ...]:
    """The intents ``phrase`` answers, found automatically (its explicit ``intents`` win)."""
    return phrase.intents or shared_linker(bank, True).link(phrase)
