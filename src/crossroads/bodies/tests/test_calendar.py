"""The calendar of monitoring bodies: rounds, contributions, who reaches what, reminders."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from crossroads.bodies import reminders, services
from crossroads.bodies.models import Contribution, Reminder, Round, Stage
from crossroads.tasks import registry
from crossroads.testing import Personas

TODAY = date(2026, 3, 2)


def values(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "body": "greta",
        "country": "NLD",
        "title": "Fourth evaluation round",
        "opens_on": date(2026, 1, 15),
        "deadline": date(2026, 4, 1),
        "event_on": date(2026, 6, 10),
        "event": "Country visit",
        "stage": Stage.OPEN,
        "lead": None,
        "notes": "",
        "source_url": "",
    }
    return {**base, **changes}


@pytest.fixture
def round_(personas: Personas) -> Round:
    return services.create_round(personas.analyst, values(lead=personas.org_a))


def test_an_analyst_adds_a_round_through_the_form_and_it_shows_in_the_calendar(
    personas: Personas,
) -> None:
    analyst = personas.client_for(personas.analyst)
    deadline = timezone.localdate() + timedelta(days=10)
    response = analyst.post(
        reverse("bodies:round_new"),
        {
            "body": "cedaw",
            "country": "FRA",
            "title": "Tenth periodic report",
            "deadline": deadline.isoformat(),
            "stage": "open",
        },
    )
    item = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "bodies:round", args=[item.pk]
    )
    page = personas.client_for(personas.data_officer_a).get(reverse("bodies:calendar"))
    text = page.content.decode()
    assert "Tenth periodic report" in text and "CEDAW" in text and "France" in text
    assert "10 days left" in text


def test_the_calendar_lists_only_what_is_ahead_unless_asked_for_the_past(
    personas: Personas,
) -> None:
    today = timezone.localdate()
    services.create_round(
        personas.analyst,
        values(
            title="Old round",
            deadline=today - timedelta(days=400),
            opens_on=None,
            event_on=None,
            event="",
        ),
    )
    services.create_round(
        personas.analyst,
        values(title="Next round", deadline=today + timedelta(days=40), opens_on=None),
    )
    client = personas.client_for(personas.analyst)
    ahead = client.get(reverse("bodies:calendar")).content.decode()
    assert "Next round" in ahead and "Old round" not in ahead
    everything = client.get(reverse("bodies:calendar") + "?past=on").content.decode()
    assert "Old round" in everything and "passed" in everything


def test_members_read_the_calendar_but_only_analysts_change_it(
    personas: Personas, round_: Round
) -> None:
    for persona in (personas.caseworker_a, personas.data_officer_a, personas.caseworker_b):
        client = personas.client_for(persona)
        assert client.get(reverse("bodies:calendar")).status_code == 200
        assert client.get(reverse("bodies:round", args=[round_.pk])).status_code == 200
        assert client.get(reverse("bodies:round_new")).status_code == 403
        assert client.get(reverse("bodies:round_edit", args=[round_.pk])).status_code == 403
        assert client.post(reverse("bodies:round_delete", args=[round_.pk])).status_code == 403
    outsider = personas.client_for(None)
    for name, args in (
        ("bodies:calendar", []),
        ("bodies:register", []),
        ("bodies:round", [round_.pk]),
    ):
        response = outsider.get(reverse(name, args=args))
        assert response.status_code == 302 and "/accounts/" in response["Location"]
    missing = personas.client_for(personas.analyst).get(
        reverse("bodies:round", args=[round_.pk + 1])
    )
    assert missing.status_code == 404
    assert Round.objects.filter(pk=round_.pk).exists()


def test_a_call_published_after_its_deadline_is_refused_with_the_field(personas: Personas) -> None:
    with pytest.raises(services.CalendarError) as error:
        services.create_round(personas.analyst, values(opens_on=date(2026, 5, 1)))
    assert error.value.field == "opens_on"
    assert not Round.objects.exists()


def test_notes_that_look_like_personal_data_are_refused(personas: Personas) -> None:
    with pytest.raises(services.CalendarError) as error:
        services.create_round(
            personas.analyst, values(notes="Call the desk officer on +31 6 1234 5678.")
        )
    assert error.value.field == "notes" and "+31 6 1234 5678" in error.value.message


def test_a_round_changed_in_between_is_not_overwritten(personas: Personas, round_: Round) -> None:
    services.update_round(personas.analyst, round_, values(stage=Stage.SUBMITTED), based_on=1)
    with pytest.raises(services.CalendarError):
        services.update_round(personas.analyst, round_, values(notes="Late edit"), based_on=1)
    round_.refresh_from_db()
    assert round_.stage == Stage.SUBMITTED and round_.notes == "" and round_.version == 2


def test_a_member_records_its_contribution_and_only_it_removes_it(
    personas: Personas, round_: Round
) -> None:
    officer = personas.client_for(personas.data_officer_a)
    url = reverse("bodies:round", args=[round_.pk])
    response = officer.post(
        url,
        {"kind": "written", "summary": "Answers to the NGO questionnaire", "made_on": "2026-02-20"},
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.organisation == personas.org_a
    page = personas.client_for(personas.analyst).get(url).content.decode()
    assert "Organisation A" in page and "Answers to the NGO questionnaire" in page
    delete = reverse("bodies:contribution_delete", args=[contribution.pk])
    assert personas.client_for(personas.analyst).post(delete).status_code == 404
    assert (
        personas.client_for(personas.caseworker_a).post(url, {"kind": "written"}).status_code == 403
    )
    assert officer.post(delete).status_code == 302
    assert not Contribution.objects.exists()


def reminded() -> dict[str, str]:
    return {message.to[0]: str(message.subject) for message in mail.outbox}


@pytest.fixture
def addresses(personas: Personas) -> None:
    for persona, address in (
        (personas.analyst, "analyst@example.org"),
        (personas.data_officer_a, "officer@example.org"),
        (personas.caseworker_a, "caseworker@example.org"),
    ):
        persona.email = address
        persona.save()


def test_reminders_go_to_the_secretariat_and_the_lead_30_7_and_1_days_before_once_each(
    personas: Personas, round_: Round, addresses: None
) -> None:
    deadline = round_.deadline
    assert reminders.send_due(deadline - timedelta(days=31)) == 0
    assert reminders.send_due(deadline - timedelta(days=30)) == 1
    assert set(reminded()) == {"analyst@example.org", "officer@example.org"}
    assert (
        reminded()["analyst@example.org"] == "GRETA, Netherlands: 30 days left before the deadline"
    )
    assert reminders.send_due(deadline - timedelta(days=29)) == 0
    assert reminders.send_due(deadline - timedelta(days=7)) == 1
    assert reminders.send_due(deadline - timedelta(days=7)) == 0
    assert reminders.send_due(deadline - timedelta(days=1)) == 1
    assert len(mail.outbox) == 6
    assert sorted(Reminder.objects.values_list("days_before", flat=True)) == [1, 7, 30]


def test_a_round_added_close_to_its_deadline_gets_only_the_nearest_reminder(
    personas: Personas, addresses: None
) -> None:
    services.create_round(
        personas.analyst, values(deadline=TODAY + timedelta(days=5), opens_on=None)
    )
    assert reminders.send_due(TODAY) == 1
    assert list(Reminder.objects.values_list("days_before", flat=True)) == [7]
    assert reminders.send_due(TODAY + timedelta(days=1)) == 0


def test_a_submitted_round_is_not_reminded_and_a_moved_deadline_is_reminded_again(
    personas: Personas, round_: Round, addresses: None
) -> None:
    assert reminders.send_due(round_.deadline - timedelta(days=7)) == 1
    later = round_.deadline + timedelta(days=14)
    services.update_round(
        personas.analyst, round_, values(deadline=later, lead=personas.org_a), based_on=1
    )
    assert reminders.send_due(later - timedelta(days=7)) == 1
    services.update_round(
        personas.analyst, round_, values(deadline=later, stage=Stage.SUBMITTED), based_on=2
    )
    assert reminders.send_due(later - timedelta(days=1)) == 0


def test_the_reminders_run_as_a_periodic_task() -> None:
    periods = {task.name: every for task, every in registry.periodic_tasks()}
    assert periods["bodies.remind"] <= timedelta(days=1)


def test_the_register_lists_the_bodies_with_their_rounds_ahead(
    personas: Personas,
) -> None:
    services.create_round(
        personas.analyst, values(deadline=timezone.localdate() + timedelta(days=3), opens_on=None)
    )
    page = (
        personas.client_for(personas.data_officer_a)
        .get(reverse("bodies:register"))
        .content.decode()
    )
    for short in ("GRETA", "CEDAW", "UPR", "EU ATC", "National rapporteur"):
        assert short in page


def test_what_happens_after_the_deadline_shows_even_before_its_date_is_known(
    personas: Personas,
) -> None:
    item = services.create_round(
        personas.analyst,
        values(deadline=timezone.localdate() + timedelta(days=20), opens_on=None, event_on=None),
    )
    client = personas.client_for(personas.analyst)
    for name, args in (("bodies:calendar", []), ("bodies:round", [item.pk])):
        text = client.get(reverse(name, args=args)).content.decode()
        assert "Country visit" in text, name


def test_the_forms_of_the_calendar_offer_a_dash_for_no_choice(
    personas: Personas, round_: Round
) -> None:
    pages = [
        personas.client_for(personas.analyst).get(reverse("bodies:round_new")),
        personas.client_for(personas.data_officer_a).get(reverse("bodies:round", args=[round_.pk])),
    ]
    for page in pages:
        text = page.content.decode()
        assert '<option value="" selected>—</option>' in text and "---------" not in text
