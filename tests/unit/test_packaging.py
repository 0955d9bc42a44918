"""What the bundle is built from: the component list, the icons, the desktop entries."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest

from sidekick.app import desktop_entry
from sidekick.components import RUNTIME_COMPONENTS, Component, component_status

REPO = Path(__file__).resolve().parents[2]


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_component_list_is_pyprojects_dependency_list() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_normalise(re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]) for requirement in project["dependencies"]}
    listed = {_normalise(component.distribution) for component in RUNTIME_COMPONENTS}
    assert listed == declared


def test_component_status_names_the_version_or_what_is_missing() -> None:
    assert component_status(Component("numpy", "numpy"))[0].isdigit()
    assert component_status(Component("no-such-distribution-xyz", "no_such_module_xyz")) == "not installed"
    # Importable but without metadata: what a bundle without copied metadata used to look like.
    assert "metadata missing" in component_status(Component("no-such-distribution-xyz", "json"))


def test_icons_are_generated_from_the_svg(tmp_path: Path) -> None:
    from PIL import Image  # a build dependency: tests/run_all.sh installs '.[build]'

    from sidekick.app.icon_build import ICO_SIZES, PNG_SIZES, make_icons

    icons = make_icons(REPO / "resources" / "icons" / "sidekick.svg", tmp_path)
    for size in PNG_SIZES:
        with Image.open(icons.png(size)) as png:
            assert png.size == (size, size)
            assert png.getpixel((size // 2, size // 2))[3] == 255  # drawn, not blank
            assert png.getpixel((0, 0))[3] == 0  # transparent rounded corner
    with Image.open(icons.ico) as ico:
        assert {(size, size) for size in ICO_SIZES} <= set(ico.info["sizes"])
    assert icons.icns.read_bytes()[:4] == b"icns"


def test_the_shipped_desktop_file_is_a_menu_entry_not_a_login_entry() -> None:
    text = desktop_entry.bundle_desktop_file()
    assert "Exec=sidekick\n" in text and "Icon=sidekick\n" in text
    assert "X-GNOME-Autostart" not in text
    assert "Name[zh_CN]=" in text


def test_a_bundle_installs_its_menu_entry_pointing_at_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "opt" / "sidekick"
    folder.mkdir(parents=True)
    executable = folder / "sidekick"
    executable.write_text("")
    (folder / "sidekick.png").write_bytes(b"\x89PNG fake icon")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(executable))
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = desktop_entry.install_menu_entry()
    assert path == tmp_path / "data" / "applications" / "sidekick.desktop"
    text = path.read_text(encoding="utf-8")
    assert f"Exec={executable}\n" in text
    icon = tmp_path / "data" / "icons" / "hicolor" / "256x256" / "apps" / "sidekick.png"
    assert f"Icon={icon}\n" in text and icon.read_bytes() == b"\x89PNG fake icon"
    assert desktop_entry.install_menu_entry() == path  # idempotent


def test_running_from_source_installs_no_menu_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert desktop_entry.install_menu_entry() is None
    assert not (tmp_path / "data").exists()


# Chinese sorted by pinyin (a, bo, ci, de): their code points run the other way, so only the
# Chinese collation data gives this order.
PINYIN_ORDER = ["阿", "波", "次", "德"]
COLLATE = """
import functools
import sys
from PySide6.QtCore import QCollator, QLocale
words = sys.argv[1:]
collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
print(" ".join(sorted(words, key=functools.cmp_to_key(collator.compare))))
print(next(line.split()[-1] for line in open("/proc/self/maps") if "libicudata" in line))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the ICU data library is trimmed on Linux only")
def test_the_trimmed_icu_data_keeps_chinese_collation_and_is_a_quarter_of_the_size(tmp_path: Path) -> None:
    import os
    import subprocess

    import PySide6

    from sidekick.app.icu_trim import tools_missing, trim_icu_data

    assert tools_missing() == [], "tests/run_all.sh installs icu-devtools"
    full = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    trimmed = trim_icu_data(full, tmp_path)
    assert trimmed.name == full.name
    assert trimmed.stat().st_size < full.stat().st_size / 3
    env = {**os.environ, "LD_LIBRARY_PATH": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    shuffled = [PINYIN_ORDER[i] for i in (3, 1, 0, 2)]
    done = subprocess.run([sys.executable, "-c", COLLATE, *shuffled], env=env, capture_output=True, text=True,
                          check=True, timeout=60)
    order, loaded = done.stdout.split("\n")[:2]
    assert loaded == str(trimmed)  # the trimmed copy was the one Qt loaded
    assert order.split() == PINYIN_ORDER
