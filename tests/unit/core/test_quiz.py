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
    gives_answer_away,
    question_prompt,
)
from sidekick.core.types import KnowledgeField, Product


@pytest.fixture(scope="module")
def demo_products() -> tuple[Product, ...]:
    return load_demo().products


def _check(question: Question, products: dict[str, Product]) -> None:
    product = products[question.product_id]
    assert not gives_answer_away(product.title, question.answer), question.prompt
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
    # The field's own name is the word asked: 材质 is never called 面料 (a latex pillow has none).
    assert question_prompt("连衣裙", "材质") == "「连衣裙」的材质是？"
    assert question_prompt("泰国天然乳胶枕", "材质") == "「泰国天然乳胶枕」的材质是？"
    assert question_prompt("连衣裙", "面料") == "「连衣裙」的面料是？"
    assert question_prompt("连衣裙", "领型") == GENERIC_TEMPLATE.replace("{title}", "连衣裙").replace("{field}", "领型")
    assert question_prompt("{奇怪}标题", "材质") == "「{奇怪}标题」的材质是？"


def test_quiz_run_round_trip() -> None:
    run = QuizRun(datetime(2026, 6, 1, 9, 30), 8, 10, ("爆款",))
    assert QuizRun.from_json(run.to_json()) == run
    assert QuizRun.from_json({"score": "x"}) is None
    assert QuizRun.from_json("junk") is None


def _item(n: int, title: str, tags: tuple[str, ...], **fields: str) -> Product:
    return Product(id=f"q{n}", item_id=f"20000{n}", title=title, tags=tags,
                   knowledge=tuple(KnowledgeField(k, v) for k, v in fields.items()))


def test_demo_titles_never_give_the_answer_away(demo_products: tuple[Product, ...]) -> None:
    by_id = {p.id: p for p in demo_products}
    sheets = next(p for p in demo_products if "60支新疆长绒棉" in p.title)
    for seed in range(20):
        for question in generate_quiz(demo_products, 60, seed=seed):
            _check(question, by_id)
            # 「…新疆长绒棉…四件套」的材质 is 100% 新疆长绒棉: never asked.
            assert not (question.product_id == sheets.id and question.field == "材质")
            # No wrong choice is as good as the answer ("M、L、XL" vs "M、L、XL，参考尺码表").
            answer = _key(question.answer)
            for choice in question.choices:
                if choice != question.answer:
                    assert _key(choice) not in answer and answer not in _key(choice), question.choices


def test_a_product_titled_with_its_material_is_not_asked_about_it() -> None:
    products = [
        _item(1, "纯棉连帽卫衣 女", ("卫衣",), 材质="100% 纯棉，360g 毛圈布"),
        _item(2, "冬季保暖卫衣 男", ("卫衣",), 材质="涤纶加绒"),
        _item(3, "运动卫衣", ("卫衣",), 材质="棉涤混纺"),
        _item(4, "圆领卫衣", ("卫衣",), 材质="华夫格针织"),
        _item(5, "宽松卫衣", ("卫衣",), 材质="德绒（腈纶）"),
        _item(6, "加绒卫衣", ("卫衣",), 材质="摇粒绒加绒"),  # 加绒 in the title: not asked either
    ]
    by_id = {p.id: p for p in products}
    for seed in range(30):
        questions = generate_quiz(products, 10, seed=seed)
        assert {q.product_id for q in questions} == {"q2", "q3", "q4", "q5"}
        for question in questions:
            _check(question, by_id)
    # A clue in the title ("棉" in 纯棉) is fine when every choice carries it: then it tells nothing.
    cotton = [
        _item(1, "纯棉T恤", ("T恤",), 材质="100% 棉，270g 重磅"),
        _item(2, "纯棉短袖", ("T恤",), 材质="100% 棉，180g 单面"),
        _item(3, "纯棉背心", ("T恤",), 材质="95% 棉 + 5% 氨纶"),
        _item(4, "纯棉打底衫", ("T恤",), 材质="100% 精梳棉，双面布"),
        _item(5, "真丝衬衫", ("T恤",), 材质="100% 桑蚕丝"),
    ]
    for seed in range(30):
        for question in generate_quiz(cotton, 10, seed=seed):
            if question.product_id in {"q1", "q2", "q3", "q4"}:
                assert all("棉" in choice for choice in question.choices), question.choices


def test_wrong_choices_come_from_comparable_products_first() -> None:
    tops = [_item(n, f"上衣{n}", ("卫衣", "女装"), 材质=value)
            for n, value in enumerate(["纯棉毛圈布", "德绒", "华夫格针织", "棉涤混纺", "空气层"], 1)]
    shoes = [_item(n, f"鞋子{n}", ("拖鞋",), 材质=value)
             for n, value in enumerate(["EVA 鞋底", "橡胶大底", "PVC 软底", "牛筋底"], 10)]
    products = tops + shoes
    by_id = {p.id: p for p in products}
    for seed in range(30):
        for question in generate_quiz(products, 20, tags=["卫衣"], seed=seed):
            _check(question, by_id)
            assert not any("底" in choice for choice in question.choices), question.choices
    # With too few comparable products, others fill up: still four choices, still one right.
    few = tops[:2] + shoes
    by_id = {p.id: p for p in few}
    questions = generate_quiz(few, 10, tags=["卫衣"], seed=1)
    assert len(questions) == 2
    for question in questions:
        _check(question, by_id)
        others = [c for c in question.choices if c != question.answer]
        assert sum("底" not in c for c in others) == 1  # the other top's value, then shoes
