"""Query parsing: terms and filters."""

from __future__ import annotations

from sidekick.core.search import parse_query
from sidekick.core.types import LibraryKind


def test_terms_are_split_on_any_space_and_folded() -> None:
    q = parse_query("退　7天  ＫＤ")
    assert q.terms == ("退", "7天", "kd")
    assert not q.has_filters


def test_filters() -> None:
    q = parse_query("#新品 @我 /售后 kd")
    assert q.terms == ("kd",)
    assert q.tags == ("新品",)
    assert q.library is LibraryKind.PERSONAL
    assert q.categories == (("售后", ""),)


def test_library_names_and_prefixes() -> None:
    assert parse_query("@team").library is LibraryKind.TEAM
    assert parse_query("@团队").library is LibraryKind.TEAM
    assert parse_query("@me").library is LibraryKind.PERSONAL
    assert parse_query("@te").library is LibraryKind.TEAM  # while typing
    assert parse_query("@x").library is None  # unknown: ignored, not a term
    assert parse_query("@x").terms == ()


def test_two_level_category() -> None:
    assert parse_query("/售前/尺码").categories == (("售前", "尺码"),)


def test_slash_token_is_a_code_when_a_code_starts_with_it() -> None:
    codes = {"/tk", "/th"}
    def is_prefix(t: str) -> bool:
        return any(c.startswith(t) for c in codes)

    assert parse_query("/tk", is_prefix).terms == ("/tk",)
    assert parse_query("/t", is_prefix).terms == ("/t",)
    q = parse_query("/售后", is_prefix)
    assert q.terms == () and q.categories == (("售后", ""),)


def test_lone_symbols_are_ignored() -> None:
    q = parse_query("# @ / kd")
    assert q.terms == ("kd",) and not q.has_filters
