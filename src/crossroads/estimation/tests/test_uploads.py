"""Token files: analysts upload them, they are checked, audited, deletable, never given back."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crossroads.audit.models import AuditEntry
from crossroads.estimation.models import TokenUpload
from crossroads.estimation.tests.helpers import token_file, tokens
from crossroads.stats.linkage import LinkageKey
from crossroads.testing import Personas

UPLOADS = reverse("estimation:uploads")


def post_upload(personas: Personas, content: bytes, **fields: str) -> Any:
    data = {
        "holder": "National police",
        "country": "NLD",
        "year": "2024",
        "label": "",
        **fields,
        "file": SimpleUploadedFile("tokens.csv", content, content_type="text/csv"),
    }
    return personas.client_for(personas.analyst).post(UPLOADS, data)


def test_an_analyst_uploads_a_token_file_and_it_is_audited(personas: Personas) -> None:
    response = post_upload(personas, token_file("police-2024", range(40)))
    assert response.status_code == 302
    upload = TokenUpload.objects.get()
    assert (upload.label, upload.country, upload.year, upload.people) == (
        "police-2024",
        "NLD",
        2024,
        40,
    )
    assert upload.token_list().keys.shape == (40, 7)
    entry = AuditEntry.objects.filter(object_type="token_upload").get()
    assert entry.action == "import"
    assert entry.actor_name == "analyst"
    assert "police-2024" in entry.summary


def test_the_label_can_be_chosen_instead_of_the_files(personas: Personas) -> None:
    post_upload(personas, token_file("police-2024", range(5)), label="politie")
    assert TokenUpload.objects.get().label == "politie"


def test_a_file_made_with_another_key_is_refused_naming_both_fingerprints(
    personas: Personas,
) -> None:
    other = LinkageKey("a-different-network-key-123456")
    response = post_upload(personas, token_file("police-2024", range(5), key=other))
    assert response.status_code == 200
    text = response.content.decode()
    assert "another linkage key" in text
    assert other.fingerprint in text
    assert not TokenUpload.objects.exists()


def test_a_broken_file_is_refused_with_its_line(personas: Personas) -> None:
    content = token_file("police-2024", range(5)).replace(b"#end,people=5", b"#end,people=6")
    response = post_upload(personas, content)
    assert b"line 8: the file says it holds 6 people but has 5 rows" in response.content
    assert not TokenUpload.objects.exists()


def test_an_identity_file_uploaded_by_mistake_is_refused_without_echoing_it(
    personas: Personas,
) -> None:
    response = post_upload(personas, b"given_names,family_names\nAmina,Diallo\n")
    assert b"not a Crossroads token file" in response.content
    assert b"Diallo" not in response.content
    assert not TokenUpload.objects.exists()


def test_a_list_name_taken_by_a_member_or_another_upload_is_refused(personas: Personas) -> None:
    response = post_upload(personas, token_file("org-a", range(5)))
    assert "code of a member organisation" in response.content.decode()
    post_upload(personas, token_file("police-2024", range(5)))
    response = post_upload(personas, token_file("police-2024", range(5, 9)))
    assert "already has a list called" in response.content.decode()
    assert TokenUpload.objects.count() == 1


def test_missing_fields_are_reported_and_nothing_is_stored(personas: Personas) -> None:
    response = post_upload(personas, token_file("police-2024", range(5)), holder="", year="1850")
    assert response.status_code == 200
    assert not TokenUpload.objects.exists()


def test_the_uploads_page_lists_files_but_never_their_tokens(personas: Personas) -> None:
    post_upload(personas, token_file("police-2024", range(5)))
    page = personas.client_for(personas.analyst).get(UPLOADS).content.decode()
    assert "police-2024" in page and "National police" in page
    assert tokens(0)[0] not in page
    assert tokens(0)[0][:16] not in page


def test_deleting_an_upload_erases_its_tokens_and_is_audited(personas: Personas) -> None:
    post_upload(personas, token_file("police-2024", range(5)))
    upload = TokenUpload.objects.get()
    client = personas.client_for(personas.analyst)
    response = client.post(reverse("estimation:upload_delete", args=[upload.pk]))
    assert response.status_code == 302
    assert not TokenUpload.objects.exists()
    assert AuditEntry.objects.filter(object_type="token_upload", action="delete").count() == 1
