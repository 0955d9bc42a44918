"""The popup's first frame: prepared while hidden, refreshed only after it is painted.

``Picker.prepare`` (run by the app at start and by the picker after each hide) puts the
most-used list, its preview and the rows' layouts in place while nobody waits, so ``popup()``
only shows the window; the empty-query search then runs after the first paint and leaves the
list alone when its result is unchanged.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from sidekick.core.types import (
    CategoryPath,
    HitKind,
    LibraryKind,
    MatchKind,
    SearchHit,
    Span,
)
from sidekick.ui.picker import Picker
from sidekick.ui.picker import delegate as delegate_module


def _hit(number: int) -> SearchHit:
    return SearchHit(HitKind.PHRASE, f"p{number}", f"快递说明{number}😊", f"咱家默认发中通快递{number}📦", 1.0,
                     MatchKind.TITLE_SUBSTRING, (Span("title", 0, 2),), LibraryKind.TEAM, CategoryPath("售前", "快递"),
                     f"kd{number}")


class CountingBackend:
    """Most-used hits that the test may change; records every query."""

    def __init__(self) -> None:
        self.queries: list[str] = []
        self.most_used = [_hit(n) for n in range(12)]

    def search(self, query: str, limit: int) -> list[SearchHit]:
        self.queries.append(query)
        return self.most_used[:limit] if not query else [h for h in self.most_used if query in h.title][:limit]

    def preview(self, hit: SearchHit) -> str:
        return f"预览：{hit.body}"

    def product(self, product_id: str) -> None:
        return None

    def related(self, product: object) -> list[object]:
        return []


def _picker(qtbot) -> tuple[Picker, CountingBackend]:
    backend = CountingBackend()
    picker = Picker(backend)
    qtbot.addWidget(picker)
    return picker, backend


def test_a_prepared_popup_shows_without_searching_first(qtbot) -> None:
    picker, backend = _picker(qtbot)
    picker.prepare()
    assert backend.queries == [""]
    assert len(picker.hits()) == 12 and picker.count.text() == "Most used"
    assert picker.preview.toPlainText() == f"预览：{backend.most_used[0].body}"

    resets: list[bool] = []
    picker.model.modelReset.connect(lambda: resets.append(True))
    picker.popup()
    assert backend.queries == [""]  # nothing searched before the first frame
    assert len(picker.hits()) == 12 and picker.search.text() == ""
    qtbot.waitUntil(lambda: len(backend.queries) == 2)  # the refresh, after the first paint
    QApplication.processEvents()
    assert resets == []  # same result: no model reset, no second paint of the rows


def test_the_refresh_after_the_first_frame_shows_a_changed_result(qtbot) -> None:
    picker, backend = _picker(qtbot)
    picker.prepare()
    backend.most_used = backend.most_used[::-1]  # e.g. a use recorded meanwhile
    picker.popup()
    assert picker.hits()[0].id == "p0"  # the cached list, in the first frame
    qtbot.waitUntil(lambda: picker.hits()[0].id == "p11")


def test_prepare_while_visible_changes_nothing_and_a_hide_prepares_the_next_popup(qtbot) -> None:
    picker, backend = _picker(qtbot)
    picker.popup()
    qtbot.waitUntil(lambda: len(picker.hits()) == 12)
    before = list(backend.queries)
    picker.prepare()
    assert backend.queries == before
    picker.search.setText("5")
    qtbot.waitUntil(lambda: len(picker.hits()) == 1)
    picker.dismiss()
    qtbot.waitUntil(lambda: len(picker.hits()) == 12, timeout=2000)  # prepared while hidden
    assert picker.search.text() == "" and not picker.isVisible()


def test_rows_are_laid_out_once_and_then_only_drawn(qtbot, monkeypatch) -> None:
    picker, _backend = _picker(qtbot)
    built: list[str] = []
    original = delegate_module.HitDelegate._build_row

    def counting(self, hit, row, size, font):
        built.append(hit.id)
        return original(self, hit, row, size, font)

    monkeypatch.setattr(delegate_module.HitDelegate, "_build_row", counting)
    picker.prepare()  # paints the list once off screen
    first = list(built)
    assert first and len(first) == len(set(first))
    picker.list.viewport().grab()
    picker.list.viewport().grab()
    assert built == first
    picker.delegate.retranslate()  # badge texts change with the language: lay out again
    picker.list.viewport().grab()
    assert len(built) == 2 * len(first)


def test_no_prepare_while_the_app_says_it_would_hold_something_up(qtbot) -> None:
    picker, backend = _picker(qtbot)
    busy = [True]  # e.g. a paste typing its text key by key
    picker.prepare_blocked = lambda: busy[0]
    picker.popup()
    qtbot.waitUntil(lambda: len(picker.hits()) == 12)
    picker.dismiss()
    before = list(backend.queries)
    qtbot.wait(600)  # several prepare delays
    assert backend.queries == before
    busy[0] = False
    qtbot.waitUntil(lambda: len(backend.queries) > len(before), timeout=2000)
    assert backend.queries[len(before):] == [""]
