"""Uploading, changing and removing library documents; each writes its audit entry."""

from __future__ import annotations

import hashlib
from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from crossroads.accounts.models import User
from crossroads.accounts.permissions import can_manage_data, is_analyst
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.codebook.definitions import fold
from crossroads.codebook.personal_data import find_personal_data
from crossroads.library.models import Document

MAX_BYTES = 25 * 1024 * 1024
# What a document may be, by extension, with the bytes its files start with.
FORMATS = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", b"PK\x03\x04"),
}
TAGS = ("title", "kind", "summary", "country", "year", "language", "audience")


class DocumentError(ValueError):
    """The document cannot be stored as it is; the message says why."""


def can_upload(user: Any) -> bool:
    """Members' data officers and administrators, and the secretariat's analysts."""
    return bool(can_manage_data(user) or is_analyst(user))


def _check_text(values: dict[str, Any]) -> None:
    for name in ("title", "summary"):
        findings = find_personal_data(values.get(name) or "")
        if findings:
            raise DocumentError(
                _(
                    "“%(text)s” looks like personal data: the library describes documents, "
                    "not persons."
                )
                % {"text": findings[0].text}
            )


def _tags(values: dict[str, Any]) -> dict[str, Any]:
    return {
        **{name: values[name] for name in TAGS},
        "country": values.get("country") or "",
        "rights": " ".join(values.get("rights") or []),
        "forms": " ".join(values.get("exploitation") or []),
        "search_text": search_text(values["title"], values.get("summary") or ""),
    }


def search_text(*texts: str) -> str:
    """What the library's search reads: the words folded as :func:`fold` does, so that
    "Romania" finds "România" and "OSTERREICH" finds "Österreich" in any database."""
    return " ".join(fold(text) for text in texts)


def upload_document(user: User, values: dict[str, Any], name: str, data: bytes) -> Document:
    """Store a document of ``user``'s organisation: a PDF, DOCX or ODT file of at most 25 MB."""
    if not can_upload(user) or user.organisation is None:
        raise DocumentError(_("Only data officers, administrators and analysts add documents."))
    suffix = PurePath(name).suffix.lower()
    if suffix not in FORMATS:
        raise DocumentError(_("Add a PDF, DOCX or ODT file."))
    content_type, magic = FORMATS[suffix]
    if not data.startswith(magic):
        raise DocumentError(
            _("The file does not look like a %(kind)s file; is it the right one?")
            % {"kind": suffix[1:].upper()}
        )
    if len(data) > MAX_BYTES:
        raise DocumentError(_("The file is larger than 25 MB."))
    _check_text(values)
    with transaction.atomic():
        document = Document.objects.create(
            organisation=user.organisation,
            filename=PurePath(name).name[:200],
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            content=data,
            uploaded_by=user,
            **_tags(values),
        )
        record(
            user,
            Action.CREATE,
            object_type="document",
            object_id=document.pk,
            summary=f"Added document {document.pk} to the library ({document.audience})",
            detail={"kind": document.kind, "audience": document.audience, "size": document.size},
        )
    return document


def _check_owner(user: User, document: Document) -> None:
    if not can_upload(user) or document.organisation_id != user.organisation_id:
        raise DocumentError(_("Only the organisation that added a document changes it."))


def update_document(user: User, document: Document, values: dict[str, Any]) -> Document:
    """Change a document's tags or audience (its file stays)."""
    _check_owner(user, document)
    _check_text(values)
    tags = _tags(values)
    with transaction.atomic():
        changed = [
            name
            for name, value in tags.items()
            if name != "search_text" and getattr(document, name) != value
        ]
        Document.objects.filter(pk=document.pk).update(**tags)
        record(
            user,
            Action.UPDATE,
            object_type="document",
            object_id=document.pk,
            summary=f"Changed document {document.pk}",
            detail={"fields": changed, "audience": tags["audience"]},
        )
    document.refresh_from_db(fields=list(tags))
    return document


def delete_document(user: User, document: Document) -> None:
    """Remove a document from the library."""
    _check_owner(user, document)
    with transaction.atomic():
        record(
            user,
            Action.DELETE,
            object_type="document",
            object_id=document.pk,
            summary=f"Removed document {document.pk} from the library",
        )
        Document.objects.filter(pk=document.pk).delete()
