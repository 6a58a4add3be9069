"""A report from the public form to the caseworker's reply and back to the reporter."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crossroads.reporting.models import Report, Status
from crossroads.reporting.tests.helpers import (
    ORG_PASSPHRASE,
    REPORTER_PASSPHRASE,
    SECRET_TEXT,
    file_report,
    form_data,
    open_point,
    unlock,
)
from crossroads.testing import Personas


@pytest.fixture
def points(personas: Personas) -> Personas:
    open_point(personas.org_admin_a, personas.org_a, ["NLD"], ["labour", "sexual"])
    from crossroads.accounts.models import Role
    from crossroads.testing import make_user

    admin_b = make_user("admin-b", Role.ORG_ADMIN, personas.org_b)
    open_point(admin_b, personas.org_b, ["DEU"])
    return personas


def test_the_public_form_needs_no_account_and_sets_no_cookie_but_csrfs(points: Personas) -> None:
    client = Client()
    response = client.get(reverse("report:network"))
    assert response.status_code == 200
    assert set(response.cookies) <= {"csrftoken"}
    assert "sessionid" not in client.cookies
    assert response["Cache-Control"] == "no-store"


def test_the_public_form_offers_the_kinds_of_exploitation_in_the_visitors_language(
    points: Personas,
) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="fr").get(reverse("report:network"))
    page = response.content.decode()
    assert "Travail forcé ou non payé" in page
    assert "Forced work or unpaid work" not in page


def test_a_report_is_routed_by_country_to_the_member_that_takes_it(points: Personas) -> None:
    file_report(country="DEU")
    file_report(country="NLD")
    assert Report.objects.get(country="DEU").organisation == points.org_b
    assert Report.objects.get(country="NLD").organisation == points.org_a


def test_a_report_nobody_takes_goes_to_the_network_fallback_or_is_refused_clearly(
    points: Personas,
) -> None:
    response = Client().post(reverse("report:network"), form_data(country="FRA"))
    assert (
        "No member of the network takes reports for this country yet" in response.content.decode()
    )
    assert not Report.objects.exists()
    from crossroads.reporting.services import keys

    point = keys.point_for(points.org_b)
    keys.update_point(points.caseworker_b, point, network_fallback=True)
    file_report(country="FRA")
    assert Report.objects.get(country="FRA").organisation == points.org_b


def test_a_members_own_form_sends_every_report_to_that_member(points: Personas) -> None:
    url = reverse("report:organisation", args=["org-a"])
    file_report(url=url, country="DEU")
    assert Report.objects.get().organisation == points.org_a


def test_a_closed_or_unknown_reporting_point_is_not_found(points: Personas) -> None:
    assert Client().get(reverse("report:organisation", args=["secretariat"])).status_code == 404
    assert Client().get(reverse("report:organisation", args=["nobody"])).status_code == 404


def test_missing_answers_are_named_and_nothing_is_stored(points: Personas) -> None:
    response = Client().post(
        reverse("report:network"), form_data(kinds=[], passphrase_again="different words")
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"kinds", "passphrase_again"}
    assert not Report.objects.exists()


def test_someone_in_danger_sees_the_emergency_numbers_first_after_sending(
    points: Personas,
) -> None:
    response = Client().post(reverse("report:network"), form_data(in_danger="yes", country="DEU"))
    page = response.content.decode()
    assert page.index("110") < page.index("receipt code")
    assert "112" in page


def test_caseworker_unlocks_triages_and_replies_and_the_reporter_reads_the_reply(
    points: Personas,
) -> None:
    receipt = file_report()
    report = Report.objects.get()
    staff = points.client_for(points.caseworker_a)
    locked = staff.get(reverse("reporting:detail", args=[report.pk]))
    assert SECRET_TEXT not in locked.content.decode()
    wrong = staff.post(reverse("reporting:unlock"), {"passphrase": "not the passphrase at all"})
    assert wrong.status_code == 302
    assert (
        SECRET_TEXT not in staff.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    )
    unlock(staff)
    page = staff.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    assert SECRET_TEXT in page and "They keep the passport or ID card" in page
    staff.post(reverse("reporting:status", args=[report.pk]), {"status": "in_progress"})
    staff.post(
        reverse("reporting:reply", args=[report.pk]),
        {"text": "We can meet you. Write when it is safe."},
    )
    report.refresh_from_db()
    assert report.status == Status.IN_PROGRESS and report.unread_by_reporter

    reporter = Client()
    back = reporter.post(
        reverse("report:return"), {"receipt": receipt, "passphrase": REPORTER_PASSPHRASE}
    )
    text = back.content.decode()
    assert "We can meet you. Write when it is safe." in text
    assert "Someone is working on it." in text
    added = reporter.post(
        reverse("report:return"),
        {"token": back.context["token"], "text": "Sunday morning is safe."},
    )
    assert "Sunday morning is safe." in added.content.decode()
    assert (
        "Sunday morning is safe."
        in staff.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    )


def test_a_wrong_passphrase_or_receipt_opens_nothing_and_says_the_same(points: Personas) -> None:
    receipt = file_report()
    client = Client()
    wrong_pass = client.post(reverse("report:return"), {"receipt": receipt, "passphrase": "guess"})
    wrong_code = client.post(
        reverse("report:return"),
        {"receipt": "0000 0000 0000 0000", "passphrase": REPORTER_PASSPHRASE},
    )
    for response in (wrong_pass, wrong_code):
        assert "do not open a report" in response.content.decode()
        assert "report" not in response.context or response.context.get("report") is None


def test_closing_a_report_sets_its_deletion_day_from_the_retention_setting(
    points: Personas,
) -> None:
    file_report()
    report = Report.objects.get()
    staff = points.client_for(points.caseworker_a)
    staff.post(reverse("reporting:status", args=[report.pk]), {"status": "closed"})
    report.refresh_from_db()
    assert report.closed_on is not None and report.delete_after is not None
    assert (report.delete_after - report.closed_on).days == 90


def test_the_organisation_passphrase_is_never_needed_to_receive_but_always_to_read(
    points: Personas,
) -> None:
    file_report()
    assert ORG_PASSPHRASE not in str(list(Report.objects.values()))
