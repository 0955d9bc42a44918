"""统计 / Insights window."""

from sidekick.ui.insights.window import InsightsBackend, InsightsWindow

__all__ = ["InsightsBackend", "InsightsWindow"]
