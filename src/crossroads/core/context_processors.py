"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from crossroads.core.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Menu entries for the current user, marked active by URL prefix."""
    path = request.path
    entries = []
    for item in items_for(request.user):
        url = reverse(item.url_name)
        active = path == url if url == "/" else path.startswith(url)
        entries.append({"label": item.label, "url": url, "active": active, "key": item.key})
    return {
        "nav_items": entries,
        "crossroads_languages": settings.LANGUAGES,
        "demo_banner": settings.CROSSROADS_DEMO,
    }
