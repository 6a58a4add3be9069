"""The library of members' documents: annual reports, shadow reports, research.

A member (or the secretariat) uploads a document, tags it (country, year,
language, rights, forms of exploitation) and chooses who may read it: its own
organisation, the network (every signed-in member and the secretariat) or
the public (anyone, without signing in).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.models import Organisation

if TYPE_CHECKING:
    from crossroads.accounts.permissions import AnyUser


class Audience(models.TextChoices):
    """Who may read a document."""

    ORGANISATION = "organisation", _("Our organisation only")
    NETWORK = "network", _("The network: members and the secretariat")
    PUBLIC = "public", _("Everyone, without signing in")


class DocumentKind(models.TextChoices):
    ANNUAL_REPORT = "annual_report", _("Annual report")
    SHADOW_REPORT = "shadow_report", _("Shadow report")
    RESEARCH = "research", _("Research or study")
    SUBMISSION = "submission", _("Submission to a monitoring body")
    GUIDANCE = "guidance", _("Guidance or training material")


LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("de", _("German")),
    ("nl", _("Dutch")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("pt", _("Portuguese")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
    ("uk", _("Ukrainian")),
    ("other", _("Another language")),
]


class DocumentQuerySet(models.QuerySet["Document"]):
    """Query rules for documents."""

    def visible_to(self, user: AnyUser) -> DocumentQuerySet:
        """Public documents for anyone; the network's for its people; their own organisation's."""
        from crossroads.accounts.permissions import is_analyst, is_member_user

        if is_member_user(user) or is_analyst(user):
            return self.filter(
                Q(audience__in=[Audience.NETWORK, Audience.PUBLIC])
                | Q(organisation=user.organisation)
            )
        return self.filter(audience=Audience.PUBLIC)


class Document(models.Model):
    """One document of the library, its tags, its audience and its file."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("Title"), max_length=300)
    kind = models.CharField(_("Kind"), max_length=20, choices=DocumentKind.choices)
    summary = models.TextField(_("Summary"), blank=True, max_length=3000)
    country = models.CharField(
        _("Country"), max_length=3, blank=True, help_text=_("Empty for several countries.")
    )
    year = models.PositiveSmallIntegerField(_("Year"))
    language = models.CharField(_("Language"), max_length=8, choices=LANGUAGES)
    rights = models.CharField(max_length=200, blank=True, help_text="Codes, space-separated.")
    forms = models.CharField(max_length=300, blank=True, help_text="Codes, space-separated.")
    # The title and summary folded (lower case, no accents): what the search compares.
    search_text = models.TextField(default="", editable=False)
    audience = models.CharField(
        _("Who may read it"), max_length=20, choices=Audience.choices, default=Audience.NETWORK
    )
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        indexes = [models.Index(fields=["audience", "year"], name="document_audience_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def right_codes(self) -> list[str]:
        return self.rights.split()

    @property
    def form_codes(self) -> list[str]:
        return self.forms.split()
