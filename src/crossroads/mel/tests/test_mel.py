"""The network's MEL: the log frame, indicators computed from what Crossroads records,
activities of members and the secretariat, learning notes, and the yearly report."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from crossroads.accounts.models import Organisation, Role
from crossroads.audit.models import AuditEntry
from crossroads.bodies.models import Contribution, Round
from crossroads.exchange.models import Status, Submission, SubmissionEvent
from crossroads.mel.models import Activity, FocusArea, Indicator, LearningNote, Objective
from crossroads.testing import Personas, agree, make_user

YEAR = 2024


def _activity(**changes: Any) -> dict[str, Any]:
    values = {
        "kind": "training",
        "title": "Training of labour inspectors on indicators of exploitation",
        "started_on": f"{YEAR}-03-18",
        "participants": "26",
        "outputs": "Inspectors of two regions trained; a referral checklist agreed.",
    }
    values.update(changes)
    return values


def _plan(personas: Personas, measure: str, target: str) -> Indicator:
    client = personas.client_for(personas.analyst)
    client.post(reverse("mel:plan_new", args=["objective"]), {"code": "1", "title": "Data"})
    objective = Objective.objects.get(code="1")
    client.post(
        reverse("mel:plan_new", args=["area"]),
        {"objective": objective.pk, "code": "1.1", "title": "Timely exchange"},
    )
    area = FocusArea.objects.get(code="1.1")
    client.post(
        reverse("mel:plan_new", args=["indicator"]),
        {"area": area.pk, "measure": measure, "target": target, "note": "Submission dates"},
    )
    return Indicator.objects.get(area=area, measure=measure)


def _submission(
    organisation: Organisation, version: int, status: str, at: datetime | None
) -> Submission:
    return Submission.objects.create(
        organisation=organisation,
        year=YEAR,
        version=version,
        status=status,
        standard_version="1.0",
        catalogue_version="1.0",
        built_at=timezone.now(),
        released={},
        submitted_at=at,
    )


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def test_the_secretariat_sets_up_the_log_frame_through_the_pages(personas: Personas) -> None:
    indicator = _plan(personas, "members_on_time", "80")
    assert indicator.target == 80.0 and indicator.area.objective.title == "Data"
    kinds = set(
        AuditEntry.objects.filter(object_type__startswith="mel_").values_list(
            "object_type", flat=True
        )
    )
    assert kinds == {"mel_objective", "mel_focusarea", "mel_indicator"}
    page = personas.client_for(personas.analyst).get(reverse("mel:logframe")).content.decode()
    assert "Members submitting their tables on time" in page and "target 80 %" in page
    twice = personas.client_for(personas.analyst).post(
        reverse("mel:plan_new", args=["indicator"]),
        {"area": indicator.area_id, "measure": "members_on_time", "target": "90"},
    )
    assert "already has an indicator of this" in twice.content.decode()
    assert Indicator.objects.count() == 1


@pytest.mark.parametrize("name", ["caseworker_a", "caseworker_b", "data_officer_a", "org_admin_a"])
def test_only_the_secretariat_changes_the_plan(personas: Personas, name: str) -> None:
    client = personas.client_for(getattr(personas, name))
    response = client.post(reverse("mel:plan_new", args=["objective"]), {"code": "9", "title": "X"})
    assert response.status_code == 404
    assert client.get(reverse("mel:logframe")).status_code == 404
    assert not Objective.objects.exists()


def test_caseworkers_and_outsiders_do_not_reach_the_report(personas: Personas) -> None:
    assert personas.client_for(personas.caseworker_a).get(reverse("mel:report")).status_code == 404
    outsider = personas.client_for(None).get(reverse("mel:report"))
    assert outsider.status_code == 302 and "sign-in" in outsider["Location"]
    for user in (personas.data_officer_a, personas.org_admin_a, personas.analyst):
        assert personas.client_for(user).get(reverse("mel:report")).status_code == 200


def test_the_report_computes_timeliness_and_corrections_from_the_exchange(
    personas: Personas,
) -> None:
    """A: on time (deadline 31 March of the next year), returned once, corrected and
    accepted. B: late. A third member with an agreement submitted nothing."""
    third = Organisation.objects.create(code="c", name="C", country="DEU", kind="member")
    for organisation in (personas.org_a, personas.org_b, third):
        agree(personas.analyst, organisation)
    returned = _submission(personas.org_a, 1, Status.RETURNED, _at(date(YEAR + 1, 2, 1)))
    SubmissionEvent.objects.create(submission=returned, kind=SubmissionEvent.Kind.RETURNED)
    _submission(personas.org_a, 2, Status.ACCEPTED, _at(date(YEAR + 1, 3, 20)))
    _submission(personas.org_b, 1, Status.SUBMITTED, _at(date(YEAR + 1, 4, 2)))
    _plan(personas, "members_on_time", "80")
    client = personas.client_for(personas.analyst)
    area = FocusArea.objects.get()
    client.post(
        reverse("mel:plan_new", args=["indicator"]),
        {"area": area.pk, "measure": "returned_corrected", "target": "90"},
    )
    page = client.get(reverse("mel:report"), {"year": YEAR}).content.decode()
    on_time, corrected = page.split("Members submitting their tables on time")[1].split(
        "Returned submissions corrected and accepted"
    )
    assert "33 %" in on_time and "1 / 3" in on_time and "Below target" in on_time
    assert "Late: 1" in on_time and "Not submitted: 1" in on_time
    assert "100 %" in corrected and "Target met" in corrected
    assert AuditEntry.objects.filter(object_type="mel_report", action="read").exists()


def test_the_report_counts_monitoring_body_contributions_and_rounds(personas: Personas) -> None:
    answered = Round.objects.create(body="greta", country="NLD", title="Fourth round",
                                    deadline=date(YEAR, 6, 1))  # fmt: skip
    Round.objects.create(body="upr", country="DEU", title="Fifth cycle", deadline=date(YEAR, 9, 1))
    Contribution.objects.create(round=answered, organisation=personas.org_a, kind="written",
                                summary="Compensation", made_on=date(YEAR, 5, 20))  # fmt: skip
    indicator = _plan(personas, "rounds_contributed", "75")
    client = personas.client_for(personas.analyst)
    client.post(
        reverse("mel:plan_new", args=["indicator"]),
        {"area": indicator.area_id, "measure": "body_contributions", "target": "1"},
    )
    page = client.get(reverse("mel:report"), {"year": YEAR}).content.decode()
    rounds, contributions = page.split("Monitoring-body rounds with a network contribution")[
        1
    ].split("Contributions to monitoring bodies")
    assert "50 %" in rounds and "Below target" in rounds
    assert "Target met" in contributions and "GRETA" in contributions


def test_members_record_their_activities_and_the_report_counts_them(personas: Personas) -> None:
    _plan(personas, "trainings", "2")
    client = personas.client_for(personas.data_officer_a)
    response = client.post(reverse("mel:activity_new"), _activity(countries=["NLD"]), follow=True)
    assert "Activity recorded." in response.content.decode()
    activity = Activity.objects.get()
    assert activity.organisation == personas.org_a and not activity.by_secretariat
    assert activity.countries == ["NLD"] and activity.recorded_by == personas.data_officer_a
    secretariat = personas.client_for(personas.analyst)
    secretariat.post(reverse("mel:activity_new"), _activity(title="Annual meeting", kind="meeting"))
    assert Activity.objects.get(title="Annual meeting").by_secretariat
    page = secretariat.get(reverse("mel:report"), {"year": YEAR}).content.decode()
    trainings = page.split("Trainings held")[1]
    assert "Below target" in trainings.split("</tr>")[0]
    assert "By members: 1" in trainings
    assert AuditEntry.objects.filter(object_type="mel_activity", action="create").count() == 2


def test_an_activity_is_changed_only_by_its_organisation(personas: Personas) -> None:
    officer_b = make_user("officer_b", Role.DATA_OFFICER, personas.org_b)
    personas.client_for(personas.data_officer_a).post(reverse("mel:activity_new"), _activity())
    activity = Activity.objects.get()
    url = reverse("mel:activity", args=[activity.pk])
    other = personas.client_for(officer_b)
    assert other.get(url).status_code == 404
    assert other.get(reverse("mel:activity", args=[99_999])).status_code == 404
    assert other.post(reverse("mel:activity_delete", args=[activity.pk])).status_code == 404
    analyst = personas.client_for(personas.analyst)
    read = analyst.post(url, _activity(title="Changed by the secretariat"))
    assert read.status_code == 200 and "<form" not in read.content.decode().split("<main")[1]
    assert analyst.post(reverse("mel:activity_delete", args=[activity.pk])).status_code == 404
    activity.refresh_from_db()
    assert activity.title.startswith("Training of labour inspectors")
    own = personas.client_for(personas.org_admin_a)
    own.post(url, _activity(title="Training of labour inspectors, second group"))
    activity.refresh_from_db()
    assert activity.title == "Training of labour inspectors, second group"
    own.post(reverse("mel:activity_delete", args=[activity.pk]))
    assert not Activity.objects.exists()


def test_an_activity_naming_a_person_or_ending_before_it_starts_is_refused(
    personas: Personas,
) -> None:
    client = personas.client_for(personas.data_officer_a)
    named = client.post(
        reverse("mel:activity_new"),
        _activity(outputs="Mr Jansen of the inspectorate opened the training."),
    )
    assert "looks like personal data" in named.content.decode()
    backwards = client.post(reverse("mel:activity_new"), _activity(ended_on=f"{YEAR}-01-01"))
    assert "cannot end before it starts" in backwards.content.decode()
    assert not Activity.objects.exists()


def test_learning_notes_are_the_secretariats_and_appear_in_the_report(personas: Personas) -> None:
    note = {
        "year": YEAR,
        "title": "Peer visits change practice",
        "observed": "Members that visited each other's shelters changed house rules.",
        "learned": "Seeing a practice at work convinces staff more than a guideline.",
        "change": "Two peer visits a year are budgeted.",
    }
    refused = personas.client_for(personas.data_officer_a).post(reverse("mel:note_new"), note)
    assert refused.status_code == 404
    client = personas.client_for(personas.analyst)
    client.post(reverse("mel:note_new"), note)
    assert LearningNote.objects.get().written_by == personas.analyst
    page = personas.client_for(personas.data_officer_a).get(reverse("mel:report"), {"year": YEAR})
    assert "Peer visits change practice" in page.content.decode()
    assert "Change the plan" not in page.content.decode()


def test_the_yearly_report_downloads_as_a_pdf(personas: Personas) -> None:
    _plan(personas, "trainings", "2")
    personas.client_for(personas.data_officer_a).post(reverse("mel:activity_new"), _activity())
    response = personas.client_for(personas.analyst).get(reverse("mel:report_pdf", args=[YEAR]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"mel-report-{YEAR}.pdf" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(object_type="mel_report", action="export").exists()
    assert (
        personas.client_for(personas.analyst)
        .get(reverse("mel:report_pdf", args=[1990]))
        .status_code
        == 404
    )
