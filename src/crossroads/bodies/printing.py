"""The drafted submission as one self-contained HTML document and as PDF.

It is printed like the annual report (the report's stylesheet and WeasyPrint
rules: A4, running headers, page numbers), with the submission's own rules
on top.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from crossroads.bodies.drafting import Draft
from crossroads.reports.builder import render_pdf

ASSETS = ("crossroads/css/report.css", "crossroads/css/submission.css")


def _css() -> str:
    parts = []
    for path in ASSETS:
        found = finders.find(path)
        assert found, f"static asset {path} is missing"
        parts.append(Path(str(found)).read_text(encoding="utf-8"))
    return "\n".join(parts)


def html(draft: Draft) -> str:
    """The draft as a self-contained HTML document."""
    with translation.override(draft.language):
        return render_to_string("bodies/submission.html", {"draft": draft, "css": _css()})


def pdf_of(page: str) -> bytes:
    """The PDF of a draft's HTML (see :func:`html`)."""
    return render_pdf(page)
