"""The real thing: hotkey → type → Enter → the reply is in another process's text box.

Runs the real ``python -m sidekick`` on a private Xvfb with openbox and trayer, and a separate
target window; keys come from xdotool (XTEST, like a keyboard), the clipboard from xclip.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from harness import REPO, SidekickProcess, TargetProcess, XSession, wait_for

from sidekick.core.demo import DEMO_AGENT_NAME, DEMO_SHOP_NAME, load_demo
from sidekick.core.placeholders import RenderContext, render

pytestmark = pytest.mark.e2e

KNOWN = "agent's own clipboard: 订单 4012345 ✂️".encode()
# A 1x1 PNG: the agent copied an image (a product photo) before pasting a reply.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201a5e2d1a20000000049454e44ae426082"
)


def demo_body(code: str) -> str:
    for phrase in load_demo().phrases:
        if phrase.code == code:
            return phrase.body
    raise AssertionError(f"the demo has no phrase with code {code!r}")


def rendered(body: str, **fill_ins: str) -> str:
    # A fresh SIDEKICK_HOME loads the demo shop, which names the shop and the agent.
    return render(body, RenderContext(agent=DEMO_AGENT_NAME, shop=DEMO_SHOP_NAME, now=datetime.now(),
                                      fill_ins=fill_ins)).text


def open_popup(x: XSession, app: SidekickProcess) -> None:
    x.key("ctrl+alt+space")
    wait_for(lambda: x.active_window() == app.picker_window, 5, "the popup to take focus")


def expect_received(target: TargetProcess, text: str, timeout: float = 5) -> None:
    try:
        wait_for(lambda: target.received() == text, timeout, "the reply in the target")
    except Exception:
        raise AssertionError(f"target received {target.received()!r}, expected {text!r}") from None


def test_kd_enter_pastes_the_shipping_reply_and_restores_the_clipboard(
        xsession: XSession, sidekick_app: SidekickProcess, target: TargetProcess) -> None:
    xsession.set_clipboard(KNOWN)
    open_popup(xsession, sidekick_app)
    sidekick_app.type_query("kd")
    xsession.key("Return")
    expected = rendered(demo_body("kd"))
    assert "\n" in expected and "📦" in expected  # multi-line, with emoji: one message, intact
    expect_received(target, expected)
    wait_for(lambda: xsession.get_clipboard() == KNOWN, 5, "the agent's clipboard to come back")
    assert xsession.active_window() == target.window
    leaks = target.out.with_name("hotkey-leaks.txt")
    assert not leaks.exists(), "Ctrl+Alt+Space reached the focused app"
    assert_not_logged(sidekick_app, expected, KNOWN.decode(), "kd")


def test_a_chat_window_that_fetches_the_clipboard_late_still_gets_the_reply(
        xsession: XSession, sidekick_app: SidekickProcess, target_app: TargetProcess,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """A busy chat client reads the clipboard well after restore_timeout_ms (800 ms): it must get
    the reply, never the agent's own clipboard put back too early; the clipboard comes back after."""
    slow = TargetProcess(xsession, tmp_path_factory.mktemp("slow-target"), paste_delay_ms=2000).start()
    try:
        xsession.set_clipboard(KNOWN)
        since = sidekick_app.mark_count()
        open_popup(xsession, sidekick_app)
        sidekick_app.type_query("kd")
        xsession.key("Return")
        expect_received(slow, rendered(demo_body("kd")), timeout=10)
        wait_for(lambda: xsession.get_clipboard() == KNOWN, 5, "the agent's clipboard to come back")
        # Restored after the late fetch, not at the timeout before it.
        sidekick_app.wait_marks(since, "paste_paste_sent", "paste_read_late", "paste_read", "paste_restored",
                                timeout=5)
    finally:
        slow.stop()
        target_app.focus()


def assert_not_logged(app: SidekickProcess, *texts: str) -> None:
    """The app's log exists, has its start-up line, and holds none of ``texts`` (what was typed,
    pasted or on the clipboard), not even one line of a multi-line reply."""
    log = app.app_log()
    assert "started: tray app" in log, log[-2000:]
    pieces = {piece.strip() for text in texts for piece in [text, *text.splitlines()] if len(piece.strip()) >= 2}
    leaked = [piece for piece in pieces if piece in log]
    assert not leaked, f"the log holds {leaked}"


def test_esc_pastes_nothing_and_gives_focus_back(
        xsession: XSession, sidekick_app: SidekickProcess, target: TargetProcess) -> None:
    xsession.set_clipboard(KNOWN)
    open_popup(xsession, sidekick_app)
    sidekick_app.type_query("kd")
    since = sidekick_app.mark_count()
    xsession.key("Escape")
    wait_for(lambda: xsession.active_window() == target.window, 5, "focus back on the target")
    sidekick_app.wait_marks(since, "popup_hidden")
    # A choice is marked before the popup hides and a paste starts right after it: neither came.
    assert not {"chosen", "paste_start"} & set(sidekick_app.marks_since(since)), sidekick_app.marks_since(since)
    assert target.received() == ""
    assert xsession.get_clipboard() == KNOWN


def test_alt_2_pastes_the_second_result(
        xsession: XSession, sidekick_app: SidekickProcess, target: TargetProcess) -> None:
    from sidekick.db.engine import make_engine, sqlite_url
    from sidekick.db.search_load import load_index

    xsession.set_clipboard(KNOWN)
    open_popup(xsession, sidekick_app)
    sidekick_app.type_query("kd")
    # The ranking the app uses: the same database, usage of earlier tests included.
    engine = make_engine(sqlite_url(sidekick_app.home / "sidekick.db"))
    try:
        hits = load_index(engine).search("kd", limit=5)
    finally:
        engine.dispose()
    xsession.key("alt+2")
    expected = rendered(demo_body(hits[1].code))
    assert expected != rendered(demo_body("kd"))
    expect_received(target, expected)
    wait_for(lambda: xsession.get_clipboard() == KNOWN, 5, "the agent's clipboard to come back")


def test_fill_in_form_then_paste(
        xsession: XSession, sidekick_app: SidekickProcess, target: TargetProcess) -> None:
    code = "/dh"  # 单号发您: "您的快递单号是 {?快递单号}，…"
    body = demo_body(code)
    assert "{?快递单号}" in body
    xsession.set_clipboard(KNOWN)
    open_popup(xsession, sidekick_app)
    sidekick_app.type_query(code)
    xsession.key("Return")
    wait_for(lambda: xsession.active_window() not in (0, sidekick_app.picker_window, target.window), 5,
             "the fill-in form to take focus")
    xsession.type("SF1402345678901")
    xsession.key("Return")
    expect_received(target, rendered(body, 快递单号="SF1402345678901"))
    assert_not_logged(sidekick_app, rendered(body, 快递单号="SF1402345678901"), "SF1402345678901", code)
    wait_for(lambda: xsession.get_clipboard() == KNOWN, 5, "the agent's clipboard to come back")
    assert xsession.active_window() == target.window


def test_an_image_on_the_clipboard_survives_a_paste(
        xsession: XSession, sidekick_app: SidekickProcess, target: TargetProcess) -> None:
    xsession.set_clipboard(PNG, "image/png")
    open_popup(xsession, sidekick_app)
    sidekick_app.type_query("kd")
    xsession.key("Return")
    expect_received(target, rendered(demo_body("kd")))
    wait_for(lambda: xsession.get_clipboard("image/png") == PNG, 5, "the image to come back")


def test_a_second_launch_opens_the_popup_of_the_first(
        xsession: XSession, sidekick_app: SidekickProcess, target: TargetProcess) -> None:
    env = xsession.env(SIDEKICK_HOME=str(sidekick_app.home), PYTHONPATH=str(REPO))
    second = subprocess.run([sys.executable, "-m", "sidekick"], env=env, cwd=REPO, capture_output=True, timeout=30)
    assert second.returncode == 0, second.stderr.decode()
    wait_for(lambda: xsession.active_window() == sidekick_app.picker_window, 5, "the popup of the running app")
    xsession.key("Escape")
    wait_for(lambda: xsession.active_window() == target.window, 5, "focus back on the target")
    assert target.received() == ""


def test_a_taken_hotkey_is_reported_with_the_combo_and_the_fix(
        xsession: XSession, sidekick_app: SidekickProcess, tmp_path: Path) -> None:
    # The running app holds Ctrl+Alt+Space; a second Sidekick (another data folder, so not the
    # same instance) cannot grab it and must say so instead of silently not working.
    other = SidekickProcess(xsession, tmp_path / "other-home").start()
    try:
        error = str(other.info["hotkey_error"])
        assert "Ctrl+Alt+Space" in error and "already taken" in error and "Settings" in error
        assert other.alive()  # the popup still opens from the tray
    finally:
        assert other.process is not None
        other.process.terminate()
        other.process.wait(timeout=10)


def test_type_instead_of_paste_types_chinese_and_emoji_intact(
        xsession: XSession, target: TargetProcess, tmp_path: Path) -> None:
    """For chat clients that block paste: the reply is typed key by key, the clipboard never used."""
    from dataclasses import replace as changed

    from sidekick.config.settings import Settings
    from sidekick.db.settings_store import save_settings
    from sidekick.db.store import open_store

    home = tmp_path / "typing-home"
    home.mkdir()
    store = open_store(home / "sidekick.db")
    with store.session() as session:  # its own hotkey: the session's main app holds Ctrl+Alt+Space
        save_settings(session=session, settings=changed(Settings(), paste_mode="type", hotkey="<ctrl>+<alt>+y"))
    store.close()
    app = SidekickProcess(xsession, home).start()
    try:
        assert app.info["hotkey_error"] is None, app.info
        target.clear()
        xsession.set_clipboard(KNOWN)
        xsession.key("ctrl+alt+y")
        wait_for(lambda: xsession.active_window() == app.picker_window, 5, "the popup to take focus")
        app.type_query("kd")
        xsession.key("Return")
        expect_received(target, rendered(demo_body("kd")), timeout=20)
        assert_not_logged(app, rendered(demo_body("kd")), "kd")
        assert xsession.get_clipboard() == KNOWN  # typing never touches the clipboard
        assert xsession.active_window() == target.window
    finally:
        if app.process is not None:
            app.process.terminate()
            app.process.wait(timeout=10)
