"""Signed submission files between a member's own instance and the secretariat's."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crossroads.accounts.models import Role
from crossroads.core import signing
from crossroads.exchange.models import SigningKey, Status, Submission
from crossroads.exchange.services import drafts, files, summing
from crossroads.exchange.services import submissions as services
from crossroads.exchange.tests.conftest import add_records
from crossroads.testing import Personas, make_user

MEMBER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))


def _public(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(signing.public_key_bytes(key)).decode()


@pytest.fixture
def signed(agreed: Personas) -> bytes:
    """Organisation A's 2024 tables, as its own instance would sign and send them.

    Built here, then removed, so that the import is the only copy at the secretariat.
    """
    add_records(agreed.data_officer_a, 12)
    submission = services.submit(
        agreed.data_officer_a, drafts.build_draft(agreed.data_officer_a, 2024)
    )
    content = files.signed_document(submission, MEMBER_KEY)
    submission.events.all().delete()
    Submission.objects.filter(pk=submission.pk).delete()
    files.register_key(agreed.analyst, agreed.org_a, _public(MEMBER_KEY))
    return content


def _reject(agreed: Personas, content: bytes, message: str) -> None:
    with pytest.raises(files.ImportRejected, match=message):
        files.import_signed(agreed.analyst, content)
    assert not Submission.objects.exists()


def test_a_signed_file_is_imported_as_a_submitted_version(agreed: Personas, signed: bytes) -> None:
    submission = files.import_signed(agreed.analyst, signed)
    assert submission.status == Status.SUBMITTED
    assert submission.source == Submission.Source.IMPORTED
    assert submission.organisation == agreed.org_a
    assert submission.original is not None  # the agreement lets the secretariat keep them


def test_a_file_changed_after_signing_is_rejected(agreed: Personas, signed: bytes) -> None:
    document = json.loads(signed)
    cell = document["payload"]["released"]["tables"][0]["cells"][0]
    cell["value"] = (cell["value"] or 0) + 1
    _reject(agreed, json.dumps(document).encode(), "changed after it was signed")


def test_a_file_signed_with_an_unregistered_key_is_rejected(
    agreed: Personas, signed: bytes
) -> None:
    document = json.loads(signed)
    body = {k: v for k, v in document.items() if k != "signature"}
    body["key_id"] = signing.key_id_of(signing.public_key_bytes(OTHER_KEY))
    forged = body | {"signature": signing.sign(signing.canonical(body), OTHER_KEY)}
    _reject(agreed, json.dumps(forged).encode(), "not registered for Organisation A")


def test_a_key_registered_for_another_member_does_not_sign_for_this_one(
    agreed: Personas, signed: bytes
) -> None:
    files.register_key(agreed.analyst, agreed.org_b, _public(OTHER_KEY))
    document = json.loads(signed)
    body = {k: v for k, v in document.items() if k != "signature"}
    body["key_id"] = signing.key_id_of(signing.public_key_bytes(OTHER_KEY))
    forged = body | {"signature": signing.sign(signing.canonical(body), OTHER_KEY)}
    _reject(agreed, json.dumps(forged).encode(), "not registered for Organisation A")


def test_a_file_built_with_another_standard_is_rejected_by_name(
    agreed: Personas, signed: bytes
) -> None:
    document = json.loads(signed)
    body = {k: v for k, v in document.items() if k != "signature"}
    body["standard"] = "0.9"
    resigned = body | {"signature": signing.sign(signing.canonical(body), MEMBER_KEY)}
    _reject(
        agreed,
        json.dumps(resigned).encode(),
        r"built with standard 0.9, which this instance does not know \(it knows 1.0, 1.1\)",
    )


def test_a_member_still_on_standard_1_0_submits_and_is_summed_with_1_1_members(
    agreed: Personas, signed: bytes
) -> None:
    document = json.loads(signed)
    body = {k: v for k, v in document.items() if k != "signature"}
    body["standard"] = "1.0"
    resigned = body | {"signature": signing.sign(signing.canonical(body), MEMBER_KEY)}
    older = files.import_signed(agreed.analyst, json.dumps(resigned).encode())
    assert older.standard_version == "1.0"
    officer_b = make_user("officer-b", Role.DATA_OFFICER, agreed.org_b)
    add_records(officer_b, 15, prefix="B")
    newer = services.submit(officer_b, drafts.build_draft(officer_b, 2024))
    assert newer.standard_version == "1.1"
    assert newer.metadata["record_versions"] == {"1.1": 15}
    services.accept(agreed.analyst, older)
    services.accept(agreed.analyst, newer)
    accepted = list(Submission.objects.filter(status=Status.ACCEPTED))
    tables = {t.name: t for t in summing.summed(["profile"], accepted, "", by_country=False)}
    persons = tables["persons_sex_age"].cells
    assert persons[tuple(-1 for _ in range(persons.ndim))] == 12 + 15


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe", "not text"),
        (b"{not json", "not valid JSON"),
        (b'{"format": "something-else"}', "not a Crossroads submission file"),
        (b'{"format": "crossroads-submission-file/1", "standard": "1.0"}', "has no 'catalogue'"),
    ],
)
def test_a_malformed_file_is_rejected_with_what_is_wrong(
    agreed: Personas, content: bytes, message: str
) -> None:
    _reject(agreed, content, message)


def test_the_same_version_is_not_imported_twice(agreed: Personas, signed: bytes) -> None:
    files.import_signed(agreed.analyst, signed)
    with pytest.raises(files.ImportRejected, match="already here"):
        files.import_signed(agreed.analyst, signed)
    assert Submission.objects.count() == 1


def test_a_revoked_key_no_longer_signs(agreed: Personas, signed: bytes) -> None:
    key = SigningKey.objects.get(organisation=agreed.org_a)
    files.revoke_key(agreed.analyst, key)
    _reject(agreed, signed, "not registered")


def test_originals_stay_home_when_the_agreement_says_so(agreed: Personas) -> None:
    from crossroads.testing import agree

    agree(agreed.analyst, agreed.org_a, originals_to_secretariat=False)
    add_records(agreed.data_officer_a, 11)
    submission = services.submit(
        agreed.data_officer_a, drafts.build_draft(agreed.data_officer_a, 2024)
    )
    document = json.loads(files.signed_document(submission, MEMBER_KEY))
    assert document["payload"]["original"] is None


def test_the_import_page_shows_the_reason_and_writes_nothing(
    agreed: Personas, signed: bytes
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    tampered = signed.replace(b'"version": 1', b'"version": 7', 1)
    upload = SimpleUploadedFile("a.json", tampered, content_type="application/json")
    response = agreed.client_for(agreed.analyst).post(reverse("exchange:import"), {"file": upload})
    assert response.status_code == 200
    assert "changed after it was signed" in response.content.decode()
    assert not Submission.objects.exists()
