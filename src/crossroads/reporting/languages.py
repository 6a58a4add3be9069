"""The languages of the public reporting pages: the product's own, and those the reporting
form adds for persons trafficked to Europe."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

# Languages the public reporting pages may offer beyond the product's own (the languages of
# persons trafficked to Europe); each is offered only once this app's catalogue exists for
# it, and a test holds every catalogue of this app complete.
REPORTING_LANGUAGES = [
    ("ro", "Română"),
    ("bg", "Български"),
    ("uk", "Українська"),
    ("es", "Español"),
    ("pt", "Português"),
    ("ar", "العربية"),
    ("vi", "Tiếng Việt"),
]
_LOCALE = Path(__file__).resolve().parent / "locale"


@cache
def public_languages() -> list[tuple[str, str]]:
    """The languages the public reporting pages offer: the product's, then the reporting
    form's own whose catalogue is here."""
    offered = list(settings.LANGUAGES)
    codes = {code for code, _name in offered}
    for code, name in REPORTING_LANGUAGES:
        if code not in codes and (_LOCALE / code / "LC_MESSAGES" / "django.mo").exists():
            offered.append((code, name))
    return offered


def language_of(request: HttpRequest, *, read_form: bool = True) -> str:
    """The language asked for in ``lang`` (query or, if ``read_form``, the posted form),
    else the browser's."""
    offered = dict(public_languages())
    posted = request.POST.get("lang") if read_form else ""
    asked = posted or request.GET.get("lang") or ""
    if asked in offered:
        return asked
    current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return current if current in offered else settings.LANGUAGE_CODE
