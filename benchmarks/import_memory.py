"""Import memory benchmark: peak resident memory of ``sidekick import`` against file size.

    .venv/bin/python benchmarks/import_memory.py [--sizes 50000,200000,400000] [--keep-going]

For each size a Sidekick phrase CSV is generated (seeded; titles and bodies from a few reply
templates with the row number, 8 categories, a code on every tenth row) and imported by a fresh
``python -m sidekick import`` into an empty data directory. The figure is the child's peak
resident set (``ru_maxrss`` from ``os.wait4``), so it counts everything the import held at its
worst, SQLite's page cache included. A re-import of the same file (all rows unchanged) is
measured too. Prints a table; asserts nothing. The target is a flat line: every size within
±20 % of the smallest.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = (
    "亲，您好～这款{n}号商品默认发中通，48小时内发货，偏远地区除外哦",
    "您好，退货请在订单页申请，{n}号仓库收到后 1-3 天退款到原账户",
    "亲，尺码表在详情页第{n}张图，按平时尺码选就可以啦，有问题随时找我",
    "感谢您的耐心等待，订单{n}已经加急处理，今天内给您回复进度",
)
CATEGORIES = ("售前", "售后", "物流", "活动", "尺码", "退换", "发票", "售前/快递")


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("library,category,code,title,body\n")
        for n in range(rows):
            body = rng.choice(TEMPLATES).replace("{n}", str(n))
            code = f"c{n}" if n % 10 == 0 else ""
            out.write(f"team,{CATEGORIES[n % len(CATEGORIES)]},{code},回复{n},\"{body}\"\n")


def run_import(home: Path, source: Path) -> tuple[float, float, int]:
    """(peak RSS MB, seconds, exit code) of one ``sidekick import`` process."""
    env = {**os.environ, "SIDEKICK_HOME": str(home), "PYTHONPATH": str(REPO)}
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "sidekick", "import", str(source)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, time.monotonic() - started, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="50000,200000,400000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"{'rows':>8} {'file MB':>8} {'peak MB':>8} {'s':>7} {'re-import peak MB':>18} {'s':>7}")
    first_peak = None
    for rows in sizes:
        with tempfile.TemporaryDirectory(prefix="sidekick-import-bench-") as folder:
            source = Path(folder) / f"phrases-{rows}.csv"
            write_csv(source, rows)
            home = Path(folder) / "home"
            peak, seconds, code = run_import(home, source)
            again_peak, again_seconds, again_code = run_import(home, source)
            if code or again_code:
                raise SystemExit(f"import of {rows} rows failed (exit {code}/{again_code})")
            first_peak = first_peak or peak
            print(f"{rows:>8} {source.stat().st_size / 1e6:>8.1f} {peak:>8.0f} {seconds:>7.1f} "
                  f"{again_peak:>18.0f} {again_seconds:>7.1f}   ({(peak / first_peak - 1) * 100:+.0f} % vs first)")


if __name__ == "__main__":
    main()
