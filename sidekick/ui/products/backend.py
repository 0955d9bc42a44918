"""What the products window needs from the rest of the app.

The window is a view: it never opens the database. The app hands it a ``ProductsBackend``
(``sidekick.app.products_service.ProductsService`` over the local store) and each call is one
transaction there. Errors a user can cause (a relation to itself, a product without a title)
come back as :class:`ProductsError` with a message to show as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Protocol

from sidekick.core.placeholders import RenderContext
from sidekick.core.progress import Progress
from sidekick.core.quiz import QuizRun
from sidekick.core.types import Product, Relation

# progress(done, total): called from the worker thread during an import or export.


class ProductsError(ValueError):
    """A change the data model refuses; the message names the thing and the fix."""


class FileFormat(str, Enum):
    """Product file formats offered in the window (the foundation's exchange formats)."""

    JSON = "json"  # lossless Sidekick JSON
    CSV = "csv"  # one row per product, Excel/WPS friendly
    XLSX = "xlsx"

    @classmethod
    def from_path(cls, path: Path) -> FileFormat:
        suffix = path.suffix.lower().lstrip(".")
        for member in cls:
            if member.value == suffix:
                return member
        raise ProductsError(f"{path.name}: unknown file type; use .json, .csv or .xlsx")


@dataclass(frozen=True, slots=True)
class TagCount:
    """A tag in the filter list: products with it among the current selection, and overall."""

    name: str
    count: int  # products carrying this tag *and* every selected tag
    total: int  # products carrying this tag


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What importing a file would do (a dry run): shown before anything is written."""

    path: Path
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    relations: int = 0
    problems: tuple[str, ...] = ()  # any problem refuses the whole import
    warnings: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems and (self.new + self.updated + self.unchanged) > 0


class ProductsBackend(Protocol):
    """Reads and writes the products window asks for, on the GUI thread unless noted."""

    def can_edit(self) -> bool:
        """False for agents: products are team data only leads change."""
        ...

    def products(self, tags: Sequence[str] = ()) -> list[Product]:
        """Live products in catalogue order carrying every tag in ``tags`` (AND)."""
        ...

    def tag_counts(self, selected: Sequence[str] = ()) -> list[TagCount]:
        """Every tag, most used first, with its count inside the ``selected`` tags' products."""
        ...

    def product(self, product_id: str) -> Product | None: ...

    def product_by_item_id(self, item_id: str) -> Product | None: ...

    def related(self, product: Product) -> list[tuple[Relation, Product]]:
        """The product's pairings and substitutes resolved to live products, in order."""
        ...

    def search(self, query: str, limit: int = 200) -> list[str]:
        """Ids of the products matching ``query``, best first."""
        ...

    def save_product(self, product: Product, *, symmetric_substitutes: bool = False) -> Product:
        """Insert or update ``product`` with tags, knowledge and relations.

        With ``symmetric_substitutes`` every substitute also gets the reverse substitute, and a
        substitute removed here is removed from the other product too.
        """
        ...

    def delete_product(self, product_id: str) -> None: ...

    def recommend_template(self) -> str:
        """The ``recommend_template`` setting."""
        ...

    def render_context(self) -> RenderContext:
        """Agent and shop names and the time for rendering a recommendation."""
        ...

    def record_recommendation(self, product_id: str) -> None:
        """Log one usage event (kind ``product``) for a recommendation."""
        ...

    def quiz_history(self) -> list[QuizRun]:
        """Past self-test runs, oldest first."""
        ...

    def add_quiz_run(self, run: QuizRun) -> None: ...

    def preview_import(self, path: Path) -> ImportPreview:
        """Read ``path`` and count what an import would change; writes nothing. Worker thread."""
        ...

    def run_import(self, path: Path, progress: Progress | None = None) -> ImportPreview:
        """Import the products of ``path`` all-or-nothing; returns what was done. Worker thread."""
        ...

    def export_products(
        self, path: Path, fmt: FileFormat, tags: Sequence[str] = (), progress: Progress | None = None
    ) -> int:
        """Write the (tag-filtered) products to ``path``; returns how many. Worker thread."""
        ...
