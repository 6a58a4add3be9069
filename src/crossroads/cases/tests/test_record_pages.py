"""Creating, reading, editing and erasing records through the web pages."""

from __future__ import annotations

import json

from django.db import connection
from django.urls import reverse

from crossroads.audit.models import Action, AuditEntry
from crossroads.cases.models import Case
from crossroads.testing import Personas, make_case


def form_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "client_code": "NL-7",
        "f-year_of_registration": "2024",
        "f-trafficking_status": "presumed",
        "f-status_decided_by": "ngo",
        "f-gender": "female",
        "f-age_band": "21_23",
        "f-citizenship": ["NGA"],
        "f-exploitation_forms": ["sexual", "forced_criminality"],
        "f-case_status": "active",
        "f-consent_data_use": "aggregate_and_research",
        "e-reflection_period-0-informed": "yes",
        "e-reflection_period-0-decision": "granted",
        "e-compensation-0-route": "state_fund",
        "e-compensation-0-outcome": "pending",
        "e-compensation-0-claim_date": "2024-05-02",
        "identity_given": "Blessing",
        "identity_family": "Okonkwo-Zyx",
        "identity_dob": "14.02.2001",
    }
    data.update(overrides)
    return data


def test_a_caseworker_creates_a_record_with_events(personas: Personas) -> None:
    client = personas.client_for(personas.caseworker_a)
    response = client.post(reverse("cases:create"), form_post())
    case = Case.objects.get(client_code="NL-7")
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.organisation == personas.org_a
    assert case.data["exploitation_forms"] == ["sexual", "forced_criminality"]
    assert case.events["reflection_period"] == [{"informed": "yes", "decision": "granted"}]
    assert case.events["compensation"][0]["claim_date"] == "2024-05-02"
    assert case.has_linkage_tokens
    assert AuditEntry.objects.filter(action=Action.CREATE, object_id=str(case.pk)).exists()


def test_identity_fields_are_never_stored_logged_or_echoed(personas: Personas) -> None:
    client = personas.client_for(personas.caseworker_a)
    client.post(reverse("cases:create"), form_post())
    failed = client.post(
        reverse("cases:create"), form_post(client_code="NL-8", **{"f-gender": "?"})
    )
    assert failed.status_code == 422
    assert b"Okonkwo" not in failed.content and b"Blessing" not in failed.content
    with connection.cursor() as cursor:
        for table in ("cases_case", "cases_caserevision", "audit_auditentry"):
            cursor.execute(f"SELECT * FROM {table}")
            dump = json.dumps(cursor.fetchall(), default=str)
            assert "Okonkwo" not in dump and "Blessing" not in dump and "2001" not in dump


def test_a_given_name_alone_is_refused_saying_what_a_token_needs_and_claims_no_token(
    personas: Personas,
) -> None:
    client = personas.client_for(personas.caseworker_a)
    failed = client.post(reverse("cases:create"), form_post(identity_family="", identity_dob=""))
    assert failed.status_code == 422
    page = failed.content.decode()
    assert "a token needs a given or family name and at least the year of birth" in page
    assert "turned into a token" not in page
    assert not failed.context["pending_tokens"]
    assert not Case.objects.filter(client_code="NL-7").exists()
    assert b"Blessing" not in failed.content


def test_a_failed_save_keeps_the_linkage_token_without_retyping_the_identity(
    personas: Personas,
) -> None:
    client = personas.client_for(personas.caseworker_a)
    failed = client.post(reverse("cases:create"), form_post(**{"f-gender": "?"}))
    signed = failed.context["pending_tokens"]
    assert signed
    retry = form_post(pending_tokens=signed, identity_given="", identity_family="", identity_dob="")
    assert client.post(reverse("cases:create"), retry).status_code == 302
    assert Case.objects.get(client_code="NL-7").has_linkage_tokens


def test_tokens_kept_from_a_failed_save_follow_the_gender_finally_saved(
    personas: Personas,
) -> None:
    """Tokens carry the person's sex: a save refused while the gender was "female", then
    corrected to "male", must link to the same person entered as a man at once."""
    client = personas.client_for(personas.caseworker_a)
    failed = client.post(
        reverse("cases:create"), form_post(**{"f-gender": "female", "f-age_band": "?"})
    )
    assert failed.status_code == 422
    retry = form_post(
        pending_tokens=failed.context["pending_tokens"],
        identity_given="", identity_family="", identity_dob="",
        **{"f-gender": "male"},
    )  # fmt: skip
    assert client.post(reverse("cases:create"), retry).status_code == 302
    client.post(reverse("cases:create"), form_post(client_code="NL-8", **{"f-gender": "male"}))
    corrected, direct = (Case.objects.get(client_code=c) for c in ("NL-7", "NL-8"))
    assert corrected.data["gender"] == "male"
    assert corrected.linkage_tokens == direct.linkage_tokens


def test_an_edit_without_its_version_is_refused_and_changes_nothing(personas: Personas) -> None:
    case = make_case(personas.caseworker_a)
    post = form_post(client_code=case.client_code, **{"f-gender": "male"})
    response = personas.client_for(personas.caseworker_a).post(
        reverse("cases:edit", args=[case.pk]), post
    )
    assert response.status_code == 400
    assert "did not say which version" in response.content.decode()
    case.refresh_from_db()
    assert case.data["gender"] == "female" and case.version == 1


def test_the_same_person_typed_differently_gets_the_same_token(personas: Personas) -> None:
    client = personas.client_for(personas.caseworker_a)
    client.post(reverse("cases:create"), form_post())
    client.post(
        reverse("cases:create"),
        form_post(client_code="NL-9", identity_given="BLESSING", identity_family="okonkwo zyx",
                  identity_dob="2001-02-14"),
    )  # fmt: skip
    first, second = (Case.objects.get(client_code=c) for c in ("NL-7", "NL-9"))
    assert first.linkage_tokens[1] == second.linkage_tokens[1]  # the any-order level


def test_a_validation_error_is_shown_next_to_its_field_and_fixed(personas: Personas) -> None:
    case = make_case(personas.caseworker_a)
    client = personas.client_for(personas.caseworker_a)
    url = reverse("cases:edit", args=[case.pk])
    bad = form_post(
        client_code=case.client_code, version=case.version, **{"f-age_at_identification": "40"}
    )
    response = client.post(url, bad)
    assert response.status_code == 422
    assert "does not fall in the age band 21–23" in response.content.decode()
    case.refresh_from_db()
    assert case.version == 1
    good = form_post(
        client_code=case.client_code, version=case.version, **{"f-age_at_identification": "22"}
    )
    assert client.post(url, good).status_code == 302
    case.refresh_from_db()
    assert case.version == 2 and case.data["age_at_identification"] == 22


def test_a_second_concurrent_save_is_refused_not_lost(personas: Personas) -> None:
    case = make_case(personas.caseworker_a)
    url = reverse("cases:edit", args=[case.pk])
    first = personas.client_for(personas.caseworker_a)
    second = personas.client_for(personas.data_officer_a)
    opened_version = case.version
    ok = first.post(
        url, form_post(client_code=case.client_code, version=opened_version, **{"f-gender": "male"})
    )
    assert ok.status_code == 302
    late = second.post(
        url,
        form_post(client_code=case.client_code, version=opened_version, **{"f-gender": "unknown"}),
    )
    assert late.status_code == 409
    assert "after you opened it" in late.content.decode()
    case.refresh_from_db()
    assert case.data["gender"] == "male" and case.version == 2


def test_a_duplicate_client_code_is_refused_with_a_message(personas: Personas) -> None:
    make_case(personas.caseworker_a, "NL-7")
    response = personas.client_for(personas.caseworker_a).post(reverse("cases:create"), form_post())
    assert response.status_code == 422
    assert "already has this client code" in response.content.decode()
    assert Case.objects.filter(client_code="NL-7").count() == 1


def test_a_client_code_that_looks_like_a_name_is_refused(personas: Personas) -> None:
    response = personas.client_for(personas.caseworker_a).post(
        reverse("cases:create"), form_post(client_code="Maria Popescu")
    )
    assert response.status_code == 422
    assert Case.objects.count() == 0


def test_the_record_page_shows_labels_and_history_and_is_audited(personas: Personas) -> None:
    client = personas.client_for(personas.caseworker_a)
    client.post(reverse("cases:create"), form_post())
    case = Case.objects.get()
    response = client.get(reverse("cases:detail", args=[case.pk]))
    content = response.content.decode()
    assert "Forced criminal activities" in content
    assert "Created" in content and personas.caseworker_a.username in content
    assert AuditEntry.objects.filter(action=Action.READ, object_id=str(case.pk)).count() == 1


def test_a_data_officer_erases_a_record_and_the_audit_keeps_only_the_fact(
    personas: Personas,
) -> None:
    case = make_case(personas.caseworker_a)
    response = personas.client_for(personas.data_officer_a).post(
        reverse("cases:delete", args=[case.pk])
    )
    assert response.status_code == 302
    assert not Case.objects.filter(pk=case.pk).exists()
    entry = AuditEntry.objects.get(action=Action.DELETE)
    assert entry.object_id == str(case.pk) and entry.detail == {}


def test_the_list_filters_on_any_field_of_the_standard(personas: Personas) -> None:
    make_case(personas.caseworker_a, "LAB-1", exploitation_forms=["labour"])
    make_case(personas.caseworker_a, "CHILD-1", exploitation_forms=["child_labour"])
    make_case(personas.caseworker_a, "SEX-1", exploitation_forms=["sexual"], gender="male")
    client = personas.client_for(personas.caseworker_a)
    labour = client.get(reverse("cases:list"), {"f.exploitation_forms": "labour"}).content
    assert b"LAB-1" in labour and b"CHILD-1" not in labour and b"SEX-1" not in labour
    male = client.get(reverse("cases:list"), {"f.gender": "male"}).content
    assert b"SEX-1" in male and b"LAB-1" not in male
    prefix = client.get(reverse("cases:list"), {"q": "ch"}).content
    assert b"CHILD-1" in prefix and b"LAB-1" not in prefix


def test_a_record_missing_a_needed_field_is_worded_the_same_on_every_page(
    personas: Personas,
) -> None:
    case = make_case(personas.caseworker_a, "NL-20", gender=None)
    assert case.missing_count == 1 and 0 < case.completeness < 100
    client = personas.client_for(personas.caseworker_a)
    wording = "1 field needed for completeness"
    for url in ("/", reverse("cases:list"), reverse("cases:detail", args=[case.pk])):
        assert wording in client.get(url).content.decode(), url
    make_case(personas.caseworker_a, "NL-21")
    complete = Case.objects.get(client_code="NL-21")
    assert (complete.missing_count, complete.completeness) == (0, 100)
