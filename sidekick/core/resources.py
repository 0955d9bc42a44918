"""Where the files shipped with Sidekick live: the rules, the question bank, the demo shop, icons.

It is a fact of the package layout, not a setting, so the core's loaders can find their defaults
without depending on the app's configuration.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The shipped ``resources/`` folder (inside a PyInstaller bundle, or beside the package)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"
