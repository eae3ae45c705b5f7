"""The daily reminder names letters due within a working day or overdue, in their log."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from disclosure.mailbox.models import Letter
from tests.disclosure.mailbox.builders import make_letter

pytestmark = pytest.mark.django_db


def test_the_reminder_mails_the_agency_s_staff_and_notes_it_in_the_log(org, clerk):
    clerk.email = "clerk@example.gov.cn"
    clerk.save()
    late = make_letter(org, received_on=datetime.date(2025, 9, 1), status=Letter.Status.ACCEPTED)
    later = make_letter(org, received_on=datetime.date(2025, 9, 29), status=Letter.Status.ACCEPTED)
    call_command("remind_due_letters", "--date", "2025-09-05", stdout=io.StringIO())
    assert len(mail.outbox) == 1 and late.code in mail.outbox[0].body
    assert later.code not in mail.outbox[0].body
    assert late.events.filter(kind="reminded").exists()
    assert "13912345678" not in mail.outbox[0].body
