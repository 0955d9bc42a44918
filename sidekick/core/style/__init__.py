"""House-style check (话术规范) for phrase bodies.

Rules are data: ``resources/style/rules.yaml`` (schema at its top) holds them and a lead
may extend it. ``check`` reports issues with a span, a bilingual message, a suggestion and,
where a rewrite cannot change the meaning, a one-click ``fix``. Warnings never block
saving; the caller decides what to do with them.

    rules = default_rules()
    for issue in check(body, rules):
        ...
    body = apply_all_safe_fixes(body, rules)
"""

from sidekick.core.style.check import (
    StyleIssue,
    TextEdit,
    apply_all_safe_fixes,
    apply_fix,
    check,
    split_sentences,
)
from sidekick.core.style.rules import (
    Rule,
    RuleError,
    RuleSet,
    Severity,
    default_rules,
    default_rules_path,
    load_rules,
)

__all__ = [
    "Rule",
    "RuleError",
    "RuleSet",
    "Severity",
    "StyleIssue",
    "TextEdit",
    "apply_all_safe_fixes",
    "apply_fix",
    "check",
    "default_rules",
    "default_rules_path",
    "load_rules",
    "split_sentences",
]
