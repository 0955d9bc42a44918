"""macOS, best effort: the frontmost *application*, not the window, and Cmd+V.

macOS offers no public API for "the focused window of another app" without the Accessibility
API, and re-activating an app brings back its own last key window, which is the chat window
the agent was typing in. So the captured ``WindowRef`` is the frontmost app's process id
(``handle``) with its bundle id (``app_class``), through AppKit's ``NSWorkspace`` via PyObjC
(installed with pynput on macOS). ``is_active`` compares process ids.

Limits, documented for the agent: Sidekick needs Accessibility (to send Cmd+V) and Input
Monitoring (for the hotkey) in System Settings › Privacy & Security; the hotkey is not
suppressed (the focused app also sees it — choose a combo it ignores); the clipboard is
restored after ``restore_timeout_ms`` (reads cannot be observed). Not run in CI.
"""

from __future__ import annotations

import sys

from sidekick.core.types import WindowRef

if sys.platform != "darwin":
    raise ImportError("sidekick.platform.focus_mac needs macOS")

from AppKit import NSApplicationActivateIgnoringOtherApps, NSRunningApplication, NSWorkspace
from Quartz import (
    CGEventSourceFlagsState,
    kCGEventFlagMaskAlternate,
    kCGEventFlagMaskCommand,
    kCGEventFlagMaskControl,
    kCGEventFlagMaskShift,
    kCGEventSourceStateHIDSystemState,
)


class MacFocus:
    backend = "mac"

    def active_window(self) -> WindowRef | None:
        app = NSWorkspace.sharedWorkspace().frontmostApplication()
        if app is None:
            return None
        return WindowRef("mac", int(app.processIdentifier()), str(app.localizedName() or ""),
                         str(app.bundleIdentifier() or ""))

    def activate(self, window: WindowRef) -> None:
        app = NSRunningApplication.runningApplicationWithProcessIdentifier_(window.handle)
        if app is not None:
            app.activateWithOptions_(NSApplicationActivateIgnoringOtherApps)

    def is_active(self, window: WindowRef) -> bool:
        app = NSWorkspace.sharedWorkspace().frontmostApplication()
        return app is not None and int(app.processIdentifier()) == window.handle


def mac_modifiers_down() -> bool:
    flags = CGEventSourceFlagsState(kCGEventSourceStateHIDSystemState)
    mask = kCGEventFlagMaskCommand | kCGEventFlagMaskControl | kCGEventFlagMaskAlternate | kCGEventFlagMaskShift
    return bool(flags & mask)
