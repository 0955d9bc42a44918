"""Placeholders: parsing, rendering, validation, and that a phrase can never run anything."""

from __future__ import annotations

import os
from datetime import datetime
from decimal import Decimal

import pytest

from sidekick.core import placeholders
from sidekick.core.placeholders import (
    PLACEHOLDERS,
    RenderContext,
    TokenKind,
    fill_in_names,
    parse,
    render,
    sample_context,
    validate,
)
from sidekick.core.types import KnowledgeField, Product, RenderResult

NOW = datetime(2026, 6, 18, 8, 5, 9)
PRODUCT = Product(
    id="p1",
    item_id="123",
    title="冰丝防晒衣",
    link="https://item.taobao.com/item.htm?id=123",
    price=Decimal("129.90"),
    knowledge=(KnowledgeField("材质", "锦纶冰丝"), KnowledgeField("尺码", "S-XL")),
)


def ctx(**overrides: object) -> RenderContext:
    values: dict[str, object] = dict(
        agent="小禾", buyer="王女士", shop="青禾家居", now=NOW, clipboard_text="黑色 M",
        fill_ins={"订单号": "4012"}, product=PRODUCT,
    )
    values.update(overrides)
    return RenderContext(**values)


# --- rendering --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{买家}您好，我是客服{客服}", "王女士您好，我是客服小禾"),
        ("{buyer} / {agent} / {shop}", "王女士 / 小禾 / 青禾家居"),
        ("欢迎光临{店铺}", "欢迎光临青禾家居"),
        ("{日期} {时间}", "2026-06-18 08:05"),
        ("{date}T{time}", "2026-06-18T08:05"),
        ("您要的是{剪贴板}吗", "您要的是黑色 M吗"),
        ("{clipboard}", "黑色 M"),
        ("订单{?订单号}已发货", "订单4012已发货"),
        ("{商品.标题} {商品.链接} ¥{商品.价格}",
         "冰丝防晒衣 https://item.taobao.com/item.htm?id=123 ¥129.90"),
        ("{product.title}|{product.link}|{product.price}",
         "冰丝防晒衣|https://item.taobao.com/item.htm?id=123|129.90"),
        ("材质：{商品.材质}，尺码：{商品.尺码}", "材质：锦纶冰丝，尺码：S-XL"),
        ("{product.材质}", "锦纶冰丝"),
        ("{ 买家 }", "王女士"),  # spaces inside the braces are forgiven
        ("{Buyer}{AGENT}", "王女士小禾"),  # English names ignore case
        ("{？订单号}|{商品。标题}", "4012|冰丝防晒衣"),  # typed with a Chinese input method
        ("没有占位符 😊", "没有占位符 😊"),
        ("", ""),
    ],
)
def test_render_substitutes(body: str, expected: str) -> None:
    assert render(body, ctx()) == RenderResult(expected, None)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{{买家}}", "{买家}"),
        ("{{{买家}}}", "{王女士}"),
        ("a {{ b }} c", "a { b } c"),
        ("{{0.__class__}}", "{0.__class__}"),
        ("}}{{", "}{"),
    ],
)
def test_double_braces_are_literal(body: str, expected: str) -> None:
    assert render(body, ctx()).text == expected
    assert validate(body) == []


def test_cursor_gives_caret_offset_in_rendered_text() -> None:
    result = render("{买家}您好，{光标}请问有什么可以帮您", ctx())
    assert result.text == "王女士您好，请问有什么可以帮您"
    assert result.caret == len("王女士您好，")
    assert result.text[result.caret :].startswith("请问")


def test_cursor_english_and_at_start_and_end() -> None:
    assert render("{cursor}abc", ctx()).caret == 0
    assert render("abc{光标}", ctx()).caret == 3
    assert render("abc", ctx()).caret is None


def test_caret_counts_code_points_after_emoji_and_escapes() -> None:
    result = render("😊{{x}}{光标}!", ctx())
    assert result.text == "😊{x}!"
    assert result.caret == 4


def test_only_first_cursor_counts_and_the_second_is_reported() -> None:
    body = "a{光标}b{cursor}c"
    assert render(body, ctx()) == RenderResult("abc", 1)
    problems = validate(body)
    assert len(problems) == 1
    assert "光标" in problems[0].message and "character 7" in problems[0].message


def test_missing_values_render_empty() -> None:
    empty = RenderContext(now=NOW)
    body = "{买家}|{客服}|{店铺}|{剪贴板}|{?订单号}|{商品.标题}|{商品.价格}|{商品.材质}"
    assert render(body, empty).text == "|||||||"


def test_missing_knowledge_field_and_price_render_empty() -> None:
    product = Product(id="p", item_id="1", title="T")
    assert render("[{商品.材质}][{商品.价格}][{商品.链接}]", ctx(product=product)).text == "[][][]"


@pytest.mark.parametrize(
    ("price", "text"),
    [(Decimal("99"), "99"), (Decimal("99.00"), "99"), (Decimal("99.9"), "99.90"),
     (Decimal("0.5"), "0.50"), (Decimal("1E+3"), "1000")],
)
def test_price_format(price: Decimal, text: str) -> None:
    product = Product(id="p", item_id="1", title="T", price=price)
    assert render("{商品.价格}", ctx(product=product)).text == text


def test_date_and_time_formats() -> None:
    c = ctx(date_format="%Y年%-m月%-d日 %A", time_format="%H点%M分%S秒 %a %y %%")
    assert render("{日期}", c).text == "2026年6月18日 星期四"
    assert render("{时间}", c).text == "08点05分09秒 周四 26 %"


def test_unknown_date_directive_is_kept_literally() -> None:
    assert render("{日期}", ctx(date_format="%Q-%d")).text == "%Q-18"


def test_substituted_values_are_not_expanded_again() -> None:
    # A buyer nickname or copied text that looks like a placeholder stays text.
    c = ctx(buyer="{剪贴板}", clipboard_text="{?订单号}{{", fill_ins={"x": "{光标}"})
    assert render("{买家}|{剪贴板}|{?x}", c) == RenderResult("{剪贴板}|{?订单号}{{|{光标}", None)


def test_context_copies_fill_ins() -> None:
    values = {"订单号": "1"}
    c = RenderContext(now=NOW, fill_ins=values)
    values["订单号"] = "2"
    assert render("{?订单号}", c).text == "1"
    with pytest.raises(TypeError):
        c.fill_ins["订单号"] = "3"


def test_multiline_body() -> None:
    assert render("{买家}\n第二行{光标}\r\n", ctx()) == RenderResult("王女士\n第二行\r\n", 7)


# --- fill-ins --------------------------------------------------------------------------


def test_fill_in_names_are_ordered_and_unique() -> None:
    body = "{?订单号} {?手机号} {?订单号} {？快递单号} {买家} {{?不是}}"
    assert fill_in_names(body) == ["订单号", "手机号", "快递单号"]


def test_fill_in_name_is_trimmed() -> None:
    assert fill_in_names("{? 订单号 }") == ["订单号"]
    assert render("{? 订单号 }", ctx()).text == "4012"


@pytest.mark.parametrize("body", ["{?}", "{? }", "{？}"])
def test_empty_fill_in_name_is_reported(body: str) -> None:
    problems = validate(body)
    assert len(problems) == 1
    assert "填空" in problems[0].message and "no name" in problems[0].message
    assert fill_in_names(body) == []


# --- parsing ---------------------------------------------------------------------------


def test_parse_tokens_and_spans() -> None:
    template = parse("您好{买家}{{{?单号}")
    kinds = [(t.kind, t.value, t.start, t.end) for t in template.tokens]
    assert kinds == [
        (TokenKind.TEXT, "您好", 0, 2),
        (TokenKind.BUYER, "", 2, 6),
        (TokenKind.TEXT, "{", 6, 8),
        (TokenKind.FILL_IN, "单号", 8, 13),
    ]
    assert template.errors == ()
    assert template.fill_in_names == ("单号",)
    assert not template.has_cursor


def test_parse_product_tokens() -> None:
    tokens = parse("{商品.价格}{product.Link}{商品.洗涤方式}").tokens
    assert [(t.kind, t.value) for t in tokens] == [
        (TokenKind.PRODUCT, "price"), (TokenKind.PRODUCT, "link"),
        (TokenKind.KNOWLEDGE, "洗涤方式"),
    ]


@pytest.mark.parametrize(
    "body",
    ["{", "}", "{买家", "买家}", "{{{", "a{b{c}", "{商品.标题", "}}}", "{a{b}}", "{" * 50 + "}" * 3],
)
def test_parse_never_raises_and_reports_brace_problems(body: str) -> None:
    template = parse(body)
    assert template.errors, body
    # Whatever is wrong, the text survives: rendering gives back the characters written.
    assert render(body, ctx()).text.replace("王女士", "") != ""


def test_unclosed_and_unbalanced_positions() -> None:
    messages = [p.message for p in validate("好的{买家，再见}")]
    # "{买家，再见}" is closed, just unknown; an opening brace with no closing one:
    assert len(messages) == 1 and "unknown placeholder" in messages[0]
    (unclosed,) = validate("订单 {买家 已发货")
    assert "character 4" in unclosed.message and "没有闭合" in unclosed.message
    (unbalanced,) = validate("已发货} 谢谢")
    assert "character 4" in unbalanced.message and "unbalanced" in unbalanced.message
    assert render("已发货} 谢谢", ctx()).text == "已发货} 谢谢"


def test_nested_brace_reports_each_problem_in_order() -> None:
    problems = [p.message for p in validate("{a{b}}")]
    assert len(problems) == 3
    assert "character 1" in problems[0] and "unclosed" in problems[0]
    assert "character 3" in problems[1] and "unknown placeholder {b}" in problems[1]
    assert "character 6" in problems[2] and "unbalanced" in problems[2]


def test_template_errors_carry_spans_for_the_editor() -> None:
    (error,) = parse("您好 {卖家} 再见").errors
    assert (error.code, error.start, error.end) == ("unknown", 3, 7)


# --- validation ------------------------------------------------------------------------


def test_valid_body_has_no_problems() -> None:
    body = "{买家}您好，{客服}为您服务。{商品.标题} {商品.材质} {?订单号} {日期}{时间}{剪贴板}{光标}{{}}"
    assert validate(body) == []


@pytest.mark.parametrize("name", ["{卖家}", "{买家名}", "{商品}", "{商品.}", "{.标题}", "{}",
                                  "{ }", "{订单号}", "{product}", "{user.name}"])
def test_unknown_placeholders_are_reported_with_position(name: str) -> None:
    problems = validate("您好" + name)
    assert len(problems) == 1
    assert "character 3" in problems[0].message
    assert render("您好" + name, ctx()).text == "您好" + name


def test_knowledge_field_checked_against_known_fields_when_given() -> None:
    body = "{商品.材质}{商品.材料}{商品.标题}"
    assert validate(body) == []
    (problem,) = validate(body, knowledge_fields={"材质", "尺码"})
    assert "材料" in problem.message and "character 8" in problem.message


def test_full_width_braces_around_a_real_name_are_reported() -> None:
    (problem,) = validate("｛买家｝您好")
    assert "全角" in problem.message and "{买家}" in problem.message
    assert validate("｛限时特惠｝") == []  # ordinary full-width brackets in copy are fine
    assert render("｛买家｝", ctx()).text == "｛买家｝"


def test_long_unknown_placeholder_is_shortened_in_message() -> None:
    (problem,) = validate("{" + "很长" * 40 + "}")
    assert "…" in problem.message and len(problem.message) < 200


# --- security: a phrase cannot run anything -------------------------------------------


@pytest.mark.parametrize(
    "attack",
    [
        "{__import__('os')}",
        "{__import__('os').system('touch /tmp/pwned')}",
        "{0.__class__}",
        "{0.__class__.__mro__}",
        "{商品.__class__}",
        "{商品.__init__.__globals__}",
        "{product.__dict__}",
        "{product._fields}",
        "{../etc/passwd}",
        "{/etc/passwd}",
        "{file:///etc/passwd}",
        "{env.HOME}",
        "{$HOME}",
        "{os.environ}",
        "{!r}",
        "{0}",
        "{买家!r}",
        "{买家:>10}",
        "{ctx.agent}",
        "{eval('1+1')}",
        "{商品.标题.__len__}",
    ],
)
def test_attacks_are_unknown_and_pasted_literally(attack: str) -> None:
    body = f"您好{attack}再见"
    problems = validate(body)
    assert problems, attack
    assert all("unknown placeholder" in p.message or "未知" in p.message for p in problems)
    assert render(body, ctx()) == RenderResult(body, None)


def test_knowledge_lookup_is_by_name_only() -> None:
    # Even a knowledge field with a dunder-like name is looked up as data, never as an
    # attribute; and names that look like attributes are refused before that.
    product = Product(id="p", item_id="1", title="T",
                      knowledge=(KnowledgeField("__class__", "x"),))
    assert render("{商品.__class__}", ctx(product=product)).text == "{商品.__class__}"


def test_rendering_reads_no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIDEKICK_SECRET", "leak")
    for body in ("{SIDEKICK_SECRET}", "{env.SIDEKICK_SECRET}", "{$SIDEKICK_SECRET}",
                 "{%SIDEKICK_SECRET%}", "${SIDEKICK_SECRET}"):
        assert "leak" not in render(body, ctx()).text


def test_rendering_never_uses_format_or_eval(monkeypatch: pytest.MonkeyPatch) -> None:
    # str.format cannot be patched on the built-in type, so check the source instead, and
    # make any file access during rendering fail loudly.
    import inspect

    source = inspect.getsource(placeholders)
    for forbidden in (".format(", "eval(", "exec(", "__import__", "getattr(", "open(",
                      "os.environ", "format_map"):
        assert forbidden not in source, forbidden

    def no_files(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendering touched the file system")

    monkeypatch.setattr("builtins.open", no_files)
    monkeypatch.setattr(os, "getenv", no_files)
    body = "{买家}{../etc/passwd}{商品.材质}{日期}{?x}"
    assert render(body, ctx()).text.startswith("王女士{../etc/passwd}锦纶冰丝")


# --- editor support --------------------------------------------------------------------


def test_sample_context_fills_every_catalog_entry_with_its_example() -> None:
    sample = sample_context("{?订单号}")
    for info in PLACEHOLDERS:
        assert validate(info.token_zh) == [], info.token_zh
        assert validate(info.token_en) == [], info.token_en
        assert render(info.token_zh, sample).text == info.example, info.token_zh
    assert render("{光标}", sample).caret == 0


def test_catalog_is_complete_and_bilingual() -> None:
    tokens = {info.token_zh for info in PLACEHOLDERS}
    assert {"{买家}", "{客服}", "{店铺}", "{日期}", "{时间}", "{剪贴板}", "{光标}",
            "{?订单号}", "{商品.标题}", "{商品.链接}", "{商品.价格}"} <= tokens
    for info in PLACEHOLDERS:
        assert info.name_zh and info.name_en and info.description_zh and info.description_en


def test_sample_context_gives_every_fill_in_a_visible_value() -> None:
    body = "{?订单号} / {?赠品名称}"
    assert render(body, sample_context(body)).text == "4012345678901234567 / 【赠品名称】"


def test_sample_context_uses_given_time() -> None:
    sample = sample_context(now=NOW)
    assert render("{日期} {时间}", sample).text == "2026-06-18 08:05"


def test_parse_and_render_never_raise_on_arbitrary_text() -> None:
    import random

    alphabet = "{}{}?？.。商品买家光标cursor标题材质_ \n😊"
    generator = random.Random(618)
    for _ in range(2000):
        body = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 24)))
        template = parse(body)
        result = render(body, ctx())
        assert result.caret is None or 0 <= result.caret <= len(result.text)
        for error in template.errors:
            assert 0 <= error.start < error.end <= len(body)
        # Tokens cover the source without gaps or overlaps.
        position = 0
        for token in template.tokens:
            assert token.start == position
            position = token.end
        assert position == len(body)


@pytest.mark.parametrize("body", ["纯文本，没有花括号", "a{{b}}c", "😊 {{光标}}"])
def test_text_without_placeholders_renders_unchanged_apart_from_escapes(body: str) -> None:
    assert render(body, ctx()).text == body.replace("{{", "{").replace("}}", "}")


def test_every_spelling_in_the_table_parses_to_its_own_kind() -> None:
    for info in PLACEHOLDERS:
        for spelling in info.spellings:
            written = f"{{商品.{spelling}}}" if info.kind is TokenKind.PRODUCT else f"{{{spelling}}}"
            for variant in {written, written.upper()}:
                (token,) = parse(variant).tokens
                assert token.kind is info.kind, variant
                assert token.value == info.product_field, variant
        (token,) = parse(info.token_zh).tokens
        assert token.kind is info.kind, info.token_zh


def test_the_template_menu_offers_only_what_a_recommendation_template_accepts() -> None:
    from sidekick.core.recommend import has_note_placeholder, template_errors

    assert placeholders.TEMPLATE_MENU[0] == "{商品.标题}" and "{推荐语}" in placeholders.TEMPLATE_MENU
    for token in placeholders.TEMPLATE_MENU:
        assert template_errors(token) == [], token
    for spelling in placeholders.NOTE.spellings:
        assert has_note_placeholder(f"推荐 {{{spelling}}}") and has_note_placeholder(f"{{{spelling.upper()}}}")
    assert validate(placeholders.NOTE.token_zh) != []  # a phrase body does not know the note
