"""``sidekick mine`` end to end on files written here, against the demo shop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sidekick.cli.main import main


def transcript(conversations: int) -> str:
    lines = []
    asks = ["我想改下收货地址", "地址写错了能改吗", "收货地址可以修改吗"]
    for k in range(conversations):
        lines += [f"买家{k} 2024-06-0{1 + k % 9} 10:00:00", asks[k % 3] + f" 我电话1381234{k:04d}",
                  f"青棉:小美 2024-06-0{1 + k % 9} 10:00:30", "发货前可以为您修改地址，请把新地址发给我们。",
                  f"买家{k} 2024-06-0{1 + k % 9} 10:01:00", "好的谢谢"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def demo_shop(sidekick_home: Path) -> Path:
    assert main(["demo"]) == 0
    return sidekick_home


def test_mine_prints_the_groups_and_writes_masked_json(demo_shop: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    chats = tmp_path / "chats.txt"
    chats.write_bytes(transcript(12).encode("gb18030") + b"\xff\xfe broken line\n")
    out = tmp_path / "groups.json"
    capsys.readouterr()
    assert main(["mine", str(chats), "--top", "5", "--json", str(out)]) == 0
    printed = capsys.readouterr()
    assert "结束语/致谢" in printed.out and "修改收货地址" in printed.out  # covered by the demo's phrase
    assert "话术库覆盖" in printed.out
    assert "1 line(s) could not be read" in printed.err and "chats.txt:73" in printed.err
    data = json.loads(out.read_text(encoding="utf-8"))
    first = next(g for g in data["groups"] if g["kind"] == "question")
    assert first["conversations"] == 12 and first["covered_title"] == "修改收货地址"
    assert all(member["source"].startswith("chats.txt:") for member in first["members"])
    assert "1381234" not in out.read_text(encoding="utf-8")  # phones masked before anything is kept
    assert data["bad_lines"] == [{"source": "chats.txt:73", "reason": "not valid UTF-8 or GB18030 text"}]


def test_mine_names_a_missing_file_and_a_bad_date(demo_shop: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mine", str(tmp_path / "nope.txt")]) == 2
    assert "nope.txt: no such file" in capsys.readouterr().err
    chats = tmp_path / "c.txt"
    chats.write_text(transcript(1), encoding="utf-8")
    assert main(["mine", str(chats), "--since", "June"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_since_keeps_only_later_messages(demo_shop: Path, tmp_path: Path) -> None:
    chats = tmp_path / "c.txt"
    chats.write_text(transcript(9), encoding="utf-8")
    out = tmp_path / "g.json"
    assert main(["mine", str(chats), "--since", "2024-06-05", "--json", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["conversations"] == 5  # days 5…9
