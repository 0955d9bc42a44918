"""The hotkey popup (picker): search box, result list, preview and product card.

``Picker`` is the widget, ``PickerBackend`` what it needs from the app (search, preview,
product lookups); what the agent asked for when a hit is chosen is a ``core.types.PasteAction``.
"""

from sidekick.ui.picker.backend import PickerBackend
from sidekick.ui.picker.picker import Picker

__all__ = ["Picker", "PickerBackend"]
