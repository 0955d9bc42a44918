"""Import memory does not grow with the library it is matched against (finding 9)."""

from __future__ import annotations

import tracemalloc
import uuid
from pathlib import Path

from sidekick.db.library_import import plan_stream
from sidekick.db.table_source import table_source


def phrase_csv(path: Path, rows: int) -> Path:
    lines = ["library,category,code,title,body"] + [
        f"team,售前,{f'c{n}' if n % 10 == 0 else ''},回复{n},您好，这是第{n}条回复" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def replan_peak_mb(store, source: Path) -> float:
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


def test_matching_a_reimport_holds_no_per_row_keys(store, tmp_path: Path) -> None:
    small = replan_peak_mb(store, phrase_csv(tmp_path / "small.csv", 1_000))
    store.close()
    large = replan_peak_mb(store, phrase_csv(tmp_path / "large.csv", 12_000))
    # Keys of every stored phrase in Python dictionaries cost ~600 bytes a row (7 MB here, growing
    # with the library); looked up chunk by chunk they stay at a chunk's worth.
    assert large < small + 2.0, (small, large)


def keyed_csv(path: Path, rows: int) -> Path:
    """Every row with its own id and code: the file's repeated-id and repeated-code checks see them all."""
    lines = ["library,category,id,code,title,body"] + [
        f"team,售前,{uuid.UUID(int=n + 1)},code{n},回复{n},您好，这是第{n}条回复" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def first_plan_peak_mb(store, source: Path) -> float:
    """Python's peak allocation while planning a first import of ``source`` (the encoding scan,
    a fixed 1 MB read, comes before)."""
    rows = table_source(source)
    with store.session(read_only=True) as session:
        tracemalloc.start()
        try:
            plan = plan_stream(session=session, phrases=rows.phrases, source=source.name)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert plan.ok and plan.phrase_counts.added > 0
    return peak / 1e6


def test_repeated_id_and_code_checks_hold_no_per_row_keys(store, tmp_path: Path) -> None:
    small = first_plan_peak_mb(store, keyed_csv(tmp_path / "small.csv", 1_000))
    large = first_plan_peak_mb(store, keyed_csv(tmp_path / "large.csv", 12_000))
    # Every id and code seen in a Python dictionary, with where it was first used, cost ~250 bytes
    # a row (3 MB here, growing with the file); in the import's temporary table they cost nothing.
    assert large < small + 1.0, (small, large)


def test_repeated_ids_and_codes_are_still_found_across_chunks(store, tmp_path: Path) -> None:
    source = keyed_csv(tmp_path / "twice.csv", 1_200)
    lines = source.read_text(encoding="utf-8").splitlines()
    lines.append(lines[1].replace("回复0", "又一条"))  # row 1's id and code again, 1,200 rows (3 chunks) later
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with store.session(read_only=True) as session:
        plan = plan_stream(session=session, phrases=table_source(source).phrases, source=source.name)
    messages = [str(p) for p in plan.problems]
    assert len(messages) == 2, messages
    assert any(f"id '{uuid.UUID(int=1)}' is used by row 2 and row 1202" in m for m in messages), messages
    assert any("code 'code0' is used twice in the team library: row 2 and row 1202" in m for m in messages), messages
