"""The one background-operation helper: progress, cancel, and the outcome reported once."""

from __future__ import annotations

import threading

from sidekick.ui.background import BackgroundOperation, run_and_wait
from sidekick.ui.library.backend import BackendError


def _collect(operation: BackgroundOperation) -> dict[str, list[object]]:
    seen: dict[str, list[object]] = {"progress": [], "ok": [], "error": [], "cancelled": [], "finished": []}
    operation.progressed.connect(lambda done, total: seen["progress"].append((done, total)))
    operation.succeeded.connect(seen["ok"].append)
    operation.failed.connect(seen["error"].append)
    operation.cancelled.connect(lambda: seen["cancelled"].append(True))
    operation.finished.connect(lambda: seen["finished"].append(True))
    return seen


def test_progress_then_the_result_on_the_gui_thread(qtbot) -> None:
    threads: list[threading.Thread] = []

    def work(progress):
        threads.append(threading.current_thread())
        for done in range(3):
            progress(done, 2)
        return "done"

    operation = BackgroundOperation(work)
    seen = _collect(operation)
    with qtbot.waitSignal(operation.finished, timeout=5000):
        operation.start()
    qtbot.waitUntil(lambda: seen["ok"] == ["done"])
    assert seen["progress"] == [(0, 2), (1, 2), (2, 2)] and not seen["error"]
    assert threads[0] is not threading.main_thread()


def test_an_error_is_reported_once_in_readable_form(qtbot) -> None:
    def fails(_progress):
        raise BackendError("the file cannot be read")

    operation = BackgroundOperation(fails, expected=(BackendError,))
    seen = _collect(operation)
    assert run_and_wait(operation) == ("error", "the file cannot be read")
    qtbot.wait(50)
    assert seen["error"] == ["the file cannot be read"] and not seen["ok"] and seen["finished"] == [True]
    # An unforeseen error: one sentence for the user, the traceback in the log file.
    unexpected = BackgroundOperation(lambda _p: 1 / 0)
    status, message = run_and_wait(unexpected)
    assert status == "error" and "unexpected error" in str(message) and "sidekick.log" in str(message)
    from sidekick.config import paths

    assert "ZeroDivisionError" in (paths.logs_dir() / "sidekick.log").read_text(encoding="utf-8")


def test_cancel_stops_the_work_at_its_next_progress_report(qtbot) -> None:
    started, release = threading.Event(), threading.Event()
    steps: list[int] = []

    def work(progress):
        started.set()
        release.wait(5)
        for step in range(100):
            progress(step, 100)
            steps.append(step)
        return "finished anyway"

    operation = BackgroundOperation(work)
    seen = _collect(operation)
    operation.start()
    assert started.wait(5)
    operation.cancel()
    release.set()
    qtbot.waitUntil(lambda: bool(seen["cancelled"]), timeout=5000)
    assert steps == [] and not seen["ok"] and not seen["error"]
