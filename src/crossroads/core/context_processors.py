"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from crossroads.core.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Menu entries for the current user; the entry whose URL is the longest prefix of
    the current path is the active one (so /cases/import/ marks Import, not Records)."""
    path = request.path
    urls = [(item, reverse(item.url_name)) for item in items_for(request.user)]
    matching = [url for _item, url in urls if path == url or (url != "/" and path.startswith(url))]
    active = max(matching, key=len) if matching else None
    entries = [
        {"label": item.label, "url": url, "active": url == active, "key": item.key}
        for item, url in urls
    ]
    return {
        "nav_items": entries,
        "crossroads_languages": settings.LANGUAGES,
        "demo_banner": settings.CROSSROADS_DEMO,
    }
