"""Setting up, changing and recovering an organisation's reporting key."""

from __future__ import annotations

import pytest
from django.urls import reverse

from crossroads.reporting.models import Report, ReportingKey
from crossroads.reporting.sealing import WrongSecret
from crossroads.reporting.services import ReportingError, keys, triage
from crossroads.reporting.tests.helpers import SECRET_TEXT, file_report
from crossroads.testing import Personas

FIRST = "first long passphrase of the team"
SECOND = "second long passphrase of the team"


def _set_up(personas: Personas) -> str:
    client = personas.client_for(personas.org_admin_a)
    page = client.post(
        reverse("reporting:settings"),
        {"action": "set_up", "passphrase": FIRST, "passphrase_again": FIRST},
    )
    recovery = page.context["recovery"]
    assert recovery and recovery in page.content.decode()
    client.post(
        reverse("reporting:settings"),
        {"action": "settings", "is_open": "on", "countries": ["NLD"], "retention_days": 90},
    )
    return str(recovery)


def test_a_short_passphrase_is_refused_with_the_reason(personas: Personas) -> None:
    page = personas.client_for(personas.org_admin_a).post(
        reverse("reporting:settings"),
        {"action": "set_up", "passphrase": "short", "passphrase_again": "short"},
    )
    assert "at least 12 characters" in page.content.decode()
    assert not ReportingKey.objects.exists()


def test_the_recovery_code_opens_the_key_and_is_never_stored(personas: Personas) -> None:
    recovery = _set_up(personas)
    key = ReportingKey.objects.get()
    assert recovery.encode() not in bytes(key.recovery_wrapped_private_key)
    assert keys.unlock(personas.caseworker_a, key, recovery.lower())
    with pytest.raises(WrongSecret):
        keys.unlock(personas.caseworker_a, key, "not the code at all")


def test_changing_the_key_keeps_every_report_readable_and_the_old_secrets_stop_working(
    personas: Personas,
) -> None:
    recovery = _set_up(personas)
    file_report()
    report = Report.objects.get()
    triage.reply(personas.caseworker_a, report, "Reply before the change")
    # The passphrase was lost: the recovery code opens the key one last time.
    new_key, new_recovery = keys.rotate_key(personas.org_admin_a, personas.org_a, recovery, SECOND)
    assert new_recovery != recovery
    old = ReportingKey.objects.exclude(pk=new_key.pk).get()
    assert old.retired_at is not None and not bytes(old.wrapped_private_key)
    with pytest.raises(ReportingError):
        keys.rotate_key(personas.org_admin_a, personas.org_a, FIRST, "another passphrase here")
    staff = personas.client_for(personas.caseworker_a)
    staff.post(reverse("reporting:unlock"), {"passphrase": SECOND})
    page = staff.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    assert SECRET_TEXT in page and "Reply before the change" in page


def test_an_unlocked_old_key_opens_nothing_after_the_change(personas: Personas) -> None:
    recovery = _set_up(personas)
    file_report()
    report = Report.objects.get()
    staff = personas.client_for(personas.caseworker_a)
    staff.post(reverse("reporting:unlock"), {"passphrase": FIRST})
    assert SECRET_TEXT in staff.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    keys.rotate_key(personas.org_admin_a, personas.org_a, FIRST, SECOND)
    assert recovery
    page = staff.get(reverse("reporting:detail", args=[report.pk])).content.decode()
    assert SECRET_TEXT not in page
