"""Moving stale replies to 待清理 goes through the library's own rules."""

from __future__ import annotations

from sidekick.app.insights_service import CLEANUP_CATEGORY, InsightsService
from sidekick.app.library_service import LibraryService
from sidekick.config.settings import Settings
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository


def test_stale_personal_phrases_move_to_the_cleanup_category_of_their_library(store) -> None:
    stale = Phrase(id=new_id(), library=LibraryKind.PERSONAL, category=CategoryPath("常用"), title="旧活动", body="双十一")
    kept = Phrase(id=new_id(), library=LibraryKind.PERSONAL, category=CategoryPath("常用"), title="发货", body="48小时")
    with store.session() as session:
        repository.save_phrase(session=session, phrase=stale)
        repository.save_phrase(session=session, phrase=kept)
    changed: list[bool] = []
    service = InsightsService(store, Settings, library=LibraryService(store, Settings),
                              on_change=lambda: changed.append(True))
    source = service.source()
    assert source.catalog[stale.id].library == "personal"
    libraries = {key: entry.library for key, entry in source.catalog.items()}
    assert service.move_to_cleanup([stale.id], libraries) == 1
    with store.session() as session:
        assert repository.get_phrase(session=session, phrase_id=stale.id).category == CategoryPath(CLEANUP_CATEGORY)
        assert repository.get_phrase(session=session, phrase_id=kept.id).category == CategoryPath("常用")
    assert changed == [True]
