"""The organisation's side of the reporting point: its settings, and its key (set up,
changed, recovered, unlocked)."""

from __future__ import annotations

import secrets
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts.models import Organisation, User
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.reporting import sealing
from crossroads.reporting.models import Report, ReportingKey, ReportingPoint
from crossroads.reporting.sealing import KdfParameters
from crossroads.reporting.services import ReportingError


def kdf_parameters() -> KdfParameters:
    """The cost of an organisation's passphrase (``CROSSROADS_REPORTING_KDF_LOG2``)."""
    return KdfParameters(n_log2=settings.CROSSROADS_REPORTING_KDF_LOG2)


def point_for(organisation: Organisation) -> ReportingPoint:
    """The organisation's reporting point (created closed on first use)."""
    point, _created = ReportingPoint.objects.get_or_create(organisation=organisation)
    return point


def update_point(user: User, point: ReportingPoint, **values: Any) -> ReportingPoint:
    """Change a reporting point's settings (open, countries, kinds, languages, fallback,
    retention). Opening it needs a key."""
    if values.get("is_open") and point.current_key() is None:
        raise ReportingError(_("Set up the organisation's key before opening the reporting point."))
    with transaction.atomic():
        for name, value in values.items():
            setattr(point, name, value)
        point.updated_at = timezone.now()
        point.save()
        record(
            user,
            Action.UPDATE,
            object_type="reporting_point",
            object_id=point.pk,
            summary="Reporting point settings changed",
            detail={"fields": sorted(values)},
        )
    return point


def new_recovery_code() -> str:
    """A random recovery code: 24 characters of an alphabet without look-alikes, in groups."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(24))
    return "-".join(raw[i : i + 4] for i in range(0, 24, 4))


def _normal_recovery(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def set_up_key(user: User, organisation: Organisation, passphrase: str) -> tuple[ReportingKey, str]:
    """Create the organisation's first key, its private half wrapped under ``passphrase``
    and under a new recovery code; return the key and the code (shown once, never stored)."""
    if ReportingKey.objects.filter(organisation=organisation, retired_at=None).exists():
        raise ReportingError(_("The organisation already has a key; change it instead."))
    check_passphrase_strength(passphrase)
    private = X25519PrivateKey.generate()
    with transaction.atomic():
        key, recovery = _store_key(organisation, user, private, passphrase)
        record(
            user,
            Action.SECURITY,
            object_type="reporting_key",
            object_id=key.pk,
            summary=f"Reporting key {key.fingerprint} set up",
        )
    return key, recovery


def _store_key(
    organisation: Organisation, user: User, private: X25519PrivateKey, passphrase: str
) -> tuple[ReportingKey, str]:
    kdf = kdf_parameters()
    wrapped = sealing.wrap(private, passphrase, kdf)
    recovery = new_recovery_code()
    spare = sealing.wrap(private, _normal_recovery(recovery), kdf)
    key = ReportingKey.objects.create(
        organisation=organisation,
        public_key=wrapped.public_key,
        wrapped_private_key=wrapped.wrapped_private_key,
        salt=wrapped.salt,
        recovery_wrapped_private_key=spare.wrapped_private_key,
        recovery_salt=spare.salt,
        kdf_n_log2=wrapped.kdf.n_log2,
        kdf_r=wrapped.kdf.r,
        kdf_p=wrapped.kdf.p,
        fingerprint=sealing.fingerprint(wrapped.public_key),
        created_by=user,
    )
    return key, recovery


def open_with_passphrase_or_recovery(key: ReportingKey, secret: str) -> X25519PrivateKey:
    """The private key, opened with the passphrase or, failing that, the recovery code."""
    try:
        return sealing.unwrap(key.wrapped(), secret)
    except sealing.WrongSecret:
        if not bytes(key.recovery_wrapped_private_key):
            raise
        return sealing.unwrap(key.recovery_wrapped(), _normal_recovery(secret))


def rotate_key(
    user: User, organisation: Organisation, old_secret: str, new_passphrase: str
) -> tuple[ReportingKey, str]:
    """Replace the organisation's key by a new one under ``new_passphrase`` (and a new
    recovery code), opening the old key with its passphrase or its recovery code.

    Every report, message and attached file still kept is opened with the old key and
    sealed again to the new one, in one transaction; the old key is then retired and its
    wrapped private key erased, so the old passphrase and recovery code open nothing any
    more. Used to change the passphrase, after a member of staff leaves, or when the
    passphrase is lost but the recovery code is not."""
    old = ReportingKey.objects.filter(organisation=organisation, retired_at=None).first()
    if old is None:
        raise ReportingError(_("The organisation has no key yet: set one up first."))
    check_passphrase_strength(new_passphrase)
    try:
        old_private = open_with_passphrase_or_recovery(old, old_secret)
    except sealing.WrongSecret as error:
        raise ReportingError(
            _("Neither the current passphrase nor the recovery code opens the key.")
        ) from error
    new_private = X25519PrivateKey.generate()
    new_public = sealing.public_bytes(new_private)
    with transaction.atomic():
        key, recovery = _store_key(organisation, user, new_private, new_passphrase)
        reports = Report.objects.filter(organisation=organisation).select_for_update()
        for report in reports:
            report.sealed = sealing.seal(
                new_public, sealing.open_sealed(old_private, bytes(report.sealed))
            )
            report.key = key
            report.save(update_fields=["sealed", "key"])
            for message in report.messages.all():
                message.sealed_for_organisation = sealing.seal(
                    new_public,
                    sealing.open_sealed(old_private, bytes(message.sealed_for_organisation)),
                )
                message.save(update_fields=["sealed_for_organisation"])
            for attachment in report.attachments.all():
                attachment.sealed = sealing.seal(
                    new_public, sealing.open_sealed(old_private, bytes(attachment.sealed))
                )
                attachment.save(update_fields=["sealed"])
        ReportingKey.objects.filter(organisation=organisation, retired_at=None).exclude(
            pk=key.pk
        ).update(
            retired_at=timezone.now(), wrapped_private_key=b"", recovery_wrapped_private_key=b""
        )
        record(
            user,
            Action.SECURITY,
            object_type="reporting_key",
            object_id=key.pk,
            summary=f"Reporting key changed from {old.fingerprint} to {key.fingerprint}",
        )
    return key, recovery


MIN_PASSPHRASE = 12


def check_passphrase_strength(passphrase: str) -> None:
    """Refuse an organisation passphrase shorter than :data:`MIN_PASSPHRASE` characters."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise ReportingError(
            _(
                "The passphrase must be at least %(count)d characters long: "
                "several words are easy to remember and hard to guess."
            )
            % {"count": MIN_PASSPHRASE}
        )


def unlock(user: User, key: ReportingKey, passphrase: str) -> X25519PrivateKey:
    """The organisation's private key, opened with its passphrase (audited either way)."""
    try:
        private = open_with_passphrase_or_recovery(key, passphrase)
    except sealing.WrongSecret:
        record(
            user,
            Action.SECURITY,
            object_type="reporting_key",
            object_id=key.pk,
            summary="Reporting key: wrong passphrase",
        )
        raise
    record(
        user,
        Action.SECURITY,
        object_type="reporting_key",
        object_id=key.pk,
        summary="Reporting key unlocked",
    )
    return private
