"""Estimates run inline in these tests (no background thread), unless a test says otherwise."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _estimates_inline(settings: object) -> None:
    settings.CROSSROADS_ESTIMATES_IN_BACKGROUND = False  # type: ignore[attr-defined]
