"""Issue #20's fuzz test: hostile and randomly damaged files, each imported by a real child process.

For every file: exit code 2 (or success for harmless files and mutations that stay valid), a
message naming the file, no traceback, peak memory under ``MEMORY_BUDGET_MB`` and time under
``TIME_BUDGET_S`` (both measured in the child, per file: ``tests/helpers/import_child.py``
resets the peak before each), and the database unchanged when the file is refused. The child
runs with its address space capped, so a regression cannot take the machine down.

The mutations are seeded: a failure names the case (``m017-flip-phrases.xlsx``) and reruns the same.
CI runs the fixed seed; ``SIDEKICK_FUZZ_SEED``/``SIDEKICK_FUZZ_CASES`` explore further locally.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.hostile_files import Case, all_cases, mutations

pytestmark = pytest.mark.fuzz

TIME_BUDGET_S = 5.0
MEMORY_BUDGET_MB = 300.0
ADDRESS_SPACE_CAP = 1536 << 20  # a bomb that got through dies here instead of swapping the machine
# More or other cases locally: SIDEKICK_FUZZ_CASES=500 SIDEKICK_FUZZ_SEED=7 pytest -m fuzz
MUTATIONS = int(os.environ.get("SIDEKICK_FUZZ_CASES", "60"))
SEED = int(os.environ.get("SIDEKICK_FUZZ_SEED", "20"))
CHILD = Path(__file__).resolve().parents[2] / "helpers" / "import_child.py"


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))


def _import_all(cases: list[Case], folder: Path, home: Path) -> dict[str, dict[str, object]]:
    folder.mkdir()
    paths = []
    for case in cases:
        path = folder / case.name
        path.write_bytes(case.data)
        paths.append(str(path))
    env = {**os.environ, "SIDEKICK_HOME": str(home), "PYTHONPATH": str(CHILD.parents[2])}
    done = subprocess.run([sys.executable, str(CHILD), *paths], env=env, capture_output=True, text=True,
                          timeout=240, preexec_fn=_cap_memory)
    results = {line["name"]: line for line in map(json.loads, done.stdout.splitlines()) if isinstance(line, dict)}
    running = [line for line in done.stderr.splitlines() if line.startswith("start ")]
    assert done.returncode == 0 and len(results) == len(cases), (
        f"the child died (code {done.returncode}) while importing {running[-1:] or '?'}: {done.stderr[-2000:]}")
    return results


def _check(case: Case, result: dict[str, object]) -> list[str]:
    failures = []
    err = str(result["err"])
    if result["traceback"] or "Traceback" in err:
        failures.append(f"traceback: {err[-300:]}")
    if result["code"] not in ((0, 2) if case.accepted else (2,)):
        failures.append(f"exit code {result['code']}: {err[-300:]}")
    if result["code"] == 2 and case.name not in err:
        failures.append(f"message does not name the file: {err[-300:]}")
    if result["code"] == 2 and result["db_changed"]:
        failures.append("refused, but the database changed")
    if float(result["seconds"]) > TIME_BUDGET_S:
        failures.append(f"took {result['seconds']} s")
    if float(result["peak_mb"]) > MEMORY_BUDGET_MB:
        failures.append(f"peak memory {result['peak_mb']} MB")
    return [f"{case.name} ({case.issue}): {failure}" for failure in failures]


def test_every_hostile_file_of_the_issue_is_refused_fast_and_small(tmp_path: Path) -> None:
    cases = all_cases(shared_trigger=4_000)
    results = _import_all(cases, tmp_path / "files", tmp_path / "home")
    failures = [failure for case in cases for failure in _check(case, results[case.name])]
    assert not failures, "\n".join(failures)
    assert all(results[c.name]["code"] == 2 for c in cases if not c.accepted)


def test_random_damage_to_every_format_is_refused_or_imported_never_a_crash(tmp_path: Path) -> None:
    cases = list(mutations(SEED, MUTATIONS))
    results = _import_all(cases, tmp_path / "files", tmp_path / "home")
    failures = [failure for case in cases for failure in _check(case, results[case.name])]
    assert not failures, "\n".join(failures)
    codes = [results[c.name]["code"] for c in cases]
    assert codes.count(2) >= MUTATIONS // 4  # the damage is real: many files are refused, not all accepted
