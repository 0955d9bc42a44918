"""The one shape of a progress report shared by long jobs (imports, exports, loads).

A job calls ``progress(done, total)`` as it goes; ``total`` may be 0 while it is still unknown.
The UI turns the calls into a progress bar, the CLI into a line; the job never knows which.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
