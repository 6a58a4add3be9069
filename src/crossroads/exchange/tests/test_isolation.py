"""Who sees which submission, on every URL of the data exchange."""

from __future__ import annotations

import pytest
from django.urls import reverse

from crossroads.accounts.models import Role
from crossroads.exchange.models import Submission
from crossroads.exchange.services import drafts
from crossroads.exchange.services import submissions as services
from crossroads.exchange.tests.conftest import add_records
from crossroads.testing import Personas, make_user

SUBMISSION_PAGES = [
    ("exchange:submission", {}),
    ("exchange:download", {"fmt": "xlsx"}),
    ("exchange:download", {"fmt": "csv"}),
    ("exchange:download", {"fmt": "json"}),
]
SUBMISSION_ACTIONS = ["exchange:submit", "exchange:rebuild", "exchange:discard"]
REVIEW_ACTIONS = ["exchange:accept", "exchange:return"]
ANALYST_PAGES = [
    ("exchange:inbox", {}),
    ("exchange:agreements", {}),
    ("exchange:organisation_agreement", {"code": "org-a"}),
    ("exchange:new_agreement", {"code": "org-a"}),
    ("exchange:import", {}),
    ("exchange:keys", {}),
    ("exchange:network", {}),
]
MEMBER_PAGES: list[tuple[str, dict[str, str]]] = [
    ("exchange:overview", {}),
    ("exchange:agreement", {}),
]


@pytest.fixture
def draft(agreed: Personas) -> Submission:
    add_records(agreed.data_officer_a, 12)
    return drafts.build_draft(agreed.data_officer_a, 2024)


@pytest.fixture
def submitted(agreed: Personas, draft: Submission) -> Submission:
    return services.submit(agreed.data_officer_a, draft)


def _url(name: str, submission: Submission, extra: dict[str, str]) -> str:
    return reverse(name, kwargs={"submission_id": submission.pk, **extra})


@pytest.mark.parametrize(("name", "extra"), SUBMISSION_PAGES)
def test_another_organisations_caseworker_gets_404(
    agreed: Personas, submitted: Submission, name: str, extra: dict[str, str]
) -> None:
    response = agreed.client_for(agreed.caseworker_b).get(_url(name, submitted, extra))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "extra"), SUBMISSION_PAGES)
def test_the_outsider_gets_the_sign_in_page(
    agreed: Personas, submitted: Submission, name: str, extra: dict[str, str]
) -> None:
    response = agreed.client_for(None).get(_url(name, submitted, extra))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "extra"), SUBMISSION_PAGES)
def test_the_analyst_never_sees_a_draft(
    agreed: Personas, draft: Submission, name: str, extra: dict[str, str]
) -> None:
    response = agreed.client_for(agreed.analyst).get(_url(name, draft, extra))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "extra"), SUBMISSION_PAGES)
def test_members_of_the_organisation_see_their_draft(
    agreed: Personas, draft: Submission, name: str, extra: dict[str, str]
) -> None:
    for user in (agreed.caseworker_a, agreed.data_officer_a, agreed.org_admin_a):
        response = agreed.client_for(user).get(_url(name, draft, extra))
        assert response.status_code == 200


def test_the_analyst_sees_submitted_tables_but_never_original_counts(
    agreed: Personas, submitted: Submission
) -> None:
    client = agreed.client_for(agreed.analyst)
    page = client.get(reverse("exchange:submission", args=[submitted.pk]) + "?exact=1")
    assert page.status_code == 200
    assert b"cell-original" not in page.content
    assert b"What was counted" not in page.content  # the member's exact exclusions
    document = client.get(reverse("exchange:download", args=[submitted.pk, "json"])).json()
    assert "original" not in document and "preview" not in document
    assert client.get(reverse("cases:list")).status_code == 403


def test_only_the_organisations_data_managers_act_on_a_draft(
    agreed: Personas, draft: Submission
) -> None:
    for user, status in (
        (agreed.caseworker_b, 404),
        (agreed.analyst, 404),
        (agreed.caseworker_a, 403),
    ):
        for name in SUBMISSION_ACTIONS:
            response = agreed.client_for(user).post(reverse(name, args=[draft.pk]))
            assert response.status_code == status, (user, name)
    assert Submission.objects.filter(pk=draft.pk, status="draft").exists()


def test_only_analysts_review(agreed: Personas, submitted: Submission) -> None:
    for user, status in ((agreed.data_officer_a, 403), (agreed.caseworker_b, 404)):
        for name in REVIEW_ACTIONS:
            response = agreed.client_for(user).post(
                reverse(name, args=[submitted.pk]), {"comment": "no"}
            )
            assert response.status_code == status
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


@pytest.mark.parametrize(("name", "kwargs"), ANALYST_PAGES)
def test_secretariat_pages_are_for_analysts_only(
    agreed: Personas, name: str, kwargs: dict[str, str]
) -> None:
    url = reverse(name, kwargs=kwargs)
    assert agreed.client_for(agreed.analyst).get(url).status_code == 200
    assert agreed.client_for(agreed.data_officer_a).get(url).status_code == 403
    assert agreed.client_for(None).get(url).status_code == 302


@pytest.mark.parametrize(("name", "kwargs"), MEMBER_PAGES)
def test_member_pages_are_for_members(agreed: Personas, name: str, kwargs: dict[str, str]) -> None:
    url = reverse(name, kwargs=kwargs)
    assert agreed.client_for(agreed.caseworker_a).get(url).status_code == 200
    assert agreed.client_for(None).get(url).status_code == 302


def test_a_member_list_shows_only_its_own_submissions(
    agreed: Personas, submitted: Submission
) -> None:
    officer_b = make_user("officer-b", Role.DATA_OFFICER, agreed.org_b)
    add_records(officer_b, 11, "B")
    drafts.build_draft(officer_b, 2024)
    page = agreed.client_for(agreed.caseworker_b).get(reverse("exchange:overview"))
    assert page.status_code == 200
    assert reverse("exchange:submission", args=[submitted.pk]).encode() not in page.content


def test_the_signed_file_is_for_the_organisations_data_managers(
    agreed: Personas, submitted: Submission
) -> None:
    url = reverse("exchange:signed_file", args=[submitted.pk])
    assert agreed.client_for(agreed.data_officer_a).get(url).status_code == 200
    assert agreed.client_for(agreed.caseworker_a).get(url).status_code == 403
    assert agreed.client_for(agreed.analyst).get(url).status_code == 403
    assert agreed.client_for(agreed.caseworker_b).get(url).status_code == 404
