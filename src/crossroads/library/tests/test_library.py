"""The library: uploads, search, and each document's audience for every persona."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crossroads.accounts.models import User
from crossroads.audit.models import AuditEntry
from crossroads.library import services
from crossroads.library.models import Document
from crossroads.testing import Personas

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def values(**changes: Any) -> dict[str, Any]:
    return {
        "title": "Shadow report on compensation",
        "kind": "shadow_report",
        "summary": "How often courts award compensation to trafficked persons, and whether "
        "it is paid.",
        "country": "NLD",
        "year": 2024,
        "language": "en",
        "rights": ["R6"],
        "exploitation": ["labour"],
        "audience": "network",
        **changes,
    }


def add(user: User, **changes: Any) -> Document:
    return services.upload_document(user, values(**changes), "report.pdf", PDF)


@pytest.fixture
def three(personas: Personas) -> dict[str, Document]:
    return {
        audience: add(personas.data_officer_a, title=f"Report for {audience}", audience=audience)
        for audience in ("organisation", "network", "public")
    }


READERS = {
    "caseworker_a": {"organisation", "network", "public"},
    "data_officer_a": {"organisation", "network", "public"},
    "caseworker_b": {"network", "public"},
    "analyst": {"network", "public"},
    "outsider": {"public"},
}


@pytest.mark.parametrize("persona", sorted(READERS))
def test_a_documents_audience_is_respected_for_every_persona(
    personas: Personas, three: dict[str, Document], persona: str
) -> None:
    user = None if persona == "outsider" else getattr(personas, persona)
    client = personas.client_for(user)
    listing = client.get(reverse("library:index")).content.decode()
    for audience, document in three.items():
        allowed = audience in READERS[persona]
        assert (f"Report for {audience}" in listing) is allowed, (persona, audience)
        for name in ("library:document", "library:download"):
            response = client.get(reverse(name, args=[document.pk]))
            assert response.status_code == (200 if allowed else 404), (persona, audience, name)
    missing = client.get(reverse("library:document", args=[three["public"].pk + 100]))
    assert missing.status_code == 404


def test_a_data_officer_uploads_a_pdf_through_the_form(personas: Personas) -> None:
    client = personas.client_for(personas.data_officer_a)
    data = {**values(), "file": SimpleUploadedFile("annual.pdf", PDF, "application/pdf")}
    response = client.post(reverse("library:upload"), data, follow=True)
    assert "Document added to the library." in response.content.decode()
    document = Document.objects.get()
    assert document.organisation == personas.org_a and document.right_codes == ["R6"]
    assert document.form_codes == ["labour"] and document.size == len(PDF)
    file = client.get(reverse("library:download", args=[document.pk]))
    assert file.content == PDF and file["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(object_type="document", action="create").exists()


def test_a_file_that_is_not_what_it_says_or_text_naming_a_person_is_refused(
    personas: Personas,
) -> None:
    client = personas.client_for(personas.data_officer_a)
    fake = {**values(), "file": SimpleUploadedFile("report.pdf", b"MZ\x90\x00", "application/pdf")}
    assert (
        "does not look like a PDF file"
        in client.post(reverse("library:upload"), fake).content.decode()
    )
    exe = {**values(), "file": SimpleUploadedFile("tool.exe", PDF)}
    assert (
        "Add a PDF, DOCX or ODT file."
        in client.post(reverse("library:upload"), exe).content.decode()
    )
    named = {
        **values(summary="Interview with Maria Petrova on her recruitment."),
        "file": SimpleUploadedFile("report.pdf", PDF),
    }
    page = client.post(reverse("library:upload"), named).content.decode()
    assert "looks like personal data" in page
    assert not Document.objects.exists()


def test_caseworkers_read_the_library_but_do_not_add_to_it(personas: Personas) -> None:
    client = personas.client_for(personas.caseworker_a)
    assert client.get(reverse("library:index")).status_code == 200
    assert client.get(reverse("library:upload")).status_code == 403
    with pytest.raises(services.DocumentError):
        add(personas.caseworker_a)


def test_the_search_finds_by_words_and_tags(personas: Personas) -> None:
    add(personas.data_officer_a, title="Compensation in practice", rights=["R6"], country="NLD")
    add(
        personas.analyst,
        title="Children exploited in begging",
        rights=["R10"],
        country="ROU",
        exploitation=["forced_begging"],
        language="ro",
        year=2023,
    )
    client = personas.client_for(personas.caseworker_b)

    def found(**query: str) -> list[str]:
        page = client.get(reverse("library:index"), query).content.decode()
        return [t for t in ("Compensation in practice", "Children exploited") if t in page]

    assert found(q="begging") == ["Children exploited"]
    assert found(right="R1") == []
    assert found(right="R10") == ["Children exploited"]  # and not R1's documents
    assert found(country="NLD") == ["Compensation in practice"]
    assert found(language="ro", year="2023") == ["Children exploited"]
    assert found(form="forced_begging") == ["Children exploited"]
    assert found() == ["Compensation in practice", "Children exploited"]


def test_only_the_documents_organisation_changes_its_audience_or_removes_it(
    personas: Personas, three: dict[str, Document]
) -> None:
    document = three["network"]
    url = reverse("library:document", args=[document.pk])
    other = personas.client_for(personas.analyst)
    assert other.post(url, values(audience="public")).status_code == 403
    assert other.post(reverse("library:delete", args=[document.pk])).status_code == 403
    owner = personas.client_for(personas.data_officer_a)
    owner.post(url, values(title="Report for the public now", audience="public"))
    document.refresh_from_db()
    assert document.audience == "public" and document.title == "Report for the public now"
    assert personas.client_for(None).get(url).status_code == 200
    owner.post(reverse("library:delete", args=[document.pk]))
    assert not Document.objects.filter(pk=document.pk).exists()
    hidden = three["organisation"]
    assert other.post(reverse("library:delete", args=[hidden.pk])).status_code == 404


def test_the_search_ignores_accents_and_case_in_every_script(personas: Personas) -> None:
    add(personas.data_officer_a, title="Exploatarea prin muncă în România", summary="")
    add(personas.data_officer_a, title="Menschenhandel in Österreich", summary="")
    add(personas.data_officer_a, title="Торговля людьми в Украине", summary="")
    document = add(personas.data_officer_a, title="Old title", summary="")
    services.update_document(
        personas.data_officer_a, document, values(title="Jahresbericht Zürich", summary="")
    )
    client = personas.client_for(personas.caseworker_a)

    def found(q: str) -> int:
        page = client.get(reverse("library:index"), {"q": q})
        return len(page.context["rows"])

    assert found("romania munca") == 1
    assert found("ÖSTERREICH") == 1 and found("osterreich") == 1
    assert found("УКРАИНЕ") == 1
    assert found("zurich") == 1 and found("Old") == 0
    assert found("Menschenhandel Rumänien") == 0  # every word must be found
