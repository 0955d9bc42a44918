"""Drive the real Sidekick process on a private X server: Xvfb, openbox, trayer, xdotool, xclip.

Shared by the end-to-end tests and ``benchmarks/paste_loop.py``. Nothing here skips: a
missing tool is an error naming the Debian package to install.

- ``XSession``: Xvfb on a free display number (1280x800x24), a window manager (openbox: focus
  by ``_NET_ACTIVE_WINDOW`` works) and a tray host (trayer), torn down in reverse order.
- ``SidekickProcess``: ``python -m sidekick`` with its own ``SIDEKICK_HOME`` (demo data loads
  on first start); ready when it writes ``SIDEKICK_READY_FILE``.
- ``TargetProcess``: ``target_app.py``, a text box that writes what it receives to a file.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TARGET_APP = Path(__file__).with_name("target_app.py")
PACKAGES = {"Xvfb": "xvfb", "xdotool": "xdotool", "xclip": "xclip", "openbox": "openbox", "trayer": "trayer",
            "xdpyinfo": "x11-utils", "xprop": "x11-utils"}


class HarnessError(RuntimeError):
    pass


def require_tools() -> None:
    missing = [f"{tool} (apt-get install {package})" for tool, package in PACKAGES.items() if not shutil.which(tool)]
    if missing:
        raise HarnessError("end-to-end tests need: " + ", ".join(missing))


def wait_for(check: Callable[[], object], timeout: float, what: str, interval: float = 0.01) -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise HarnessError(f"timed out after {timeout:.1f}s waiting for {what}")
        time.sleep(interval)


class XSession:
    """A private X server with a window manager and a tray host."""

    def __init__(self, log_dir: Path) -> None:
        require_tools()
        self.log_dir = log_dir
        self.processes: list[subprocess.Popen[bytes]] = []
        self.display = ""

    def env(self, **extra: str) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key not in {"QT_QPA_PLATFORM", "WAYLAND_DISPLAY"}}
        env["DISPLAY"] = self.display
        env.update(extra)
        return env

    def _spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        log = (self.log_dir / f"{name}.log").open("wb")
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                   env=env or self.env(), cwd=REPO)
        self.processes.append(process)
        return process

    def start(self, attempts: int = 3) -> XSession:
        """Start the session; a server that vanishes while starting is retried (machines
        shared with other test runs see X servers come and go)."""
        for attempt in range(attempts):
            try:
                return self._start_once()
            except HarnessError:
                self.stop()
                if attempt == attempts - 1:
                    raise
        raise AssertionError("unreachable")

    def _start_once(self) -> XSession:
        # A display number drawn at random, far from :0 and its neighbours that other test runs
        # on a shared machine start from (two servers raced for :0 and one run lost its display
        # mid-start). -displayfd: Xvfb writes the number to the pipe once it listens, or exits
        # if the display is taken (then start() tries another). A check of /tmp/.X11-unix is not
        # enough: abstract sockets of X servers in other containers sharing the network
        # namespace are invisible there. -noreset: by default the server resets when its last
        # client leaves, so a window manager connecting just after the readiness probe
        # (xdpyinfo) disconnected found no display, on a loaded machine every time.
        read_end, write_end = os.pipe()
        log = (self.log_dir / "xvfb.log").open("wb")
        wanted = random.randrange(200, 30000)
        server = subprocess.Popen(
            ["Xvfb", f":{wanted}", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp",
             "-noreset"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, pass_fds=(write_end,))
        os.close(write_end)
        self.processes.append(server)
        with os.fdopen(read_end, "rb") as pipe:
            number = pipe.readline().strip()  # EOF (b"") if Xvfb dies first
        if not number.isdigit():
            raise HarnessError(f"Xvfb did not start: {(self.log_dir / 'xvfb.log').read_text(errors='replace')[-2000:]}")
        self.display = f":{int(number)}"
        wait_for(lambda: self.run_ok(["xdpyinfo"]), 10, "Xvfb to answer")
        manager = self._spawn("openbox", ["openbox", "--sm-disable"])
        wait_for(lambda: manager.poll() is not None
                 or "window id" in self.out(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"]), 15, "openbox")
        if manager.poll() is not None:
            log = (self.log_dir / "openbox.log").read_text(errors="replace")
            raise HarnessError(f"openbox exited with {manager.returncode} on {self.display}: {log[-2000:]}")
        self._spawn("trayer", ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
                               "--height", "24", "--SetDockType", "true", "--transparent", "false"])
        wait_for(lambda: "_NET_SYSTEM_TRAY" in self.out(["xprop", "-root"]) or self._tray_owned(), 10, "trayer")
        return self

    def _tray_owned(self) -> bool:
        return self.run_ok(["xdotool", "search", "--class", "trayer"])

    def run_ok(self, argv: list[str]) -> bool:
        return subprocess.run(argv, env=self.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0

    def out(self, argv: list[str], timeout: float = 10) -> str:
        result = subprocess.run(argv, env=self.env(), capture_output=True, timeout=timeout)
        return result.stdout.decode("utf-8", "replace")

    # ------------------------------------------------------------------ keyboard, focus, clipboard

    def key(self, *keys: str) -> None:
        subprocess.run(["xdotool", "key", "--delay", "20", *keys], env=self.env(), check=True)

    def type(self, text: str) -> None:
        subprocess.run(["xdotool", "type", "--delay", "30", text], env=self.env(), check=True)

    def active_window(self) -> int:
        text = self.out(["xdotool", "getactivewindow"]).strip()
        return int(text) if text.isdigit() else 0

    def activate(self, window: int) -> None:
        subprocess.run(["xdotool", "windowactivate", "--sync", str(window)], env=self.env(), check=True, timeout=10)

    def activate_until_active(self, window: int, timeout: float = 10) -> None:
        """Ask for ``window`` again until it is active: right after a paste, Sidekick hands the
        keyboard back to the chat for a moment, and a single request made meanwhile is lost."""
        deadline = time.monotonic() + timeout
        while True:
            subprocess.run(["xdotool", "windowactivate", str(window)], env=self.env(), check=False, timeout=10)
            try:
                wait_for(lambda: self.active_window() == window, 0.5, f"window {window} to be active")
                return
            except HarnessError:
                if time.monotonic() > deadline:
                    raise

    def set_clipboard(self, data: bytes, mime: str = "UTF8_STRING") -> None:
        # xclip stays in the background serving the selection: its output goes to DEVNULL, or a
        # pipe it inherited would never close (a CI log pipe hung on it).
        subprocess.run(["xclip", "-selection", "clipboard", "-t", mime, "-i"], input=data, env=self.env(),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, timeout=10)
        wait_for(lambda: self.get_clipboard(mime) == data, 5, "xclip to own the clipboard")

    def get_clipboard(self, mime: str = "UTF8_STRING") -> bytes:
        result = subprocess.run(["xclip", "-selection", "clipboard", "-t", mime, "-o"], env=self.env(),
                                capture_output=True, timeout=10)
        return result.stdout if result.returncode == 0 else b""

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.processes.clear()


class SidekickProcess:
    """The real app, started as a user would (``python -m sidekick``)."""

    def __init__(self, session: XSession, home: Path, extra_env: dict[str, str] | None = None,
                 command: list[str] | None = None) -> None:
        self.session = session
        self.home = home
        # How the app is started: from source by default, or a built bundle's executable.
        self.command = command or [sys.executable, "-m", "sidekick"]
        self.ready_file = home / "ready.json"
        # The app's timing log (step names and times, never content): tests wait on its marks.
        self.timing = home / "timing.log"
        self.extra_env = {"SIDEKICK_TIMING_LOG": str(self.timing), **(extra_env or {})}
        self.process: subprocess.Popen[bytes] | None = None
        self.info: dict[str, object] = {}

    def start(self, timeout: float = 60) -> SidekickProcess:
        self.home.mkdir(parents=True, exist_ok=True)
        source = {"PYTHONPATH": str(REPO)} if self.command[0] == sys.executable else {}  # a bundle brings its own
        env = self.session.env(SIDEKICK_HOME=str(self.home), SIDEKICK_READY_FILE=str(self.ready_file),
                               XDG_CONFIG_HOME=str(self.home / "xdg"), **source, **self.extra_env)
        self.process = self.session._spawn(f"sidekick-{self.home.name}", self.command, env)
        wait_for(lambda: self.process.poll() is not None or self.ready_file.exists(), timeout, "Sidekick to start")
        if self.process.poll() is not None:
            raise HarnessError(f"Sidekick exited with {self.process.returncode}: {self.log()[-3000:]}")
        self.info = json.loads(self.ready_file.read_text(encoding="utf-8"))
        return self

    @property
    def picker_window(self) -> int:
        return int(self.info["picker_window"])

    def marks(self) -> list[str]:
        """The names in the timing log so far, in order (``sidekick.app.timing``)."""
        if not self.timing.exists():
            return []
        lines = self.timing.read_text(encoding="utf-8").splitlines()
        if lines and not self.timing.read_text(encoding="utf-8").endswith("\n"):
            lines.pop()  # a line still being written
        return [line.partition(" ")[0] for line in lines]

    def mark_count(self) -> int:
        """Where the timing log is now: pass it to ``wait_marks`` as ``since``."""
        return len(self.marks())

    def marks_since(self, since: int) -> list[str]:
        return self.marks()[since:]

    def wait_marks(self, since: int, *names: str, timeout: float = 10) -> None:
        """Wait until ``names`` were marked in this order (others may come between) after ``since``."""
        def found() -> bool:
            wanted = iter(names)
            following = next(wanted)
            for name in self.marks_since(since):
                if name == following:
                    following = next(wanted, "")
                    if not following:
                        return True
            return False

        try:
            wait_for(found, timeout, f"the marks {', '.join(names)}")
        except HarnessError:
            raise HarnessError(f"timed out waiting for {names}; marks since: {self.marks_since(since)}") from None

    def type_query(self, text: str, timeout: float = 10) -> None:
        """Type ``text`` into the open popup and wait until the list shows its results (the
        ``searched_<length>`` mark: the popup searches on a 0-ms timer after the keys)."""
        since = self.mark_count()
        self.session.type(text)
        self.wait_marks(since, f"searched_{len(text.strip())}", timeout=timeout)

    def app_log(self) -> str:
        """The app's own log file (``sidekick.config.app_log``)."""
        path = self.home / "logs" / "sidekick.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def log(self) -> str:
        path = self.session.log_dir / f"sidekick-{self.home.name}.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


class TargetProcess:
    """The stand-in chat window, a separate process."""

    def __init__(self, session: XSession, folder: Path, times: Path | None = None,
                 paste_delay_ms: int = 0) -> None:
        self.session = session
        self.paste_delay_ms = paste_delay_ms  # > 0: a chat client that fetches the clipboard late
        self.out = folder / "received.txt"
        self.ready = folder / "target-ready"
        self.times = times
        self.window = 0
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> TargetProcess:
        for path in (self.out, self.ready):
            path.unlink(missing_ok=True)
        argv = [sys.executable, str(TARGET_APP), str(self.out), str(self.ready)]
        if self.times is not None:
            argv.append(str(self.times))
        env = {**self.session.env(), "SIDEKICK_TARGET_PASTE_DELAY_MS": str(self.paste_delay_ms)}
        self.process = self.session._spawn(f"target-{self.out.parent.name}", argv, env)
        wait_for(lambda: self.ready.exists() and self.ready.read_text().strip(), 30, "the target window")
        self.window = int(self.ready.read_text().strip())
        self.focus()
        return self

    def focus(self) -> None:
        self.session.activate(self.window)
        wait_for(lambda: self.session.active_window() == self.window, 5, "focus on the target")

    def received(self) -> str:
        return self.out.read_text(encoding="utf-8") if self.out.exists() else ""

    def clear(self) -> None:
        self.focus()
        self.session.key("ctrl+a", "BackSpace")
        wait_for(lambda: self.received() == "", 5, "the target to be empty")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=5)
