"""Start Sidekick at login: XDG autostart on Linux, the Run key on Windows, a LaunchAgent on macOS.

``apply_autostart`` is called at start-up and whenever the ``autostart`` setting changes; it
writes or removes the one entry and is idempotent. Failures are returned as a message for
the agent, never raised: not being able to autostart must not stop the app.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

ENTRY_NAME = "Sidekick"
_LAUNCH_AGENT_LABEL = "app.sidekick.tray"


def launch_command() -> list[str]:
    """How to start this installation of Sidekick again."""
    if getattr(sys, "frozen", False):  # a bundled executable
        return [sys.executable]
    return [sys.executable, "-m", "sidekick"]


def xdg_autostart_path() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "autostart" / "sidekick.desktop"


def mac_launch_agent_path() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{_LAUNCH_AGENT_LABEL}.plist"


def desktop_entry(command: list[str], *, icon: str = "sidekick", autostart: bool = True) -> str:
    """A freedesktop entry that starts ``command``: the login entry, and the menu entry of a bundle."""
    import shlex  # here, as plistlib below: the tray app imports this module at every start

    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Name=Sidekick",
        "Name[zh_CN]=Sidekick 快捷回复",
        "Comment=Quick replies for customer service",
        "Comment[zh_CN]=电商客服快捷回复",
        f"Exec={shlex.join(command)}",
        f"Icon={icon}",
        "Terminal=false",
        "Categories=Office;Utility;",
    ]
    if autostart:
        lines.append("X-GNOME-Autostart-enabled=true")
    return "\n".join([*lines, ""])


def apply_autostart(enabled: bool, command: list[str] | None = None) -> str | None:
    """Create or remove the login entry; returns an error message, or None when done."""
    command = command or launch_command()
    try:
        if sys.platform == "win32":
            _apply_windows(enabled, command)
        elif sys.platform == "darwin":
            _apply_mac(enabled, command)
        else:
            _apply_xdg(enabled, command)
    except OSError as error:
        action = "turn on" if enabled else "turn off"
        return f"Could not {action} start at login: {error}"
    return None


def is_enabled() -> bool:
    if sys.platform == "win32":
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, r"Software\Microsoft\Windows\CurrentVersion\Run") as key:
                winreg.QueryValueEx(key, ENTRY_NAME)
            return True
        except OSError:
            return False
    if sys.platform == "darwin":
        return mac_launch_agent_path().exists()
    return xdg_autostart_path().exists()


def _apply_xdg(enabled: bool, command: list[str]) -> None:
    path = xdg_autostart_path()
    if enabled:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(desktop_entry(command), encoding="utf-8")
    elif path.exists():
        path.unlink()


def _apply_windows(enabled: bool, command: list[str]) -> None:
    import subprocess

    if sys.platform != "win32":
        raise OSError("the Run key exists on Windows only")
    import winreg

    run_key = r"Software\Microsoft\Windows\CurrentVersion\Run"
    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, run_key, 0, winreg.KEY_SET_VALUE) as key:
        if enabled:
            # pythonw.exe, when there, avoids a console window at login.
            exe = Path(command[0])
            windowless = exe.with_name("pythonw.exe")
            if exe.name.lower() == "python.exe" and windowless.exists():
                command = [str(windowless), *command[1:]]
            winreg.SetValueEx(key, ENTRY_NAME, 0, winreg.REG_SZ, subprocess.list2cmdline(command))
        else:
            with contextlib.suppress(FileNotFoundError):
                winreg.DeleteValue(key, ENTRY_NAME)


def _apply_mac(enabled: bool, command: list[str]) -> None:
    import plistlib

    path = mac_launch_agent_path()
    if enabled:
        path.parent.mkdir(parents=True, exist_ok=True)
        agent = {"Label": _LAUNCH_AGENT_LABEL, "ProgramArguments": command, "RunAtLoad": True,
                 "ProcessType": "Interactive"}
        path.write_bytes(plistlib.dumps(agent))
    elif path.exists():
        path.unlink()
