"""A long task that ends e-mails the person who started it; short ones do not."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail

from crossroads.tasks import notifications
from crossroads.tasks.models import Status, TaskRun
from crossroads.tasks.queueing import start
from crossroads.tasks.tests import sample
from crossroads.testing import Personas


def _finished(run: TaskRun, minutes: float, status: Status = Status.SUCCEEDED) -> None:
    assert run.started_at is not None
    TaskRun.objects.filter(pk=run.pk).update(
        status=status, finished_at=run.started_at + timedelta(minutes=minutes)
    )


def test_a_run_that_lasted_more_than_a_minute_emails_its_starter(personas: Personas) -> None:
    personas.data_officer_a.email = "officer@org-a.example"
    personas.data_officer_a.save()
    run = start(sample.count, user=personas.data_officer_a, organisation=personas.org_a, n=3)
    assert mail.outbox == []  # it ran at once
    _finished(run, 5)
    notifications.run_ended(str(run.pk))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer@org-a.example"]
    assert message.subject == "Finished: Counting to 3"
    assert f"/tasks/{run.pk}/" in message.body


def test_a_failed_long_run_says_so_and_a_cancelled_one_sends_nothing(
    personas: Personas,
) -> None:
    personas.data_officer_a.email = "officer@org-a.example"
    personas.data_officer_a.save()
    run = start(sample.count, user=personas.data_officer_a, n=4)
    _finished(run, 3, Status.FAILED)
    notifications.run_ended(str(run.pk))
    assert mail.outbox[-1].subject == "Failed: Counting to 4"
    _finished(run, 3, Status.CANCELLED)
    notifications.run_ended(str(run.pk))
    assert len(mail.outbox) == 1


def test_no_mail_without_an_address_or_for_a_periodic_run(personas: Personas) -> None:
    run = start(sample.count, user=personas.data_officer_a, n=5)
    _finished(run, 10)
    notifications.run_ended(str(run.pk))
    anonymous = start(sample.count, n=6)
    _finished(anonymous, 10)
    notifications.run_ended(str(anonymous.pk))
    assert mail.outbox == []
