"""Periodic work of the calendar: reminders of deadlines."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from crossroads.accounts.models import User
from crossroads.bodies import drafting, printing, services, wordfile
from crossroads.bodies.models import Round
from crossroads.bodies.reminders import send_due
from crossroads.tasks.progress import Progress
from crossroads.tasks.registry import background, periodic


# Several times a day, so a reminder goes out on its day even when workers were down
# for a while; each is recorded once, so running often sends nothing twice.
@periodic("bodies.remind", every=timedelta(hours=4), title=_("Remind of monitoring-body deadlines"))
def remind(progress: Progress) -> None:
    """Send the reminders due today (see :mod:`crossroads.bodies.reminders`)."""
    progress.step(str(_("Checking the deadlines of the calendar")))
    count = send_due(timezone.localdate())
    progress.finish(
        ngettext("%(count)d deadline reminded of.", "%(count)d deadlines reminded of.", count)
        % {"count": count}
    )


@background(
    "bodies.draft",
    title=_("Draft the submission to %(body)s for %(country)s"),
)
def draft_submission(
    progress: Progress,
    round_id: int,
    in_language: str,
    user_id: int | None,
    body: str,
    country: str,
) -> None:
    """Draft a round's submission and write it as HTML, DOCX and PDF, kept together.

    ``in_language``: the draft's language; ``body`` and ``country`` only name the run (the
    round is read afresh).
    """
    item = Round.objects.get(pk=round_id)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    progress.step(str(_("Gathering the figures, narratives and sources")))
    draft = drafting.draft(item, in_language)
    progress.step(str(_("Writing the Word document")))
    word = wordfile.docx(draft)
    progress.step(str(_("Printing the PDF")))
    page = printing.html(draft)
    pdf = printing.pdf_of(page)
    with transaction.atomic():
        services.store_draft(user, item, draft, html=page, docx=word, pdf=pdf)
        progress.finish(str(_("The draft is ready.")), url=reverse("bodies:round", args=[item.pk]))
