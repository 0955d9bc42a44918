"""The app's icon: rendered once from the SVG into PNGs in the data directory, read from there on
later starts, rendered again when the SVG changes, and the SVG itself where nothing can be written."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from sidekick.ui import icons
from sidekick.ui.icons import ICON_SIZES, app_icon, rendered_icons


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SIDEKICK_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_the_first_start_renders_the_pngs_and_later_ones_read_them(qapp, home: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    icon = app_icon()
    folder = rendered_icons(icons.svg_path())
    assert folder is not None and folder.parent == home / "cache" / "icons"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{size}.png" for size in ICON_SIZES)
    assert {QSize(size, size) for size in ICON_SIZES} <= set(icon.availableSizes())
    assert not icon.pixmap(22, 22).toImage().isNull()

    def no_rendering(svg: Path, size: int) -> None:
        raise AssertionError("rendered again")

    monkeypatch.setattr(icons, "render_svg", no_rendering)
    again = app_icon()
    assert {QSize(size, size) for size in ICON_SIZES} <= set(again.availableSizes())


def test_a_changed_svg_gets_new_pngs(qapp, home: Path, tmp_path: Path) -> None:
    first = rendered_icons(icons.svg_path())
    changed = tmp_path / "changed.svg"
    changed.write_text(icons.svg_path().read_text(encoding="utf-8").replace("</svg>", "<!-- new --></svg>"),
                       encoding="utf-8")
    second = rendered_icons(changed)
    assert first is not None and second is not None and first != second


def test_where_nothing_can_be_written_the_svg_is_used(qapp, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "cache").write_text("a file where the folder should be", encoding="utf-8")
    assert rendered_icons(icons.svg_path()) is None
    icon = app_icon()
    assert not icon.isNull() and not icon.pixmap(22, 22).toImage().isNull()  # from the SVG itself


def test_a_render_cut_short_leaves_no_icon_that_counts(qapp, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = icons.render_svg

    def fails_at_64(svg: Path, size: int) -> QImage:
        if size == 64:
            raise OSError("disk full")
        return real(svg, size)

    monkeypatch.setattr(icons, "render_svg", fails_at_64)
    assert rendered_icons(icons.svg_path()) is None
    monkeypatch.setattr(icons, "render_svg", real)
    folder = rendered_icons(icons.svg_path())  # the next start finishes the set
    assert folder is not None and all((folder / f"{size}.png").is_file() for size in ICON_SIZES)
