"""Take a screenshot of suggest mode: a buyer line selected in the chat window, Ctrl+Alt+Enter.

    .venv/bin/python tests/e2e/screenshot_suggest.py resources/screenshots/suggest.png

Starts the same private X session as the end-to-end tests (demo shop), opens the stand-in
chat window of ``test_suggest_e2e``, selects the price-protection question with the mouse,
presses the suggest hotkey, waits for the engine's first build and grabs the screen (see
``screenshot.py``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[2]), str(Path(__file__).parent)]

from harness import SidekickProcess, XSession, wait_for  # noqa: E402  found through the sys.path entry added above
from screenshot import GRAB  # noqa: E402  found through the sys.path entry added above
from test_suggest_e2e import BUYER_LINES, PRICE_LINE, ChatWindow, primary  # noqa: E402  found through the sys.path entry added above


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/suggest.png").resolve()
    with tempfile.TemporaryDirectory(prefix="sidekick-shot-") as folder:
        root = Path(folder)
        (root / "logs").mkdir()
        x = XSession(root / "logs")
        try:
            x.start()
            app = SidekickProcess(x, root / "home").start()
            chat = ChatWindow(x, root).start()
            chat.select_line(PRICE_LINE)
            wait_for(lambda: primary(x) == BUYER_LINES[PRICE_LINE], 5, "the selection")
            x.key("ctrl+alt+Return")
            wait_for(lambda: x.active_window() == app.picker_window, 5, "the popup")
            wait_for(lambda: json.loads(app.ready_file.read_text(encoding="utf-8")).get("suggest_ready"), 90,
                     "the suggestions")
            time.sleep(0.8)
            subprocess.run([sys.executable, "-c", GRAB, str(out)], env=x.env(), check=True, timeout=30)
            x.key("Escape")
        finally:
            x.stop()
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
