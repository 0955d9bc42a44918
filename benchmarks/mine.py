"""Chat-mining benchmark: throughput, peak memory and grouping quality.

    .venv/bin/python benchmarks/mine.py [--sizes 10000,100000,1000000] [--skip-quality]

Speed: ``sidekick mine`` runs in a fresh process (demo shop, so coverage is checked too) on the
JDDC sample (../shared/realdata/jddc_chat_sample/chat_sample.txt, or $SIDEKICK_REALDATA) and on
synthetic logs of N buyer messages built from its buyer lines (new session ids, the agent's reply
after each, and the edits buyers make: digits changed, a character dropped or doubled, 亲/在吗/？
added). Wall time, CPU time and the child's peak RSS are printed; the machine is shared, so CPU
time is the steadier figure.

Quality: the labelled buyer lines of ``benchmarks/suggest_labels.tsv`` (line number → the demo
reply that answers it; messages answered by the same reply belong together) are the gold groups.
Sidekick's groups come from mining the whole sample; the baseline is plain character-TF-IDF
(1–3-grams, cosine) agglomerative clustering (single linkage, cut at the threshold that scores
best on these very labels, so the baseline gets its best case) over the labelled questions only
(Sidekick groups the whole sample, distractors included). Both are
scored with B-cubed precision, recall and F1 on the labelled lines. Prints tables; never asserts.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REALDATA = Path(os.environ.get("SIDEKICK_REALDATA", ROOT.parent / "shared" / "realdata"))
CHATS = REALDATA / "jddc_chat_sample" / "chat_sample.txt"
LABELS = Path(__file__).with_name("suggest_labels.tsv")
GROUP_NAMES = {"CLOSE": "CLOSE", "GREET": "GREET"}


def buyer_and_agent_lines() -> list[tuple[str, str]]:
    """(buyer text, the agent's next reply) pairs from the sample."""
    rows = [line.split("\t", 6) for line in CHATS.read_text(encoding="utf-8").splitlines()]
    pairs = []
    for i, row in enumerate(rows):
        if len(row) == 7 and row[2] == "0":
            reply = next((r[6] for r in rows[i + 1 : i + 4] if len(r) == 7 and r[2] == "1" and r[0] == row[0]), "")
            pairs.append((row[6], reply))
    return pairs


def vary(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.2 and len(text) > 3:
        k = rng.randrange(len(text))
        text = text[:k] + text[k + 1 :]
    elif roll < 0.35 and text:
        k = rng.randrange(len(text))
        text = text[:k] + text[k] + text[k:]
    elif roll < 0.5:
        text = rng.choice(["亲 ", "在吗 ", "你好 ", ""]) + text + rng.choice(["？", "?", "", "啊"])
    return re.sub(r"\d", lambda _m: str(rng.randrange(10)), text)


def write_synthetic(path: Path, messages: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    pairs = buyer_and_agent_lines()
    with path.open("w", encoding="utf-8") as out:
        session = 0
        written = 0
        while written < messages:
            session += 1
            for _ in range(rng.randint(1, 6)):
                buyer, agent = rng.choice(pairs)
                out.write(f"s{session}\tU{session}\t0\t0\t0\tnan\t{vary(buyer, rng)}\n")
                if agent:
                    out.write(f"s{session}\tU{session}\t1\t0\t0\tnan\t{agent}\n")
                written += 1
                if written >= messages:
                    break


def run_mine(file: Path, home: Path) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MB) of ``sidekick mine FILE`` in a fresh process."""
    env = {**os.environ, "SIDEKICK_HOME": str(home), "COLUMNS": "160"}
    code = ("import resource, sys, time\n"
            "from sidekick.cli.main import main\n"
            "start = time.perf_counter(); cpu = time.process_time()\n"
            f"status = main(['mine', {str(file)!r}, '--top', '20'])\n"
            "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
            "print('BENCH', time.perf_counter() - start, time.process_time() - cpu, usage.ru_maxrss / 1024,"
            " file=sys.stderr)\n"
            "sys.exit(status)\n")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"sidekick mine failed on {file}:\n{result.stderr[-2000:]}")
    line = next(line for line in result.stderr.splitlines() if line.startswith("BENCH"))
    _tag, wall, cpu, rss = line.split()
    return float(wall), float(cpu), float(rss)


# ------------------------------------------------------------------ quality

def gold_labels() -> dict[int, str]:
    labels = {}
    for row in LABELS.read_text(encoding="utf-8").splitlines():
        if row.startswith(("#", "line\t")) or not row.strip():
            continue
        number, replies, _split = row.split("\t")
        first = replies.split("|")[0]
        labels[int(number)] = GROUP_NAMES.get(first, first)
    return labels


def bcubed(predicted: dict[int, object], gold: dict[int, str]) -> tuple[float, float, float]:
    items = [i for i in gold if i in predicted]
    by_pred: dict[object, list[int]] = defaultdict(list)
    by_gold: dict[str, list[int]] = defaultdict(list)
    for i in items:
        by_pred[predicted[i]].append(i)
        by_gold[gold[i]].append(i)
    precision = sum(sum(gold[j] == gold[i] for j in by_pred[predicted[i]]) / len(by_pred[predicted[i]]) for i in items)
    recall = sum(sum(predicted[j] == predicted[i] for j in by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in items)
    p, r = precision / len(items), recall / len(items)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def sidekick_groups() -> dict[int, object]:
    from sidekick.core.mining import mine, pair_messages
    from sidekick.core.mining.sources import messages_from_stream
    from sidekick.core.suggest import load_question_bank

    with CHATS.open("rb") as stream:
        report = mine(pair_messages(messages_from_stream(stream, CHATS.name, lambda _bad: None)),
                      load_question_bank(), top=None)
    return {int(m.source.rsplit(":", 1)[1]): group.rank for group in report.groups for m in group.members}


def tfidf_single_linkage(texts: dict[int, str], threshold: float) -> dict[int, object]:
    from sidekick.core.mining.minhash import UnionFind

    numbers = list(texts)
    grams = [Counter(t[i : i + n] for n in (1, 2, 3) for i in range(len(t) - n + 1)) for t in texts.values()]
    df: Counter[str] = Counter()
    for g in grams:
        df.update(g.keys())
    n = len(grams)
    vectors = []
    for g in grams:
        v = {k: (1 + math.log(c)) * math.log((1 + n) / (1 + df[k])) for k, c in g.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({k: x / norm for k, x in v.items()})
    union = UnionFind(n)
    for i in range(n):
        for j in range(i + 1, n):
            a, b = vectors[i], vectors[j]
            if len(a) > len(b):
                a, b = b, a
            if sum(x * b.get(k, 0.0) for k, x in a.items()) >= threshold:
                union.union(i, j)
    return {numbers[i]: union.find(i) for i in range(n)}


def quality() -> None:
    from sidekick.core.mining.pairing import pair_messages
    from sidekick.core.mining.report import question_kind
    from sidekick.core.mining.sources import messages_from_stream

    gold = gold_labels()
    ours = sidekick_groups()
    # The baseline clusters the same questions Sidekick kept (one per buyer run), masked the same way.
    with CHATS.open("rb") as stream:
        questions = {int(e.source.rsplit(":", 1)[1]): question_kind(e.question)[1]
                     for e in pair_messages(messages_from_stream(stream, CHATS.name, lambda _bad: None))}
    # Only the labelled questions: the pairwise baseline is quadratic, and it gets no distractors.
    questions = {k: v for k, v in questions.items() if v and k in ours and k in gold}
    started = time.perf_counter()
    best = max(((t, bcubed(tfidf_single_linkage(questions, t), gold)) for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)),
               key=lambda item: item[1][2])
    baseline_s = time.perf_counter() - started
    evaluated = len([i for i in gold if i in ours])
    print(f"\ngrouping quality on {evaluated} labelled buyer lines (of {len(gold)}; the rest are not the first "
          f"message of a buyer's run, or are noise)")
    print(f"{'method':<46} {'B3 precision':>12} {'B3 recall':>10} {'B3 F1':>7}")
    p, r, f = bcubed(ours, gold)
    print(f"{'sidekick (bank intents + neighbours + MinHash)':<46} {p:>12.3f} {r:>10.3f} {f:>7.3f}")
    p, r, f = best[1]
    print(f"{f'char TF-IDF single linkage (best cut {best[0]})':<46} {p:>12.3f} {r:>10.3f} {f:>7.3f}"
          f"   ({baseline_s:.0f} s for 6 cuts over {len(questions)} questions)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="synthetic buyer messages (comma-separated)")
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    if not CHATS.exists():
        raise SystemExit(f"missing {CHATS}: set SIDEKICK_REALDATA to the realdata folder")
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        subprocess.run([sys.executable, "-m", "sidekick", "demo"], env={**os.environ, "SIDEKICK_HOME": str(home)},
                       check=True, capture_output=True, cwd=ROOT)
        print(f"{'input':<22} {'buyer msgs':>10} {'MB':>6} {'wall s':>7} {'CPU s':>7} {'msgs/CPU s':>10} {'peak RSS MB':>11}")
        buyers = sum(1 for line in CHATS.read_text(encoding="utf-8").splitlines() if line.split("\t")[2:3] == ["0"])
        rows = [("JDDC sample", CHATS, buyers)]
        for size in [int(s) for s in args.sizes.split(",") if s]:
            path = Path(folder) / f"synthetic-{size}.txt"
            write_synthetic(path, size)
            rows.append((f"synthetic {size:,}", path, size))
        for name, path, count in rows:
            wall, cpu, rss = run_mine(path, home)
            print(f"{name:<22} {count:>10,} {path.stat().st_size / 1e6:>6.1f} {wall:>7.1f} {cpu:>7.1f} "
                  f"{count / cpu:>10,.0f} {rss:>11.0f}", flush=True)
    if not args.skip_quality:
        quality()


if __name__ == "__main__":
    main()
