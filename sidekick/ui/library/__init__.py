"""The phrase library window (issue 6): edit team and personal phrases.

``LibraryWindow(backend)`` where ``backend`` implements ``LibraryBackend``
(``sidekick.app.library_service.LibraryService`` in the app).
"""

from sidekick.ui.library.backend import LibraryBackend
from sidekick.ui.library.window import LibraryWindow

__all__ = ["LibraryBackend", "LibraryWindow"]
