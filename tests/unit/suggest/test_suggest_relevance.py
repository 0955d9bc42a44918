"""Relevance of the shipped question bank on buyer phrasings it was not built from.

A library with one reply per intent (linked to it) is asked each held-out phrasing of
``heldout_phrasings.yaml``; the reply of the phrasing's intent must come first for at least
80 % of them and in the top 3 for at least 95 %, and never be missing for the core cases in
the table below. The larger set written apart from the bank (``benchmarks/suggest_phrasings.yaml``)
must stay at the level measured when it was written.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from sidekick.core.suggest import QuestionBank, SuggestEngine, load_question_bank
from sidekick.core.types import CategoryPath, LibraryKind, Phrase

HELDOUT = yaml.safe_load((Path(__file__).with_name("heldout_phrasings.yaml")).read_text(encoding="utf-8"))
# 876 phrasings written apart from the bank (see its header); benchmarks/suggest.py prints the same figures.
APART = yaml.safe_load((Path(__file__).parents[3] / "benchmarks" / "suggest_phrasings.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def bank() -> QuestionBank:
    return load_question_bank()


@lru_cache(maxsize=1)
def engine() -> SuggestEngine:
    # One reply per intent, titled by its id so the check reads plainly; bodies say nothing
    # the buyer would type, so only the question channels can find them.
    phrases = [Phrase(id=intent.id, library=LibraryKind.TEAM, category=CategoryPath("回复"), title=intent.id,
                      body="好的", intents=(intent.id,)) for intent in bank().intents]
    return SuggestEngine(phrases, bank())


def ranked(message: str) -> list[str]:
    return [s.phrase.id for s in engine().suggest(message, limit=3)]


@pytest.mark.parametrize("phrasings", [HELDOUT, APART], ids=["heldout", "apart"])
def test_heldout_phrasings_are_not_in_the_bank(phrasings: dict[str, list[str]]) -> None:
    known = {p for intent in bank().intents for p in intent.phrasings}
    unknown_ids = [i for i in phrasings if bank().get(i) is None]
    assert not unknown_ids
    assert not [p for ps in phrasings.values() for p in ps if p in known]


def test_heldout_phrasings_find_their_intent() -> None:
    cases = [(intent, p) for intent, phrasings in HELDOUT.items() for p in phrasings]
    results = [(intent, p, ranked(p)) for intent, p in cases]
    top1 = sum(r[:1] == [intent] for intent, _p, r in results) / len(results)
    top3 = sum(intent in r for intent, _p, r in results) / len(results)
    misses = [(intent, p, r) for intent, p, r in results if intent not in r]
    assert top1 >= 0.8, f"top-1 {top1:.2f}; misses: {misses}"
    assert top3 >= 0.95, f"top-3 {top3:.2f}; misses: {misses}"


def test_phrasings_written_apart_from_the_bank_keep_their_measured_level() -> None:
    # A floor under the figures measured with the intent model (top-1 0.761, top-3 0.910,
    # nothing 0.035; without it, when the set was written: 0.718, 0.878, 0.058): a change to the
    # engine or the bank that loses generalisation fails here.
    results = [(intent, ranked(p)) for intent, phrasings in APART.items() for p in phrasings]
    top1 = sum(r[:1] == [intent] for intent, r in results) / len(results)
    top3 = sum(intent in r for intent, r in results) / len(results)
    assert len(results) == 876
    assert top1 >= 0.74 and top3 >= 0.89, f"top-1 {top1:.3f}, top-3 {top3:.3f}"


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("刚买完就便宜了二十块 能退吗", "price_protection"),
        ("钱啥时候能回到卡里", "refund_progress"),
        ("你家这个是不是真货啊", "authenticity"),
        ("[订单x] 咋还不发货啊 急用", "urge_shipping"),
        ("收货地址写错了\n能改不", "change_address"),
        ("咨询订单号:[订单x] 订单金额:[金额x] 发票抬头能改成公司吗", "invoice_change"),
        ("你好 我买的东西显示签收了 可我没收到", "signed_not_received"),
    ],
)
def test_core_cases_come_first(message: str, intent: str) -> None:
    assert ranked(message)[:1] == [intent]


def test_a_message_with_two_questions_offers_both() -> None:
    found = ranked("地址写错了能改吗 还有什么时候发货")
    assert {"change_address", "shipping_time"} <= set(found)


def test_nothing_confident_means_no_suggestion() -> None:
    assert ranked("asdf qwer zxcv") == []
    assert ranked("🙂🙂") == []
