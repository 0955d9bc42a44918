"""The typed search finds phrases by their 买家问法 (tier ``question``, below every other kind)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import Session

from sidekick.core.search import SearchIndex
from sidekick.core.types import CategoryPath, LibraryKind, MatchKind, Phrase, Span
from sidekick.db import repository as repo
from sidekick.db.search_load import load_index, refresh_phrases

NOW = datetime(2026, 6, 5, 12, 0)


def _phrase(pid: str, title: str, body: str, questions: tuple[str, ...] = ()) -> Phrase:
    return Phrase(pid, LibraryKind.TEAM, CategoryPath("售后"), title, body, questions=questions)


PHRASES = [
    _phrase("protect", "价格保护", "下单后降价可申请保价", ("刚买完就便宜了二十块", "能退差价吗")),
    _phrase("gift", "二十块以内的赠品", "满额送小样"),
    _phrase("refund", "退款进度", "退款原路返回", ("钱啥时候能回到卡里",)),
    _phrase("other", "发货时间", "48小时内发货"),
]


@pytest.fixture
def index() -> SearchIndex:
    return SearchIndex.bulk(PHRASES)


def test_a_phrase_found_only_by_its_questions(index: SearchIndex) -> None:
    hits = index.search("回到卡里", now_local=NOW)
    assert [h.id for h in hits] == ["refund"]
    assert hits[0].match is MatchKind.QUESTION
    assert hits[0].spans == (Span("questions", 5, 9),)


def test_the_question_tier_comes_after_text_matches(index: SearchIndex) -> None:
    hits = index.search("二十块", now_local=NOW)
    assert [h.id for h in hits] == ["gift", "protect"]
    assert [h.match for h in hits] == [MatchKind.TITLE_PREFIX, MatchKind.QUESTION]
    # A list the text matches already fill gets none.
    assert [h.id for h in index.search("二十块", limit=1, now_local=NOW)] == ["gift"]


def test_terms_may_match_the_questions_and_the_text_together(index: SearchIndex) -> None:
    # 申请 in the body, 二十块 in the 问法
    found = {h.id: h.match for h in index.search("申请 二十块", now_local=NOW)}
    assert found["protect"] is MatchKind.QUESTION
    # 发货 is in neither the text nor the 问法 of the phrase
    assert "protect" not in {h.id for h in index.search("发货 二十块", now_local=NOW)}


def test_replacing_and_removing_a_phrase_updates_its_questions(index: SearchIndex) -> None:
    index.add_phrase(_phrase("refund", "退款进度", "退款原路返回", ("退款多久到账",)))
    assert index.search("回到卡里", now_local=NOW) == []
    assert [h.id for h in index.search("多久到账", now_local=NOW)] == ["refund"]
    index.remove("refund")
    assert index.search("多久到账", now_local=NOW) == []


def test_the_loader_brings_the_questions(store) -> None:
    with store.session() as s:
        for phrase in PHRASES:
            repo.save_phrase(session=s, phrase=phrase)
    with Session(store.engine) as session:
        for index in (load_index(session), load_index(store.engine)):
            hits = index.search("回到卡里", now_local=NOW)
            assert [(h.id, h.match) for h in hits] == [("refund", MatchKind.QUESTION)]
    index = load_index(store.engine)
    edited = _phrase("other", "发货时间", "48小时内发货", ("啥时候能发出来",))
    with store.session() as s:
        repo.save_phrase(session=s, phrase=edited)
    refresh_phrases(index, store.engine, ["other"])
    assert [h.id for h in index.search("发出来", now_local=NOW)] == ["other"]


def test_question_texts_find_each_slot_once_and_never_across_two() -> None:
    import numpy as np

    from sidekick.core.search.questions import QuestionTexts

    texts = QuestionTexts()
    texts.set(4, ("到卡里了吗", "钱到卡里"))  # twice in one slot
    texts.set(9, ("退到卡",))
    texts.set(2, ("里面有赠品吗",))  # "卡" ends slot 9's text, "里" starts slot 2's
    assert texts.slots_with(["到卡里"]).tolist() == [4]
    assert texts.slots_with(["卡里"]).tolist() == [4]
    assert texts.slots_with(["到卡", "赠品"]).tolist() == [2, 4, 9]
    assert texts.slots_with(["吗\n钱"]).tolist() == [4]  # within a slot, questions are joined by newlines
    texts.discard(4)
    assert texts.slots_with(["到卡"]).tolist() == [9]
    texts.remap([-1, -1, 0, -1, -1, -1, -1, -1, -1, 1])
    assert texts.slots_with(["赠品"]).tolist() == [0] and texts.slots_with(["到卡"]).tolist() == [1]
    eligible = np.ones(2, dtype=bool)
    strict_none = np.zeros(2, dtype=bool)
    assert texts.matches([["赠品"], ["到卡"]], [strict_none, strict_none], eligible).tolist() == []
    assert texts.matches([["赠品"], ["到卡"]], [strict_none, np.array([True, False])], eligible).tolist() == [0]


def test_a_term_in_most_questions_is_found_in_each_of_them() -> None:
    from sidekick.core.search.questions import QuestionTexts

    texts = QuestionTexts()
    for slot in range(20):
        texts.set(slot, (f"第{slot}个问题吗",) if slot % 3 else ("没有那个字",))
    assert texts.slots_with(["吗"]).tolist() == [s for s in range(20) if s % 3]  # the text-by-text path
    assert texts.slots_with(["第4个"]).tolist() == [4]  # the scanning path
