"""House-style check (话术规范): every shipped rule, its fixes, and loading rule files."""

from __future__ import annotations

import re

import pytest

from sidekick.core.style import (
    RuleError,
    RuleSet,
    Severity,
    StyleIssue,
    TextEdit,
    apply_all_safe_fixes,
    apply_fix,
    check,
    default_rules,
    default_rules_path,
    load_rules,
    split_sentences,
)


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return default_rules()


def found(text: str, rules: RuleSet, rule_id: str) -> list[str]:
    """The words a rule reports in ``text``, in order."""
    return [text[i.start : i.end] for i in check(text, rules) if i.rule_id == rule_id]


# (rule id, text, the words that rule must report — [] for a negative example)
CASES: list[tuple[str, str, list[str]]] = [
    # 你 → 您
    ("nin", "你好，请问有什么可以帮你？", ["你", "你"]),
    ("nin", "你们那边收到货了吗", ["你们"]),
    ("nin", "妳穿M码刚好", ["妳"]),
    ("nin", "您好，请问有什么可以帮您？", []),
    ("nin", "这款迷你风扇很小巧", []),
    ("nin", "迷你款和你说的那款一样", ["你"]),
    # rhetorical questions
    ("rhetorical-question", "详情页不是写了吗？", ["不是写了吗"]),
    ("rhetorical-question", "难道您没收到短信？", ["难道"]),
    ("rhetorical-question", "您自己看不到吗", ["自己看不到吗"]),
    ("rhetorical-question", "我不是跟您说过了", ["不是跟您说过了"]),
    ("rhetorical-question", "您怎么不看详情页呢", ["怎么不看"]),
    ("rhetorical-question", "怎么可能是假货", ["怎么可能"]),
    ("rhetorical-question", "您看是不是这个颜色呢？", []),
    ("rhetorical-question", "这不是质量问题，您放心", []),
    ("rhetorical-question", "请问您看到物流更新了吗？", []),
    ("rhetorical-question", "你自己看一下详情页不就知道了吗？", ["不就知道了吗"]),
    ("rhetorical-question", "这不就是您要的颜色嘛", ["不就是您要的颜色嘛"]),
    # flat refusals without an apology
    ("refusal-without-apology", "这个不能退。", ["不能"]),
    ("refusal-without-apology", "改地址不行哦", ["不行"]),
    ("refusal-without-apology", "亲，这个没办法改价的", ["没办法"]),
    ("refusal-without-apology", "发票不可以开的", ["不可以"]),
    ("refusal-without-apology", "好的。这边不能包邮哦", ["不能"]),
    ("refusal-without-apology", "非常抱歉，这个不能退哦", []),
    ("refusal-without-apology", "不好意思呢。这款不能改尺码", []),
    ("refusal-without-apology", "很遗憾，活动已经结束，不能再用券了", []),
    ("refusal-without-apology", "双11大促千万不能错过", []),
    ("refusal-without-apology", "您看能不能先收货再说", []),
    ("refusal-without-apology", "可不可以换个颜色呢", []),
    ("refusal-without-apology", "尺码不行的话可以换", []),
    ("refusal-without-apology", "有没有办法加急", []),
    ("refusal-without-apology", "切不可以为便宜就选小一码", []),
    ("refusal-without-apology", "这个不能退吗？", []),
    ("refusal-without-apology", "实在不可以为您改价", ["不可以"]),
    # care and use instructions are not refusals; refusing a payment or a coupon still is
    ("refusal-without-apology", "可以机洗，但不能用漂白剂，也不能暴晒哦", []),
    ("refusal-without-apology", "不可以拧干，平铺晾干即可", []),
    ("refusal-without-apology", "深色款不能泡太久，也不能长时间浸泡", []),
    ("refusal-without-apology", "这张券过期了，不能再用了", ["不能"]),
    ("refusal-without-apology", "这个订单不能用花呗", ["不能"]),
    ("refusal-without-apology", "这个券不能用哦", ["不能"]),
    # an apology after the refusal: same sentence or the next one
    ("refusal-without-apology", "定制商品不可以退换，请您谅解", []),
    ("refusal-without-apology", "拆封后不能无理由退货了，还请您理解", []),
    ("refusal-without-apology", "这个不能退哦~敬请谅解", []),
    ("refusal-without-apology", "这个不能退。多多包涵", []),
    ("refusal-without-apology", "这个不能退，您要理解", ["不能"]),  # bare 理解 is no apology
    ("refusal-without-apology", "这个不能退。好的。请谅解", ["不能"]),  # too far away
    # 亲 more than once
    ("qin-overuse", "亲，您好！亲，这款有货哦", ["亲"]),
    ("qin-overuse", "亲亲，在的~好的亲~谢谢亲", ["亲", "亲"]),
    ("qin-overuse", "亲爱的，收到了吗？亲，记得好评哦", ["亲"]),
    ("qin-overuse", "亲，这款亲肤面料是设计师亲自挑的", []),
    ("qin-overuse", "亲，送给母亲或亲友都合适", []),
    ("qin-overuse", "亲爱的顾客您好，亲，有什么可以帮您", []),
    ("qin-overuse", "亲子装和亲手做的礼物", []),
    # 我 → 咱 (hint)
    ("zan-not-wo", "我们店周年庆全场包邮", ["我们店"]),
    ("zan-not-wo", "我们家的衣服都是纯棉的", ["我们家"]),
    ("zan-not-wo", "我家客服24小时在线", ["我家"]),
    ("zan-not-wo", "我们会尽快为您发货", []),
    ("zan-not-wo", "咱家的衣服都是纯棉的", []),
    # absolute claims
    ("absolute-claims", "这是全网最低价", ["全网最低"]),
    ("absolute-claims", "这是您最好的选择", ["最好"]),
    ("absolute-claims", "销量第一的爆款", ["销量第一"]),
    ("absolute-claims", "国家级非遗工艺，顶级面料", ["国家级", "顶级"]),
    ("absolute-claims", "祛痘100%有效", ["100%有效"]),
    ("absolute-claims", "绝对正品，史上最低", ["绝对", "史上最低"]),
    ("absolute-claims", "最佳赏味期内发出", ["最佳"]),
    ("absolute-claims", "您最好在18点前下单", []),
    ("absolute-claims", "建议最好先量一下尺寸", []),
    ("absolute-claims", "最好手洗，不要暴晒", []),
    ("absolute-claims", "我们会第一时间为您发货", []),
    ("absolute-claims", "第一次购买可以领券", []),
    ("absolute-claims", "第一，先确认尺码；第二，再拍下", []),
    ("absolute-claims", "面料是100%纯棉", []),
    ("absolute-claims", "这款睡袋最适合宝宝", ["最适合"]),
    ("absolute-claims", "穿着最舒服，价格最便宜", ["最舒服", "最便宜"]),
    ("absolute-claims", "年度销量冠军", ["销量冠军"]),
    ("absolute-claims", "全网第一的好评率", ["全网第一"]),
    ("absolute-claims", "咱家销量第一", ["销量第一"]),
    ("absolute-claims", "同类排名NO.1", ["NO.1"]),
    ("absolute-claims", "绝对不会掉色", ["绝对"]),
    ("absolute-claims", "绝对不要用热水洗", []),
    ("absolute-claims", "绝对不能暴晒", []),
    ("absolute-claims", "咱帮您推荐最合适的码数", []),
    ("absolute-claims", "按您的身高，L码最适合", []),
    ("absolute-claims", "最快明天送达，最晚周五", []),
    ("absolute-claims", "最后一件了，订单号NO.12345", []),
]


@pytest.mark.parametrize(("rule_id", "text", "expected"), CASES,
                         ids=[f"{r}:{t}" for r, t, _ in CASES])
def test_rule_cases(rules: RuleSet, rule_id: str, text: str, expected: list[str]) -> None:
    assert found(text, rules, rule_id) == expected


def test_every_rule_has_positive_and_negative_cases(rules: RuleSet) -> None:
    assert len(CASES) >= 40
    for rule_id in rules.ids:
        outcomes = {bool(expected) for r, _, expected in CASES if r == rule_id}
        assert outcomes == {True, False}, rule_id


# (text, after apply_all_safe_fixes) — exact output
FIXES: list[tuple[str, str]] = [
    ("你好，请问你需要什么尺码？", "您好，请问您需要什么尺码？"),
    ("你们的订单已发货，你注意查收", "你们的订单已发货，您注意查收"),  # 你们 is never auto-fixed
    ("这款迷你风扇你喜欢吗", "这款迷你风扇您喜欢吗"),
    ("这个不能退。", "非常抱歉，这个不能退。"),
    ("亲，这个没办法改价的", "亲，非常抱歉，这个没办法改价的"),
    ("您好，这个真的不行", "您好，非常抱歉，这个真的不行"),
    ("好的。这边不能包邮，也不可以改价", "好的。非常抱歉，这边不能包邮，也不可以改价"),
    ("亲~地址不能改了", "亲~非常抱歉，地址不能改了"),
    ("亲，您好！亲，这款有货哦", "亲，您好！这款有货哦"),
    ("亲，在的~好的亲~谢谢亲", "亲，在的~好的~谢谢"),
    ("亲，您好~亲~这款有货", "亲，您好~这款有货"),
    ("亲亲，在的。亲爱的，收到了吗", "亲亲，在的。收到了吗"),
    ("亲，您好。亲，这个不能退。", "亲，您好。非常抱歉，这个不能退。"),
    ("你好，亲。你这个不能退", "您好，亲。非常抱歉，您这个不能退"),
    ("非常抱歉，这个不能退哦", "非常抱歉，这个不能退哦"),
    ("这是全网最低价", "这是全网最低价"),  # no auto-fix for claims
    ("我们店全场包邮", "我们店全场包邮"),  # hint only
    # the apology goes after a lead-in label or a leading {买家}, never in front of them
    ("温馨提示：定制商品不能退换", "温馨提示：非常抱歉，定制商品不能退换"),
    ("亲，温馨提示：定制商品不能退换", "亲，温馨提示：非常抱歉，定制商品不能退换"),
    ("注意：预售款不能改地址", "注意：非常抱歉，预售款不能改地址"),
    ("{买家}您好，这个不能退", "{买家}您好，非常抱歉，这个不能退"),
    ("{买家}，这个不能退", "{买家}，非常抱歉，这个不能退"),
]


@pytest.mark.parametrize(("text", "expected"), FIXES)
def test_apply_all_safe_fixes(rules: RuleSet, text: str, expected: str) -> None:
    assert apply_all_safe_fixes(text, rules) == expected
    # Fixed text is stable: applying again changes nothing.
    assert apply_all_safe_fixes(expected, rules) == expected


@pytest.mark.parametrize(
    ("text", "rule_id", "expected"),
    [
        ("你好", "nin", "您好"),
        ("这个不能退", "refusal-without-apology", "非常抱歉，这个不能退"),
        ("亲，好的亲~", "qin-overuse", "亲，好的~"),
        ("亲，在吗。亲，在的", "qin-overuse", "亲，在吗。在的"),
    ],
)
def test_apply_one_fix(rules: RuleSet, text: str, rule_id: str, expected: str) -> None:
    (issue,) = [i for i in check(text, rules) if i.rule_id == rule_id]
    assert issue.fix is not None
    assert apply_fix(text, issue) == expected


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("你们好", "nin"),
        ("难道您没收到？", "rhetorical-question"),
        ("我们店包邮", "zan-not-wo"),
        ("这是最好的选择", "absolute-claims"),
        ("谢谢亲们的支持，亲，再见", "qin-overuse"),  # the second 亲 is the first address…
    ],
)
def test_unsafe_issues_have_no_fix(rules: RuleSet, text: str, rule_id: str) -> None:
    issues = [i for i in check(text, rules) if i.rule_id == rule_id]
    assert issues
    if rule_id == "qin-overuse":
        # …and only the extra one after 亲们 stands alone, so that one has a fix.
        assert [i.fix is not None for i in issues] == [True]
        return
    for issue in issues:
        assert issue.fix is None
        assert issue.suggestion
        with pytest.raises(ValueError, match="no safe fix"):
            apply_fix(text, issue)


def test_qin_inside_a_sentence_is_not_removed(rules: RuleSet) -> None:
    text = "亲，谢谢亲们的支持"
    (issue,) = [i for i in check(text, rules) if i.rule_id == "qin-overuse"]
    assert text[issue.start : issue.end] == "亲们"
    assert issue.fix is None
    assert apply_all_safe_fixes(text, rules) == text


def test_issue_fields(rules: RuleSet) -> None:
    (issue,) = check("这个不能退。", rules)
    assert issue == StyleIssue(
        rule_id="refusal-without-apology",
        severity=Severity.WARNING,
        start=2,
        end=4,
        message_zh="「不能」前没有致歉，拒绝显得生硬；请先道歉再委婉说明",
        message_en="不能 is a flat refusal; apologise first, then decline gently",
        suggestion="非常抱歉，这个不能退。",
        fix=TextEdit(0, 0, "非常抱歉，", ""),
    )


def test_hint_severity_and_suggestion(rules: RuleSet) -> None:
    (issue,) = check("我们家的衣服", rules)
    assert issue.severity is Severity.HINT
    assert issue.suggestion == "咱家"
    assert issue.fix is None


def test_qin_message_counts(rules: RuleSet) -> None:
    issues = [i for i in check("亲，在的~好的亲~谢谢亲", rules) if i.rule_id == "qin-overuse"]
    assert issues[0].message_zh == "「亲」用了 3 次，显得敷衍；一段话里保留 1 次即可"
    assert issues[0].message_en == "亲 is used 3 times; keep it to 1"


def test_issues_are_ordered_by_position(rules: RuleSet) -> None:
    text = "亲，你好！亲，这个不能退，这是全网最低价"
    starts = [i.start for i in check(text, rules)]
    assert starts == sorted(starts)


def test_stale_fix_is_refused(rules: RuleSet) -> None:
    (issue,) = check("你好", rules)
    with pytest.raises(ValueError, match="changed"):
        apply_fix("您好呀", issue)


def test_clean_text_has_no_issues(rules: RuleSet) -> None:
    text = "亲，您好！非常抱歉，这款暂时不能改价。咱家这款口碑不错，您可以放心选购～"
    assert check(text, rules) == []
    assert check("", rules) == []


def test_split_sentences() -> None:
    assert split_sentences("好的。\n  \n这个不能退！谢谢", "。！\n") == [(0, 2), (7, 12), (13, 15)]


# --- loading rule files ----------------------------------------------------------------


def test_default_rules_file_is_the_shipped_resource(rules: RuleSet) -> None:
    assert default_rules_path().name == "rules.yaml"
    assert default_rules_path().parent.name == "style"
    assert set(rules.ids) >= {"nin", "rhetorical-question", "refusal-without-apology",
                              "qin-overuse", "zan-not-wo", "absolute-claims"}
    assert {rule.kind for rule in rules.rules} == {"regex", "replace", "requires_before",
                                                   "max_count"}


def lead_file(extra: str) -> str:
    """The shipped file with ``extra`` appended to its rule list."""
    return default_rules_path().read_text(encoding="utf-8").rstrip() + "\n" + extra


def test_lead_can_add_a_rule(rules: RuleSet) -> None:
    extended = load_rules(lead_file("""
  - id: no-weixin
    kind: regex
    severity: warning
    message_zh: 平台禁止引导站外交易：「{match}」
    message_en: "Off-platform contact is forbidden: {match}"
    patterns: ["(?:加|拉)?(?:微信|VX|vx|wx)"]
    replace: 旺旺
    exceptions: [微信支付]
"""), source="rules.yaml")
    assert extended.ids == (*rules.ids, "no-weixin")
    text = "您可以加微信联系，也支持微信支付"
    (issue,) = [i for i in check(text, extended) if i.rule_id == "no-weixin"]
    assert text[issue.start : issue.end] == "加微信"
    assert issue.message_zh == "平台禁止引导站外交易：「加微信」"
    assert issue.suggestion == "旺旺" and issue.fix is None


def test_lead_rule_with_fix_and_group_template() -> None:
    ruleset = load_rules("""
version: 1
rules:
  - id: emoji-face
    kind: regex
    message_zh: 请用表情代替「{match}」
    message_en: use an emoji for {match}
    patterns: ['\\((\\^)_\\^\\)']
    replace: '😊'
    fix: true
  - id: words
    kind: replace
    severity: hint
    message_zh: 用词
    message_en: wording
    replacements: {木有: 没有, 肿么: 怎么}
""")
    assert apply_all_safe_fixes("好的(^_^)木有问题", ruleset) == "好的😊没有问题"


def test_disabled_rule_is_skipped() -> None:
    text = lead_file("").replace("  - id: zan-not-wo\n", "  - id: zan-not-wo\n    enabled: false\n")
    assert "zan-not-wo" not in load_rules(text).ids
    assert check("我们店包邮", load_rules(text)) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version: 1\nrules:\n  - id: a\n    kind: regex\n    patterns: [\"(未闭合\"]\n"
         "    message_zh: x\n    message_en: x\n",
         r"rules\.yaml: rule 1 \(a\): 'patterns' has a broken regular expression '\(未闭合'"),
        ("version: 1\nrules:\n  - id: a\n    kind: regx\n",
         r"rule 1 \(a\): 'kind' is 'regx'; use one of regex, replace, requires_before, max_count"),
        ("version: 1\nrules:\n  - id: a\n    kind: regex\n    patterns: [x]\n    message_zh: x\n"
         "    message_en: x\n    mesage: y\n",
         r"rule 1 \(a\): unknown key\(s\) \['mesage'\] for kind regex"),
        ("version: 1\nrules:\n  - id: a\n    kind: max_count\n    pattern: 亲\n    max: 0\n"
         "    message_zh: x\n    message_en: x\n", r"rule 1 \(a\): 'max' must be a whole number"),
        ("version: 1\nrules:\n  - id: a\n    kind: requires_before\n    required: [抱歉]\n"
         "    message_zh: x\n    message_en: x\n", r"rule 1 \(a\): 'triggers' is missing"),
        ("version: 1\nrules:\n  - id: a\n    kind: replace\n    message_zh: x\n    message_en: x\n",
         r"rule 1 \(a\): 'replacements' is missing"),
        ("version: 1\nrules:\n  - id: a\n    kind: regex\n    patterns: [x]\n    message_zh: x\n",
         r"rule 1 \(a\): 'message_en' is missing"),
        ("version: 1\nrules:\n  - id: a\n    kind: regex\n    patterns: [x]\n    severity: error\n"
         "    message_zh: x\n    message_en: x\n", r"'severity' is 'error'; use warning or hint"),
        ("version: 1\nrules:\n  - id: a\n    kind: regex\n    patterns: ['a*']\n"
         "    message_zh: x\n    message_en: x\n", r"matches empty text"),
        ("version: 1\nrules:\n  - id: a\n    kind: regex\n    patterns: ['(a)']\n    replace: '\\2'\n"
         "    message_zh: x\n    message_en: x\n", r"'replace' .* does not fit .*: no group 2"),
        ("version: 1\nrules:\n  - id: a\n    kind: regex\n    patterns: [x]\n    message_zh: x\n"
         "    message_en: x\n  - id: a\n    kind: regex\n    patterns: [y]\n    message_zh: x\n"
         "    message_en: x\n", r"rule 2 \(a\): the id is already used by rule 1"),
        ("version: 1\nrules:\n  - kind: regex\n", r"rule 1: 'id' must be a name"),
        ("version: 2\nrules: []\n", r"'version' is 2; this Sidekick reads version 1"),
        ("rules: []\n", r"'version' is None"),
        ("- just a list\n", r"expected a mapping"),
        ("version: 1\nrules: {a: 1}\n", r"'rules' must be a list"),
        ("version: 1\nrules:\n  - id: a\n    kind: regex\n   patterns: [x\n",
         r"rules\.yaml: not valid YAML at line \d+, column \d+"),
    ],
)
def test_broken_rules_file_gives_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        load_rules(text, source="rules.yaml")


def test_broken_yaml_appended_by_a_lead_names_the_rule() -> None:
    broken = lead_file("""
  - id: my-rule
    kind: requires_before
    triggers: [不发货]
    required: 抱歉
    scope: paragraph
    message_zh: x
    message_en: x
""")
    with pytest.raises(RuleError, match=re.escape(
            "rules.yaml: rule 7 (my-rule): 'scope' is 'paragraph'; use sentence or "
            "previous_sentence")):
        load_rules(broken, source="rules.yaml")


def test_check_does_not_use_the_message_as_a_format_string() -> None:
    ruleset = load_rules("""
version: 1
rules:
  - id: braces
    kind: replace
    message_zh: "{0} {match} {__class__} {"
    message_en: "{count}/{max}"
    replacements: {你: 您}
""")
    (issue,) = check("你", ruleset)
    assert issue.message_zh == "{0} 你 {__class__} {"
    assert issue.message_en == "0/0"


def test_check_and_fix_never_raise_on_arbitrary_text(rules: RuleSet) -> None:
    import random

    alphabet = "你您们亲爱的自肤不能行可以没办法抱歉最好第一是吗难道我家店，。！？~ \n{}"
    generator = random.Random(20261111)
    for _ in range(500):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 30)))
        for issue in check(text, rules):
            assert 0 <= issue.start < issue.end <= len(text)
            if issue.fix is not None:
                apply_fix(text, issue)
        fixed = apply_all_safe_fixes(text, rules)
        assert all(i.fix is None for i in check(fixed, rules)), (text, fixed)


# --- placeholders are opaque ------------------------------------------------------------

BUG_BODY = "您好，您的订单{?订单号}还没有付款，不能再等啦。"


def placeholders_in(text: str) -> list[str]:
    """Every placeholder (and {{ / }} escape) of ``text`` as written, in order."""
    from sidekick.core.placeholders import TokenKind, parse

    raws = []
    for token in parse(text).tokens:
        if token.kind is not TokenKind.TEXT:
            raws.append(text[token.start : token.end])
        else:
            raws.extend(re.findall(r"\{\{|\}\}", text[token.start : token.end]))
    return raws


def test_fill_in_mark_is_not_a_sentence_end() -> None:
    # The ? of {?订单号} would split the sentence in the middle of the placeholder.
    text = "订单{?订单号}已发货。好的?"
    assert split_sentences(text, "。?") == [(0, 11), (12, 14)]


def test_refusal_fix_keeps_a_fill_in_whole(rules: RuleSet) -> None:
    (issue,) = check(BUG_BODY, rules)
    assert issue.rule_id == "refusal-without-apology"
    assert issue.fix == TextEdit(3, 3, "非常抱歉，", "")
    assert issue.suggestion == "您好，非常抱歉，您的订单{?订单号}还没有付款，不能再等啦。"
    fixed = apply_fix(BUG_BODY, issue)
    assert fixed == "您好，非常抱歉，您的订单{?订单号}还没有付款，不能再等啦。"
    assert apply_all_safe_fixes(BUG_BODY, rules) == fixed


def test_question_ending_in_a_placeholder_is_still_a_question(rules: RuleSet) -> None:
    assert found("这个不能退吗{光标}", rules, "refusal-without-apology") == []
    assert found("这个不能退吗？{光标}", rules, "refusal-without-apology") == []


# (rule id, text, the words that rule must report) — a placeholder next to or around a hit
PLACEHOLDER_CASES: list[tuple[str, str, list[str]]] = [
    ("nin", "{?你的订单号}你好", ["你"]),  # the fill-in's name is seen by the agent only
    ("nin", "{{你}}好", ["你"]),  # literal braces around a word do not hide it
    ("rhetorical-question", "{?难道没收到的原因}", []),
    ("rhetorical-question", "详情页不是写了{?尺码}吗", ["不是写了{?尺码}吗"]),
    ("refusal-without-apology", "{?不能发货的原因}", []),
    ("refusal-without-apology", BUG_BODY, ["不能"]),
    ("refusal-without-apology", "{?订单号}不能改地址", ["不能"]),
    ("qin-overuse", "亲，{?亲的称呼}您好", []),
    ("qin-overuse", "亲，您好！亲，{?订单号}已发货", ["亲"]),
    ("qin-overuse", "亲，好的亲{光标}", ["亲"]),
    ("zan-not-wo", "{?我家地址}已收到", []),
    ("zan-not-wo", "{店铺}我们店全场包邮", ["我们店"]),
    ("absolute-claims", "{商品.最佳搭配}", []),
    ("absolute-claims", "{?第一次购买的日期}", []),
    ("absolute-claims", "{商品.标题}销量第一", ["销量第一"]),
]


@pytest.mark.parametrize(("rule_id", "text", "expected"), PLACEHOLDER_CASES,
                         ids=[f"{r}:{t}" for r, t, _ in PLACEHOLDER_CASES])
def test_rule_cases_with_placeholders(rules: RuleSet, rule_id: str, text: str,
                                      expected: list[str]) -> None:
    assert found(text, rules, rule_id) == expected


def test_every_rule_is_checked_next_to_a_placeholder(rules: RuleSet) -> None:
    tested = {r for r, _, expected in PLACEHOLDER_CASES if expected}
    assert tested >= set(rules.ids)


# (text, after apply_all_safe_fixes): the fixes work around placeholders, never through them
PLACEHOLDER_FIXES: list[tuple[str, str]] = [
    ("{?你的订单号}你好", "{?你的订单号}您好"),
    ("{买家}你好", "{买家}您好"),
    ("{{你}}好", "{{您}}好"),
    (BUG_BODY, "您好，非常抱歉，您的订单{?订单号}还没有付款，不能再等啦。"),
    ("{?订单号}不能改地址", "非常抱歉，{?订单号}不能改地址"),
    ("亲，您好！亲，{?订单号}已发货", "亲，您好！{?订单号}已发货"),
    ("亲，在的~{买家}亲~", "亲，在的~{买家}~"),
    ("亲，好的亲{光标}", "亲，好的亲{光标}"),  # 亲 is not standing alone: warn only
    ("{店铺}我们店全场包邮", "{店铺}我们店全场包邮"),
    ("{商品.标题}销量第一", "{商品.标题}销量第一"),
]


@pytest.mark.parametrize(("text", "expected"), PLACEHOLDER_FIXES)
def test_fixes_around_placeholders(rules: RuleSet, text: str, expected: str) -> None:
    assert apply_all_safe_fixes(text, rules) == expected
    assert placeholders_in(expected) == placeholders_in(text)


LEAD_FIX_RULES = """
version: 1
rules:
  - id: brace
    kind: regex
    message_zh: x
    message_en: x
    patterns: ['嗯']
    replace: '{'
    fix: true
  - id: wide
    kind: regex
    message_zh: x
    message_en: x
    suggestion: 改成陈述句
    patterns: ['不是.{0,8}吗']
    replace: '是的'
    fix: true
  - id: loose
    kind: regex
    message_zh: x
    message_en: x
    patterns: ['单.']
    replace: '单号'
    fix: true
"""


def test_a_fix_that_would_break_a_placeholder_is_not_offered() -> None:
    ruleset = load_rules(LEAD_FIX_RULES)
    # 嗯 → { right before {买家} would make the escape {{ and break the placeholder.
    (issue,) = check("嗯{买家}", ruleset)
    assert issue.fix is None
    # A match spanning a placeholder is reported, but no rewrite is built from it.
    text = "不是{?尺码}吗"
    (issue,) = check(text, ruleset)
    assert (issue.start, issue.end) == (0, len(text))
    assert issue.fix is None and issue.suggestion == "改成陈述句"
    # A loose pattern (.) must not reach into a placeholder at all.
    assert check("订单{?订单号}", ruleset) == []
    assert apply_all_safe_fixes("嗯{买家}，不是{?尺码}吗，订单{?订单号}", ruleset) \
        == "嗯{买家}，不是{?尺码}吗，订单{?订单号}"


def test_check_and_fix_never_break_placeholders(rules: RuleSet) -> None:
    import random

    pieces = ["你", "您", "亲", "，", "。", "~", "？", "吗", "不能", "退", "抱歉", "最好", "第一",
              "我家", "难道", "不是", "温馨提示：", "{买家}", "{?订单号}", "{？你的问题}",
              "{光标}", "{商品.标题}", "{商品.最佳搭配}", "{{", "}}", "{", "}", "?"]
    generator = random.Random(20261112)
    for _ in range(800):
        text = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 14)))
        before = placeholders_in(text)
        for issue in check(text, rules):
            if issue.fix is not None:
                assert placeholders_in(apply_fix(text, issue)) == before, (text, issue)
        fixed = apply_all_safe_fixes(text, rules)
        assert placeholders_in(fixed) == before, (text, fixed)


# --- requires_before: required_after and after_scope ------------------------------------

AFTER_RULE = """
version: 1
rules:
  - id: refusal
    kind: requires_before
    message_zh: x
    message_en: x
    triggers: [不能]
    required: [抱歉]
    required_after: [请谅解]
    after_scope: {scope}
"""


def test_after_scope_sentence_and_next_sentence() -> None:
    text = "这个不能退。请谅解"
    assert len(check(text, load_rules(AFTER_RULE.format(scope="sentence")))) == 1
    assert check(text, load_rules(AFTER_RULE.format(scope="next_sentence"))) == []
    assert check("这个不能退，请谅解", load_rules(AFTER_RULE.format(scope="sentence"))) == []


def test_after_scope_must_be_known() -> None:
    with pytest.raises(RuleError, match=re.escape(
            "rule 1 (refusal): 'after_scope' is 'paragraph'; use sentence or next_sentence")):
        load_rules(AFTER_RULE.format(scope="paragraph"))
