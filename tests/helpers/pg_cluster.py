"""A throwaway PostgreSQL cluster in a temporary directory (tests and the hub benchmark).

``initdb`` as the ``postgres`` OS user when run as root (PostgreSQL refuses root), a free TCP
port on 127.0.0.1, its unix socket in the same directory; stopped and removed afterwards.
With ``password`` set, the superuser ``postgres`` gets that password and every TCP login must
authenticate with SCRAM-SHA-256: the real check that the shared trust-auth server skips.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PG_BIN = Path(os.environ.get("SIDEKICK_PG_BIN", "") or next(
    iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), Path("/usr/lib/postgresql/15/bin")))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def throwaway_cluster(max_connections: int = 260, password: str | None = None) -> Iterator[str]:
    """Yields the cluster's admin URL (with the password, when one is set)."""
    root = Path(tempfile.mkdtemp(prefix="sidekick-pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    data, log = root / "data", root / "server.log"
    port = free_port()

    def run(*command: str) -> None:
        subprocess.run([*as_postgres, *command], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    started = False
    try:
        auth = ["-A", "trust"]
        if password is not None:
            pwfile = root / "pw"
            pwfile.write_text(password + "\n", encoding="utf-8")
            if as_postgres:
                shutil.chown(pwfile, "postgres", "postgres")
            auth = ["--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={pwfile}"]
        run(str(PG_BIN / "initdb"), "-D", str(data), *auth, "-U", "postgres", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync")
        options = (f"-c port={port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={root} "
                   f"-c max_connections={max_connections} -c shared_buffers=64MB -c fsync=off")
        run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o", options, "start")
        started = True
        secret = f":{password}" if password is not None else ""
        yield f"postgresql://postgres{secret}@127.0.0.1:{port}/postgres"
    finally:
        if started:
            run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)
