"""The library pages: search, a document's page and file, adding and changing documents."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossroads.accounts.models import User
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.codebook.definitions import fold
from crossroads.library import services, tags
from crossroads.library.access import get_document_for_user
from crossroads.library.forms import DocumentForm, SearchForm
from crossroads.library.models import Document

PAGE = 100


def _language() -> str:
    return translation.get_language() or "en"


def index(request: HttpRequest) -> HttpResponse:
    """Search the documents the reader may read (the public ones without signing in)."""
    language = _language()
    form = SearchForm(request.GET or None, language=language)
    documents = Document.objects.visible_to(request.user).defer("content")
    documents = documents.select_related("organisation")
    if form.is_valid():
        documents = _filtered(documents, form.cleaned_data)
    if request.user.is_authenticated:
        record(request.user, Action.LIST, object_type="document", summary="Searched the library")
    rows = list(documents[:PAGE])
    countries = dict(tags.country_choices(language))
    return render(
        request,
        "library/index.html",
        {
            "form": form,
            "rows": [(d, countries.get(d.country, "")) for d in rows],
            "more": len(rows) == PAGE,
            "can_upload": services.can_upload(request.user),
        },
    )


def _filtered(documents: Any, wanted: dict[str, Any]) -> Any:
    # Folded like the stored search text: accents and case do not matter, in any script.
    for word in fold(wanted.get("q") or "").split():
        documents = documents.filter(search_text__contains=word)
    for name in ("kind", "country", "year", "language"):
        if wanted.get(name) not in (None, ""):
            documents = documents.filter(**{name: wanted[name]})
    # Codes are stored space-separated; comparing whole codes keeps "R1" from matching "R10".
    if wanted.get("right"):
        documents = [d for d in documents if wanted["right"] in d.right_codes]
    if wanted.get("form"):
        documents = [d for d in documents if wanted["form"] in d.form_codes]
    return documents


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """Add a document to the library."""
    user = request.user
    if not services.can_upload(user):
        raise PermissionDenied
    assert isinstance(user, User)
    form = DocumentForm(request.POST or None, request.FILES or None, language=_language())
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > services.MAX_BYTES:
                raise services.DocumentError(_("The file is larger than 25 MB."))
            document = services.upload_document(user, form.cleaned_data, upload.name, upload.read())
        except services.DocumentError as exc:
            form.add_error("file" if "file" in str(exc).lower() else None, str(exc))
        else:
            messages.success(request, _("Document added to the library."))
            return redirect("library:document", document.pk)
    return render(request, "library/upload.html", {"form": form})


def document(request: HttpRequest, document_id: int) -> HttpResponse:
    """A document's page; its organisation changes its tags and audience here."""
    user = request.user
    item = get_document_for_user(user, document_id)
    owner = services.can_upload(user) and item.organisation_id == getattr(
        user, "organisation_id", None
    )
    language = _language()
    form = None
    if owner:
        initial = {
            "title": item.title,
            "kind": item.kind,
            "summary": item.summary,
            "country": item.country,
            "year": item.year,
            "language": item.language,
            "rights": item.right_codes,
            "exploitation": item.form_codes,
            "audience": item.audience,
        }
        form = DocumentForm(
            request.POST or None, initial=initial, language=language, with_file=False
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        assert isinstance(user, User)
        if form.is_valid():
            try:
                services.update_document(user, item, form.cleaned_data)
            except services.DocumentError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Document saved."))
                return redirect("library:document", item.pk)
    if user.is_authenticated:
        record(
            user,
            Action.READ,
            object_type="document",
            object_id=item.pk,
            summary=f"Viewed document {item.pk}",
        )
    rights = tags.right_choices(language)
    forms_ = tags.form_choices(language)
    return render(
        request,
        "library/document.html",
        {
            "document": item,
            "form": form,
            "country": tags.label(tags.country_choices(language), item.country)
            if item.country
            else "",
            "rights": [tags.label(rights, c) for c in item.right_codes],
            "forms": [tags.label(forms_, c) for c in item.form_codes],
        },
    )


def download(request: HttpRequest, document_id: int) -> HttpResponse:
    """The document's file, as it was uploaded."""
    item = get_document_for_user(request.user, document_id, with_content=True)
    if request.user.is_authenticated:
        record(
            request.user,
            Action.EXPORT,
            object_type="document",
            object_id=item.pk,
            summary=f"Downloaded document {item.pk}",
        )
    response = HttpResponse(bytes(item.content), content_type=item.content_type)
    response["Content-Disposition"] = f'attachment; filename="{_safe(item.filename)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "._- " else "_" for ch in name) or "document"


@login_required
@require_POST
def delete(request: HttpRequest, document_id: int) -> HttpResponse:
    """Remove a document of the reader's organisation."""
    user = request.user
    item = get_document_for_user(user, document_id)
    if not isinstance(user, User):
        raise PermissionDenied
    try:
        services.delete_document(user, item)
    except services.DocumentError as exc:
        raise PermissionDenied(str(exc)) from None
    messages.success(request, _("Document removed from the library."))
    return redirect("library:index")
