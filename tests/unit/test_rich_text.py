"""The rich-text escape used by the popup and the product cards agrees with ``html.escape``."""

from __future__ import annotations

import html
import random

import pytest

from sidekick.ui.rich_text import escape

SAMPLES = ["", "包邮 & 退换", "<b>粗体</b>", "\"引号\" 'single'", "&amp; already", "a<>&\"'z", "😀<😀>"]


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("quote", [True, False])
def test_same_as_html_escape(text: str, quote: bool) -> None:
    assert escape(text, quote=quote) == html.escape(text, quote=quote)


def test_random_text_agrees() -> None:
    rng = random.Random(5)
    alphabet = "<>&\"'ab快递 😀"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
        assert escape(text) == html.escape(text)
        assert escape(text, quote=False) == html.escape(text, quote=False)
