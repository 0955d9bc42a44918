"""The index loads the same from a database path (sqlite3 only) as through SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sidekick.db.demo_loader import load_demo_shop
from sidekick.db.search_load import load_index


def test_path_and_engine_give_the_same_answers(store) -> None:
    load_demo_shop(store)
    by_engine, by_path = load_index(store.engine), load_index(store.path)
    assert len(by_engine) == len(by_path)
    for query in ("kd", "快递", "tuihuo", "#爆款", "@我", "/售后", ""):
        assert [h.id for h in by_engine.search(query, limit=10)] == [h.id for h in by_path.search(query, limit=10)]


@pytest.mark.slow  # a child process
def test_loading_from_a_path_imports_no_sqlalchemy(store) -> None:
    load_demo_shop(store)
    code = (
        "import sys; from sidekick.db.search_load import load_index; "
        f"index = load_index({str(store.path)!r}); assert len(index) > 100; "
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'alembic') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
