"""Crossroads: a privacy-first data system for a network of anti-trafficking NGOs."""

__version__ = "0.1.0"
