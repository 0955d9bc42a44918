"""Sentence vectors kept between processes (``sidekick.db.vector_cache``)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sidekick.cli.main import main
from sidekick.core.suggest import semantic
from sidekick.db import vector_cache
from sidekick.db.cache_files import KeptFiles


class CountingModel:
    """Stands in for the sentence encoder's model: a fixed vector per text, and a count of texts."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        return np.stack([np.random.default_rng(zlib.crc32(t.encode())).standard_normal(semantic.DIMENSIONS)
                         for t in texts])


class CountedModel:
    """The real model, counting the texts it is given."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str]) -> object:
        self.seen.extend(texts)
        return self.model.encode(texts)


def encoder() -> tuple[semantic.Encoder, CountingModel]:
    model = CountingModel()
    return semantic.Encoder(model), model


def test_a_new_process_reads_the_vectors_back_and_encodes_nothing_again(tmp_path: Path) -> None:
    path = tmp_path / "cache" / vector_cache.FILE_NAME
    first, _ = encoder()
    wanted = first.encode(["退款多久到账", "发什么快递", "能开发票吗"])
    assert vector_cache.save(first, path) == 3

    second, model = encoder()
    assert vector_cache.load(second, path) == 3
    again = second.encode(["退款多久到账", "发什么快递", "能开发票吗", "新的问法"])
    assert model.seen == ["新的问法"]
    np.testing.assert_array_equal(again[:3], wanted)  # bit for bit: both read the float16 copy


def test_a_buyers_message_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / vector_cache.FILE_NAME
    first, _ = encoder()
    first.encode(["退款多久到账"])
    first.encode(["我的手机号是[电话x] 刚买就降价了"], remember=False)
    vector_cache.save(first, path)
    with np.load(path, allow_pickle=False) as stored:
        texts = json.loads(bytes(stored["texts"]).decode("utf-8"))
    assert texts == ["退款多久到账"]
    assert "降价".encode() not in path.read_bytes()


def test_texts_not_asked_for_in_this_process_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / vector_cache.FILE_NAME
    first, _ = encoder()
    first.encode(["旧的问法", "还在用的问法"])
    vector_cache.save(first, path)
    second, _ = encoder()
    vector_cache.load(second, path)
    second.encode(["还在用的问法"])  # the library no longer holds 旧的问法
    assert vector_cache.save(second, path) == 1


@pytest.mark.parametrize("damage", ["garbage", "other identity", "wrong shape"])
def test_an_unusable_file_is_ignored_and_replaced(tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / vector_cache.FILE_NAME
    first, _ = encoder()
    first.encode(["退款多久到账"])
    if damage == "garbage":
        path.write_bytes(b"not a zip file")
    elif damage == "other identity":
        monkeypatch.setattr(semantic, "identity", lambda: "another model / 512")
        vector_cache.save(first, path)
        monkeypatch.undo()
    else:
        with open(path, "wb") as out:
            np.savez(out, format=np.array(vector_cache.FORMAT), identity=np.array(semantic.identity()),
                     texts=np.frombuffer(json.dumps(["a", "b"]).encode(), dtype=np.uint8),
                     vectors=np.zeros((2, 3), dtype=np.float16))
    second, model = encoder()
    assert vector_cache.load(second, path) is None
    second.encode(["退款多久到账"])
    assert model.seen == ["退款多久到账"]
    assert vector_cache.save(second, path) == 1 and vector_cache.load(encoder()[0], path) == 1


def test_the_cli_keeps_the_vectors_in_the_data_directory(sidekick_home: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    if semantic.encoder() is None:
        pytest.fail("the sentence encoder is a dependency: it must load in the tests")
    assert main(["demo"]) == 0
    monkeypatch.setattr(vector_cache, "_kept", KeptFiles())
    capsys.readouterr()
    assert main(["suggest", "刚买完就便宜了二十块 能退吗", "--json", "--limit", "3"]) == 0
    first = json.loads(capsys.readouterr().out)
    path = sidekick_home / "cache" / vector_cache.FILE_NAME
    assert path.exists()

    # A fresh encoder (a new process) given the file encodes nothing of the library or bank again,
    # and ranks exactly as the encoder that computed the vectors.
    real = semantic.encoder()
    assert real is not None
    counted = CountedModel(real._model)
    fresh = semantic.Encoder(counted)
    monkeypatch.setattr(semantic, "encoder", lambda: fresh)
    monkeypatch.setattr(vector_cache, "_kept", KeptFiles())
    assert main(["suggest", "刚买完就便宜了二十块 能退吗", "--json", "--limit", "3"]) == 0
    assert json.loads(capsys.readouterr().out) == first
    assert len(counted.seen) <= 2, counted.seen  # only the buyer's message (and the whole of it)
    assert "刚买完就便宜了二十块".encode() not in path.read_bytes()


def test_a_save_cut_short_keeps_the_old_file_and_leaves_no_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / vector_cache.FILE_NAME
    first, _ = encoder()
    first.encode(["退款多久到账"])
    vector_cache.save(first, path)
    before = path.read_bytes()
    first.encode(["发什么快递"])

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", disk_full)
    with pytest.raises(OSError):
        vector_cache.save(first, path)
    vector_cache.after_build(first, path)  # the engine's build goes on without the file
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [vector_cache.FILE_NAME]
