"""Signed submission files, for members that run their own instance.

The member's instance exports a submitted version as one JSON file::

    {"format": "crossroads-submission-file/1",
     "standard": "1.0", "catalogue": "1.0", "key_id": "ed25519:…",
     "payload": {"metadata": …, "terms": …, "released": …, "original": … or null,
                 "narrative": … (only when the member wrote one),
                 "status": "submitted", "checksum": "…", "history": […]},
     "signature": "<base64 Ed25519 over the canonical JSON of everything else>"}

The secretariat's instance imports it only if every check passes, and
writes nothing otherwise. Each refusal names its cause: a malformed file,
a file for an organisation not registered here, a key not registered for
the organisation, a file changed after signing, another version of the
standard or of the catalogue, a version already imported.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts.models import Organisation, User
from crossroads.accounts.permissions import can_manage_data, is_analyst
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.codebook.loader import available_versions
from crossroads.core import signing
from crossroads.exchange import catalogue
from crossroads.exchange.models import SigningKey, Status, Submission, SubmissionEvent
from crossroads.exchange.services import narratives
from crossroads.exchange.services.submissions import covered_payload, leaving_payload
from crossroads.exchange.validation import warnings_for
from crossroads.stats.disclosure import TableError, TableSet

FORMAT = "crossroads-submission-file/1"


class ImportRejected(ValueError):
    """The file was not imported; the message says exactly why."""


def signed_document(submission: Submission, key: Ed25519PrivateKey | None = None) -> bytes:
    """The signed file of ``submission`` (signed with this instance's key by default)."""
    raw = signing.public_key_bytes(key)
    key_id = signing.key_id_of(raw)
    body = {
        "format": FORMAT,
        "standard": submission.standard_version,
        "catalogue": submission.catalogue_version,
        "key_id": key_id,
        "payload": leaving_payload(submission)
        | {
            "status": "submitted",
            "checksum": submission.checksum,
            "submitted_at": (submission.submitted_at or timezone.now()).isoformat(),
        },
    }
    document = body | {"signature": signing.sign(signing.canonical(body), key)}
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def export_signed(user: User, submission: Submission) -> bytes:
    """The signed file of a submitted (or reviewed) version of the user's organisation."""
    if not can_manage_data(user) or submission.organisation_id != user.organisation_id:
        raise PermissionError(_("Only the organisation's data officers export its submissions."))
    if submission.status == Status.DRAFT:
        raise ValueError(_("Submit the draft first: only a submitted version leaves as a file."))
    content = signed_document(submission)
    with transaction.atomic():
        SubmissionEvent.objects.create(
            submission=submission,
            kind=SubmissionEvent.Kind.EXPORTED,
            actor=user,
            actor_name=user.get_full_name() or user.username,
        )
        record(
            user,
            Action.EXPORT,
            object_type="submission",
            object_id=submission.pk,
            summary=f"Exported signed file of {submission}",
            detail={"checksum": submission.checksum},
        )
    return content


def _require(mapping: Any, key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping:
        raise ImportRejected(
            _("The file is not a complete submission file: %(where)s has no %(key)r.")
            % {"where": where, "key": key}
        )
    value = mapping[key]
    if not isinstance(value, kind):
        raise ImportRejected(
            _("The file is malformed: %(where)s.%(key)s has the wrong type.")
            % {"where": where, "key": key}
        )
    return value


def read_file(data: bytes) -> dict[str, Any]:
    """Parse and check the shape of a submission file (no signature check yet)."""
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ImportRejected(
            _("The file is not text (UTF-8 JSON); is it the right file?")
        ) from None
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            _("The file is not valid JSON (line %(line)s, column %(col)s: %(msg)s).")
            % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg}
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else type(document).__name__
        raise ImportRejected(
            _("This is not a Crossroads submission file (format %(found)r, expected %(fmt)r).")
            % {"found": found, "fmt": FORMAT}
        )
    for key in ("standard", "catalogue", "key_id", "signature"):
        _require(document, key, str, "file")
    payload = _require(document, "payload", dict, "file")
    metadata = _require(payload, "metadata", dict, "payload")
    organisation = _require(metadata, "organisation", dict, "metadata")
    _require(organisation, "code", str, "metadata.organisation")
    _require(metadata, "year", int, "metadata")
    _require(metadata, "version", int, "metadata")
    _require(metadata, "built_at", str, "metadata")
    _require(payload, "terms", dict, "payload")
    _require(payload, "released", dict, "payload")
    _require(payload, "checksum", str, "payload")
    return document


def import_signed(user: User, data: bytes) -> Submission:
    """Check a signed file completely, then store it as a submitted version; or refuse it."""
    if not is_analyst(user):
        raise ImportRejected(_("Only the secretariat's analysts import submission files."))
    document = read_file(data)
    payload = document["payload"]
    metadata = payload["metadata"]
    code = metadata["organisation"]["code"]
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None or not organisation.holds_case_records:
        raise ImportRejected(
            _("The file is for organisation %(code)r, which is not a member registered here.")
            % {"code": code}
        )
    key = SigningKey.objects.filter(
        organisation=organisation, key_id=document["key_id"], revoked_at__isnull=True
    ).first()
    if key is None:
        raise ImportRejected(
            _("The file is signed with a key that is not registered for %(org)s (key %(key)s).")
            % {"org": organisation.name, "key": document["key_id"]}
        )
    body = {k: v for k, v in document.items() if k != "signature"}
    if not signing.verify(
        signing.canonical(body), document["signature"], signing.parse_public_key(key.public_key)
    ):
        raise ImportRejected(_("The file was changed after it was signed: it cannot be trusted."))
    # A member still on an earlier version of the standard submits under it; the
    # catalogue's tables are the same, and a field a version lacks counts as not recorded.
    if document["standard"] not in available_versions():
        raise ImportRejected(
            _(
                "The file was built with standard %(theirs)s, which this instance does not know "
                "(it knows %(ours)s)."
            )
            % {"theirs": document["standard"], "ours": ", ".join(available_versions())}
        )
    # An earlier catalogue only lacks tables (summing leaves out a table not every
    # member sent); a later one may hold tables this instance cannot read.
    if not catalogue.is_known_version(str(document["catalogue"])):
        raise ImportRejected(
            _("The file uses exchange catalogue %(theirs)s; this instance uses %(ours)s.")
            % {"theirs": document["catalogue"], "ours": catalogue.CATALOGUE_VERSION}
        )
    return _store(user, organisation, document)


def _store(user: User, organisation: Organisation, document: dict[str, Any]) -> Submission:
    payload = document["payload"]
    metadata = payload["metadata"]
    if signing.checksum(covered_payload(payload)) != payload["checksum"]:
        raise ImportRejected(_("The file's checksum does not match its tables."))
    narrative = payload.get("narrative") or {}
    if not isinstance(narrative, dict):
        raise ImportRejected(_("The file is malformed: payload.narrative has the wrong type."))
    try:
        places = narratives.problems_of(narrative)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ImportRejected(
            _("The file's narrative was written for a questionnaire this instance lacks.")
        ) from None
    if places:
        raise ImportRejected(
            _("The file's narrative does not fit the questionnaire: %(where)s: %(message)s")
            % {"where": places[0].where, "message": places[0].message}
        )
    original = payload.get("original")
    if original is not None:
        try:
            TableSet.from_dict(original)
        except (TableError, KeyError, TypeError, ValueError) as exc:
            raise ImportRejected(
                _("The file's original counts are inconsistent: %(err)s") % {"err": exc}
            ) from None
    tables = payload["released"].get("tables")
    if not isinstance(tables, list) or not tables:
        raise ImportRejected(_("The file holds no released tables."))
    year, version = metadata["year"], metadata["version"]
    try:
        built_at = datetime.fromisoformat(metadata["built_at"])
    except ValueError:
        raise ImportRejected(_("The file's build date is not a date.")) from None
    with transaction.atomic():
        versions = Submission.objects.filter(organisation=organisation, year=year)
        if versions.filter(version=version).exists():
            raise ImportRejected(
                _("Version %(v)s of %(org)s's %(year)s submission is already here.")
                % {"v": version, "org": organisation.name, "year": year}
            )
        if versions.filter(status=Status.SUBMITTED).exists():
            raise ImportRejected(
                _("Another version of %(year)s is awaiting review; accept or return it first.")
                % {"year": year}
            )
        submission = Submission.objects.create(
            organisation=organisation,
            year=year,
            version=version,
            status=Status.SUBMITTED,
            source=Submission.Source.IMPORTED,
            terms=payload["terms"],
            standard_version=document["standard"],
            catalogue_version=document["catalogue"],
            built_at=built_at,
            original=original,
            released=payload["released"],
            metadata=metadata,
            narrative=narrative,
            checksum=payload["checksum"],
            submitted_at=timezone.now(),
        )
        submission.warnings = warnings_for(submission)
        Submission.objects.filter(pk=submission.pk).update(warnings=submission.warnings)
        SubmissionEvent.objects.create(
            submission=submission,
            kind=SubmissionEvent.Kind.IMPORTED,
            actor=user,
            actor_name=user.get_full_name() or user.username,
            comment=document["key_id"],
        )
        record(
            user,
            Action.IMPORT,
            object_type="submission",
            object_id=submission.pk,
            summary=f"Imported signed file {organisation.code} {year} v{version}",
            detail={"key_id": document["key_id"], "checksum": payload["checksum"]},
        )
    return submission


def register_key(user: User, organisation: Organisation, public_key: str) -> SigningKey:
    """Register a member instance's public key at the secretariat (analysts)."""
    if not is_analyst(user):
        raise PermissionError(_("Only the secretariat registers signing keys."))
    raw = signing.parse_public_key(public_key)
    key_id = signing.key_id_of(raw)
    with transaction.atomic():
        existing = SigningKey.objects.filter(key_id=key_id).first()
        if existing is not None:
            raise ValueError(
                _("This key is already registered for %(org)s.") % {"org": existing.organisation}
            )
        key = SigningKey.objects.create(
            organisation=organisation,
            key_id=key_id,
            public_key=public_key.strip(),
            registered_by=user,
        )
        record(
            user,
            Action.ADMIN,
            object_type="signing_key",
            object_id=key.pk,
            summary=f"Registered signing key {key_id} for {organisation.code}",
        )
    return key


def revoke_key(user: User, key: SigningKey) -> None:
    """Stop accepting files signed with ``key`` (analysts)."""
    if not is_analyst(user):
        raise PermissionError(_("Only the secretariat revokes signing keys."))
    with transaction.atomic():
        SigningKey.objects.filter(pk=key.pk).update(revoked_at=timezone.now())
        record(
            user,
            Action.ADMIN,
            object_type="signing_key",
            object_id=key.pk,
            summary=f"Revoked signing key {key.key_id} of {key.organisation.code}",
        )
