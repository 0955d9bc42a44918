"""Suggest mode for real: select a buyer line in the chat window, press Ctrl+Alt+Enter, Enter.

The session's Sidekick (demo shop) and a stand-in chat window (``chat_target_app.py``: buyer
messages above, the input box below, as in chat clients) run on the private Xvfb. The buyer's
line is selected by dragging the mouse over it, which makes it the X11 PRIMARY selection;
the suggest hotkey opens the popup with that message and the engine's suggestions, and Enter
pastes the first into the input box through the usual paste, after which the agent's
clipboard is back and the selection untouched.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from harness import SidekickProcess, XSession, wait_for

from sidekick.core.demo import DEMO_AGENT_NAME, DEMO_SHOP_NAME, load_demo
from sidekick.core.placeholders import RenderContext, render
from sidekick.core.types import LibraryKind

pytestmark = pytest.mark.e2e

CHAT_APP = Path(__file__).with_name("chat_target_app.py")
BUYER_LINES = ["在吗 你好", "刚买完就便宜了二十块 能退吗", "好的 谢谢"]
PRICE_LINE = 1
KNOWN = "agent's own clipboard: 订单 4012345 ✂️".encode()
FIRST_BUILD_S = 90  # the engine is built on first use; CI machines are shared and slow


class ChatWindow:
    """The stand-in chat client, its own process."""

    def __init__(self, session: XSession, folder: Path) -> None:
        self.session = session
        self.out = folder / "chat-received.txt"
        self.ready = folder / "chat-ready.json"
        self.lines_file = folder / "chat-lines.txt"
        self.mouse_file = folder / "chat-mouse.txt"
        self.process: subprocess.Popen[bytes] | None = None
        self.window = 0
        self.line_ends: list[list[list[int]]] = []
        self.input: list[int] = []

    def start(self) -> ChatWindow:
        self.lines_file.write_text("\n".join(BUYER_LINES), encoding="utf-8")
        argv = [sys.executable, str(CHAT_APP), str(self.out), str(self.ready), str(self.lines_file),
                str(self.mouse_file)]
        self.process = self.session._spawn("chat-target", argv)
        wait_for(self.ready.exists, 30, "the chat window")
        info = json.loads(self.ready.read_text(encoding="utf-8"))
        self.window, self.line_ends, self.input = int(info["window"]), info["lines"], info["input"]
        wait_for(lambda: "window state: Normal" in self.session.out(["xprop", "-id", str(self.window), "WM_STATE"]),
                 30, "the window manager to show the chat window")
        self.focus()
        return self

    def focus(self) -> None:
        """Give the chat window the keyboard: ask the window manager, else click its input box."""
        env = self.session.env()
        subprocess.run(["xdotool", "windowactivate", str(self.window)], env=env, capture_output=True, timeout=10)
        try:
            wait_for(lambda: self.session.active_window() == self.window, 3, "focus on the chat window")
        except Exception:
            self._reread()
            x, y = self.input
            subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], env=env, check=True, timeout=10)
            wait_for(lambda: self.session.active_window() == self.window, 5, "focus on the chat window")

    def _reread(self) -> None:
        """Where the lines and the input box are now: the chat window announces them again after
        each move (the window manager may place it after the first announcement)."""
        info = json.loads(self.ready.read_text(encoding="utf-8"))
        self.line_ends, self.input = info["lines"], info["input"]

    def received(self) -> str:
        return self.out.read_text(encoding="utf-8") if self.out.exists() else ""

    def select_line(self, number: int) -> None:
        """Drag the mouse over a buyer line, as an agent selects it."""
        self._reread()
        (x1, y1), (x2, y2) = self.line_ends[number]
        env = self.session.env()
        # A click on another line first: a press on text still selected (by an earlier test) would
        # start a text drag, which takes the release.
        (ox, oy), _ = self.line_ends[1 if number == 0 else 0]
        # Each step once the pane has handled the one before (the chat window logs its mouse events).
        for argv, handled in ((["mousemove", str(ox), str(oy), "click", "1"], "release"),
                              (["mousemove", str(x1), str(y1), "mousedown", "1"], "press"),
                              (["mousemove", str(x1 + 4), str(y1)], "move"),
                              (["mousemove", str(x2), str(y2)], "move"), (["mouseup", "1"], "release")):
            seen = self.mouse_events().count(handled)
            subprocess.run(["xdotool", *argv], env=env, check=True, timeout=10)
            wait_for(lambda name=handled, before=seen: self.mouse_events().count(name) > before, 5,
                     f"the chat window to see the {handled} (seen: {self.mouse_events()})")

    def mouse_events(self) -> list[str]:
        return self.mouse_file.read_text(encoding="utf-8").split() if self.mouse_file.exists() else []

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=5)


@pytest.fixture(scope="module")
def chat(xsession: XSession, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatWindow]:
    window = ChatWindow(xsession, tmp_path_factory.mktemp("chat")).start()
    try:
        yield window
    finally:
        window.stop()


def primary(x: XSession) -> str:
    result = subprocess.run(["xclip", "-selection", "primary", "-o"], env=x.env(), capture_output=True, timeout=10)
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else ""


def ready_info(app: SidekickProcess) -> dict[str, object]:
    try:
        return json.loads(app.ready_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def wait_for_suggestions(app: SidekickProcess, since: int) -> None:
    """The suggestions are in the popup's list: shown (at once, or once the engine was built),
    then the list searched with them (``searched_0``: no query typed)."""
    app.wait_marks(since, "suggestions_shown", "searched_0", timeout=FIRST_BUILD_S)


def price_protection_reply() -> str:
    phrase = next(p for p in load_demo().phrases if p.library is LibraryKind.TEAM and p.title == "价格保护")
    return render(phrase.body, RenderContext(agent=DEMO_AGENT_NAME, shop=DEMO_SHOP_NAME, now=datetime.now())).text


def test_selected_buyer_line_suggest_hotkey_enter_pastes_the_price_protection_reply(
        xsession: XSession, sidekick_app: SidekickProcess, chat: ChatWindow) -> None:
    assert sidekick_app.info.get("suggest_hotkey_error") is None, sidekick_app.info
    xsession.set_clipboard(KNOWN)
    chat.focus()
    chat.select_line(PRICE_LINE)
    wait_for(lambda: primary(xsession) == BUYER_LINES[PRICE_LINE], 5, "the buyer line to be the PRIMARY selection")
    assert xsession.active_window() == chat.window  # the input box keeps the keyboard

    since = sidekick_app.mark_count()
    xsession.key("ctrl+alt+Return")
    wait_for(lambda: xsession.active_window() == sidekick_app.picker_window, 5, "the suggest popup to take focus")
    wait_for(lambda: ready_info(sidekick_app).get("suggest_ready"), FIRST_BUILD_S, "the suggestion engine")
    wait_for_suggestions(sidekick_app, since)
    xsession.key("Return")

    expected = price_protection_reply()
    try:
        wait_for(lambda: chat.received() == expected, 5, "the reply in the chat input")
    except Exception:
        raise AssertionError(f"chat received {chat.received()!r}, expected {expected!r}") from None
    wait_for(lambda: xsession.get_clipboard() == KNOWN, 5, "the agent's clipboard to come back")
    assert xsession.active_window() == chat.window
    assert primary(xsession) == BUYER_LINES[PRICE_LINE]  # the selection was read, never changed


def test_warm_suggest_popup_escape_pastes_nothing_and_gives_focus_back(
        xsession: XSession, sidekick_app: SidekickProcess, chat: ChatWindow) -> None:
    before = chat.received()
    xsession.set_clipboard(KNOWN)
    chat.focus()
    chat.select_line(PRICE_LINE)
    wait_for(lambda: primary(xsession) == BUYER_LINES[PRICE_LINE], 5, "the buyer line to be selected")
    since = sidekick_app.mark_count()
    xsession.key("ctrl+alt+Return")
    wait_for(lambda: xsession.active_window() == sidekick_app.picker_window, 5, "the suggest popup")
    wait_for_suggestions(sidekick_app, since)
    escaped = sidekick_app.mark_count()
    xsession.key("Escape")
    wait_for(lambda: xsession.active_window() == chat.window, 5, "focus back on the chat window")
    sidekick_app.wait_marks(escaped, "popup_hidden")
    # A choice is marked before the popup hides and a paste starts right after it: neither came.
    assert not {"chosen", "paste_start"} & set(sidekick_app.marks_since(escaped)), sidekick_app.marks_since(escaped)
    assert chat.received() == before
    assert xsession.get_clipboard() == KNOWN
