"""The suggestion engine in the running app: built off the GUI thread, on first use, kept warm.

Nothing of ``sidekick.core.suggest`` is imported, and no engine is built, until the agent first
presses the suggest hotkey: an agent who never uses suggest mode pays no memory for it. The
first build reads the same local database the search index is loaded from (sqlite3 only, on a
worker thread) and the question bank; from then on every index rebuild (an edit, an import, a
hub pull) rebuilds the engine too, in the background, and the old engine answers until the new
one is swapped in, so a suggestion never waits for a build.

``suggest`` runs on the GUI thread: the engine answers in milliseconds once built.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from sidekick.core.types import Phrase


class SuggestionLike(Protocol):
    @property
    def phrase(self) -> Phrase: ...
    @property
    def score(self) -> float: ...
    @property
    def intent(self) -> str | None: ...
    @property
    def matched_question(self) -> str | None: ...
    @property
    def reason(self) -> str: ...


class EngineLike(Protocol):
    def suggest(self, message: str, *, limit: int = 5) -> Sequence[SuggestionLike]: ...


EngineBuilder = Callable[[], EngineLike]


def database_engine_builder(database: Path, recommend_template: Callable[[], str]) -> EngineBuilder:
    """Builds an engine from the library in ``database`` (run on a worker thread); a product
    fact the engine offers is worded with the current recommendation template."""

    def build() -> EngineLike:
        from sidekick.core.suggest import load_question_bank
        from sidekick.db.suggest_load import build_suggest_engine

        return build_suggest_engine(database, load_question_bank(), recommend_template())

    return build


class SuggestService(QObject):
    """Holds the current engine; ``request`` builds it once, ``refresh`` after library changes."""

    built = Signal(object, str)  # engine or None, error text; emitted on the worker thread (queued)
    ready = Signal()  # on the GUI thread: an engine is in place
    failed = Signal(str)  # on the GUI thread: the build failed (the message names why)

    def __init__(self, build: EngineBuilder, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self.engine: EngineLike | None = None
        self._building = False
        self._again = False
        self._wanted = False  # set by the first request: from then on the engine is kept warm
        self.built.connect(self._on_built)

    @property
    def building(self) -> bool:
        return self._building

    def request(self) -> None:
        """Make sure an engine exists or is being built (the first use starts it)."""
        self._wanted = True
        if self.engine is None and not self._building:
            self._start()

    def refresh(self) -> None:
        """The library changed: rebuild in the background if suggest mode was ever used."""
        if not self._wanted:
            return
        if self._building:
            self._again = True
        else:
            self._start()

    def suggest(self, message: str, limit: int) -> list[Any] | None:
        """The engine's suggestions, or None while no engine is ready yet."""
        if self.engine is None:
            return None
        return list(self.engine.suggest(message, limit=limit))

    def _start(self) -> None:
        self._building = True

        def run() -> None:
            try:
                engine = self._build()
            except Exception as error:
                self.built.emit(None, f"{type(error).__name__}: {error}")
                return
            self.built.emit(engine, "")

        threading.Thread(target=run, name="sidekick-suggest", daemon=True).start()

    def _on_built(self, engine: EngineLike | None, error: str) -> None:
        self._building = False
        if engine is not None:
            self.engine = engine
        if self._again:
            self._again = False
            self._start()
        if engine is not None:
            self.ready.emit()
        else:
            self.failed.emit(error)
