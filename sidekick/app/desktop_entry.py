"""The Linux menu entry of a bundled Sidekick: shipped in the tar.gz, installed on first start.

A tar.gz can be unpacked anywhere, so the shipped ``sidekick.desktop`` names the command only;
when the bundled app starts it writes the user's menu entry with the absolute path of the
executable it runs from (and its icon), so the menu and start-at-login both point at the
installed copy.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from sidekick.app.autostart import desktop_entry, launch_command


def bundle_desktop_file() -> str:
    """The entry shipped beside the executable (``sidekick`` on the PATH, themed icon)."""
    return desktop_entry(["sidekick"], autostart=False)


def _data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def menu_entry_path() -> Path:
    return _data_home() / "applications" / "sidekick.desktop"


def install_menu_entry(executable_dir: Path | None = None) -> Path | None:
    """Write the user's menu entry for a bundled app on Linux; returns its path, or None.

    Does nothing outside a PyInstaller bundle or off Linux (a developer's checkout has no
    installed copy to point at). Idempotent: the file is rewritten only when it differs.
    """
    if not getattr(sys, "frozen", False) or not sys.platform.startswith("linux"):
        return None
    folder = executable_dir or Path(sys.executable).resolve().parent
    icon = folder / "sidekick.png"
    icon_target = _data_home() / "icons" / "hicolor" / "256x256" / "apps" / "sidekick.png"
    text = desktop_entry(launch_command(), icon=str(icon_target) if icon.exists() else "sidekick", autostart=False)
    path = menu_entry_path()
    try:
        if icon.exists() and (not icon_target.exists() or icon_target.stat().st_size != icon.stat().st_size):
            icon_target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(icon, icon_target)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError:
        return None  # a read-only home must not stop the app; the tray still works
    return path
