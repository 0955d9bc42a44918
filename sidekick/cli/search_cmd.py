"""``sidekick search``: the popup's search from the command line, for leads and scripts."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sidekick.app.replies import Replies
from sidekick.cli.common import CliError, open_store_for_cli, warn_if_library_empty
from sidekick.core.links import link_matcher
from sidekick.core.types import SearchHit

if TYPE_CHECKING:
    from sidekick.core.search.index import SearchIndex
    from sidekick.db.store import Store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("search", help="search phrases and products like the popup does")
    parser.add_argument("query", nargs="?", default=None, help="what you would type in the popup")
    parser.add_argument("--limit", type=int, default=10, help="results per query (default 10)")
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    parser.add_argument("--batch", type=Path, help="a file with one query per line; prints one JSON line per query")
    parser.set_defaults(handler=run)


def hit_to_json(hit: SearchHit, replies: Replies | None = None) -> dict[str, Any]:
    """A hit as JSON; with ``replies`` also the reply the popup would preview for it."""
    record: dict[str, Any] = {
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
    if replies is not None:
        # The popup's preview, from the one reply pipeline: fill-ins as 【名称】, no clipboard,
        # 〔选择商品〕 where a product field goes (no product is open on the command line).
        reply = replies.preview(hit, None)
        record["reply"] = reply.text
        record["reply_problem"] = reply.problem.value if reply.problem else None
    return record


def count_out_of_window(store: Store, index: SearchIndex, query: str, now: datetime) -> int:
    """Phrases matching ``query`` by plain text that are hidden only by their validity dates.

    Asked only after a search found nothing, so it may read the phrases from the database;
    it compares folded text (every term in the code, title or body), not pinyin or typos,
    which is enough to tell "双11" apart from a query that matches nothing at all.
    """
    from sidekick.core.search.text import fold
    from sidekick.db import repository

    parsed = index.parse(query)
    if not parsed.terms:
        return 0
    with store.session(read_only=True) as session:
        phrases = repository.list_phrases(session=session, library=parsed.library)
    count = 0
    for phrase in phrases:
        if (phrase.valid_from is None and phrase.valid_until is None) or phrase.is_valid_at(now):
            continue
        text = fold(f"{phrase.code}\n{phrase.title}\n{phrase.body}")
        if all(term in text for term in parsed.terms):
            count += 1
    return count


def no_results_message(query: str, out_of_window: int) -> str:
    """The line printed when a search finds nothing, naming phrases hidden by their dates."""
    if out_of_window == 0:
        return f"no results for {query!r}"
    if out_of_window == 1:
        found = "1 phrase matches but is outside its validity window"
    else:
        found = f"{out_of_window} phrases match but are outside their validity window"
    return f"no results for {query!r} right now: {found} (not started yet or already ended)"


def run(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CliError("--limit must be at least 1")
    if (args.query is None) == (args.batch is None):
        raise CliError("give either a QUERY or --batch FILE")
    from sidekick.db.search_load import load_index

    store = open_store_for_cli()
    # Read with the sqlite3 module, usage included, as the app starts: SQLAlchemy is only
    # imported if a search finds nothing (``count_out_of_window`` reads the phrases).
    index = load_index(store.path)
    warn_if_library_empty(len(index))
    now = datetime.now()
    settings, _problems = store.read_settings()
    links = link_matcher(settings.link_patterns)  # a pasted link is read as the shop reads it

    if args.batch is not None:
        try:
            lines = args.batch.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise CliError(f"cannot read {args.batch}: {error}") from error
        for line in lines:
            query = line.strip()
            if not query:
                continue
            hits = index.search(query, limit=args.limit, now_local=now, links=links)
            record = {"query": query, "results": [hit_to_json(h) for h in hits]}
            print(json.dumps(record, ensure_ascii=False))
        return 0

    hits = index.search(args.query, limit=args.limit, now_local=now, links=links)
    if args.json:
        replies = Replies(index, settings, clock=lambda: now)
        json.dump([hit_to_json(h, replies) for h in hits], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not hits:
        print(no_results_message(args.query, count_out_of_window(store, index, args.query, now)))
        return 0
    for number, hit in enumerate(hits, 1):
        where = "商品" if hit.library is None else ("团队" if hit.library.value == "team" else "个人")
        code = f" [{hit.code}]" if hit.code else ""
        category = f" {hit.category}" if str(hit.category) else ""
        body = " ".join(hit.body.split())
        print(f"{number:2d}. ({where}{category}){code} {hit.title} — {body[:60]}{'…' if len(body) > 60 else ''}")
    return 0
