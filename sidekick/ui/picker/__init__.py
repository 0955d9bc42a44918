"""The hotkey popup (picker): search box, result list, preview and product card.

``Picker`` is the widget, ``PickerBackend`` what it needs from the app (search, preview,
product lookups), ``PasteAction`` what the agent asked for when a hit is chosen.
"""

from sidekick.ui.picker.backend import PasteAction, PickerBackend
from sidekick.ui.picker.picker import Picker

__all__ = ["PasteAction", "Picker", "PickerBackend"]
