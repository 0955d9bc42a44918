"""The reply pipeline end to end: the real app on a private X server, a real target window.

- a ``{商品.标题}`` phrase pasted after Tab on a product carries that product's title and link;
- the popup works while the Settings dialog is open, and the chat keeps the keyboard after;
- a second hotkey + Enter while a type-instead paste is still typing sends nothing half-typed.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import replace as changed
from pathlib import Path

import pytest
from harness import SidekickProcess, TargetProcess, XSession, wait_for

from sidekick.core.demo import DEMO_AGENT_NAME, DEMO_SHOP_NAME, load_demo
from sidekick.core.reply import CurrentProduct, ProductSource, ReplyContext, ReplyVoice, draft, render_reply

pytestmark = pytest.mark.e2e

DEMO = load_demo()
VOICE = ReplyVoice(DEMO_AGENT_NAME, DEMO_SHOP_NAME)


def demo_body(code: str) -> str:
    return next(p.body for p in DEMO.phrases if p.code == code)


def expected(code: str, product=None) -> str:
    current = CurrentProduct(product, ProductSource.CARD) if product is not None else None
    reply = render_reply(draft(demo_body(code)), ReplyContext(voice=VOICE, product=current))
    assert reply.pasteable, code
    return reply.text


@pytest.fixture(scope="module", autouse=True)
def popup_answers(xsession: XSession, sidekick_app: SidekickProcess, target_app: TargetProcess) -> None:
    """Start once the popup takes the keyboard again. A type-instead paste (test_paste_e2e's last
    test) remaps a keycode per character; openbox re-reads the keymap each time and answers
    focus requests late for a while after (measured: seconds, also before issue 11's changes)."""
    target_app.focus()
    started = time.monotonic()
    while time.monotonic() - started < 90:
        xsession.key("ctrl+alt+space")
        try:
            wait_for(lambda: xsession.active_window() == sidekick_app.picker_window, 10, "the popup")
        except Exception:
            xsession.key("Escape")
            continue
        xsession.key("Escape")
        wait_for(lambda: xsession.active_window() == target_app.window, 30, "focus back on the target")
        return
    raise AssertionError("the popup never took the keyboard")


def open_popup(x: XSession, app: SidekickProcess, combo: str = "ctrl+alt+space", timeout: float = 10) -> None:
    x.key(combo)
    wait_for(lambda: x.active_window() == app.picker_window, timeout, "the popup to take focus")


def expect_received(target: TargetProcess, text: str, timeout: float = 5,
                    app: SidekickProcess | None = None, since: int = 0) -> None:
    """Wait for ``text`` in the target; on failure say what the app's paste steps were."""
    try:
        wait_for(lambda: target.received() == text, timeout, "the reply in the target")
    except Exception:
        steps = f"; app marks: {app.marks_since(since)}" if app is not None else ""
        raise AssertionError(f"target received {target.received()!r}, expected {text!r}{steps}") from None


def test_a_product_phrase_after_tab_on_a_product_pastes_its_title_and_link(
        xsession: XSession, sidekick_app: SidekickProcess, target: TargetProcess) -> None:
    product = DEMO.products[0]
    body = demo_body("qh")  # …推荐一款…【{商品.标题}】…：{商品.链接}
    assert "{商品.标题}" in body and "{商品.链接}" in body
    open_popup(xsession, sidekick_app)
    sidekick_app.type_query(product.item_id)  # finds the product by its item id
    xsession.key("Tab")  # its card: now the current product (handled before the next keys)
    xsession.key("ctrl+a")
    sidekick_app.type_query("qh")
    xsession.key("Return")
    reply = expected("qh", product)
    assert product.title in reply and product.link in reply
    expect_received(target, reply)
    assert xsession.active_window() == target.window


def own_visible_windows(x: XSession, app: SidekickProcess) -> set[str]:
    """The app's mapped windows (its tray icon, menus, dialogs)."""
    assert app.process is not None
    return set(x.out(["xdotool", "search", "--onlyvisible", "--pid", str(app.process.pid)]).split())


def _tray_icon_point(x: XSession) -> tuple[int, int]:
    """The middle of the docked tray icon (trayer holds only Sidekick's)."""
    windows = x.out(["xdotool", "search", "--class", "trayer"]).split()
    best: tuple[int, int, int, int] | None = None
    for window in windows:
        geometry = dict(line.split("=", 1) for line in x.out(["xdotool", "getwindowgeometry", "--shell", window])
                        .split() if "=" in line)
        w, h = int(geometry.get("WIDTH", 0)), int(geometry.get("HEIGHT", 0))
        if w > 0 and h > 0 and (best is None or w * h > best[2] * best[3]):
            best = (int(geometry["X"]), int(geometry["Y"]), w, h)
    assert best is not None, "no trayer window"
    left, top, width, height = best
    return left + width - height // 2, top + height // 2


def test_the_popup_works_with_settings_open(
        xsession: XSession, sidekick_app: SidekickProcess, target: TargetProcess) -> None:
    # Open Settings from the tray menu: right-click the icon, the fourth entry.
    px, py = _tray_icon_point(xsession)
    visible_before = own_visible_windows(xsession, sidekick_app)
    subprocess.run(["xdotool", "mousemove", str(px), str(py), "click", "3"], env=xsession.env(), check=True)
    wait_for(lambda: own_visible_windows(xsession, sidekick_app) - visible_before, 10, "the tray menu")
    xsession.key("Down", "Down", "Down", "Down", "Return")
    settings_window = wait_for(lambda: (lambda w: w if w not in (0, target.window, sidekick_app.picker_window)
                                        else 0)(xsession.active_window()), 10, "the settings dialog")
    try:
        target.focus()  # the agent goes back to the chat with Settings still open
        open_popup(xsession, sidekick_app)
        sidekick_app.type_query("kd")
        since = sidekick_app.mark_count()
        xsession.key("Return")
        expect_received(target, expected("kd"), app=sidekick_app, since=since)
        # With a modal window open the app guards the chat's focus for a moment after a paste.
        sidekick_app.wait_marks(since, "paste_done", "focus_guard_done")
        assert xsession.active_window() == target.window  # the chat keeps the keyboard
        assert xsession.run_ok(["xdotool", "getwindowname", str(settings_window)]), "Settings was closed"
    finally:
        if xsession.run_ok(["xdotool", "getwindowname", str(settings_window)]):
            xsession.activate_until_active(int(settings_window))
            xsession.key("Escape")
            wait_for(lambda: not xsession.run_ok(["xdotool", "getwindowname", str(settings_window)])
                     or xsession.active_window() != settings_window, 5, "Settings to close")
        target.focus()


# Last: typing remaps the keymap per character and leaves the window manager busy for a while.
def test_a_second_paste_while_typing_sends_nothing_half_typed(
        xsession: XSession, target: TargetProcess, tmp_path: Path) -> None:
    from sidekick.config.settings import Settings
    from sidekick.db.settings_store import save_settings
    from sidekick.db.store import open_store

    first, second = expected("th"), expected("yfx")
    assert "\n" not in first and "\n" not in second  # one line each: an Enter would show
    home = tmp_path / "typing-home"
    home.mkdir()
    store = open_store(home / "sidekick.db")
    with store.session() as session:  # its own hotkey: the session's main app holds Ctrl+Alt+Space
        # Typing remaps a keycode per character and the window manager re-reads the keymap each
        # time: on a loaded machine it answers focus requests seconds late, so wait for it.
        save_settings(session=session, settings=changed(Settings(), paste_mode="type", hotkey="<ctrl>+<alt>+u",
                                                        type_interval_ms=40, focus_timeout_ms=10_000))
    store.close()
    app = SidekickProcess(xsession, home).start()
    try:
        assert app.info["hotkey_error"] is None, app.info
        target.clear()
        open_popup(xsession, app, "ctrl+alt+u")
        app.type_query("th")
        xsession.key("ctrl+Return")  # paste and send: Enter only once the whole reply is in
        wait_for(lambda: len(target.received()) >= 3, 10, "typing to start")
        # A second reply while the first is typing (the window manager may confirm late, see above).
        open_popup(xsession, app, "ctrl+alt+u", timeout=20)
        typed = target.received()
        assert len(typed) < len(first), "the first reply finished before the second hotkey"
        app.type_query("yfx")
        since = app.mark_count()
        xsession.key("Return")
        wait_for(lambda: target.received().endswith(second), 40, "the second reply")
        # The second job over (its last character had time to be read): all that was sent is in.
        app.wait_marks(since, "paste_start", "paste_done", timeout=20)
        received = target.received()
        assert received.endswith(second)
        partial = received[: len(received) - len(second)]
        assert partial == typed and len(partial) < len(first), received  # not one more character
        assert set(partial) <= set(first), received
        assert "\n" not in received, "an Enter was sent for a half-typed reply"
    finally:
        if app.process is not None:
            app.process.terminate()
            app.process.wait(timeout=10)
