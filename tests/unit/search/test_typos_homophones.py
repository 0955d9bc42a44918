"""Typos as people make them (swapped letters, a budget by length) and homophones.

Relevance tables over the demo shop and over seeded random libraries, the ranking rules
(exact and prefix kinds first, then homophones, then typos), and the guarantee that the new
tiers never change a query whose exact matches already fill the list.
"""

from __future__ import annotations

import random

import pytest
from test_early_exit import NOW, WORDS, _library, _queries

from sidekick.core.demo import load_demo
from sidekick.core.search import SearchIndex
from sidekick.core.search.typos import typo_budget
from sidekick.core.types import CategoryPath, LibraryKind, MatchKind, Phrase, Span

STRICT = {
    MatchKind.CODE_EXACT, MatchKind.CODE_PREFIX, MatchKind.TITLE_PREFIX, MatchKind.TITLE_SUBSTRING,
    MatchKind.BODY_SUBSTRING, MatchKind.PINYIN_INITIALS, MatchKind.PINYIN_FULL,
}  # fmt: skip

# (query, the first hit's title contains, its match kind)
DEMO_CASES: list[tuple[str, str, MatchKind]] = [
    ("kaudi", "快递", MatchKind.FUZZY),  # ua swapped, in "kuadi" (syllables may stop early)
    ("wuilu", "物流", MatchKind.FUZZY),  # li swapped
    ("yunfie", "运费", MatchKind.FUZZY),  # ei swapped
    ("fapaio", "发票", MatchKind.FUZZY),
    ("tiuhuo", "退货", MatchKind.FUZZY),
    ("fahuoshijain", "发货时间", MatchKind.FUZZY),  # one swap in a long term
    ("fahuoshjain", "发货时间", MatchKind.FUZZY),  # two edits: 9+ letters allow them
    ("kuaidiguii", "快递柜", MatchKind.FUZZY),  # an extra letter
    ("快第", "快递", MatchKind.HOMOPHONE),
    ("包油", "包邮", MatchKind.HOMOPHONE),
    ("优惠卷", "优惠券", MatchKind.HOMOPHONE),
    ("运废险", "运费险", MatchKind.HOMOPHONE),
    ("法huo", "发货", MatchKind.HOMOPHONE),  # mixed: a homophone, then pinyin
    ("fa或", "发货", MatchKind.HOMOPHONE),  # mixed: pinyin, then a homophone
    ("发或时间", "发货时间", MatchKind.HOMOPHONE),
]


@pytest.fixture(scope="module")
def demo() -> SearchIndex:
    lib = load_demo()
    return SearchIndex.bulk(lib.phrases, lib.products)


@pytest.mark.parametrize(("query", "word", "kind"), DEMO_CASES, ids=[c[0] for c in DEMO_CASES])
def test_demo_typo_and_homophone_relevance(demo: SearchIndex, query: str, word: str, kind: MatchKind) -> None:
    hits = [h for h in demo.search(query, limit=20, now_local=NOW) if h.match is not MatchKind.PARTIAL]
    first = [h for h in hits if h.match is kind]
    assert first, [(h.title, h.match) for h in hits[:5]]
    assert word in first[0].title, [(h.title, h.match) for h in first[:5]]
    assert first[0].spans, "a typo or homophone hit shows what it matched"


def test_demo_homophone_and_typo_spans_mark_the_matched_characters(demo: SearchIndex) -> None:
    for query, word in (("包油", "包邮"), ("kaudi", "快递"), ("wuilu", "物流")):
        hit = demo.search(query, limit=5, now_local=NOW)[0]
        (span,) = [s for s in hit.spans if s.field == "title"]
        assert hit.title[span.start : span.end] == word


# (query, the planted title's word): random libraries plus one phrase each of these titles.
PLANTED = ["快递单号", "物流查询", "邮费说明", "邮费券领取", "包邮条件", "退货地址", "银行卡支付", "发货时间"]
RANDOM_CASES: list[tuple[str, str]] = [
    ("kaudi", "快递"), ("wuilu", "物流"), ("youfie", "邮费"), ("baoyuo", "包邮"),
    ("tiuhuo", "退货"), ("yinhagn", "银行"), ("fahuoshijain", "发货时间"),
    ("快第", "快递"), ("包油", "包邮"), ("邮费卷", "邮费券"), ("物留", "物流"), ("退或", "退货"),
    ("法huo", "发货"), ("you废", "邮费"),
]


def _planted_library(seed: int) -> SearchIndex:
    phrases, products, usage = _library(seed)
    extra = [
        Phrase(f"planted{i}", LibraryKind.TEAM, CategoryPath("售前"), title, "正文说明")
        for i, title in enumerate(PLANTED)
    ]
    return SearchIndex.bulk(phrases + extra, products, usage)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_library_typo_and_homophone_relevance(seed: int) -> None:
    index = _planted_library(seed)
    for query, word in RANDOM_CASES:
        hits = index.search(query, limit=20, now_local=NOW)
        assert hits, query
        assert word in hits[0].title or word in hits[0].body, (query, [(h.title, h.match) for h in hits[:3]])
        assert hits[0].match in (MatchKind.FUZZY, MatchKind.HOMOPHONE), (query, hits[0].match)


def test_typo_budget_grows_with_the_term() -> None:
    assert [typo_budget(t) for t in ("kdf", "kaud", "kuaidife", "kuaidifei", "shuangshiyi")] == [0, 1, 1, 2, 2]
    assert typo_budget("快递费用") == 0  # not letters: homophones cover Chinese
    assert typo_budget("kd 1") == 0


def _index(*titles: str, codes: tuple[str, ...] = ()) -> SearchIndex:
    codes = codes + ("",) * (len(titles) - len(codes))
    return SearchIndex.bulk(
        [Phrase(f"p{i}", LibraryKind.TEAM, CategoryPath(), t, "", c) for i, (t, c) in enumerate(zip(titles, codes))]
    )


def test_no_typos_under_four_letters_one_up_to_eight_two_beyond() -> None:
    index = _index("物流查询", "发货时间安排")
    assert index.search("wlu", now_local=NOW) == []  # 3 letters: exact only
    assert [h.id for h in index.search("wuilu", now_local=NOW)] == ["p0"]  # one swap
    assert index.search("wiull", now_local=NOW) == []  # two edits in 5 letters: too many
    assert index.search("fahuoshjain", now_local=NOW)[0].id == "p1"  # two edits in 11 letters
    assert index.search("fhauoxhijain", now_local=NOW) == []  # three (ha, x for s, ai)


def test_a_swap_counts_as_one_edit_where_it_used_to_count_two() -> None:
    titles = ("物流查询", "快递说明")
    new, old = _index(*titles), _index(*titles)
    old._typos = "legacy"
    for query in ("wuilu", "kaudi"):
        assert [h.match for h in new.search(query, now_local=NOW)] == [MatchKind.FUZZY], query
        assert [h for h in old.search(query, now_local=NOW) if h.match is MatchKind.FUZZY] == [], query


def test_codes_within_the_budget_match_as_typos() -> None:
    index = _index("运费说明", "其他", codes=("yunfei", "/kdfy2026"))
    hit = index.search("kdyf2026", now_local=NOW)[0]
    assert (hit.id, hit.match, hit.spans) == ("p1", MatchKind.FUZZY, (Span("code", 0, 9),))
    assert index.search("yunfie", now_local=NOW)[0].id == "p0"


def test_exact_and_prefix_kinds_rank_above_homophones_and_typos() -> None:
    index = _index("快第", "快递", "快递费")
    assert [(h.id, h.match) for h in index.search("快第", now_local=NOW)] == [
        ("p0", MatchKind.TITLE_PREFIX), ("p1", MatchKind.HOMOPHONE), ("p2", MatchKind.HOMOPHONE),
    ]  # fmt: skip
    index = _index("物流", "无路")  # "wulu" spells 无路 exactly, 物流 with one edit
    assert [(h.id, h.match) for h in index.search("wulu", now_local=NOW)] == [
        ("p1", MatchKind.PINYIN_FULL), ("p0", MatchKind.FUZZY),
    ]  # fmt: skip
    typo = _index("物流查询", "无聊")
    hits = typo.search("wuilu", now_local=NOW)
    assert [h.id for h in hits] == ["p0"] and hits[0].match is MatchKind.FUZZY


def test_homophones_in_titles_rank_above_homophones_elsewhere() -> None:
    index = SearchIndex.bulk([
        Phrase("body", LibraryKind.PERSONAL, CategoryPath(), "说明", "本店包邮"),
        Phrase("title", LibraryKind.TEAM, CategoryPath(), "包邮说明", ""),
    ])  # fmt: skip
    assert [h.id for h in index.search("包油", now_local=NOW)] == ["title", "body"]


def test_particles_match_only_themselves() -> None:
    index = _index("正在马路上", "在吗")
    assert [h.id for h in index.search("在吗", now_local=NOW)] == ["p1"]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_new_tiers_never_change_a_query_whose_exact_matches_fill_the_list(seed: int) -> None:
    """Property: with or without the homophone and typo tiers, a query whose exact matches
    fill the list gives the same hits; otherwise the exact hits still come first, unchanged."""
    phrases, products, usage = _library(seed)
    new = SearchIndex.bulk(phrases, products, usage)
    off = SearchIndex.bulk(phrases, products, usage)
    off._typos = "off"
    rng = random.Random(seed)
    queries = _queries(seed, 80)
    for word, spelled in rng.sample(WORDS, 12):  # typos and homophones of the library's words
        k = rng.randrange(len(spelled) - 1)
        queries += [spelled[:k] + spelled[k + 1] + spelled[k] + spelled[k + 2 :], word[0] + "第", "包" + word[-1]]
    filled = 0
    for query in queries:
        for k in range(1, len(query) + 1):
            typed = query[:k]
            for limit in (1, 5, 20):
                without = off.search(typed, limit=limit, now_local=NOW)
                with_new = new.search(typed, limit=limit, now_local=NOW)
                strict = [h for h in without if h.match in STRICT]
                assert with_new[: len(strict)] == strict, (typed, limit)
                if len(strict) == limit:
                    filled += 1
                    assert with_new == without, (typed, limit)
    assert filled > 100  # the property was exercised, not vacuous


@pytest.mark.slow  # a child process
def test_a_homophone_search_does_not_load_pypinyin() -> None:
    """Readings come from the index, else from pypinyin's character table read as a file: the
    package (and its phrase dictionary, tens of MB) is only loaded to compute stored forms."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    from sidekick.core.search import phrase_forms

    phrase = Phrase("p0", LibraryKind.TEAM, CategoryPath(), "邮费券领取", "包邮")
    probe = """
import json, sys
from sidekick.core.search import SearchIndex
from sidekick.core.types import CategoryPath, LibraryKind, Phrase
forms = sys.argv[1]
index = SearchIndex.bulk([(Phrase("p0", LibraryKind.TEAM, CategoryPath(), "邮费券领取", "包邮"), forms)])
hits = [(h.id, h.match.value) for h in index.search("邮费卷")]  # 卷: not in the library
print(json.dumps({"hits": hits, "pypinyin": "pypinyin" in sys.modules}))
"""
    repo = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    result = subprocess.run([sys.executable, "-c", probe, phrase_forms(phrase)], env=env,
                            capture_output=True, text=True, check=True, cwd=repo)  # fmt: skip
    assert json.loads(result.stdout) == {"hits": [["p0", "homophone"]], "pypinyin": False}


def _mangled(rng: random.Random, word: str) -> str:
    """``word`` with one or two typos as people make them: a swap, a wrong, extra or missing letter."""
    letters = list(word)
    for _ in range(rng.randint(0, 2)):
        at = rng.randrange(len(letters))
        kind = rng.randrange(4)
        if kind == 0 and at + 1 < len(letters):
            letters[at], letters[at + 1] = letters[at + 1], letters[at]
        elif kind == 1:
            letters[at] = rng.choice("abcdefghijklmnopqrstuvwxyz")
        elif kind == 2:
            letters.insert(at, rng.choice("aeiou"))
        elif len(letters) > 4:
            del letters[at]
    return "".join(letters)


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_resuming_from_the_last_keystrokes_states_finds_exactly_what_a_fresh_run_finds(seed: int) -> None:
    """Typing a term letter by letter resumes the automaton from the previous prefix's states
    (``TypoStates``); every keystroke's windows must equal those of a run from scratch,
    through backspaces, budget changes (8 → 9 letters) and a store that changes meanwhile."""
    import numpy as np

    from sidekick.core.search.typos import TypoStates, typo_matches

    rng = random.Random(seed)
    phrases, products, usage = _library(seed)
    index = SearchIndex.bulk(phrases, products, usage)
    store = index._store
    states = TypoStates()
    resumed_any = 0
    for round_ in range(40):
        spelled = "".join(p for _, p in rng.sample(WORDS, rng.randint(2, 4)))
        term = _mangled(rng, spelled)[:12]
        typed = [term[:k] for k in range(4, len(term) + 1)]
        if rng.random() < 0.3 and len(typed) > 2:  # a backspace, then on
            typed = [*typed[:-1], typed[-2], typed[-1]]
        for prefix in typed:
            budget = typo_budget(prefix)
            if not budget:
                continue
            resumed_any += states.resume(store, prefix, budget) is not None
            got = typo_matches(store, prefix, budget, states)
            fresh = typo_matches(store, prefix, budget)
            key = lambda r: sorted(zip(*(a.tolist() for a in r)))  # noqa: E731 - order-free comparison
            assert key(got) == key(fresh), prefix
            assert all(isinstance(a, np.ndarray) for a in got)
        if round_ == 20:  # the library changes: kept states must not outlive it
            index.add_phrase(Phrase("new1", LibraryKind.TEAM, CategoryPath("售前"), "新到的快递说明", "正文"))
    assert resumed_any > 40  # the cache was really used


@pytest.mark.parametrize("seed", [8, 9])
def test_homophone_states_resumed_per_keystroke_equal_a_fresh_walk(seed: int) -> None:
    """Chinese typed character by character (some of them the wrong homophone, some Latin)
    resumes the homophone walk from the last prefix (``PrefixCache``): the same states as a
    walk from the first character, also after the store changed."""
    from sidekick.core.search.homophones import homophone_states, term_readings
    from sidekick.core.search.prefix_cache import PrefixCache

    rng = random.Random(seed)
    phrases, products, usage = _library(seed)
    index = SearchIndex.bulk(phrases, products, usage)
    store = index._store
    kept: PrefixCache = PrefixCache()
    chars = "".join(w for w, _ in WORDS) + "第油卷废或"
    walked = resumed = 0
    for round_ in range(40):
        word = "".join(w for w, _ in rng.sample(WORDS, rng.randint(1, 3)))
        term = "".join(rng.choice(chars) if rng.random() < 0.2 else ch for ch in word)
        if rng.random() < 0.2:
            term = term[:-1] + "huo"
        for end in range(1, len(term) + 1):
            prefix = term[:end]
            readings = term_readings(store, prefix)
            if readings is None:
                continue
            for in_title in (True, False):
                resumed += kept.longest(store, prefix, in_title) is not None
                got = homophone_states(store, prefix, readings, in_title, kept)
                fresh = homophone_states(store, prefix, readings, in_title)
                assert [a.tolist() for a in (got.start, got.cur, got.sp, got.off, got.full)] == \
                    [a.tolist() for a in (fresh.start, fresh.cur, fresh.sp, fresh.off, fresh.full)], prefix
                walked += 1
        if round_ == 20:
            index.add_phrase(Phrase("new2", LibraryKind.TEAM, CategoryPath("售前"), "包邮快递说明", "正文"))
    assert walked > 100 and resumed > walked // 2
