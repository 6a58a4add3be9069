"""Demo step: safety protocols, incidents, a retention schedule and a two-factor account.

Stichting Overweg has a signed-off protocol, two incidents (one still open,
its 72-hour clock running) and a retention schedule; a few other members have
drafts and incidents, so that the secretariat's overview has something to
count. ``caseworker.2fa`` signs in with a second factor whose key is published
here and in the README, so that anyone can try two-factor sign-in without the
demo asking it of every account.
"""

from __future__ import annotations

import base64
from datetime import timedelta

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from crossroads.accounts.models import Organisation, RecoveryCode, User
from crossroads.accounts.second_factor import recovery_code_hash
from crossroads.core.demo import DemoContext
from crossroads.safety.models import Incident, Protocol, RetentionSchedule
from crossroads.safety.template import load_template

#: The published key of ``caseworker.2fa`` (type it into any authenticator app).
DEMO_TOTP_KEY = "CROSSROADSDEMOTWOFACTORKEY234567"
#: A published recovery code of ``caseworker.2fa``.
DEMO_RECOVERY_CODE = "safet-ytest"


def _answers(in_place: float, seed_rules: list[str]) -> dict[str, dict[str, str]]:
    answers = {}
    rules = load_template().rules()
    for number, rule in enumerate(rules):
        status = "in_place" if number < in_place * len(rules) else "partly"
        answers[rule.code] = {"status": status, "practice": PRACTICE.get(rule.code, "")}
    for code in seed_rules:
        answers[code]["status"] = "not_yet"
    return answers


PRACTICE = {
    "own_accounts": "Accounts are requested by the coordinator; roles are reviewed each quarter.",
    "second_factor": "Authenticator apps on work phones; recovery codes kept in the office safe.",
    "leavers": "The coordinator deactivates accounts on the last working day (HR checklist).",
    "encrypted_devices": "Work laptops use BitLocker; phones are managed and encrypted.",
    "export_need": "Exports only for the annual report, on the encrypted share, deleted after.",
    "report_incidents": "Any incident is phoned to the coordinator the same day and recorded here.",
    "notify_72h": "The coordinator notifies the Dutch Data Protection Authority online.",
    "schedule": "Closed records are erased ten years after their last event.",
    "tested_backups": "Nightly backup; a restore is tested every quarter on a spare laptop.",
    "key_custody": "The director and the coordinator hold the key export and its passphrase.",
    "yearly_training": "Safety training in January for everyone, and on each newcomer's first day.",
}


def build(context: DemoContext) -> str:
    """Protocols, incidents, a retention schedule and the two-factor demo account."""
    organisations = {org.code: org for org in Organisation.objects.all()}
    admin = User.objects.get(username="orgadmin")
    now = timezone.now()
    overweg = organisations["nl-overweg"]
    Protocol.objects.create(
        organisation=overweg,
        version=1,
        template_version=load_template().version,
        answers=_answers(0.8, ["no_shared_devices"]),
        created_by=admin,
        created_at=now - timedelta(days=120),
        signed_off_at=now - timedelta(days=118),
        signed_off_by=admin,
    )
    for code, share in (("de-wegweiser", 0.5), ("fr-carrefour", 0.3)):
        Protocol.objects.create(
            organisation=organisations[code],
            version=1,
            template_version=load_template().version,
            answers=_answers(share, []),
            created_at=now - timedelta(days=30),
        )
    RetentionSchedule.objects.create(organisation=overweg, closed_after_years=10, updated_by=admin)
    incidents = [
        Incident(
            organisation=overweg,
            kind=Incident.Kind.LOST_DEVICE,
            discovered_at=now - timedelta(days=40),
            personal_data="no",
            risk="unlikely",
            status=Incident.Status.CLOSED,
            closed_at=now - timedelta(days=38),
            follow_up="Work phone lost on the train; wiped remotely the same day.",
            recorded_by=admin,
        ),
        Incident(
            organisation=overweg,
            kind=Incident.Kind.WRONG_RECIPIENT,
            discovered_at=now - timedelta(hours=20),
            personal_data="yes",
            risk="risk",
            status=Incident.Status.OPEN,
            follow_up="An e-mail to a partner shelter went to a former address; "
            "the recipient has been asked to delete it.",
            recorded_by=admin,
        ),
        Incident(
            organisation=organisations["de-wegweiser"],
            kind=Incident.Kind.THREAT_TO_STAFF,
            discovered_at=now - timedelta(days=90),
            personal_data="no",
            risk="unlikely",
            status=Incident.Status.CLOSED,
        ),
        Incident(
            organisation=organisations["fr-carrefour"],
            kind=Incident.Kind.SUSPECTED_INTRUSION,
            discovered_at=now - timedelta(days=200),
            personal_data="unknown",
            risk="risk",
            status=Incident.Status.CONTAINED,
            authority_notified_at=now - timedelta(days=199),
        ),
    ]
    Incident.objects.bulk_create(incidents)
    secure = User.objects.get(username="caseworker.2fa")
    key = base64.b32decode(DEMO_TOTP_KEY).hex()
    TOTPDevice.objects.create(user=secure, name="Authenticator app", key=key, confirmed=True)
    RecoveryCode.objects.create(user=secure, code_hash=recovery_code_hash(DEMO_RECOVERY_CODE))
    return "safety protocols, 4 incidents, a retention schedule, one two-factor account"
