"""Fakes and fixtures shared by the test suites."""
