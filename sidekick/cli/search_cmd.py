"""``sidekick search``: the popup's search from the command line, for leads and scripts."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from sidekick.cli.common import CliError, open_store_for_cli
from sidekick.core.types import SearchHit


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("search", help="search phrases and products like the popup does")
    parser.add_argument("query", nargs="?", default=None, help="what you would type in the popup")
    parser.add_argument("--limit", type=int, default=10, help="results per query (default 10)")
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    parser.add_argument("--batch", type=Path, help="a file with one query per line; prints one JSON line per query")
    parser.set_defaults(handler=run)


def hit_to_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "id": hit.id,
        "kind": hit.kind.value,
        "library": hit.library.value if hit.library else None,
        "category": str(hit.category),
        "code": hit.code,
        "title": hit.title,
        "body": hit.body,
        "score": round(hit.score, 4),
        "match": hit.match.value,
        "spans": [{"field": s.field, "start": s.start, "end": s.end} for s in hit.spans],
    }


def run(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CliError("--limit must be at least 1")
    if (args.query is None) == (args.batch is None):
        raise CliError("give either a QUERY or --batch FILE")
    from sidekick.db.search_load import load_index, load_usage

    store = open_store_for_cli()
    index = load_index(store.engine)
    with store.session() as session:
        index.set_usage(load_usage(session))
    now = datetime.now()

    if args.batch is not None:
        try:
            lines = args.batch.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise CliError(f"cannot read {args.batch}: {error}") from error
        for line in lines:
            query = line.strip()
            if not query:
                continue
            hits = index.search(query, limit=args.limit, now_local=now)
            record = {"query": query, "results": [hit_to_json(h) for h in hits]}
            print(json.dumps(record, ensure_ascii=False))
        return 0

    hits = index.search(args.query, limit=args.limit, now_local=now)
    if args.json:
        json.dump([hit_to_json(h) for h in hits], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not hits:
        print(f"no results for {args.query!r}")
        return 0
    for number, hit in enumerate(hits, 1):
        where = "商品" if hit.library is None else ("团队" if hit.library.value == "team" else "个人")
        code = f" [{hit.code}]" if hit.code else ""
        category = f" {hit.category}" if str(hit.category) else ""
        body = " ".join(hit.body.split())
        print(f"{number:2d}. ({where}{category}){code} {hit.title} — {body[:60]}{'…' if len(body) > 60 else ''}")
    return 0
