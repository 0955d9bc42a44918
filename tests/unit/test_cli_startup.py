"""A cold ``sidekick search`` imports only what it uses: its own command, no ORM, no migrations."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sidekick.cli.main import COMMAND_MODULES, COMMANDS, build_parser
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository
from sidekick.db.store import Store

REPO = Path(__file__).resolve().parents[2]


def _registered(module: str) -> set[str]:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers()
    importlib.import_module(module).register(subparsers)
    return set(subparsers.choices)


def test_every_command_is_mapped_to_the_module_that_registers_it() -> None:
    mapped = {name: module for module in COMMAND_MODULES for name in _registered(module)}
    assert mapped == COMMANDS


def test_a_known_command_builds_only_its_own_parser() -> None:
    only = build_parser("search")._subparsers._group_actions[0].choices
    assert set(only) == {"search"}
    full = build_parser(None)._subparsers._group_actions[0].choices
    assert set(full) == set(COMMANDS)


@pytest.mark.slow  # a child process
def test_cold_search_loads_no_orm_and_no_other_command(store: Store, sidekick_home: Path) -> None:
    with store.session() as session:
        repository.save_phrase(session=session, phrase=Phrase(
            new_id(), LibraryKind.TEAM, CategoryPath("售前"), "快递说明", "默认中通", "kd"))  # fmt: skip
    store.close()
    probe = """
import json, sys
from sidekick.cli.main import main
code = main(["search", "kaudi", "--json"])
heavy = ("sqlalchemy", "sqlmodel", "alembic", "sidekick.db.repository", "sidekick.cli.data_cmd",
         "sidekick.cli.exchange_cmd", "sidekick.core.style", "hashlib")
print(json.dumps({"code": code, "loaded": sorted(m for m in heavy if m in sys.modules)}), file=sys.stderr)
"""
    env = {**os.environ, "SIDEKICK_HOME": str(sidekick_home), "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True, cwd=REPO)
    seen = json.loads(result.stderr.strip().splitlines()[-1])
    assert seen == {"code": 0, "loaded": []}
    hits = json.loads(result.stdout)
    assert [(h["title"], h["match"]) for h in hits] == [("快递说明", "fuzzy")]
