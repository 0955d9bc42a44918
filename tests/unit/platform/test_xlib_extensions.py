"""Only the X extensions Sidekick uses are loaded (the rest cost memory on every connection)."""

from __future__ import annotations

import subprocess
import sys

from sidekick.platform.xlib_extensions import NEEDED


def test_every_needed_extension_is_one_python_xlib_knows() -> None:
    from Xlib import ext

    # A renamed entry would be dropped by load_only_needed, and the key listener with it.
    assert {name for name, _module in ext.__extensions__} >= NEEDED


def test_the_list_keeps_only_the_needed_extensions() -> None:
    code = ("from sidekick.platform import xlib_extensions; xlib_extensions.load_only_needed();"
            "from Xlib import ext; print(sorted(m for _n, m in ext.__extensions__))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['ge', 'record', 'xtest']"
