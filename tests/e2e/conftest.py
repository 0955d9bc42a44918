"""End-to-end fixtures: one private X session and one Sidekick process for the whole run.

Collected by the offscreen run too (``-m "not e2e"`` deselects the tests), so importing this
file must not need a display: everything heavy starts inside the fixtures. Nothing skips: a
missing Xvfb, xdotool or xclip fails the run with the package to install.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import SidekickProcess, TargetProcess, XSession

# Tests that type a reply key by key remap spare keycodes for every character; openbox and
# every Qt client then work through the MappingNotify storm for half a minute (measured: a
# window created right after was adopted by the window manager only after 27 s). They run
# last so the other modules' windows appear and take focus at once.
KEYBOARD_REMAPPING_TESTS = ("test_type_instead_of_paste",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.name.startswith(KEYBOARD_REMAPPING_TESTS))  # stable: order kept otherwise


@pytest.fixture(scope="session")
def xsession(tmp_path_factory: pytest.TempPathFactory) -> Iterator[XSession]:
    session = XSession(tmp_path_factory.mktemp("x-logs"))
    try:
        session.start()
        yield session
    finally:
        session.stop()


@pytest.fixture(scope="session")
def sidekick_app(xsession: XSession, tmp_path_factory: pytest.TempPathFactory) -> SidekickProcess:
    app = SidekickProcess(xsession, tmp_path_factory.mktemp("app") / "home").start()
    assert app.info["backend"] == "x11", app.info
    assert app.info["hotkey_error"] is None, app.info
    assert app.info["tray"] is True, "trayer runs, so the icon must dock in the tray"
    return app


@pytest.fixture(scope="session")
def target_app(xsession: XSession, tmp_path_factory: pytest.TempPathFactory) -> TargetProcess:
    return TargetProcess(xsession, tmp_path_factory.mktemp("target")).start()


@pytest.fixture
def target(target_app: TargetProcess, sidekick_app: SidekickProcess) -> Iterator[TargetProcess]:
    """The target, emptied and focused; after the test, Sidekick must still be running."""
    target_app.clear()
    yield target_app
    assert sidekick_app.alive(), sidekick_app.log()[-3000:]


@pytest.fixture
def app_home(sidekick_app: SidekickProcess) -> Path:
    return sidekick_app.home
