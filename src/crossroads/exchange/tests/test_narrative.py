"""The narrative beside the tables: filled, previewed, submitted, returned, corrected, accepted."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from crossroads.audit.models import AuditEntry
from crossroads.codebook.questionnaire import load_questionnaire
from crossroads.exchange.models import Narrative, Status, Submission, SubmissionEvent
from crossroads.exchange.services import drafts, files
from crossroads.exchange.services import submissions as services
from crossroads.exchange.tests.conftest import add_records
from crossroads.testing import Personas

YEAR = 2024
SITUATION = {
    "right": "R6",
    "kind": "law",
    "direction": "better",
    "description": "Since March a state fund pays compensation when the offender cannot.",
    "sources": "Act of 12 March on the compensation fund, article 4",
}
RECOMMENDATION = {
    "addressee": "government",
    "right": "R4",
    "text": "Grant residence permits without requiring cooperation with the police.",
}


def narrative_post(sections: dict[str, list[dict[str, Any]]], revision: int) -> dict[str, Any]:
    """The form data of the narrative page holding ``sections`` (and a blank entry each)."""
    data: dict[str, Any] = {"revision": revision}
    for section in load_questionnaire().sections:
        listed = sections.get(section.code, [])
        data[f"{section.code}-TOTAL_FORMS"] = len(listed) + 1
        data[f"{section.code}-INITIAL_FORMS"] = len(listed)
        data[f"{section.code}-MIN_NUM_FORMS"] = 0
        data[f"{section.code}-MAX_NUM_FORMS"] = section.max_entries
        for number, entry in enumerate(listed):
            for key, value in entry.items():
                data[f"{section.code}-{number}-{key}"] = value
    return data


def save(client: Client, sections: dict[str, list[dict[str, Any]]], revision: int) -> Any:
    url = reverse("exchange:narrative", args=[YEAR])
    return client.post(url, narrative_post(sections, revision), follow=True)


@pytest.fixture
def with_records(agreed: Personas) -> Personas:
    add_records(agreed.data_officer_a, 12)
    return agreed


def test_a_narrative_is_submitted_returned_corrected_and_accepted_with_its_history(
    with_records: Personas,
) -> None:
    people = with_records
    officer = people.client_for(people.data_officer_a)
    analyst = people.client_for(people.analyst)
    page = save(officer, {"situation": [SITUATION]}, 0)
    assert "Narrative saved." in page.content.decode()
    first = drafts.build_draft(people.data_officer_a, YEAR)
    preview = officer.get(reverse("exchange:submission", args=[first.pk])).content.decode()
    assert "a state fund pays compensation" in preview
    officer.post(reverse("exchange:submit", args=[first.pk]))
    first.refresh_from_db()
    assert first.status == Status.SUBMITTED
    assert first.narrative["sections"]["situation"][0]["right"] == "R6"
    seen = analyst.get(reverse("exchange:submission", args=[first.pk])).content.decode()
    assert "a state fund pays compensation" in seen and "Compensation" in seen

    comment = "Add your recommendations to the state."
    analyst.post(reverse("exchange:return", args=[first.pk]), {"comment": comment})
    first.refresh_from_db()
    assert first.status == Status.RETURNED

    page = save(officer, {"situation": [SITUATION], "recommendations": [RECOMMENDATION]}, 1)
    assert "Narrative saved." in page.content.decode()
    second = drafts.build_draft(people.data_officer_a, YEAR)
    assert second.version == 2
    officer.post(reverse("exchange:submit", args=[second.pk]))
    analyst.post(reverse("exchange:accept", args=[second.pk]), {"comment": ""})
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.status == Status.ACCEPTED
    assert second.narrative["sections"]["recommendations"] == [RECOMMENDATION]
    assert "recommendations" not in first.narrative["sections"]  # v1 keeps what it said
    history = [e.kind for e in SubmissionEvent.objects.filter(submission__year=YEAR)]
    assert history == ["built", "submitted", "returned", "built", "submitted", "accepted"]
    assert first.events.get(kind="returned").comment == comment
    accepted = analyst.get(reverse("exchange:submission", args=[second.pk])).content.decode()
    assert "without requiring cooperation with the police" in accepted
    assert AuditEntry.objects.filter(object_type="narrative", action="update").exists()


def test_a_name_and_a_phone_number_block_submission_and_say_where(
    with_records: Personas,
) -> None:
    people = with_records
    officer = people.client_for(people.data_officer_a)
    leaky = dict(
        SITUATION,
        description="The inspector Maria Petrova (+31 6 1234 5678) now visits farms weekly.",
    )
    page = save(officer, {"situation": [leaky]}, 0).content.decode()
    assert "2 passages look like personal data" in page
    assert "National situation, entry 1, What changed" in page
    draft = drafts.build_draft(people.data_officer_a, YEAR)
    shown = officer.get(reverse("exchange:submission", args=[draft.pk])).content.decode()
    assert "Submission is blocked" in shown and "looks like a phone number" in shown
    with pytest.raises(services.SubmissionError, match="looks like a person's name"):
        services.submit(people.data_officer_a, draft)
    officer.post(reverse("exchange:submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    save(officer, {"situation": [SITUATION]}, 1)
    assert services.submit(people.data_officer_a, draft).status == Status.SUBMITTED


def test_a_filled_entry_needs_its_required_answers_and_nothing_is_saved_otherwise(
    agreed: Personas,
) -> None:
    officer = agreed.client_for(agreed.data_officer_a)
    page = save(officer, {"situation": [{"right": "R2"}]}, 0).content.decode()
    assert "Required in a filled entry." in page
    assert not Narrative.objects.exists()


def test_a_save_based_on_an_older_revision_is_refused(agreed: Personas) -> None:
    officer = agreed.client_for(agreed.data_officer_a)
    save(officer, {"situation": [SITUATION]}, 0)
    page = save(officer, {"recommendations": [RECOMMENDATION]}, 0).content.decode()
    assert "saved this narrative after you opened it" in page
    narrative = Narrative.objects.get()
    assert narrative.revision == 1 and "recommendations" not in narrative.answers["sections"]


def test_the_narrative_page_is_for_the_members_data_officers_only(agreed: Personas) -> None:
    url = reverse("exchange:narrative", args=[YEAR])
    save(agreed.client_for(agreed.data_officer_a), {"situation": [SITUATION]}, 0)
    for persona in (agreed.caseworker_a, agreed.analyst):
        assert agreed.client_for(persona).get(url).status_code == 403
    other = agreed.client_for(agreed.caseworker_b).get(url)
    assert other.status_code == 403
    outsider = agreed.client_for(None).get(url)
    assert outsider.status_code == 302 and reverse("accounts:login") in outsider["Location"]
    assert agreed.client_for(agreed.data_officer_a).get(url).status_code == 200
    assert (
        agreed.client_for(agreed.data_officer_a)
        .get(reverse("exchange:narrative", args=[1900]))
        .status_code
        == 404
    )


def test_the_narrative_leaves_in_the_signed_file_and_its_checksum(
    with_records: Personas,
) -> None:
    people = with_records
    save(people.client_for(people.data_officer_a), {"situation": [SITUATION]}, 0)
    draft = drafts.build_draft(people.data_officer_a, YEAR)
    submitted = services.submit(people.data_officer_a, draft)
    document = json.loads(files.signed_document(submitted))
    assert document["payload"]["narrative"] == submitted.narrative
    without = services.covered_payload({**document["payload"], "narrative": {}})
    assert "narrative" not in without  # versions without narrative keep their checksum
    with_it = services.covered_payload(document["payload"])
    assert with_it["narrative"]["sections"]["situation"][0]["kind"] == "law"


def test_a_draft_without_narrative_leaves_as_before(with_records: Personas) -> None:
    draft = drafts.build_draft(with_records.data_officer_a, YEAR)
    assert draft.narrative == {}
    assert "narrative" not in services.leaving_payload(draft)
    assert services.submit(with_records.data_officer_a, draft).status == Status.SUBMITTED
    assert Submission.objects.get(pk=draft.pk).narrative == {}


def test_every_label_of_the_questionnaire_exists_in_every_language_of_the_interface() -> None:
    questionnaire = load_questionnaire()
    for code, _name in settings.LANGUAGES:
        assert questionnaire.title.values[code]
        for section in questionnaire.sections:
            assert section.label.values[code] and section.help.values[code]
            for item in section.items:
                assert item.label.values[code]
                assert all(c.label.values[code] for c in item.choices)


def test_the_narrative_page_speaks_the_readers_language_from_title_to_summary(
    agreed: Personas,
) -> None:
    questionnaire = load_questionnaire()
    client = agreed.client_for(agreed.data_officer_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(reverse("exchange:narrative", args=[YEAR])).content.decode()
    for text in (questionnaire.title, questionnaire.summary, questionnaire.guidance):
        assert escape(text.get("fr")) in page
        assert escape(text.get("en")) not in page
