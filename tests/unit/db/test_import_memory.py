"""Import memory does not grow with the library it is matched against (finding 9)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from sidekick.db.library_import import plan_stream
from sidekick.db.table_source import table_source


def phrase_csv(path: Path, rows: int) -> Path:
    lines = ["library,category,code,title,body"] + [
        f"team,售前,{f'c{n}' if n % 10 == 0 else ''},回复{n},您好，这是第{n}条回复" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def replan_peak_mb(store, source: Path) -> float:  # type: ignore[no-untyped-def]
    """Python's peak allocation while planning a re-import of ``source`` (every row matches)."""
    from sidekick.cli.main import main

    assert main(["import", str(source)]) == 0
    with store.session(read_only=True) as session:
        tracemalloc.start()
        try:
            plan = plan_stream(session=session, phrases=table_source(source).phrases, source=source.name)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert plan.ok and plan.phrase_counts.unchanged > 0 and not plan.changes_something
    return peak / 1e6


def test_matching_a_reimport_holds_no_per_row_keys(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    small = replan_peak_mb(store, phrase_csv(tmp_path / "small.csv", 1_000))
    store.close()
    large = replan_peak_mb(store, phrase_csv(tmp_path / "large.csv", 12_000))
    # Keys of every stored phrase in Python dictionaries cost ~600 bytes a row (7 MB here, growing
    # with the library); looked up chunk by chunk they stay at a chunk's worth.
    assert large < small + 2.0, (small, large)
