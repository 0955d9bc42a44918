"""Sidekick: a quick-reply companion for e-commerce customer-service agents."""

__version__ = "0.1.0"
