"""Build-time icons: PNG sizes, a Windows ``.ico`` and a macOS ``.icns`` from the one SVG.

Called by ``build.spec`` so the bundle's icons can always be regenerated from
``resources/icons/sidekick.svg``; nothing binary is committed. Qt renders the SVG (QtSvg ships
with PySide6, so no Cairo is needed) and Pillow, a build-only dependency, writes the
multi-resolution containers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sidekick.ui.icons import render_png

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


@dataclass(frozen=True, slots=True)
class IconSet:
    png_dir: Path
    ico: Path
    icns: Path

    def png(self, size: int) -> Path:
        return self.png_dir / f"sidekick-{size}.png"


def make_icons(svg: Path, out_dir: Path) -> IconSet:
    """Every icon the bundles need, written below ``out_dir`` (created)."""
    from PIL import Image

    png_dir = out_dir / "png"
    png_dir.mkdir(parents=True, exist_ok=True)
    icons = IconSet(png_dir=png_dir, ico=out_dir / "sidekick.ico", icns=out_dir / "sidekick.icns")
    for size in PNG_SIZES:
        render_png(svg, size, icons.png(size))
    with Image.open(icons.png(256)) as largest:
        largest.save(icons.ico, format="ICO", sizes=[(size, size) for size in ICO_SIZES])
    with Image.open(icons.png(1024)) as largest:
        largest.save(icons.icns, format="ICNS")
    return icons
