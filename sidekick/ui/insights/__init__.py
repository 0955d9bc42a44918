"""统计 / Insights window."""

from sidekick.ui.insights.window import InsightsBackend, InsightsWindow, TeamUsageError

__all__ = ["InsightsBackend", "InsightsWindow", "TeamUsageError"]
