"""Top-k early exit by tier returns exactly what the full computation returns.

The index computes body pinyin states only when titles, literals and codes leave the list
short (see ``match`` levels). Over a seeded random library, every query typed keystroke by
keystroke must give the same hits — ids, order, kinds, scores, spans — as an index that always
computes every level. That includes the fallback tier (``partial``), which only runs when the
strict kinds leave the list short: buyer wording, words apart or reversed, mixed pinyin.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from sidekick.core.search import SearchIndex
from sidekick.core.types import CategoryPath, LibraryKind, MatchKind, Phrase, Product, UsageStat

NOW = datetime(2026, 6, 5, 12, 0)
WORDS = [
    ("快递", "kuaidi"), ("运费", "yunfei"), ("退货", "tuihuo"), ("尺码", "chima"),
    ("发票", "fapiao"), ("物流", "wuliu"), ("顺丰", "shunfeng"), ("银行", "yinhang"),
    ("长度", "changdu"), ("地址", "dizhi"), ("修改", "xiugai"), ("差评", "chaping"),
    ("补偿", "buchang"), ("欢迎", "huanying"), ("收藏", "shoucang"), ("店铺", "dianpu"),
    ("纯棉", "chunmian"), ("包邮", "baoyou"), ("售后", "shouhou"), ("中通", "zhongtong"),
    ("时间", "shijian"), ("说明", "shuoming"), ("活动", "huodong"), ("优惠", "youhui"),
]
LATIN = ["XL", "EMS", "iPhone", "7天", "618", "S码", "Type-C"]


def _text(rng: random.Random, words: int) -> str:
    parts = []
    for _ in range(words):
        r = rng.random()
        parts.append(rng.choice(LATIN) if r < 0.1 else rng.choice("，的了吗") if r < 0.25 else rng.choice(WORDS)[0])
    return "".join(parts)


def _library(seed: int) -> tuple[list[Phrase], list[Product], dict[str, UsageStat]]:
    rng = random.Random(seed)
    cats = [CategoryPath("售前", "快递"), CategoryPath("售后", "退换"), CategoryPath("问候"), CategoryPath()]
    phrases = []
    for i in range(600):
        vfrom = vuntil = None
        if rng.random() < 0.05:
            vfrom = NOW + timedelta(days=rng.randint(-20, 20))
            vuntil = vfrom + timedelta(days=rng.randint(1, 30))
        code = rng.choice(["", "", "", "kd", "th", "/tk", "yf"]) + (str(i) if rng.random() < 0.5 else "")
        phrases.append(Phrase(
            id=f"p{i:04d}", library=rng.choice([LibraryKind.TEAM, LibraryKind.PERSONAL]),
            category=rng.choice(cats), title=_text(rng, rng.randint(1, 3)),
            body=_text(rng, rng.randint(3, 12)), code=code, position=rng.randint(0, 5),
            valid_from=vfrom, valid_until=vuntil,
        ))  # fmt: skip
    products = [
        Product(id=f"x{i:03d}", item_id=str(600000 + i), title=_text(rng, 2),
                tags=(rng.choice(["新品", "爆款", "清仓"]),), notes=_text(rng, 4), position=i)
        for i in range(40)
    ]  # fmt: skip
    usage = {
        p.id: UsageStat(p.id, 1, NOW, float(rng.choice([1, 1, 2, 3.5])))  # ties on purpose
        for p in rng.sample(phrases, 120)
    }
    return phrases, products, usage


def _queries(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < count:
        chosen = rng.sample(WORDS, rng.randint(1, 3))
        kind = rng.randrange(7)
        if kind == 0:
            q = "".join(p[0] for _, p in chosen)  # initials
        elif kind == 1:
            q = "".join(p for _, p in chosen)[: rng.randint(2, 12)]  # full pinyin, cut short
        elif kind == 2:
            q = "".join(w for w, _ in chosen)[: rng.randint(1, 4)]  # Chinese
        elif kind == 3:
            q = chosen[0][1][:2] + chosen[-1][0]  # mixed
        elif kind == 4:
            q = "".join(rng.choice("abcdefghjklmnpqrstwxyz") for _ in range(rng.randint(1, 3)))
        elif kind == 5:
            q = f"{chosen[0][1][: rng.randint(1, 4)]} {chosen[-1][0][:1]}"  # two terms
        else:
            q = rng.choice(["@我 ", "/售后 ", "#新品 ", ""]) + chosen[0][1][: rng.randint(1, 6)]
        if rng.random() < 0.1 and len(q) >= 5:  # a typo
            k = rng.randrange(1, len(q))
            q = q[:k] + rng.choice("aeiou") + q[k + 1 :]
        out.append(q)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_early_exit_matches_full_computation(seed: int) -> None:
    phrases, products, usage = _library(seed)
    fast = SearchIndex.bulk(phrases, products, usage)
    full = SearchIndex.bulk(phrases, products, usage)
    full._early_exit = False  # always compute every level
    for query in _queries(seed, 120):
        fast.clear_cache()
        for k in range(1, len(query) + 1):
            typed = query[:k]
            for limit in (1, 5, 20):
                got = fast.search(typed, limit=limit, now_local=NOW)
                want = full.search(typed, limit=limit, now_local=NOW)
                assert got == want, (typed, limit)


def _fallback_queries(seed: int, count: int) -> list[str]:
    """Queries that mostly reach the fallback tier: words reversed or apart, wrapped in
    question words, mixed pinyin with Chinese, 你/您 and Chinese next to digits."""
    rng = random.Random(seed * 7919)
    out: list[str] = []
    while len(out) < count:
        a, b = rng.sample(WORDS, 2)
        kind = rng.randrange(6)
        if kind == 0:
            q = b[0] + a[0]  # reversed word order
        elif kind == 1:
            q = rng.choice(["怎么", "什么时候", "能", "有", "请问"]) + a[0] + rng.choice(["吗", "呢", ""])
        elif kind == 2:
            q = a[1][:1] + b[1][:1] + a[0][1:]  # kd费-like: initials then a character
        elif kind == 3:
            q = a[1][:2] + b[1][:3]  # kdfei-like: letters then a syllable
        elif kind == 4:
            q = f"{a[0][0]}{rng.choice(['', '的', '你', '您'])}{a[0][1]}{rng.choice(LATIN).lower()}"
        else:
            q = f"{a[0]} {rng.choice(['7天', '七天', '你好', '您好'])}"
        out.append(q)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_early_exit_matches_full_computation_with_the_fallback_tier(seed: int) -> None:
    phrases, products, usage = _library(seed)
    fast = SearchIndex.bulk(phrases, products, usage)
    full = SearchIndex.bulk(phrases, products, usage)
    full._early_exit = False
    reached = 0
    for query in _fallback_queries(seed, 60):
        fast.clear_cache()
        for k in range(1, len(query) + 1):
            typed = query[:k]
            for limit in (1, 5, 20):
                got = fast.search(typed, limit=limit, now_local=NOW)
                want = full.search(typed, limit=limit, now_local=NOW)
                assert got == want, (typed, limit)
                reached += any(h.match is MatchKind.PARTIAL for h in got)
    assert reached > 50  # the queries do exercise the fallback tier
