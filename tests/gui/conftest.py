"""Widget tests run offscreen (no X server); the end-to-end suite runs separately on Xvfb."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def _clear_clipboard_after(qapp):
    # Offscreen Qt crashes at interpreter exit if the clipboard still owns mime data.
    yield
    qapp.clipboard().clear()
