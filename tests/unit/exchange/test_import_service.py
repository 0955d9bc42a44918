"""Planning and applying imports: matching, dry runs, re-imports, conflicts with the database."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from helpers.shared_data import fixture_path
from sqlmodel import select

from sidekick.core.types import CategoryPath, Library, LibraryKind, Product, Relation, RelationKind, new_id
from sidekick.db import repository as repo
from sidekick.db.library_import import ImportRefused, apply_import, import_library, plan_import
from sidekick.db.tables import PhraseRow

TEAM, PERSONAL = LibraryKind.TEAM, LibraryKind.PERSONAL


def test_dry_run_reports_and_changes_nothing(ex, store, cli, tmp_path: Path) -> None:
    ex.seed_shop(store)
    path = tmp_path / "mixed.csv"
    path.write_bytes(ex.csv_bytes([
        ["team", "售前", "快递", "kd", "快递说明", "亲，默认发中通📦，48小时内发货～\n偏远地区除外", "", ""],  # unchanged
        ["team", "售前", "快递", "sf", "顺丰加价", "顺丰需补差价，具体以下单页为准哦", "", ""],  # updated (by code)
        ["personal", "问候", "", "", "新的问候", "您好呀", "", ""],  # added
    ]))
    before = ex.snapshot(store)
    result = cli("import", path, "--dry-run")
    assert result.code == 0, result.err
    assert "dry run" in result.out and "phrases:  1 added, 1 updated, 1 unchanged" in result.out
    assert ex.snapshot(store) == before

    result = cli("import", path)
    assert "phrases:  1 added, 1 updated, 1 unchanged" in result.out
    after = ex.snapshot(store)
    again = cli("import", path)
    assert "phrases:  0 added, 0 updated, 3 unchanged" in again.out
    assert ex.snapshot(store) == after  # updated_at of unchanged rows stays


def test_matching_by_id_then_code_then_title(ex, store) -> None:
    ids = ex.seed_shop(store)
    with store.session() as s:
        library = repo.load_library(session=s)
    by_title = {p.title: replace(p, created_at=None) for p in library.phrases}  # content records
    renamed = replace(by_title["快递说明"], title="快递说明（新）", id=ids["快递说明"])  # by id
    recoded = replace(by_title["顺丰加价"], id=new_id(), body="新内容")  # by library + path + code
    retitled = replace(by_title["退货地址"], id=new_id(), body="新地址")  # by library + path + title
    with store.session() as s:
        plan = plan_import(session=s, library=Library((renamed, recoded, retitled)))
        assert not plan.exact
        assert [p.id for p in plan.phrases_updated] == [ids["快递说明"], ids["顺丰加价"], ids["退货地址"]]
        apply_import(session=s, plan=plan)
    with store.session() as s:
        assert repo.counts(session=s)["team"] == 4
        assert repo.get_phrase(session=s, phrase_id=ids["顺丰加价"]).body == "新内容"


def test_new_phrases_are_appended_after_a_categorys_phrases(ex, store) -> None:
    ex.seed_shop(store)
    new = ex.phrase("新快递", code="xkd")
    with store.session() as s:
        import_library(session=s, library=Library((new,)))
        phrases = repo.list_phrases(session=s, library=TEAM, category=CategoryPath("售前", "快递"))
    assert [p.title for p in phrases][-1] == "新快递"
    assert phrases[-1].position > phrases[-2].position


def test_code_already_used_in_the_database_is_a_problem(ex, store, cli, tmp_path: Path) -> None:
    ex.seed_shop(store)
    path = tmp_path / "clash.csv"
    path.write_bytes(ex.csv_bytes([["team", "售后", "", "kd", "别的短语", "别的内容", "", ""]]))
    before = ex.snapshot(store)
    result = cli("import", path)
    assert result.code == 2
    assert "clash.csv, row 2, code: code 'kd' is already used by 「快递说明」 in the team library" in result.err
    assert ex.snapshot(store) == before


def test_swapping_codes_between_two_phrases_works(ex, store) -> None:
    ex.seed_shop(store)
    with store.session() as s:
        library = repo.load_library(session=s)
    kd = next(p for p in library.phrases if p.code == "kd")
    sf = next(p for p in library.phrases if p.code == "sf")
    with store.session() as s:
        summary = import_library(session=s, library=Library((replace(kd, code="sf", created_at=None),
                                                             replace(sf, code="kd", created_at=None))))
    assert summary.phrases.updated == 2
    with store.session() as s:
        assert repo.find_phrase_by_code(session=s, library=TEAM, code="kd").id == sf.id


def test_same_code_twice_in_an_in_memory_library_names_both(ex, store) -> None:
    with store.session() as s:
        plan = plan_import(session=s, library=Library((ex.phrase("甲", code="x"), ex.phrase("乙", code="x"))))
    assert not plan.ok
    assert "「甲」" in str(plan.problems[0]) and "「乙」" in str(plan.problems[0])
    with store.session() as s, pytest.raises(ImportRefused):
        apply_import(session=s, plan=plan)


def test_products_match_by_item_id_and_relations_resolve_to_the_database(ex, store, cli, tmp_path: Path) -> None:
    ids = ex.seed_shop(store)
    path = tmp_path / "goods.csv"
    path.write_bytes(ex.csv_bytes([
        ["1003", "Polo衫（新款）", "", "99", "爆款", "纯棉", "1001: 配T恤"],  # updated, pairs with a DB product
        ["2001", "防晒帽", "", "39", "夏季", "", "1002; 1003"],  # added
    ], header=["item_id", "title", "link", "price", "tags", "材质", "pairings"]))
    result = cli("import", path)
    assert result.code == 0, result.err
    assert "products: 1 added, 1 updated, 0 unchanged" in result.out
    with store.session() as s:
        polo = repo.get_product(session=s, product_id=ids["polo"])
        hat = repo.find_product_by_item_id(session=s, item_id="2001")
    assert polo.title == "Polo衫（新款）" and polo.related == (Relation(RelationKind.PAIRING, ids["tee"], 0, "配T恤"),)
    assert [r.target_id for r in hat.related] == [ids["shorts"], ids["polo"]]
    assert "0 added, 0 updated, 2 unchanged" in cli("import", path).out


def test_unknown_related_item_is_a_problem(ex, store, cli, tmp_path: Path) -> None:
    path = tmp_path / "goods.csv"
    path.write_bytes(ex.csv_bytes([["1", "帽子", "404"]], header=["商品ID", "标题", "替代"]))
    result = cli("import", path)
    assert result.code == 2 and "substitute '404': no product with this item id" in result.err


def test_import_library_for_the_demo_and_default_library(ex, store) -> None:
    products = (Product(id=new_id(), item_id="9", title="样品"),)
    library = Library((ex.phrase("一", code="a"), ex.phrase("二", path=CategoryPath("售后"))), products,
                      ((TEAM, CategoryPath("售后"), 0), (TEAM, CategoryPath("售前"), 1)))
    with store.session() as s:
        summary = import_library(session=s, library=library, default_library=PERSONAL)
    assert str(summary) == "phrases: 2 added, 0 updated, 0 unchanged; products: 1 added, 0 updated, 0 unchanged"
    with store.session() as s:
        assert repo.counts(session=s) == {"team": 0, "personal": 2, "products": 1}
        assert [c.path for c in repo.list_categories(session=s)][:2] == [CategoryPath("售后"), CategoryPath("售前")]
        row = s.exec(select(PhraseRow).where(PhraseRow.code == "a")).one()
        assert row.search_forms  # computed by the search package


@pytest.mark.slow  # a child process
def test_subprocess_import_and_export(ex, tmp_path: Path) -> None:
    home = tmp_path / "home"
    path = tmp_path / "p.csv"
    path.write_bytes(ex.csv_bytes([["团队", "售前", "", "kd", "快递", "默认中通", "", ""]], encoding="gb18030"))
    done = ex.run_subprocess("import", path, "--dry-run", env_home=home)
    assert done.returncode == 0 and "1 added" in done.stdout
    done = ex.run_subprocess("import", path, env_home=home)
    assert done.returncode == 0, done.stderr
    assert list((home / "backups").glob("*before-import*"))
    out = tmp_path / "out.qianniu.csv"
    done = ex.run_subprocess("export", out, "--library", "team", env_home=home)
    assert done.returncode == 0, done.stderr
    assert "默认中通" in out.read_bytes().decode("utf-8-sig")


def test_foreign_formats_go_through_the_registry(cli, store, tmp_path: Path) -> None:
    result = cli("import", fixture_path("espanso", "shop-greetings.yml"), "--dry-run")
    assert result.code == 0, result.err
    assert "Espanso YAML into the personal library" in result.out
    result = cli("import", fixture_path("textexpander", "shop-links.csv"), "--library", "team")
    assert result.code == 0, result.err and "TextExpander" in result.out
    with store.session() as s:
        assert repo.counts(session=s)["team"] > 0
    assert cli("export", tmp_path / "team.yml", "--library", "team").code == 0
    refused = cli("export", tmp_path / "x.yml")
    assert refused.code == 2 and "--library" in refused.err


def test_registry_tells_the_formats_apart(ex) -> None:
    from sidekick.core.exchange import registry

    sidekick_csv = ex.csv_bytes([["team", "售前", "", "", "t", "b", "", ""]])
    qianniu = "快捷短语编码,快捷短语,快捷短语分组\r\nkd,默认中通,快递\r\n".encode("gb18030")
    headerless = b'"kd","default courier","Shipping"\r\n"tk","refund","Refunds"\r\n'
    products = ex.csv_bytes([["1", "帽子"]], header=["商品ID", "标题"])
    assert registry.detect(sidekick_csv, "a.csv").name == "csv"
    assert registry.detect(products, "a.csv").name == "csv"
    assert registry.detect(qianniu, "a.csv").name == "qianniu"
    assert registry.detect(headerless, "Shipping.csv").name == "textexpander"
    assert registry.detect(b'{"format": "sidekick", "version": 1}', "a.json").name == "json"
    assert registry.detect(b"matches:\n  - trigger: ':kd'\n    replace: x\n", "a.yml").name == "espanso"
    assert registry.detect(b"PK", "a.xlsx").name == "xlsx"
    assert registry.export_format("team.qianniu.csv").name == "qianniu"
    assert registry.export_format("team.csv").name == "csv"
    assert registry.export_format("x.bin", "espanso").name == "espanso"


def test_product_sheet_reimport_ignores_how_relation_kinds_were_interleaved(ex, store, cli, tmp_path: Path) -> None:
    ids = ex.seed_shop(store)
    with store.session() as s:  # substitute first, then pairing: a sheet cannot keep that order
        repo.set_relations(session=s, product_id=ids["tee"], relations=(
            Relation(RelationKind.SUBSTITUTE, ids["polo"]), Relation(RelationKind.PAIRING, ids["shorts"], 0, "配")))
    before = ex.snapshot(store)
    for suffix in ("csv", "xlsx"):
        path = tmp_path / f"goods.{suffix}"
        assert cli("export", path, "--products").code == 0
        assert "products: 0 added, 0 updated, 3 unchanged" in cli("import", path).out
    assert ex.snapshot(store) == before


def test_reimporting_a_qianniu_export_keeps_the_real_titles(store) -> None:
    """Qianniu files carry no titles: the ones made up from the body must not overwrite ours."""
    from sidekick.core.exchange import qianniu
    from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
    from sidekick.db import repository
    from sidekick.db.library_import import apply_import, plan_import

    original = Phrase(id=new_id(), library=LibraryKind.TEAM, category=CategoryPath("售前", "快递"),
                      title="快递说明", body="您好，咱家默认发中通快递，48小时内发货📦", code="kd")
    with store.session() as session:
        repository.save_phrase(session=session, phrase=original)
        exported = qianniu.write(repository.load_library(session=session), LibraryKind.TEAM)
    parsed = qianniu.read(exported, "team.csv", LibraryKind.TEAM)
    assert parsed.ok and parsed.library.phrases[0].title != "快递说明"  # the format lost the title
    with store.session() as session:
        plan = plan_import(session=session, library=parsed.library, source="team.csv", kept_fields=parsed.kept_fields)
        assert (plan.phrase_counts.added, plan.phrase_counts.updated, plan.phrase_counts.unchanged) == (0, 0, 1)
        apply_import(session=session, plan=plan)
    with store.session() as session:
        assert repository.get_phrase(session=session, phrase_id=original.id).title == "快递说明"
