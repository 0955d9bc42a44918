"""The optional sentence-encoder channel: absent, it changes nothing; present, it finds
paraphrases that share too few characters with any 问法, and encodes each text once."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from sidekick.core.suggest import SuggestEngine, load_question_bank, semantic
from sidekick.core.suggest.engine import CHANNELS
from sidekick.core.suggest.text import normalise, segments
from sidekick.core.types import CategoryPath, LibraryKind, Phrase


def test_the_encoder_is_installed_with_sidekick() -> None:
    """A dependency (pyproject.toml), so the tests below run everywhere the suite does."""
    assert semantic.available(), f"{semantic.PACKAGE} is a dependency of Sidekick: pip install -e ."


def phrase(pid: str, title: str, questions: tuple[str, ...]) -> Phrase:
    return Phrase(id=pid, library=LibraryKind.TEAM, category=CategoryPath("售后"), title=title, body="好的",
                  intents=("-",), questions=questions)


class CountingModel:
    """A stand-in model: a vector from the text's characters, and a count of texts encoded."""

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded.extend(texts)
        out = np.zeros((len(texts), semantic.DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            for char in text:
                out[row, ord(char) % semantic.DIMENSIONS] += 1.0
        return out


def test_each_text_is_encoded_once_and_rows_are_unit_vectors() -> None:
    model = CountingModel()
    encoder = semantic.Encoder(model)
    first = encoder.encode(["退款多久到账", "在吗", "退款多久到账"])
    again = encoder.encode(["在吗", ""])
    assert model.encoded == ["退款多久到账", "在吗"]
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-3)
    assert np.array_equal(again[0], first[1]) and not again[1].any()


def test_a_buyers_message_is_encoded_but_not_kept() -> None:
    model = CountingModel()
    encoder = semantic.Encoder(model)
    first = encoder.encode(["我的快递到哪了"], remember=False)
    again = encoder.encode(["我的快递到哪了"], remember=False)
    assert model.encoded == ["我的快递到哪了", "我的快递到哪了"]
    assert np.array_equal(first, again)


def test_masked_tokens_read_as_words_for_the_encoder() -> None:
    text = semantic.readable(segments(normalise("[订单x]到哪了？3天了")))
    assert text == "订单到哪了，几天了"


def test_without_the_package_the_engine_ranks_as_without_the_channel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic, "encoder", lambda: None)
    bank = load_question_bank()
    phrases = [phrase("refund", "退款时效", ("退款多久到账",)), phrase("ship", "发货时间", ("什么时候发货",))]
    engine = SuggestEngine(phrases, bank)
    assert "semantic" not in engine.channels and engine.encoder is None
    plain = SuggestEngine(phrases, bank, channels=CHANNELS - {"semantic"})
    for message in ("退款几天能到", "啥时候发货啊", "今天天气不错"):
        assert engine.suggest(message) == plain.suggest(message)


def test_a_paraphrase_with_few_shared_characters_is_found() -> None:
    bank = load_question_bank()
    phrases = [phrase("refund", "退款时效", ("退款多久到账",)), phrase("size", "尺码建议", ("平时穿M选哪个码",)),
               phrase("lost", "签收未收到", ("显示签收了但是没收到",))]
    message = "多久能收到退回的钱"
    plain = SuggestEngine(phrases, bank, channels=CHANNELS - {"semantic"})
    assert plain.suggest(message) == []  # too few characters in common with the 问法
    found = SuggestEngine(phrases, bank).suggest(message)
    assert [s.phrase.id for s in found][:1] == ["refund"]
    assert found[0].matched_question == "退款多久到账"


def test_an_unrelated_message_still_gets_nothing() -> None:
    bank = load_question_bank()
    engine = SuggestEngine([phrase("refund", "退款时效", ("退款多久到账",))], bank)
    assert engine.suggest("今天天气不错") == []
    assert engine.suggest("asdf qwer zxcv") == []
