"""``sidekick suggest``: reply suggestions for a buyer's message, from the command line.

Used by support, tests and the benchmark: the same engine the popup's suggest mode uses, over
the local library (team and personal phrases, products, usage). The buyer's text is only read,
never stored or logged.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sidekick.cli.common import CliError, open_store_for_cli, warn_if_library_empty

if TYPE_CHECKING:
    from sidekick.core.suggest import SuggestEngine, Suggestion


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("suggest", help="suggest replies to a buyer's message (买家问法)")
    parser.add_argument("text", nargs="?", default=None, help="the buyer's message")
    parser.add_argument("--limit", type=int, default=5, help="suggestions per message (default 5)")
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    parser.add_argument("--batch", type=Path,
                        help="a file with one buyer message per line; prints one JSON list per line")
    parser.add_argument("--bank", type=Path, help="a question bank YAML file instead of the shipped one")
    parser.set_defaults(handler=run)


def suggestion_to_json(suggestion: Suggestion) -> dict[str, Any]:
    """The fields of ``search --json`` plus ``intent``, ``matched_question`` and ``reason``."""
    phrase = suggestion.phrase
    product = suggestion.product
    return {
        "id": product.id if product else phrase.id,
        "kind": "product" if product else "phrase",
        "library": None if product else phrase.library.value,
        "category": str(phrase.category),
        "code": phrase.code,
        "title": phrase.title,
        "body": phrase.body,
        "score": round(suggestion.score, 4),
        "match": "suggest",
        "spans": [],
        "intent": suggestion.intent,
        "matched_question": suggestion.matched_question,
        "reason": suggestion.reason,
    }


def build_engine(bank_path: Path | None) -> SuggestEngine:
    """The engine over the local library, as the app builds it."""
    from sidekick.core.suggest import load_question_bank
    from sidekick.db.suggest_load import build_suggest_engine

    try:
        bank = load_question_bank(bank_path)
    except (OSError, ValueError) as error:
        raise CliError(f"cannot read the question bank: {error}") from error
    return build_suggest_engine(open_store_for_cli().engine, bank)


def run(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CliError("--limit must be at least 1")
    if (args.text is None) == (args.batch is None):
        raise CliError("give either the buyer's TEXT or --batch FILE")
    lines: list[str] = []
    if args.batch is not None:
        try:
            lines = args.batch.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise CliError(f"cannot read {args.batch}: {error}") from error
    engine = build_engine(args.bank)
    warn_if_library_empty(len(engine.phrases) + len(engine.products))
    now = datetime.now()
    if args.batch is not None:
        for line in lines:  # one output line per input line, an empty list for an empty line
            found = engine.suggest(line, limit=args.limit, now=now) if line.strip() else []
            print(json.dumps([suggestion_to_json(s) for s in found], ensure_ascii=False))
        return 0
    found = engine.suggest(args.text, limit=args.limit, now=now)
    if args.json:
        json.dump([suggestion_to_json(s) for s in found], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not found:
        print("no confident suggestion for this message (没有把握的建议): search the library instead")
        return 0
    for number, suggestion in enumerate(found, 1):
        phrase = suggestion.phrase
        where = "商品" if suggestion.product else ("团队" if phrase.library.value == "team" else "个人")
        body = " ".join(phrase.body.split())
        print(f"{number:2d}. ({where}) {phrase.title} — {body[:60]}{'…' if len(body) > 60 else ''}")
        print(f"    {suggestion.score:.2f}  {suggestion.reason}")
    return 0
