"""The permission-checked fetch of a library document, used by every view.

A document is readable when its audience allows it (public: anyone; the
network: every signed-in member and the secretariat) or it belongs to the
reader's organisation. Anything else and a missing id give the same 404.
"""

from __future__ import annotations

from django.http import Http404

from crossroads.accounts.permissions import AnyUser
from crossroads.library.models import Document


def get_document_for_user(
    user: AnyUser, document_id: int | str, *, with_content: bool = False
) -> Document:
    """Return document ``document_id`` if ``user`` may read it, else raise Http404."""
    try:
        pk = int(document_id)
    except (TypeError, ValueError):
        raise Http404 from None
    documents = Document.objects.visible_to(user).select_related("organisation", "uploaded_by")
    if not with_content:
        documents = documents.defer("content")
    document = documents.filter(pk=pk).first()
    if document is None:
        raise Http404
    return document
