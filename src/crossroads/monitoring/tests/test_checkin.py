"""The survivors' check-in: offered by a member, answered anonymously, counted under the
disclosure rule beside the caseworkers' figures, and never shown below the threshold."""

from __future__ import annotations

import io
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crossroads.audit.models import AuditEntry
from crossroads.exchange import public
from crossroads.exchange.released import NETWORK, Release
from crossroads.monitoring import checkin, readmodel
from crossroads.monitoring.figures import compute
from crossroads.monitoring.models import CheckInAnswer, CheckInPoint
from crossroads.monitoring.synthetic import SyntheticExchange, synthetic_releases
from crossroads.reporting import challenge
from crossroads.stats.disclosure import SuppressionRule
from crossroads.testing import Personas

YEAR = timezone.now().year


@pytest.fixture
def point(personas: Personas) -> CheckInPoint:
    return checkin.open_checkin(personas.data_officer_a)


def send(client: Client, token: str, answers: dict[str, str], *, lang: str = "en") -> object:
    """Answer the check-in as a browser does: load the form, do the work, send."""
    page = client.get(reverse("checkin:answer", args=[token]), {"lang": lang})
    issued = page.context["challenge"]
    nonce = challenge.nonce_of(issued)
    assert nonce is not None
    return client.post(
        reverse("checkin:answer", args=[token]),
        {**answers, "lang": lang, "challenge": issued, "solution": challenge.solve(nonce)},
    )


ALL_YES = {q.code: "yes" for q in checkin.QUESTIONS}


def test_a_data_officer_opens_the_check_in_and_gets_its_link_and_qr_code(
    personas: Personas,
) -> None:
    client = personas.client_for(personas.data_officer_a)
    client.post(reverse("monitoring:checkin_change"), {"action": "open"})
    page = client.get(reverse("monitoring:checkin"))
    point = CheckInPoint.objects.get(organisation=personas.org_a)
    assert point.is_open
    assert reverse("checkin:answer", args=[point.token]) in page.content.decode()
    assert page.context["qr"].startswith("data:image/svg+xml")
    assert AuditEntry.objects.filter(object_type="checkin").exists()


def test_a_caseworker_cannot_open_the_check_in(personas: Personas) -> None:
    client = personas.client_for(personas.caseworker_a)
    assert client.post(reverse("monitoring:checkin_change"), {"action": "open"}).status_code == 403
    assert not CheckInPoint.objects.exists()


def test_a_person_answers_anonymously_and_only_country_and_year_are_kept(
    point: CheckInPoint,
) -> None:
    response = send(Client(), point.token, {**ALL_YES, "suspect": "no"})
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Thank you" in response.content.decode()  # type: ignore[attr-defined]
    saved = CheckInAnswer.objects.get()
    assert (saved.country, saved.year, saved.informed, saved.suspect) == (
        point.organisation.country,
        YEAR,
        "yes",
        "no",
    )
    field_names = {f.name for f in CheckInAnswer._meta.get_fields()}
    assert field_names == {"id", "country", "year", *checkin.BY_CODE}
    assert response["Cache-Control"] == "no-store"  # type: ignore[index]


def test_the_check_in_is_offered_in_french_and_russian(point: CheckInPoint) -> None:
    page = Client().get(reverse("checkin:answer", args=[point.token]), {"lang": "ru"})
    text = page.content.decode()
    assert 'lang="ru"' in text
    assert "полиц" in text  # the police question, in Russian
    assert ("fr", "Français") in page.context["languages"]


def test_the_check_in_is_offered_in_the_languages_of_the_reporting_pages(
    point: CheckInPoint,
) -> None:
    page = Client().get(reverse("checkin:answer", args=[point.token]), {"lang": "ar"})
    text = page.content.decode()
    assert 'lang="ar" dir="rtl"' in text
    assert "الشرطة" in text  # the police question, in Arabic
    offered = {code for code, _name in page.context["languages"]}
    assert {"ro", "bg", "uk", "es", "pt", "vi"} <= offered


def test_a_closed_check_in_takes_no_answers(personas: Personas, point: CheckInPoint) -> None:
    checkin.close_checkin(personas.data_officer_a)
    assert Client().get(reverse("checkin:answer", args=[point.token])).status_code == 404


def test_answers_sent_at_once_without_work_are_refused(point: CheckInPoint) -> None:
    client = Client()
    page = client.get(reverse("checkin:answer", args=[point.token]))
    response = client.post(
        reverse("checkin:answer", args=[point.token]),
        {**ALL_YES, "challenge": page.context["challenge"], "solution": ""},
    )
    assert "seconds after it opens" in response.content.decode()
    assert not CheckInAnswer.objects.exists()


def test_every_question_needs_an_answer(point: CheckInPoint) -> None:
    response = send(Client(), point.token, {**ALL_YES, "pressured": ""})
    assert "choose an answer for every question" in response.content.decode()  # type: ignore[attr-defined]
    assert not CheckInAnswer.objects.exists()


def test_released_answer_counts_are_never_below_the_threshold() -> None:
    """Random answer counts of one country, protected under thresholds of 5 and 10: every
    released cell is 0 or at least the threshold, and a rate is shown only over 20 or more
    persons whose counts are all released."""
    rng = random.Random(3)
    for trial in range(60):
        threshold = rng.choice([5, 10])
        rule = SuppressionRule(threshold=threshold)
        counts = {
            q.code: {k: rng.choice([0, 1, 2, 3, 7, 12, 25]) for k in ("yes", "no", "other")}
            for q in checkin.QUESTIONS
        }
        # Everyone answers every question: each table counts the same persons.
        total = max(sum(c.values()) for c in counts.values())
        for by_answer in counts.values():
            by_answer["other"] += total - sum(by_answer.values())
        tables = checkin.released(counts, rule)
        for table in tables.values():
            for cell in table.cells():
                assert cell.value is None or cell.value == 0 or cell.value >= threshold, trial
        for question in checkin.QUESTIONS:
            figure = compute(checkin.SPECS[question.code], tables, "NLD", YEAR)
            if figure.shown:
                assert figure.denominator is not None and figure.denominator >= 20
                assert figure.numerator == tables[f"checkin_{question.code}"].get(
                    (question.counted,)
                )


@pytest.fixture
def releases(db: None, monkeypatch: pytest.MonkeyPatch) -> dict[int, Release]:
    data = synthetic_releases(["NLD", "GRC"], [YEAR], seed=8, size=(80, 140))
    exchange = SyntheticExchange(data)
    monkeypatch.setattr(public, "states", exchange.states)
    monkeypatch.setattr(public, "releases", exchange.releases)
    readmodel.rebuild()
    return data


def answers(country: str, n: int, **by_question: str) -> None:
    CheckInAnswer.objects.bulk_create(
        CheckInAnswer(country=country, year=YEAR, **{**ALL_YES, **by_question}) for _ in range(n)
    )


def country_page(personas: Personas) -> list[checkin.Answered]:
    page = personas.client_for(personas.caseworker_b).get(
        reverse("monitoring:country", args=["NLD"]), {"year": YEAR}
    )
    assert page.status_code == 200
    assert "In their own words" in page.content.decode()
    rows: list[checkin.Answered] = page.context["checkin"]
    return rows


def test_answers_are_shown_beside_the_caseworkers_rate_of_the_same_indicator(
    personas: Personas, releases: dict[int, Release]
) -> None:
    answers("NLD", 18, informed="yes")
    answers("NLD", 12, informed="no")
    row = next(r for r in country_page(personas) if r.question.code == "informed")
    assert (row.survivors.numerator, row.survivors.denominator) == (18, 30)
    assert row.survivors.rate == pytest.approx(0.6)
    assert row.caseworkers is not None and row.caseworkers.indicator == "R3.2"
    assert row.respondents == 30


def test_a_small_group_of_answers_is_never_shown(
    personas: Personas, releases: dict[int, Release]
) -> None:
    # 3 persons said they were treated as suspects: below the threshold of 10.
    answers("NLD", 22, suspect="no")
    answers("NLD", 3, suspect="yes")
    # 8 persons answered in Greece: fewer than the threshold in all.
    answers("GRC", 8, suspect="no")
    row = next(r for r in country_page(personas) if r.question.code == "suspect")
    assert not row.survivors.shown
    assert row.survivors.numerator is None
    rule = checkin.rule_of(readmodel.stored(readmodel.ACCEPTED).year_info(YEAR).rule)  # type: ignore[union-attr]
    greece = checkin.figures("GRC", YEAR, rule, {})
    assert all(not r.survivors.shown and r.respondents is None for r in greece)
    network = checkin.figures(NETWORK, YEAR, rule, {})
    suspects = next(r for r in network if r.question.code == "suspect")
    assert suspects.survivors.numerator is None  # 3 + 0 suspects: still below the threshold
    assert all(r.respondents == 33 for r in network)


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs Debian's espeak-ng")
def test_the_questions_are_read_aloud_where_a_voice_exists(
    point: CheckInPoint, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    call_command("checkin_audio", language=["ru", "ar"], stdout=io.StringIO())
    assert (tmp_path / "checkin-audio" / "ar" / "suspect.wav").exists()
    assert not (tmp_path / "checkin-audio" / "fr").exists()
    spoken = tmp_path / "checkin-audio" / "ru" / "pressured.wav"
    assert spoken.read_bytes()[:4] == b"RIFF"
    page = Client().get(reverse("checkin:answer", args=[point.token]), {"lang": "ru"})
    url = reverse("checkin:audio", args=["ru", "pressured"])
    assert url in page.content.decode()
    sound = Client().get(url)
    assert sound["Content-Type"] == "audio/wav"


def test_without_a_voice_the_audio_command_says_so_and_the_form_has_no_player(
    point: CheckInPoint, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DATA_DIR = tmp_path
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match="espeak-ng is not installed"):
        call_command("checkin_audio")
    page = Client().get(reverse("checkin:answer", args=[point.token]))
    assert "<audio" not in page.content.decode()


def test_the_network_overview_shows_the_answers_beside_the_network_rates(
    personas: Personas, releases: dict[int, Release]
) -> None:
    answers("NLD", 15, legal_advice="yes")
    answers("GRC", 15, legal_advice="no", suspect="no")
    page = personas.client_for(personas.analyst).get(reverse("monitoring:overview"), {"year": YEAR})
    assert "In their own words" in page.content.decode()
    row = next(r for r in page.context["checkin"] if r.question.code == "legal_advice")
    assert (row.survivors.numerator, row.survivors.denominator) == (15, 30)
    assert row.caseworkers is not None and row.caseworkers.scope == NETWORK
