"""The one way tests reach ``../shared/``: real files made by other tools, kept beside the repository.

The folder is not in the repository (the files are other people's; see its README). Every test that
needs it asks here, and a missing folder or file fails the run loudly with one message naming the
missing path: it is never a skip, and a parametrisation over its files is never silently empty.
Small inputs the tests can write themselves live in ``tests/fixtures/`` instead (``fixture_path``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
FIXTURES = REPO / "tests" / "fixtures"


def missing_message(path: Path) -> str:
    return (f"missing {path}: these tests read real files from ../shared/ beside the repository "
            f"({SHARED}); put that folder there (it is not part of the repository)")


def shared_path(*parts: str) -> Path:
    """``../shared/<parts>``, which must exist (else the test, or the collection, fails)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(missing_message(path), pytrace=False)
    return path


def shared_files(*parts: str, pattern: str = "*", recursive: bool = False) -> list[Path]:
    """The files matching ``pattern`` in the folder ``../shared/<parts>``, sorted; at least one."""
    folder = shared_path(*parts)
    found = sorted(p for p in (folder.rglob(pattern) if recursive else folder.glob(pattern)) if p.is_file())
    if not found:
        pytest.fail(f"no {pattern} files in {folder}: " + missing_message(folder / pattern), pytrace=False)
    return found


def fixture_path(*parts: str) -> Path:
    """A small input kept in the repository under ``tests/fixtures/``."""
    path = FIXTURES.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"missing {path} (tests/fixtures/ is part of the repository)", pytrace=False)
    return path
