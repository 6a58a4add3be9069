"""Organisations of the network and the people who sign in to Crossroads.

A user belongs to exactly one organisation and has exactly one role. What a
role may do is decided in :mod:`crossroads.accounts.permissions`, nowhere else.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.spreadsheets import Spreadsheets


class Organisation(models.Model):
    """A member or associate NGO, or the network's secretariat."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("Member")
        ASSOCIATE = "associate", _("Associate member")
        SECRETARIAT = "secretariat", _("Secretariat")

    code = models.SlugField(
        max_length=40,
        unique=True,
        help_text=_("Short stable identifier, used in files and exchange tables."),
    )
    name = models.CharField(max_length=200)
    country = models.CharField(
        max_length=3, help_text=_("ISO 3166-1 alpha-3 code of the country where it works.")
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)
    requires_second_factor = models.BooleanField(
        default=False,
        help_text=_(
            "Everyone of the organisation signs in with a second factor, even where the "
            "network's policy does not ask it."
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def holds_case_records(self) -> bool:
        """Members and associates keep case records; the secretariat never does."""
        return self.kind in {self.Kind.MEMBER, self.Kind.ASSOCIATE}


class Role(models.TextChoices):
    """What a person does in Crossroads; one role per user."""

    CASEWORKER = "caseworker", _("Caseworker")
    DATA_OFFICER = "data_officer", _("Data officer")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    ANALYST = "analyst", _("Network analyst")


class User(AbstractUser):
    """A person who signs in. Identity data of assisted persons never lives here."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        help_text=_("Empty only for technical superusers of a deployment."),
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CASEWORKER)
    language = models.CharField(
        max_length=8,
        default="en",
        help_text=_("Language of the interface and of the standard's labels."),
    )
    spreadsheets = models.CharField(
        max_length=12,
        choices=Spreadsheets.choices,
        default=Spreadsheets.LANGUAGE,
        help_text=_("How the CSV files this person downloads separate columns and decimals."),
    )

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RecoveryCode(models.Model):
    """A single-use code that stands in for the authenticator app (a lost phone).

    Only a keyed hash of the code is kept; the code itself is shown once, when made.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"recovery code of {self.user} ({'used' if self.used_at else 'unused'})"


class Invitation(models.Model):
    """A one-time link that lets a new member of an organisation create their account.

    Only a keyed hash of the link's token is kept; the link is e-mailed once.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation of {self.email} to {self.organisation}"

    def is_open(self, now: datetime | None = None) -> bool:
        """Not yet used, withdrawn or expired."""
        return (
            self.accepted_at is None
            and self.withdrawn_at is None
            and self.expires_at > (now or timezone.now())
        )


class TokenScope(models.TextChoices):
    """What an access token may be used for; a token holds one or more scopes."""

    READ_RECORDS = "records:read", _("Read records")
    WRITE_RECORDS = "records:write", _("Create, change and delete records")
    EXCHANGE = "exchange", _("Annual exchange")
    ANALYSIS = "analysis", _("Network tables and estimates")
    PUBLIC = "public", _("Public standard and published figures")


class AccessToken(models.Model):
    """A personal access token for the API: the person's own rights, narrowed to scopes.

    Only a keyed hash of the secret is kept; the secret is shown once, when made.
    The prefix (the secret's first characters) lets the owner tell tokens apart.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16)
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"access token {self.prefix}… of {self.user}"

    def is_active(self, now: datetime | None = None) -> bool:
        """Neither revoked nor expired."""
        return self.revoked_at is None and self.expires_at > (now or timezone.now())


class Passkey(models.Model):
    """A WebAuthn credential (a passkey on a phone or computer, or a security key) that
    stands for the second factor.

    Only the credential's public key is kept; its private key never leaves the device.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="passkeys")
    name = models.CharField(max_length=60)
    credential_id = models.BinaryField(unique=True)
    public_key = models.BinaryField()
    # The device's signature counter: a value that does not grow (where the device keeps
    # one) means the credential was copied.
    sign_count = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"passkey {self.name!r} of {self.user}"
