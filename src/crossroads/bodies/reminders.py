"""Reminders of deadlines to the secretariat and the round's lead member.

A periodic task (:mod:`crossroads.bodies.tasks`) calls :func:`send_due` a few
times a day. Each reminder is recorded (:class:`~crossroads.bodies.models.Reminder`,
unique per round, lead time and deadline) before it is sent, so a restarted
or a second worker never sends it twice, and a deadline moved later gets its
reminders again. When a round is added close to its deadline only the
nearest lead time is sent, not every one already passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import get_language

from crossroads.accounts import mail
from crossroads.accounts.models import Organisation, Role, User
from crossroads.bodies.models import Reminder, Round, Stage
from crossroads.bodies.register import BY_CODE
from crossroads.bodies.schedule import place

#: Days before a deadline at which the reminders go, nearest last.
LEAD_TIMES = (30, 7, 1)


@dataclass(frozen=True)
class Pending:
    round: Round
    days_before: int


def pending(today: date) -> list[Pending]:
    """Reminders due today and not yet sent: for each open or planned round whose deadline
    is at most 30 days ahead, the nearest lead time not yet reminded of."""
    horizon = date.fromordinal(today.toordinal() + max(LEAD_TIMES))
    candidates = Round.objects.filter(
        stage__in=[Stage.PLANNED, Stage.OPEN], deadline__gte=today, deadline__lte=horizon
    ).select_related("lead")
    sent = {
        (r.round_id, r.days_before, r.deadline)
        for r in Reminder.objects.filter(round__in=candidates)
    }
    found = []
    for item in candidates:
        left = (item.deadline - today).days
        nearest = min(lead for lead in LEAD_TIMES if lead >= left)
        if (item.pk, nearest, item.deadline) not in sent:
            found.append(Pending(item, nearest))
    return found


def _name_now(code: str) -> str:
    return place(code, get_language() or "en")


_country_name = lazy(_name_now, str)


def recipients(item: Round) -> list[User]:
    """The secretariat's analysts, and the data officers and administrators of the lead."""
    people = list(
        User.objects.filter(
            is_active=True,
            role=Role.ANALYST,
            organisation__kind=Organisation.Kind.SECRETARIAT,
        )
    )
    if item.lead is not None:
        people += mail.data_managers(item.lead)
    return people


def send_due(today: date) -> int:
    """Send every reminder due ``today``; return how many rounds were reminded of."""
    done = 0
    for entry in pending(today):
        item = entry.round
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    round=item, days_before=entry.days_before, deadline=item.deadline
                )
        except IntegrityError:
            continue  # another worker took it
        body = BY_CODE[item.body]
        context = {
            "body": body.short,
            "body_name": body.name,
            # Named in each recipient's language: the message is rendered per recipient.
            "country": _country_name(item.country),
            "round": item.title,
            "deadline": item.deadline,
            "days": (item.deadline - today).days,
            "link": mail.absolute(reverse("bodies:round", args=[item.pk])),
        }
        reminder.recipients = mail.notify(recipients(item), "deadline_reminder", context)
        reminder.save(update_fields=["recipients"])
        done += 1
    return done
