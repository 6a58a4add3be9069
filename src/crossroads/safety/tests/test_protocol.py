"""An organisation's safety protocol: drafted from the template, signed off yearly, with
live checks computed from the instance."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from crossroads.accounts.tests.test_second_factor import enrolled
from crossroads.audit.models import Action, AuditEntry, Verification
from crossroads.safety import services
from crossroads.safety.checks import run_checks
from crossroads.safety.models import Protocol
from crossroads.safety.template import load_template
from crossroads.testing import Personas


def _answers(status: str = "in_place") -> dict[str, str]:
    post = {}
    for rule in load_template().rules():
        post[f"{rule.code}-status"] = status
        post[f"{rule.code}-practice"] = f"We do {rule.code} this way."
    return post


def test_the_template_has_every_section_the_network_asks_for_in_every_offered_language() -> None:
    template = load_template()
    codes = [section.code for section in template.sections]
    assert codes == [
        "access",
        "devices",
        "exports",
        "incidents",
        "retention",
        "backups",
        "keys",
        "training",
    ]
    # A language being prepared may already be in the template before it is offered.
    offered = {code for code, _name in settings.LANGUAGES}
    for rule in template.rules():
        assert offered <= set(rule.text), rule.code
        assert all(text.strip() for text in rule.text.values()), rule.code


def test_the_administrator_drafts_and_signs_off_and_a_new_review_makes_a_new_version(
    personas: Personas,
) -> None:
    client = personas.client_for(personas.org_admin_a)
    assert client.post(reverse("safety:protocol_edit"), _answers()).status_code == 302
    protocol = Protocol.objects.get(organisation=personas.org_a)
    assert protocol.version == 1 and not protocol.signed
    assert protocol.answers["second_factor"] == {
        "status": "in_place",
        "practice": "We do second_factor this way.",
    }
    client.post(reverse("safety:sign_off"))
    signed = Protocol.objects.get(pk=protocol.pk)
    assert signed.signed and signed.signed_off_by == personas.org_admin_a
    page = client.get(reverse("safety:protocol")).text
    assert "Valid until" in page and "We do leavers this way." in page
    client.post(reverse("safety:renew"))
    assert Protocol.objects.filter(organisation=personas.org_a).count() == 2
    assert AuditEntry.objects.filter(action=Action.REVIEW, object_type="protocol").exists()


def test_a_sign_off_older_than_a_year_is_overdue(personas: Personas) -> None:
    services.save_protocol(personas.org_admin_a, {})
    protocol = services.current_protocol(personas.org_a)
    assert protocol is not None
    services.sign_off(personas.org_admin_a, protocol)
    Protocol.objects.update(signed_off_at=timezone.now() - timedelta(days=366))
    page = personas.client_for(personas.caseworker_a).get(reverse("safety:protocol")).text
    assert "Yearly sign-off overdue" in page


def test_staff_read_the_protocol_but_only_the_administrator_changes_it(
    personas: Personas,
) -> None:
    for persona in (personas.caseworker_a, personas.data_officer_a):
        client = personas.client_for(persona)
        assert client.get(reverse("safety:protocol")).status_code == 200
        assert client.post(reverse("safety:protocol_edit"), _answers()).status_code == 404
        assert client.post(reverse("safety:sign_off")).status_code == 404
    assert not Protocol.objects.exists()


def test_the_live_checks_read_the_instance(personas: Personas) -> None:
    enrolled(personas.caseworker_a)
    checks = run_checks(personas.org_a)
    assert checks["second_factor"].finding == "1 of 3 active accounts (33%)"
    assert checks["second_factor"].status == "bad"
    assert checks["retention"].status == "bad" and checks["backups"].status == "bad"
    assert checks["audit"].finding == "Never verified"
    AuditEntry.objects.create(
        at=timezone.now(), action=Action.EXPORT, organisation_id=personas.org_a.pk
    )
    assert checks["exports"].status == "info"
    assert "1 export" in run_checks(personas.org_a)["exports"].finding
    Verification.objects.create(intact=True, entries=10, checkpoints=1)
    assert "Intact when checked on" in run_checks(personas.org_a)["audit"].finding


def test_the_secretariat_sees_each_members_status_and_incident_counts_never_details(
    personas: Personas,
) -> None:
    services.save_protocol(personas.org_admin_a, {})
    protocol = services.current_protocol(personas.org_a)
    assert protocol is not None
    services.sign_off(personas.org_admin_a, protocol)
    personas.client_for(personas.caseworker_a).post(
        reverse("safety:incident_new"),
        {
            "kind": "lost_device",
            "discovered_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "personal_data": "unknown",
            "risk": "risk",
            "status": "open",
            "follow_up": "Phone of the night shift, wiped remotely",
        },
    )
    page = personas.client_for(personas.analyst).get(reverse("safety:network"))
    assert page.status_code == 200
    text = page.text
    assert "Organisation A" in text and "Signed off, valid until" in text
    assert "Lost or stolen device" in text
    assert "night shift" not in text and "We do" not in text
    for url in (reverse("safety:protocol"), reverse("safety:incidents")):
        assert personas.client_for(personas.analyst).get(url).status_code == 404
