"""From exchanges to the lead's report: what buyers ask most, what the library answers, what to add.

``mine`` runs the whole pipeline in passes that each grow about linearly with the number of
messages: classify each buyer question (question, closing, greeting, noise), deduplicate
exactly and then near-duplicates (MinHash), give each family of near-duplicates the intent
the question bank sees in it, group by intent (or, without a confident intent, by wording),
rank the groups by how many distinct conversations ask, and for each group find the library
phrase the suggestion engine would offer (covered) or not (gap) and propose a reply from the
agents' own answers.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from sidekick.core.mining.minhash import near_duplicate_families, shingles
from sidekick.core.mining.pairing import Exchange
from sidekick.core.mining.reply import propose_reply
from sidekick.core.mining.wording import cluster_by_rare_words
from sidekick.core.suggest.bank import QuestionBank
from sidekick.core.suggest.text import normalise, segments

Progress = Callable[[str, int, int], None]

NEAR_DUPLICATE = 0.6  # shingle Jaccard for "the same question, worded a little differently"
INTENT_CONFIDENCE = 0.45  # the bank's similarity needed to name a group's intent
EXAMPLES = 5
INTENT_BATCH = 512  # questions scored against the bank in one matrix
NEIGHBOURS_PER_INTENT = 40  # the shop's own questions per intent that unsure ones are compared with
NEIGHBOUR_SIMILARITY = 0.4  # cosine to the nearest confident question needed to join its intent

_CLOSING = re.compile(
    r"^(?:好的?|好吧|好滴|嗯+|恩+|哦+|噢+|ok|okay|谢谢|谢了|多谢|感谢|谢谢亲|3q|thx|thanks|麻烦了|辛苦了?|知道了|明白了|"
    r"收到了?|行吧?|可以|没有了|没了|没事了|不用了|拜拜|再见|那好吧|好嘞|晓得了)+(?:啊|啦|了|的|呀|哈|嗯|哦|亲|你|您)*$"
)
# Answers to the agent's own question, meaningful only in their conversation (「是的」「对」「没有」,
# a bare order number or link): not questions a reply could be prepared for.
_CONTEXTUAL = re.compile(r"^(?:是的?|对的?|对啊|嗯呢|没有|不是|有的?|没|不用|不要|要的?|需要|不需要|可以的|行的|是啊|是呀)+"
                         r"(?:啊|呀|呢|哦|的)*$")
_GREETING = re.compile(r"^(?:你好|您好|在吗|在不在|在么|有人吗|有人在吗|hello|hi|哈喽|客服|人工|转人工|人工客服|亲)+"
                       r"(?:呀|啊|吗|嘛|呢|亲)*$")
CLOSING, GREETING = "closing", "greeting"
# Order and product cards the chat window inserts (「订单号:[订单x] 商品ID:[数字x]」, after
# normalising: label, colon, token symbol) and the channel's "顾客通过点击…发送" prefix.
_CARD = re.compile(r"[\u4e00-\u9fffa-z]{0,8}\s*[:：]\s*;?\s*\[?[\ue000-\ue0ff][\]，,]?|顾客通过点击\S{0,40}?发送\s*[:：]?")
_SYMBOLS = re.compile(r"[\ue000-\ue0ff\d]+")  # masked-token symbols and digits carry no question
# Bank intents that are greetings or closings: their groups are counted as such, not as questions.
KIND_OF_INTENT = {"greeting": GREETING, "thanks_closing": CLOSING}


@dataclass(frozen=True, slots=True)
class Member:
    text: str  # masked buyer question, as the buyer wrote it
    source: str  # file:line
    conversation: str


@dataclass
class QuestionGroup:
    rank: int
    kind: str  # "question", "closing" or "greeting"
    representative: str
    conversations: int  # distinct conversations that ask it
    questions: int  # buyer questions in the group (after nothing is dropped)
    share: float  # of all buyer questions in the files
    intent: str | None
    intent_name: str | None
    examples: list[str]
    covered_by: str | None = None  # phrase id
    covered_title: str | None = None
    covered_score: float | None = None
    proposed_reply: str | None = None
    members: list[Member] = field(default_factory=list)

    @property
    def is_gap(self) -> bool:
        return self.covered_by is None


@dataclass
class MiningReport:
    groups: list[QuestionGroup]
    messages: int  # buyer questions read (closings and greetings included, noise excluded)
    conversations: int
    noise: int  # order cards, emoji only, empty after masking
    coverage_before: float  # share of buyer questions the library answers confidently
    coverage_after: float  # … if every proposed reply for a gap were accepted


def question_kind(text: str) -> tuple[str, str]:
    """(kind, the question's matching text) for a masked buyer question; kind "" for noise."""
    pieces = segments(_CARD.sub(" ", normalise(text)))
    if not pieces:
        return "", ""
    asked = [piece for piece in pieces if not _CLOSING.match(piece) and not _GREETING.match(piece)]
    if asked:
        words = "".join(asked)
        if len(_SYMBOLS.sub("", words)) < 2 or _CONTEXTUAL.match(words):
            return "", ""  # a bare order number, link or 「是的」: context, not a question
        return "question", words
    if any(_CLOSING.match(piece) for piece in pieces):
        return CLOSING, "".join(pieces)
    return GREETING, "".join(pieces)


def mine(
    exchanges: Iterable[Exchange],
    bank: QuestionBank,
    *,
    suggest: Callable[[str], tuple[str, str, float] | None] | None = None,
    top: int | None = 20,
    progress: Progress | None = None,
    keep_members: bool = True,
) -> MiningReport:
    """The report for ``exchanges``: every group, ranked; ``suggest(question)`` → (phrase id, title,
    score) or None checks coverage (the first ``top`` groups on three examples each)."""
    from sidekick.core.suggest.linker import IntentLinker

    report = progress or (lambda _stage, _done, _total: None)
    keys: dict[str, int] = {}  # matching text → unique question index
    unique_members: list[list[Member]] = []
    unique_answers: list[list[tuple[str, tuple[str, ...]]]] = []
    unique_kind: list[str] = []
    conversations: set[str] = set()
    noise = total = 0
    for count, exchange in enumerate(exchanges, 1):
        kind, key = question_kind(exchange.question)
        if not kind:
            noise += 1
            continue
        total += 1
        conversations.add(exchange.conversation)
        index = keys.get(key)
        if index is None:
            index = keys[key] = len(unique_members)
            unique_members.append([])
            unique_answers.append([])
            unique_kind.append(kind)
        unique_members[index].append(Member(exchange.question, exchange.source, exchange.conversation))
        if exchange.answers:
            unique_answers[index].append(("\n".join(exchange.answers), exchange.agents))
        if count % 5000 == 0:
            report("read", count, 0)
    texts = list(keys)
    report("deduplicate", 0, len(texts))
    families = near_duplicate_families(texts, NEAR_DUPLICATE)
    # One intent per family, judged on its most frequent text (cheap: one lookup per family).
    linker = IntentLinker(bank)
    family_members: dict[int, list[int]] = defaultdict(list)
    for index, family in enumerate(families):
        family_members[int(family)].append(index)
    family_intent: dict[int, tuple[int, float]] = {}
    asking = [(family, max(indexes, key=lambda i: len(unique_members[i])))
              for family, indexes in family_members.items() if unique_kind[indexes[0]] == "question"]
    for start in range(0, len(asking), INTENT_BATCH):
        batch = asking[start : start + INTENT_BATCH]
        scores = linker.scores_many([texts[lead] for _family, lead in batch])
        if scores.shape[1]:
            best = scores.argmax(axis=1)
            for (family, _lead), intent, score in zip(batch, best, scores[np.arange(len(batch)), best]):
                if score >= INTENT_CONFIDENCE:
                    family_intent[family] = (int(intent), float(score))
        report("intents", min(start + INTENT_BATCH, len(asking)), len(asking))
    # Questions the bank is not sure about join the intent group whose own questions (the shop's
    # words, not the bank's) they are most like; the rest are clustered by wording below.
    unsure = [(family, lead) for family, lead in asking if family not in family_intent]
    _attach_to_nearest(unsure, family_intent, family_members, unique_members, texts, report)
    loose = [family for family, indexes in family_members.items()
             if unique_kind[indexes[0]] == "question" and family not in family_intent]
    loose_leads = [max(family_members[f], key=lambda i: len(unique_members[i])) for f in loose]
    clusters = cluster_by_rare_words([texts[i] for i in loose_leads],
                                     [sum(len(unique_members[i]) for i in family_members[f]) for f in loose],
                                     background=[p for intent in bank.intents for p in intent.phrasings])
    group_of_family: dict[int, str] = {}
    for family, (intent, _score) in family_intent.items():
        intent_id = bank.intents[intent].id
        intent_kind = KIND_OF_INTENT.get(intent_id)
        group_of_family[family] = f"kind:{intent_kind}" if intent_kind else f"intent:{intent_id}"
    for family, cluster in zip(loose, clusters):
        group_of_family[family] = f"words:{loose[int(cluster)]}"
    for family, indexes in family_members.items():
        if unique_kind[indexes[0]] != "question":
            group_of_family[family] = f"kind:{unique_kind[indexes[0]]}"
    grouped: dict[str, list[int]] = defaultdict(list)
    for family, indexes in family_members.items():
        grouped[group_of_family[family]].extend(indexes)
    report("rank", 0, len(grouped))
    groups = [_group(key, indexes, texts, unique_members, unique_answers, bank, total, keep_members)
              for key, indexes in grouped.items()]
    groups.sort(key=lambda g: (-g.conversations, -g.questions, g.representative))
    for rank, group in enumerate(groups, 1):
        group.rank = rank
    coverage_before, coverage_after = _measure_coverage(groups, suggest, top, report)
    return MiningReport(groups=groups, messages=total, conversations=len(conversations), noise=noise,
                        coverage_before=coverage_before, coverage_after=coverage_after)


def _attach_to_nearest(unsure: list[tuple[int, int]], family_intent: dict[int, tuple[int, float]],
                       family_members: dict[int, list[int]], unique_members: list[list[Member]], texts: list[str],
                       report: Progress) -> None:
    """Give each unsure family the intent of its nearest confident question, when near enough.

    The index holds at most ``NEIGHBOURS_PER_INTENT`` of the most asked questions per intent, so
    its size (and the cost per question) does not grow with the number of messages."""
    from sidekick.core.suggest.questions import question_bag
    from sidekick.core.suggest.sparse import SparseIndex

    by_intent: dict[int, list[int]] = defaultdict(list)
    for family, (intent, _score) in family_intent.items():
        by_intent[intent].extend(family_members[family])
    rows: list[int] = []
    row_intent: list[int] = []
    for intent, indexes in by_intent.items():
        chosen = sorted(indexes, key=lambda i: -len(unique_members[i]))[:NEIGHBOURS_PER_INTENT]
        rows += chosen
        row_intent += [intent] * len(chosen)
    if not rows or not unsure:
        return
    index = SparseIndex([question_bag(texts[i], with_words=True) for i in rows])
    owner = np.array(row_intent, dtype=np.int64)
    for start in range(0, len(unsure), INTENT_BATCH):
        batch = unsure[start : start + INTENT_BATCH]
        scores = index.scores_many([question_bag(texts[lead], with_words=True) for _family, lead in batch])
        best = scores.argmax(axis=1)
        for (family, _lead), row, score in zip(batch, best, scores[np.arange(len(batch)), best]):
            if score >= NEIGHBOUR_SIMILARITY:
                family_intent[family] = (int(owner[row]), float(score))
        report("neighbours", min(start + INTENT_BATCH, len(unsure)), len(unsure))


COVERAGE_FULL = 1500  # groups checked one by one beyond the ones shown …
COVERAGE_SAMPLE = 300  # … and a sample of the long tail of rare questions, extrapolated


def _measure_coverage(groups: list[QuestionGroup], suggest: Callable[[str], tuple[str, str, float] | None] | None,
                      top: int | None, report: Progress) -> tuple[float, float]:
    """Check the shown groups (three examples each), the next ones by their representative and a
    sample of the rest, so the cost is bounded however long the tail of one-off questions is.
    Returns the share of buyer questions covered now, and once every proposal is accepted."""
    questions = [g for g in groups if g.kind == "question"]
    asked = sum(g.questions for g in questions)
    if suggest is None or not asked:
        return 0.0, 0.0
    shown = len(questions) if top is None or top < 0 else min(top, len(questions))
    head, tail = questions[: shown + COVERAGE_FULL], questions[shown + COVERAGE_FULL :]
    step = max(1, len(tail) // COVERAGE_SAMPLE) if tail else 1
    sample = tail[::step]
    checked = head + sample
    for done, group in enumerate(checked, 1):
        hit = _coverage(group, suggest, examples=3 if done <= shown else 1)
        if hit is not None:
            group.covered_by, group.covered_title, group.covered_score = hit
        if done % 200 == 0 or done == len(checked):
            report("coverage", done, len(checked))

    def counts(part: list[QuestionGroup]) -> tuple[int, int, int]:
        covered = sum(g.questions for g in part if not g.is_gap)
        proposed = sum(g.questions for g in part if g.is_gap and g.proposed_reply)
        return covered, proposed, sum(g.questions for g in part)

    covered, proposed, _ = counts(head)
    if sample:
        sample_covered, sample_proposed, sample_total = counts(sample)
        tail_total = sum(g.questions for g in tail)
        covered += round(tail_total * sample_covered / sample_total)
        proposed += round(tail_total * sample_proposed / sample_total)
    return covered / asked, (covered + proposed) / asked


def _group(key: str, indexes: list[int], texts: list[str], members: list[list[Member]],
           answers: list[list[tuple[str, tuple[str, ...]]]], bank: QuestionBank, total: int,
           keep_members: bool) -> QuestionGroup:
    kind = key.split(":", 1)[1] if key.startswith("kind:") else "question"
    intent = bank.get(key.split(":", 1)[1]) if key.startswith("intent:") else None
    everyone = [m for i in indexes for m in members[i]]
    by_frequency = sorted(indexes, key=lambda i: (-len({m.conversation for m in members[i]}), texts[i]))
    representative = _medoid([texts[i] for i in by_frequency[:50]], [len(members[i]) for i in by_frequency[:50]])
    rep_text = members[by_frequency[0]][0].text if representative is None else \
        members[by_frequency[min(representative, len(by_frequency) - 1)]][0].text
    examples = list(dict.fromkeys(members[i][0].text for i in by_frequency))[:EXAMPLES]
    group_answers = [a for i in indexes for a in answers[i]]
    return QuestionGroup(
        rank=0, kind=kind, representative=rep_text, conversations=len({m.conversation for m in everyone}),
        questions=len(everyone), share=len(everyone) / max(total, 1),
        intent=intent.id if intent else None, intent_name=intent.name if intent else None,
        examples=examples, proposed_reply=propose_reply(group_answers),
        members=everyone if keep_members else [],
    )


def _medoid(texts: list[str], weights: list[int]) -> int | None:
    """Index of the text most like the others (weighted by how often each was asked)."""
    if not texts:
        return None
    sets = [shingles(t) for t in texts]
    best, best_score = 0, -1.0
    for i, a in enumerate(sets):
        score = sum(w * (len(a & b) / len(a | b) if a or b else 1.0) for b, w in zip(sets, weights))
        if score > best_score:
            best, best_score = i, score
    return best


def _coverage(group: QuestionGroup, suggest: Callable[[str], tuple[str, str, float] | None],
              examples: int = 3) -> tuple[str, str, float] | None:
    """The phrase the engine offers for most of the group's examples, if for at least half of them."""
    hits = [suggest(text) for text in group.examples[:examples]]
    found = Counter(hit[0] for hit in hits if hit is not None)
    if not found:
        return None
    phrase_id, votes = found.most_common(1)[0]
    if votes * 2 < len(hits):
        return None
    best = max((hit for hit in hits if hit is not None and hit[0] == phrase_id), key=lambda hit: hit[2])
    return best
