"""Self-test questions: answers always present, choices distinct, one correct, reproducible."""

from __future__ import annotations

from datetime import datetime

import pytest

from sidekick.core.demo import load_demo
from sidekick.core.quiz import (
    CHOICES,
    GENERIC_TEMPLATE,
    Question,
    QuizRun,
    _key,
    generate_quiz,
    question_prompt,
)
from sidekick.core.types import KnowledgeField, Product


@pytest.fixture(scope="module")
def demo_products() -> tuple[Product, ...]:
    return load_demo().products


def _check(question: Question, products: dict[str, Product]) -> None:
    product = products[question.product_id]
    answer = product.field(question.field)
    assert answer is not None and answer.strip(), "asked about a missing answer"
    assert len(question.choices) == CHOICES
    keys = [_key(choice) for choice in question.choices]
    assert len(set(keys)) == CHOICES, f"duplicate choices: {question.choices}"
    correct = [i for i, choice in enumerate(question.choices) if _key(choice) == _key(answer)]
    assert correct == [question.answer_index]
    assert question.answer == answer.strip()
    assert product.title in question.prompt


def test_demo_quiz_is_sound(demo_products: tuple[Product, ...]) -> None:
    by_id = {p.id: p for p in demo_products}
    for seed in range(20):
        questions = generate_quiz(demo_products, 10, seed=seed)
        assert len(questions) == 10
        for question in questions:
            _check(question, by_id)
        # Coverage first: ten questions, ten different products.
        assert len({q.product_id for q in questions}) == 10


def test_same_seed_same_quiz(demo_products: tuple[Product, ...]) -> None:
    assert generate_quiz(demo_products, 10, seed=7) == generate_quiz(demo_products, 10, seed=7)
    assert generate_quiz(demo_products, 10, seed=7) != generate_quiz(demo_products, 10, seed=8)


def test_tag_filter(demo_products: tuple[Product, ...]) -> None:
    by_id = {p.id: p for p in demo_products}
    questions = generate_quiz(demo_products, 30, tags=["爆款"], seed=1)
    assert questions
    assert all("爆款" in by_id[q.product_id].tags for q in questions)
    both = generate_quiz(demo_products, 30, tags=["爆款", "家纺"], seed=1)
    assert both and all({"爆款", "家纺"} <= set(by_id[q.product_id].tags) for q in both)
    assert generate_quiz(demo_products, 10, tags=["没有这个标签"], seed=1) == []


def _product(n: int, **fields: str) -> Product:
    return Product(
        id=f"p{n}", item_id=f"10000{n}", title=f"商品{n}", tags=("夏季",) if n % 2 else (),
        knowledge=tuple(KnowledgeField(k, v) for k, v in fields.items()),
    )


def test_missing_and_blank_answers_are_never_asked() -> None:
    products = [
        _product(1, 材质="纯棉"),
        _product(2, 材质="亚麻"),
        _product(3, 材质="真丝"),
        _product(4, 材质="羊毛"),
        _product(5, 材质="  "),  # blank: no question about it
        _product(6, 颜色="白色"),  # no 材质 at all
    ]
    for seed in range(30):
        questions = generate_quiz(products, 20, seed=seed)
        assert {q.product_id for q in questions} <= {"p1", "p2", "p3", "p4"}
        assert all(q.field == "材质" for q in questions)
        by_id = {p.id: p for p in products}
        for question in questions:
            _check(question, by_id)


def test_fields_with_too_few_distinct_values_are_skipped() -> None:
    # Four products, but 纯棉 and "纯棉 " and "纯棉。" are one value: only three distinct ones.
    products = [_product(1, 材质="纯棉"), _product(2, 材质="纯棉 "), _product(3, 材质="纯棉。"),
                _product(4, 材质="亚麻"), _product(5, 材质="真丝")]
    assert generate_quiz(products, 10, seed=1) == []


def test_duplicate_values_never_make_duplicate_choices() -> None:
    products = [_product(n, 产地=value) for n, value in enumerate(
        ["江苏南通", "江苏南通", "江苏 南通", "浙江湖州", "浙江湖州", "广东中山", "山东济南", "Jiangsu", "JIANGSU"])]
    by_id = {p.id: p for p in products}
    for seed in range(50):
        for question in generate_quiz(products, 20, seed=seed):
            _check(question, by_id)


def test_faq_and_long_values_are_not_asked() -> None:
    long = "很长的说明" * 20
    products = [_product(n, 常见问题=f"问{n}答{n}", 规格=f"{long}{n}") for n in range(6)]
    assert generate_quiz(products, 10, seed=1) == []


def test_prompts() -> None:
    assert question_prompt("连衣裙", "材质") == "这款「连衣裙」的面料是？"
    assert question_prompt("连衣裙", "领型") == GENERIC_TEMPLATE.replace("{title}", "连衣裙").replace("{field}", "领型")
    assert question_prompt("{奇怪}标题", "材质") == "这款「{奇怪}标题」的面料是？"


def test_quiz_run_round_trip() -> None:
    run = QuizRun(datetime(2026, 6, 1, 9, 30), 8, 10, ("爆款",))
    assert QuizRun.from_json(run.to_json()) == run
    assert QuizRun.from_json({"score": "x"}) is None
    assert QuizRun.from_json("junk") is None
