"""Signals of the data exchange, for the apps above it."""

from django.dispatch import Signal

release_changed = Signal()
"""Sent with ``year`` inside the transaction that stores a year's network tables."""
