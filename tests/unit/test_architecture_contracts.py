"""The package boundaries, as import-linter contracts (``[tool.importlinter]`` in pyproject.toml).

The layers run core < config < db, hub, platform < ui < app < cli; the core imports nothing else
of Sidekick and no Qt, SQL or keyboard hooks; the UI never reaches storage, the hub or the OS.
CI also runs ``lint-imports`` directly (tests/run_all.sh); this test keeps a plain pytest run honest.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_import_contracts_hold() -> None:
    run = subprocess.run(
        [sys.executable, "-c",
         "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"],
        cwd=REPO, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "BROKEN" not in run.stdout and " KEPT" in run.stdout
