"""Take a screenshot of the popup over the target window, as an agent would see it.

    .venv/bin/python tests/e2e/screenshot.py /tmp/popup.png [query]

Starts the same private X session as the end-to-end tests, opens the popup over the target
with the hotkey, types the query (default ``kd``) and grabs the screen with Qt
(``QScreen.grabWindow``) in a separate process, since ``xwd``/``import`` may be missing.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[2]), str(Path(__file__).parent)]

from harness import SidekickProcess, TargetProcess, XSession, wait_for  # noqa: E402  found through the sys.path entry added above

GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
QGuiApplication.primaryScreen().grabWindow(0).save(sys.argv[1])
"""


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/popup.png")
    query = sys.argv[2] if len(sys.argv) > 2 else "kd"
    with tempfile.TemporaryDirectory(prefix="sidekick-shot-") as folder:
        root = Path(folder)
        (root / "logs").mkdir()
        x = XSession(root / "logs")
        try:
            x.start()
            app = SidekickProcess(x, root / "home").start()
            target = TargetProcess(x, root).start()
            x.type("Buyer: when will my order ship?")
            x.key("Return")
            subprocess.run(["xdotool", "mousemove", "400", "300"], env=x.env(), check=True)
            x.key("ctrl+alt+space")
            wait_for(lambda: x.active_window() == app.picker_window, 5, "the popup")
            x.type(query)
            time.sleep(0.6)
            subprocess.run([sys.executable, "-c", GRAB, str(out)], env=x.env(), check=True, timeout=30)
            x.key("Escape")
            wait_for(lambda: x.active_window() == target.window, 5, "focus back on the target")
        finally:
            x.stop()
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
