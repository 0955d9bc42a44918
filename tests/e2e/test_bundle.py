"""The built bundle, not the source: the executable an agent installs does what the README says.

``tests/run_all.sh`` builds the one-folder bundle with ``pyinstaller build.spec`` and passes its
executable in ``SIDEKICK_BUNDLE``; without it these tests fail (they never skip: a bundle that
was not built is a bundle nobody checked). Every command runs the bundled executable with an
environment that has no ``PYTHONPATH`` and no virtual environment on ``PATH``, so nothing can
come from the source tree.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import replace as changed
from pathlib import Path

import pytest
from harness import SidekickProcess, TargetProcess, XSession, wait_for

from sidekick import __version__
from sidekick.components import RUNTIME_COMPONENTS

pytestmark = [pytest.mark.e2e, pytest.mark.bundle]

BUNDLE_ENV = "SIDEKICK_BUNDLE"
KNOWN = "agent's clipboard before the paste: 单号 7788 🧾".encode()


@pytest.fixture(scope="module")
def bundle() -> Path:
    value = os.environ.get(BUNDLE_ENV)
    assert value, f"{BUNDLE_ENV} is not set: build the bundle first (tests/run_all.sh does)"
    executable = Path(value)
    assert executable.is_file() and os.access(executable, os.X_OK), f"no bundled executable at {executable}"
    return executable


def run_bundle(bundle: Path, home: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the bundled CLI in a clean environment: no PYTHONPATH, no venv, its own data folder."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "DISPLAY", "WAYLAND_DISPLAY"}}
    env["PATH"] = "/usr/bin:/bin"
    env["SIDEKICK_HOME"] = str(home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run([str(bundle), *args], env=env, capture_output=True, text=True, timeout=timeout,
                          cwd=home.parent)


def test_version(bundle: Path, tmp_path: Path) -> None:
    result = run_bundle(bundle, tmp_path / "home", "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"sidekick {__version__}"


def test_doctor_finds_every_component_with_its_version(bundle: Path, tmp_path: Path) -> None:
    result = run_bundle(bundle, tmp_path / "home", "doctor")
    assert result.returncode == 0, result.stderr
    # "name  value" rows; the component names have no spaces, the values may.
    rows = dict(line.split(None, 1) for line in result.stdout.splitlines() if len(line.split(None, 1)) == 2)
    assert rows["bundle"].startswith("yes"), result.stdout
    for component in RUNTIME_COMPONENTS:
        version = rows.get(component.distribution, "")
        assert version and version[0].isdigit(), f"{component.distribution}: {version!r}\n{result.stdout}"


def test_demo_then_search_json(bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    demo = run_bundle(bundle, home, "demo")
    assert demo.returncode == 0, demo.stderr
    from sidekick.core.demo import load_demo

    assert f"phrases: {len(load_demo().phrases)} added" in demo.stdout
    search = run_bundle(bundle, home, "search", "快递", "--json")
    assert search.returncode == 0, search.stderr
    hits = json.loads(search.stdout)
    assert hits[0]["code"] == "kd" and hits[0]["title"] == "快递说明", hits[:2]


def test_suggest_reads_the_buyers_words_with_the_bundled_word_dictionary(bundle: Path, tmp_path: Path) -> None:
    """The suggestion engine's word channel needs jieba's dictionary inside the bundle."""
    home = tmp_path / "home"
    assert run_bundle(bundle, home, "demo").returncode == 0
    result = run_bundle(bundle, home, "suggest", "刚买完就便宜了二十块 能退吗", "--json", "--limit", "3")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits and hits[0]["title"] == "价格保护", hits[:2]
    words = run_bundle(bundle, home, "suggest", "这个可以开发票吗", "--json", "--limit", "1")
    assert words.returncode == 0 and json.loads(words.stdout)[0]["intent"] == "invoice", words.stdout[:300]


def test_import_and_export_round_trip(bundle: Path, tmp_path: Path) -> None:
    # A lead's spreadsheet as Chinese Windows saves it: GB18030, Chinese headers.
    sheet = tmp_path / "团队短语.csv"
    sheet.write_bytes("库,分类,标题,内容,编码\n团队,售后 › 退换,退货地址,您好，退货请寄到{店铺}仓库 📦,thdz\n".encode("gb18030"))
    home = tmp_path / "home"
    imported = run_bundle(bundle, home, "import", str(sheet))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    out = tmp_path / "export.json"
    exported = run_bundle(bundle, home, "export", str(out))
    assert exported.returncode == 0, exported.stdout + exported.stderr
    text = out.read_text(encoding="utf-8")
    assert "您好，退货请寄到{店铺}仓库 📦" in text and "thdz" in text
    xlsx = tmp_path / "export.xlsx"
    assert run_bundle(bundle, home, "export", str(xlsx)).returncode == 0
    assert xlsx.read_bytes()[:2] == b"PK"


def test_bundled_tray_app_pastes_and_restores_the_clipboard(
        xsession: XSession, target_app: TargetProcess, bundle: Path, tmp_path: Path) -> None:
    from sidekick.config.settings import Settings
    from sidekick.db.settings_store import save_settings
    from sidekick.db.store import open_store

    home = tmp_path / "bundle-home"
    home.mkdir()
    store = open_store(home / "sidekick.db")
    with store.session() as session:  # its own hotkey: the session's source app may hold Ctrl+Alt+Space
        save_settings(session=session, settings=changed(Settings(), hotkey="<ctrl>+<alt>+b"))
    store.close()
    app = SidekickProcess(xsession, home, command=[str(bundle)]).start(timeout=120)
    try:
        assert app.info["bundled"] is True, app.info  # the frozen executable, not the source tree
        assert app.info["hotkey_error"] is None, app.info
        target_app.clear()
        xsession.set_clipboard(KNOWN)
        xsession.key("ctrl+alt+b")
        wait_for(lambda: xsession.active_window() == app.picker_window, 10, "the bundled popup to take focus")
        app.type_query("kd")
        xsession.key("Return")
        wait_for(lambda: "默认发中通或韵达快递" in target_app.received(), 10, "the reply from the bundled app")
        wait_for(lambda: xsession.get_clipboard() == KNOWN, 5, "the agent's clipboard to come back")
        assert xsession.active_window() == target_app.window
    finally:
        if app.process is not None:
            app.process.terminate()
            app.process.wait(timeout=10)
