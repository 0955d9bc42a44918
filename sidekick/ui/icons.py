"""The app's icon, drawn from the one SVG (``resources/icons/sidekick.svg``).

Qt reads an SVG icon through its SVG module and icon-engine plugin, ≈1.6 MB resident for a tray
app that shows one small picture all day. So the SVG is rendered once into PNGs kept in the data
directory (``cache/icons/<checksum of the SVG>/``) and every later start reads those; a changed
SVG gets a new folder, and where nothing can be written the SVG is used as before.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPainter

from sidekick.config import paths
from sidekick.core.resources import resources_dir

ICON_SIZES = (16, 22, 24, 32, 48, 64, 128)


def svg_path() -> Path:
    return resources_dir() / "icons" / "sidekick.svg"


def render_svg(svg: Path, size: int) -> QImage:
    """``svg`` drawn into a square transparent image of ``size`` pixels."""
    from PySide6.QtSvg import QSvgRenderer  # only when rendering: see the module doc

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def render_png(svg: Path, size: int, out: Path) -> None:
    """``svg`` drawn into a square transparent PNG of ``size`` pixels at ``out``."""
    if not render_svg(svg, size).save(str(out), "PNG"):  # type: ignore[call-overload]  # PySide6 takes str here; its stubs say bytes
        raise OSError(f"could not write {out}")


def app_icon() -> QIcon:
    svg = svg_path()
    folder = rendered_icons(svg)
    if folder is None:
        return QIcon(str(svg))
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(folder / f"{size}.png"), QSize(size, size))
    return icon


def rendered_icons(svg: Path) -> Path | None:
    """The folder of ``svg``'s PNGs (rendered now if missing), or None when they cannot be made."""
    try:
        folder = paths.data_dir() / "cache" / "icons" / f"{zlib.crc32(svg.read_bytes()):08x}"
        files = [folder / f"{size}.png" for size in ICON_SIZES]
        if all(file.is_file() for file in files):
            return folder
        folder.mkdir(parents=True, exist_ok=True)
        for size, file in zip(ICON_SIZES, files, strict=True):
            partial = file.with_name(f"{size}.partial.png")
            render_png(svg, size, partial)
            partial.replace(file)  # whole or absent: a crash never leaves half an icon that counts
    except (OSError, ValueError):
        return None
    return folder
