"""``sidekick mine``: the questions buyers ask most in exported chat records, and what to add.

Reads the files (streamed; nothing is copied into Sidekick's data folder), masks personal data
first, and prints the groups ranked by how many conversations ask them, with the library phrase
that answers each (or GAP) and a proposed reply from the agents' own answers. ``--json`` writes
every group with its member messages (masked, each with its ``file:line``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

from sidekick.cli.common import CliError

STAGES = {"read": "读取", "deduplicate": "去重", "intents": "归类", "neighbours": "近邻归类", "rank": "排序",
          "coverage": "覆盖检查"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("mine", help="find the questions buyers ask most in chat records (聊天记录挖掘)")
    parser.add_argument("files", nargs="+", type=Path, help="chat exports: .txt transcripts, .csv/.xlsx tables, JDDC .txt")
    parser.add_argument("--agent", action="append", default=[], metavar="NAME",
                        help="an agent's account name (repeatable); sub-accounts 店铺:客服 are recognised anyway")
    parser.add_argument("--top", type=int, default=20, help="groups to print (default 20)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write every group with its member messages")
    parser.add_argument("--since", help="only messages from this date on (YYYY-MM-DD; files with times)")
    parser.add_argument("--bank", type=Path, help="a question bank YAML file instead of the shipped one")
    parser.set_defaults(handler=run)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    if _width(text) <= width:
        return text + " " * (width - _width(text))
    out, used = [], 0
    for ch in text:
        w = _width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…" + " " * (width - used - 1)


class _Progress:
    """One status line per stage on stderr, rewritten in place (``\r``), ended when the stage changes."""

    def __init__(self) -> None:
        self.stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage and self.stage:
            print(file=sys.stderr)
        self.stage = stage
        label = STAGES.get(stage, stage)
        print(f"\r{label}: {done}/{total}" if total else f"\r{label}: {done}", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.stage:
            print(file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from sidekick.app.chat_mining import ChatFileError, mine_files
    from sidekick.cli.suggest_cmd import build_engine

    for path in args.files:
        if not path.is_file():
            raise CliError(f"{path}: no such file")
    since = None
    if args.since:
        try:
            since = datetime.strptime(args.since, "%Y-%m-%d")
        except ValueError:
            raise CliError(f"--since {args.since!r}: write the date as YYYY-MM-DD") from None
    engine = build_engine(args.bank)  # the same engine as ``sidekick suggest``: coverage means what suggest offers
    progress = _Progress()
    try:
        report, bad = mine_files(args.files, engine, agents=frozenset(args.agent), since=since, top=args.top,
                                 progress=progress)
    except ChatFileError as error:
        raise CliError(str(error)) from None
    finally:
        progress.close()
    _print_table(report, args.top)
    if bad:
        print(f"{len(bad)} line(s) could not be read and were skipped, e.g. {bad[0].source}: {bad[0].reason}",
              file=sys.stderr)
    if args.json:
        _write_json(args.json, report, bad)
        print(f"wrote {len(report.groups)} groups to {args.json}", file=sys.stderr)
    return 0


def _print_table(report: Any, top: int) -> None:
    columns = shutil.get_terminal_size((160, 24)).columns
    fixed = 4 + 6 + 7 + 3 * 2
    rest = max(columns - fixed - 8, 60)
    q_width, c_width = rest * 3 // 10, rest * 3 // 10
    r_width = rest - q_width - c_width
    print(f"{'#':>3} {'会话':>5} {'占比':>6}  {_cut('代表问题', q_width)}  {_cut('已覆盖 / 缺口', c_width)}  建议回复")
    for group in report.groups[:top]:
        if group.kind != "question":
            coverage = {"closing": "(结束语/致谢)", "greeting": "(问候)"}[group.kind]
        elif group.covered_by:
            coverage = f"{group.covered_title} ({group.covered_score:.2f})"
        else:
            coverage = "缺口 GAP" + (f" · {group.intent_name}" if group.intent_name else "")
        print(f"{group.rank:>3} {group.conversations:>5} {group.share:>6.1%}  {_cut(group.representative, q_width)}  "
              f"{_cut(coverage, c_width)}  {_cut(group.proposed_reply or '', r_width).rstrip()}")
    print(f"\n买家问题 {report.messages} 条（{report.conversations} 个会话，"
          f"另有 {report.noise} 条订单卡片/表情/上下文回答不计）；"
          f"话术库覆盖 {report.coverage_before:.0%}，采纳建议回复后 {report.coverage_after:.0%}")


def _write_json(path: Path, report: Any, bad: list[Any]) -> None:
    data = {
        "messages": report.messages, "conversations": report.conversations, "noise": report.noise,
        "coverage_before": round(report.coverage_before, 4), "coverage_after": round(report.coverage_after, 4),
        "bad_lines": [{"source": b.source, "reason": b.reason} for b in bad],
        "groups": [{
            "rank": g.rank, "kind": g.kind, "representative": g.representative, "conversations": g.conversations,
            "questions": g.questions, "share": round(g.share, 5), "intent": g.intent, "intent_name": g.intent_name,
            "covered_by": g.covered_by, "covered_title": g.covered_title, "covered_score": g.covered_score,
            "proposed_reply": g.proposed_reply, "examples": g.examples,
            "members": [{"source": m.source, "text": m.text} for m in g.members],
        } for g in report.groups],
    }
    temporary = path.with_name(path.name + ".part")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.replace(path)
