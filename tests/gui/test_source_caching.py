"""PySide6's import hook must not fill ``linecache`` with the source of every later import.

``sidekick.app.main._stop_source_caching`` replaces the hook's ``inspect.getsource`` check with
a read of the module's file; checked in a fresh interpreter, where the hook sees the imports.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import json, linecache, sys
import PySide6.QtCore
from sidekick.app.main import _stop_source_caching
read_during_import = len(linecache.cache)  # the modules imported with PySide6 and main.py
_stop_source_caching()
left = len(linecache.cache)  # dropped by the fix
feature = sys.modules["PySide6.support.feature"]
before = set(linecache.cache)
# Packages whose modules import further modules: what the hook inspects (and cached, before).
import xml.dom.minidom, sidekick.ui.picker, sidekick.core.placeholders
print(json.dumps({
    "cached": sorted(set(linecache.cache) - before),
    "read_during_import": read_during_import > 10, "left": left,
    "theme": feature._mod_uses_pyside(sidekick.ui.picker.theme),
    "placeholders": feature._mod_uses_pyside(sidekick.core.placeholders),
    "builtin": feature._mod_uses_pyside(sys),
}))
"""


@pytest.mark.slow  # a child process
def test_later_imports_leave_no_source_in_linecache() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=REPO,
                            env={"PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    # The same answers inspect.getsource gave: the text mentions PySide6, or there is no source.
    assert seen == {"cached": [], "read_during_import": True, "left": 0,
                    "theme": True, "placeholders": False, "builtin": False}
