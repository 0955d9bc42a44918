"""``python -m sidekick`` runs the same entry point as the ``sidekick`` command."""

from sidekick.cli.main import main

raise SystemExit(main())
