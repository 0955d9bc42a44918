"""Shared helpers for the import/export tests: a sample shop, the CLI in-process, DB snapshots."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from sidekick.core.types import (
    CategoryPath,
    KnowledgeField,
    LibraryKind,
    Phrase,
    Product,
    Relation,
    RelationKind,
    new_id,
)

REPO = Path(__file__).resolve().parents[3]
TEAM, PERSONAL = LibraryKind.TEAM, LibraryKind.PERSONAL
PHRASE_HEADER = ["library", "category", "subcategory", "code", "title", "body", "valid_from", "valid_until"]


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run ``sidekick ARGS`` in-process; returns exit code and captured output."""
    from sidekick.cli.main import main

    def run(*args: object) -> CliResult:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def run_subprocess(*args: object, env_home: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m sidekick ARGS`` as a real child process with its own SIDEKICK_HOME."""
    env = {**os.environ, "SIDEKICK_HOME": str(env_home), "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "sidekick", *map(str, args)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=timeout)


def snapshot(store) -> tuple:
    """Everything an import could change: the library (with tombstones), counts and raw row counts."""
    from sqlalchemy import text

    from sidekick.db import repository

    with store.session() as session:
        library = repository.load_library(session=session, include_deleted=True)
        counted = repository.counts(session=session)
        raw = tuple(session.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                    for t in ("phrase", "category", "product", "tag", "product_tag", "knowledge_field", "product_relation"))
    return library, counted, raw


def phrase(title: str, body: str = "您好，请问有什么可以帮您？", *, library: LibraryKind = TEAM,
           path: CategoryPath = CategoryPath("售前", "快递"), code: str = "", **extra: object) -> Phrase:
    return Phrase(id=new_id(), library=library, category=path, title=title, body=body, code=code, **extra)


def seed_shop(store) -> dict[str, str]:
    """A small shop in both libraries with every kind of field set; returns a few ids by name."""
    from sidekick.db import repository as repo

    ids: dict[str, str] = {}
    with store.session() as s:
        for item in (
            phrase("快递说明", "亲，默认发中通📦，48小时内发货～\n偏远地区除外", code="kd"),
            phrase("顺丰加价", "顺丰需要补差价{?金额}元哦", code="sf", path=CategoryPath("售前", "快递")),
            phrase("双11预售", "=双11定金膨胀，11月11日零点开抢", code="yx",
                   path=CategoryPath("活动"), valid_from=datetime(2026, 11, 1), valid_until=datetime(2026, 11, 12)),
            phrase("退货地址", "+86 退货请寄到：杭州市…", path=CategoryPath("售后", "退换货")),
            phrase("我的问候", "尊敬的{买家}您好，我是{客服}😊", library=PERSONAL, code="hi", path=CategoryPath("问候")),
            phrase("未分类", "@所有人 请注意", library=PERSONAL, path=CategoryPath()),
        ):
            saved = repo.save_phrase(session=s, phrase=item)
            ids[saved.title] = saved.id
        gone = repo.save_phrase(session=s, phrase=phrase("旧活动", "已下线", code="old", path=CategoryPath("活动")))
        repo.delete_phrase(session=s, phrase_id=gone.id)
        tee = repo.save_product(session=s, product=Product(
            id=new_id(), item_id="1001", title="纯棉T恤", link="https://item.example.com/item.htm?id=1001",
            price=Decimal("59.90"), tags=("新品", "纯棉", "夏季"),
            knowledge=(KnowledgeField("材质", "100%纯棉"), KnowledgeField("尺码", "S-XL"),
                       KnowledgeField("洗涤", "30℃以下机洗")), notes="卖点：透气不起球"), relations=False)
        shorts = repo.save_product(session=s, product=Product(
            id=new_id(), item_id="1002", title="休闲短裤", price=Decimal("79"), tags=("夏季",),
            knowledge=(KnowledgeField("尺码", "M-XXL"), KnowledgeField("材质", "棉麻")), position=1), relations=False)
        polo = repo.save_product(session=s, product=Product(
            id=new_id(), item_id="1003", title="Polo衫", price=None, tags=("爆款",), position=2), relations=False)
        repo.set_relations(session=s, product_id=tee.id, relations=(
            Relation(RelationKind.PAIRING, shorts.id, 0, "同色系更好看"), Relation(RelationKind.SUBSTITUTE, polo.id)))
        ids.update({"tee": tee.id, "shorts": shorts.id, "polo": polo.id})
    return ids


def csv_bytes(rows: list[list[str]], *, header: list[str] | None = PHRASE_HEADER, encoding: str = "utf-8",
              bom: bool = False, newline: str = "\r\n") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


@pytest.fixture
def ex():
    """These helpers as a namespace (test modules here are not a package, so they cannot import them)."""
    return _THIS_MODULE


_WORDS = "您好亲快递发货退换货尺码材质纯棉优惠活动店铺收藏感谢支持请稍等马上为您查询订单物流信息🙂"


def write_large_csv(path: Path, size: int) -> int:
    """A Sidekick phrase CSV of about ``size`` bytes (multi-line bodies, emoji); returns its row count."""
    import random

    rng = random.Random(11)
    rows = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(PHRASE_HEADER)
        while handle.tell() < size:
            body = "".join(rng.choice(_WORDS) for _ in range(80)) + f"\n第{rows}条"
            writer.writerow(["team" if rows % 3 else "personal", f"分类{rows % 20}", f"子类{rows % 7}",
                             f"c{rows}", f"标题{rows}", body, "2026-01-01" if rows % 10 == 0 else "", ""])
            rows += 1
    return rows


# Runs ``python -m sidekick`` and prints its own peak RSS (KiB) to stderr at exit. VmHWM is the peak
# of this process image only; ru_maxrss would include the forked test runner's memory before exec.
PEAK_RSS_RUNNER = (
    "import resource, runpy, sys\n"
    "sys.argv = ['sidekick'] + sys.argv[1:]\n"
    "try:\n"
    "    runpy.run_module('sidekick', run_name='__main__', alter_sys=True)\n"
    "finally:\n"
    "    try:\n"
    "        peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
    "    except OSError:\n"
    "        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "    print('peak-rss-kb', peak, file=sys.stderr)\n"
)


# Taken at import: several conftest modules share the name "conftest", so looking the name up
# later could find another folder's.
_THIS_MODULE = sys.modules[__name__]
