"""The demo shop carries 买家问法 and intents, and answers every labelled benchmark message."""

from __future__ import annotations

from pathlib import Path

from sidekick.core.demo import load_demo
from sidekick.core.suggest import load_question_bank

LABELS = Path(__file__).resolve().parents[3] / "benchmarks" / "suggest_labels.tsv"
GROUPS = {"CLOSE": ("结束语", "道别", "我的道别", "欢迎下次光临"), "GREET": ("欢迎语", "尊称问候")}


def test_every_demo_reply_has_questions_and_known_intents() -> None:
    demo = load_demo()
    ids = set(load_question_bank().ids) | {"-"}
    without = [p.title for p in demo.phrases if not p.questions]
    assert without == ["跟进记录"]  # an agent's note template, not a reply to a buyer
    assert all(p.intents and set(p.intents) <= ids for p in demo.phrases)


def test_every_labelled_message_has_its_reply_in_the_demo() -> None:
    titles = {p.title for p in load_demo().phrases}
    rows = [line.split("\t") for line in LABELS.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#") and not line.startswith("line\t")]
    assert len(rows) >= 200
    assert {split for _n, _r, split in rows} == {"tune", "heldout"}
    wanted = {t for _n, replies, _s in rows for name in replies.split("|") for t in GROUPS.get(name, (name,))}
    assert wanted <= titles, wanted - titles
