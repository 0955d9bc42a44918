"""``sidekick lint``: the house-style check (话术规范) over a whole library, before a campaign.

Runs the same rules as the phrase editor and prints, per issue, the phrase (title, code,
category), the rule, the words found and the suggested rewrite, then a summary per rule.
Warnings never fail the command unless ``--strict`` is given (then any warning → exit 1), so
a lead can wire it into a checklist without it blocking by default. Hints are listed but
never fail it. Placeholder errors (``{未知占位}``, a stray brace — what the editor refuses to
save, but an old import may have let in) are listed first as errors: such a phrase would be
pasted to a buyer literally, so ``--strict`` always counts them.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from sidekick.cli.common import CliError, open_store_for_cli
from sidekick.core import placeholders
from sidekick.core.style import RuleError, RuleSet, Severity, StyleIssue, check, default_rules, load_rules
from sidekick.core.types import LibraryKind, Phrase, Problem

EXCERPT_CONTEXT = 6  # characters shown either side of the words found
LIBRARY_NAMES = {LibraryKind.TEAM: "团队", LibraryKind.PERSONAL: "个人"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("lint", help="check phrases against the house style (话术规范)")
    parser.add_argument("--library", choices=("team", "personal", "all"), default="all",
                        help="which library to check (default: all)")
    parser.add_argument("--rules", type=Path, help="a rules file instead of the shipped resources/style/rules.yaml")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any warning is found")
    parser.add_argument("--english", action="store_true", help="print rule messages in English")
    parser.set_defaults(handler=run)


def excerpt(text: str, start: int, end: int) -> str:
    """The words found with a little context, on one line, the hit in 【】."""
    before = text[max(0, start - EXCERPT_CONTEXT):start]
    after = text[end:end + EXCERPT_CONTEXT]
    lead = "…" if start > EXCERPT_CONTEXT else ""
    tail = "…" if end + EXCERPT_CONTEXT < len(text) else ""
    line = f"{lead}{before}【{text[start:end]}】{after}{tail}"
    return " ".join(line.split())


def lint_phrases(phrases: list[Phrase], rules: RuleSet) -> list[tuple[Phrase, StyleIssue]]:
    """Every (phrase, issue) pair, in library order."""
    return [(phrase, issue) for phrase in phrases for issue in check(phrase.body, rules)]


def placeholder_errors(phrases: list[Phrase]) -> list[tuple[Phrase, Problem]]:
    """Every (phrase, problem) the phrase editor would refuse to save, in library order."""
    return [(phrase, problem) for phrase in phrases for problem in placeholders.validate(phrase.body)]


def _where(phrase: Phrase) -> str:
    code = f" [{phrase.code}]" if phrase.code else ""
    where = f"{LIBRARY_NAMES[phrase.library]} › {phrase.category}" if phrase.category.parts else LIBRARY_NAMES[phrase.library]
    return f"{phrase.title}{code} ({where})"


def format_report(found: list[tuple[Phrase, StyleIssue]], checked: int, english: bool = False,
                  errors: list[tuple[Phrase, Problem]] | None = None) -> str:
    lines: list[str] = []
    for phrase, problem in errors or ():
        lines.append(_where(phrase))
        lines.append(f"  error placeholder: {problem.message}")
        lines.append("")
    for phrase, issue in found:
        level = "warning" if issue.severity is Severity.WARNING else "hint"
        lines.append(_where(phrase))
        lines.append(f"  {level} {issue.rule_id}: {issue.message_en if english else issue.message_zh}")
        lines.append(f"  原文: {excerpt(phrase.body, issue.start, issue.end)}")
        if issue.suggestion:
            fixable = " (可一键修正)" if issue.fix is not None else ""
            lines.append(f"  建议: {issue.suggestion}{fixable}")
        lines.append("")
    warnings = sum(1 for _, i in found if i.severity is Severity.WARNING)
    hints = len(found) - warnings
    error_count = len(errors or ())
    affected = len({p.id for p, _ in found} | {p.id for p, _ in errors or ()})
    counted = f"{error_count} errors, " if error_count else ""
    lines.append(f"checked {checked} phrases: {counted}{warnings} warnings, {hints} hints in {affected} phrases")
    if error_count:
        lines.append(f"  placeholder: {error_count}")
    for rule_id, count in sorted(Counter(i.rule_id for _, i in found).items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"  {rule_id}: {count}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    try:
        rules = load_rules(args.rules.read_text(encoding="utf-8"), str(args.rules)) if args.rules else default_rules()
    except OSError as error:
        raise CliError(f"cannot read {args.rules}: {error.strerror or error}") from error
    except RuleError as error:
        raise CliError(str(error)) from error
    from sidekick.db import repository

    store = open_store_for_cli()
    library = None if args.library == "all" else LibraryKind(args.library)
    try:
        with store.session(read_only=True) as session:
            phrases = repository.list_phrases(session=session, library=library)
    finally:
        store.close()
    found = lint_phrases(phrases, rules)
    errors = placeholder_errors(phrases)
    print(format_report(found, len(phrases), args.english, errors))
    warnings = sum(1 for _, i in found if i.severity is Severity.WARNING)
    return 1 if args.strict and (warnings or errors) else 0
