"""Shop settings on the hub, and the smaller command-line items of the hub."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from sidekick.cli.main import main
from sidekick.core.placeholders import RenderContext, render
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository as repo
from sidekick.db.settings_store import load_settings, save_settings

TEAM = LibraryKind.TEAM
ROOT = Path(__file__).resolve().parents[2]


def run(argv: list[str], monkeypatch, machine) -> int:
    monkeypatch.setenv("SIDEKICK_HOME", str(machine.home))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    return main(argv)


def set_settings(machine, **changes) -> None:
    with machine.store.session() as s:
        save_settings(session=s, settings=replace(load_settings(session=s)[0], **changes))


def setup(hub, machines):
    lead, agent = machines("lead"), machines("agent")
    lead.connect(hub, hub.add_user("lead", "lead"))
    agent.connect(hub, hub.add_user("agent", "agent"))
    return lead, agent


def test_shop_settings_are_published_and_received_like_phrases(hub, machines) -> None:
    lead, agent = setup(hub, machines)
    patterns = (r"[?&]id=(\d+)", r"/goods/(\d+)")
    set_settings(lead, shop_name="暖暖小铺", link_patterns=patterns, recommend_template="推荐 {标题}：{链接}")
    assert lead.client.status(check_online=False).pending == 3
    assert lead.client.publish().written
    assert lead.client.status(check_online=False).pending == 0
    report = agent.client.sync()
    assert set(report.shop_settings) == {"shop_name", "link_patterns", "recommend_template"}
    got = agent.settings()
    assert (got.shop_name, got.link_patterns, got.recommend_template) == ("暖暖小铺", patterns, "推荐 {标题}：{链接}")
    # What a buyer gets from 欢迎光临{店铺} on the agent's machine.
    assert render("欢迎光临{店铺}", RenderContext(shop=got.shop_name)).text == "欢迎光临暖暖小铺"
    # An agent's own change does not stick: the hub's value comes back with the next sync.
    set_settings(agent, shop_name="别的店")
    agent.client.sync()
    assert agent.settings().shop_name == "暖暖小铺"
    # A lead's change travels; another lead's racing change is a conflict listing both.
    other = machines("lead2")
    other.connect(hub, hub.add_user("lead2", "lead"))
    other.client.sync()
    set_settings(lead, shop_name="暖暖旗舰店")
    set_settings(other, shop_name="暖暖二店")
    assert lead.client.publish().written
    refused = other.client.publish()
    assert not refused.written and [(c.kind, c.id) for c in refused.conflicts] == [("setting", "shop_name")]
    assert "暖暖旗舰店" in refused.conflicts[0].describe() and "暖暖二店" in refused.conflicts[0].describe()
    assert other.client.publish(resolve="theirs").written
    assert other.settings().shop_name == "暖暖旗舰店"
    agent.client.sync()
    assert agent.settings().shop_name == "暖暖旗舰店"


def _publish_many(lead, count: int) -> None:
    with lead.store.session() as s:
        for n in range(count):
            repo.save_phrase(session=s, phrase=Phrase(new_id(), TEAM, CategoryPath("售前"), f"标题{n}", f"回复{n}"))
    assert lead.client.publish().written


def test_a_first_sync_lists_a_few_phrases_not_one_line_each(hub, machines, monkeypatch, capsys) -> None:
    lead, agent = setup(hub, machines)
    _publish_many(lead, 120)
    capsys.readouterr()
    assert run(["hub", "sync"], monkeypatch, agent) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) <= 25 and "… and 100 more" in out[-1]
    assert "120 new" in out[0]


def test_hub_sync_piped_into_head_ends_without_a_traceback(hub, machines) -> None:
    lead, agent = setup(hub, machines)
    _publish_many(lead, 50)
    agent.store.close()
    env = {**os.environ, "SIDEKICK_HOME": str(agent.home), "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    pipeline = subprocess.run(
        f"{sys.executable} -m sidekick hub sync | head -n 1", shell=True, env=env, cwd=ROOT,
        capture_output=True, text=True, timeout=120,
    )
    assert pipeline.stdout.startswith("revision 0 →"), pipeline
    assert "Traceback" not in pipeline.stderr and "BrokenPipe" not in pipeline.stderr, pipeline.stderr


def test_a_lead_status_right_after_publishing_shows_when_it_synced(hub, machines, monkeypatch, capsys) -> None:
    lead, _agent = setup(hub, machines)
    _publish_many(lead, 1)
    capsys.readouterr()
    assert run(["hub", "status"], monkeypatch, lead) == 0
    out = capsys.readouterr().out
    assert "last sync" in out and "never" not in out


def test_the_hub_benchmark_help_prints_help_and_runs_nothing() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "hub.py"), "--help"], capture_output=True,
                          text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0 and "usage:" in done.stdout and "initial pull" in done.stdout
    assert "ms" not in done.stdout.split("options:")[1]  # no table of measures after the help
