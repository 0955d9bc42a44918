"""Stored search forms: encoding, decoding, validation against the text."""

from __future__ import annotations

from search_fixtures import PHRASES, PRODUCTS

from sidekick.core.search import FORMS_VERSION, SearchIndex, decode_forms, phrase_forms, product_forms
from sidekick.core.search.forms import folded_text, split_forms
from sidekick.core.search.syllables import SPELLINGS
from sidekick.core.search.text import phrase_fields, product_fields
from sidekick.core.types import CategoryPath, LibraryKind, Phrase


def _phrase(title: str, body: str = "", pid: str = "x") -> Phrase:
    return Phrase(id=pid, library=LibraryKind.TEAM, category=CategoryPath(), title=title, body=body)


def _spellings(phrase: Phrase) -> tuple[list[str], dict[int, str]]:
    n = len(folded_text(phrase_fields(phrase)))
    ids, alts = decode_forms(phrase_forms(phrase), n)
    return [SPELLINGS[i] for i in ids], {off: SPELLINGS[i] for off, i in alts}


def test_forms_round_trip_one_spelling_per_character() -> None:
    primary, _ = _spellings(_phrase("快递费", "XL码 7天"))
    # title ␀ body ␀ : separators, spaces and punctuation spell nothing
    assert primary == ["kuai", "di", "fei", "", "x", "l", "ma", "", "7", "tian", ""]


def test_forms_start_with_the_version() -> None:
    assert phrase_forms(_phrase("快递")).startswith(FORMS_VERSION)


def test_polyphones_get_their_contextual_reading_and_the_other_one() -> None:
    primary, alts = _spellings(_phrase("银行卡", "步行街"))
    assert primary[:3] == ["yin", "hang", "ka"]
    assert alts[1] == "xing"
    assert primary[4:7] == ["bu", "xing", "jie"]
    assert alts[5] == "hang"


def test_changsha_length_reading() -> None:
    primary, alts = _spellings(_phrase("长度"))
    assert primary[0] == "chang" and alts[0] == "zhang"


def test_full_width_and_upper_case_are_folded() -> None:
    primary, _ = _spellings(_phrase("ＸＬ码"))
    assert primary[:3] == ["x", "l", "ma"]


def test_stale_or_foreign_forms_are_rejected() -> None:
    phrase = _phrase("快递", "默认中通")
    forms = phrase_forms(phrase)
    n = len(folded_text(phrase_fields(phrase)))
    assert split_forms(forms, n) is not None
    assert split_forms(forms, n + 1) is None  # text grew since the forms were computed
    assert split_forms("9" + forms[1:], n) is None  # another format version
    assert split_forms("", n) is None


def test_product_forms_cover_title_tags_and_knowledge() -> None:
    product = PRODUCTS[0]
    n = len(folded_text(product_fields(product)))
    ids, _ = decode_forms(product_forms(product), n)
    assert len(ids) == n


def test_index_recomputes_stale_forms_and_reports_them() -> None:
    good, edited = PHRASES[0], PHRASES[1]
    stale = phrase_forms(_phrase("旧标题"))
    index = SearchIndex.bulk([(good, phrase_forms(good)), (edited, stale)])
    assert set(index.recomputed_forms) == {edited.id}
    assert index.recomputed_forms[edited.id] == phrase_forms(edited)
    assert index.search("kdfy")[0].id == edited.id


def test_stored_forms_are_used_as_given() -> None:
    """Forms from storage are trusted when they fit: pinyin is not recomputed."""
    phrase = _phrase("快递")
    other = _phrase("顺丰")  # same length, so these forms fit the text of 快递
    index = SearchIndex.bulk([(phrase, phrase_forms(other))])
    assert not index.recomputed_forms
    assert [h.id for h in index.search("sf")] == [phrase.id]


def test_bulk_folding_agrees_with_the_folding_used_for_forms() -> None:
    from sidekick.core.search.store import _folded_codes
    from sidekick.core.search.text import fold_run, raw_run

    run = raw_run(("ＸＬ码　Ｔｙｐｅ-Ｃ İstanbul ÄÖ", "快递\x00费，ｋｄ！"))
    assert "".join(map(chr, _folded_codes(run).tolist())) == fold_run(run)
    assert fold_run(run).count("\x00") == 2  # a NUL inside a field is not a separator
