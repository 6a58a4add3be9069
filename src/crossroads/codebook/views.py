"""The codebook, readable by anyone (it holds definitions, never data)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from crossroads.codebook.export import document_context, to_csv, to_html, to_markdown
from crossroads.codebook.loader import load_standard


def index(request: HttpRequest) -> HttpResponse:
    """The codebook in the reader's language."""
    standard = load_standard()
    language = translation.get_language() or "en"
    if language not in standard.languages:
        language = "en"
    return render(request, "codebook/index.html", document_context(standard, language))


def download(request: HttpRequest, language: str, fmt: str) -> HttpResponse:
    """The codebook as an HTML, Markdown or CSV file."""
    standard = load_standard()
    if language not in standard.languages:
        raise Http404
    stem = f"crossroads-standard-{standard.version}"
    if fmt == "html":
        body, content_type, name = (
            to_html(standard, language),
            "text/html",
            f"{stem}-{language}.html",
        )
    elif fmt == "md":
        body, content_type, name = (
            to_markdown(standard, language),
            "text/markdown",
            f"{stem}-{language}.md",
        )
    elif fmt == "csv":
        body, content_type, name = "\ufeff" + to_csv(standard), "text/csv", f"{stem}.csv"
    else:
        raise Http404
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
