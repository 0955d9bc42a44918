"""``sidekick hub ...`` end to end in-process: init, add-user, connect, status, sync, publish."""

from __future__ import annotations

import io

import pytest

from sidekick.cli.main import main
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository as repo
from sidekick.db.store import open_store


def run(argv: list[str], monkeypatch, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(argv)


def test_cli_round_trip(hubs, monkeypatch, capsys, tmp_path) -> None:
    hub = hubs.reserve()
    assert run(["hub", "init", hub.admin_url, "--keep-other-databases"], monkeypatch) == 0
    assert "created" in capsys.readouterr().out
    assert run(["hub", "init", hub.admin_url, "--keep-other-databases"], monkeypatch) == 0
    assert "already at version" in capsys.readouterr().out
    lead_login, agent_login = f"{hub.database}_u_lead", f"{hub.database}_u_agent"
    hub.users += [lead_login, agent_login]
    assert run(["hub", "add-user", lead_login, "--role", "lead", "--url", hub.admin_url, "--password-stdin"],
               monkeypatch, "lead-pass-1\n") == 0
    assert run(["hub", "add-user", agent_login, "--role", "agent", "--url", hub.admin_url, "--generate"], monkeypatch) == 0
    out = capsys.readouterr().out
    assert "shown once" in out

    # The lead's machine.
    monkeypatch.setenv("SIDEKICK_HOME", str(tmp_path / "lead"))
    assert run(["hub", "connect", hub.url, "--user", lead_login, "--password-stdin"], monkeypatch, "lead-pass-1\n") == 0
    assert "as lead" in capsys.readouterr().out
    store = open_store()
    with store.session() as s:
        repo.save_phrase(session=s, phrase=Phrase(new_id(), LibraryKind.TEAM, CategoryPath("售前"), "问候", "您好"))
    store.close()
    assert run(["hub", "status"], monkeypatch) == 0
    out = capsys.readouterr().out
    assert "pending changes  2" in out and "online" in out and "lead" in out
    assert run(["hub", "publish"], monkeypatch) == 0
    assert "published revision" in capsys.readouterr().out

    # The agent's machine.
    monkeypatch.setenv("SIDEKICK_HOME", str(tmp_path / "agent"))
    assert run(["hub", "connect", hub.url, "--user", agent_login, "--password-stdin"], monkeypatch, "agent-pass\n") == 0
    assert run(["hub", "sync"], monkeypatch) == 0
    out = capsys.readouterr().out
    assert "1 new" in out and "问候" in out
    assert run(["hub", "sync"], monkeypatch) == 0
    assert "0 new, 0 changed, 0 removed" in capsys.readouterr().out
    assert run(["hub", "status"], monkeypatch) == 0
    out = capsys.readouterr().out
    assert "agent" in out and "never" not in out


def test_cli_errors_are_messages_not_tracebacks(monkeypatch, capsys) -> None:
    assert run(["hub", "connect", "postgresql://wang:pw@127.0.0.1/shop", "--user", "wang", "--password-stdin"],
               monkeypatch, "x\n") == 2
    err = capsys.readouterr().err
    assert "must not contain a password" in err and "Traceback" not in err
    assert run(["hub", "connect", "postgresql://127.0.0.1:1/shop", "--user", "wang", "--password-stdin"],
               monkeypatch, "pw-123456\n") == 2
    assert "nothing was saved" in capsys.readouterr().err
    assert run(["hub", "connect", "postgresql://127.0.0.1:1/shop", "--user", "wang", "--password-stdin", "--no-verify"],
               monkeypatch, "pw-123456\n") == 0
    capsys.readouterr()
    assert run(["hub", "sync"], monkeypatch) == 2
    err = capsys.readouterr().err
    assert "cannot reach the hub at 127.0.0.1:1/shop" in err and "local copy is unchanged" in err
    assert run(["hub", "status"], monkeypatch) == 0
    assert "offline" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["hub", "publish", "--resolve", "both"])
