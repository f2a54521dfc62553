"""E-mail goes out through a worker to a real SMTP server (aiosmtpd), once per key: a repeated request,
a mail server that is down for a while, or a worker that died while sending never make a second copy."""

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from leerscan.jobs.mail import send_email
from leerscan.jobs.models import Job, OutgoingEmail
from leerscan.jobs.runner import execute
from tests.conftest import run_jobs
from tests.mailbox import free_port

pytestmark = pytest.mark.django_db


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


@pytest.fixture
def smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    inbox = Inbox()
    servers = []

    def start():
        servers.append(Controller(inbox, hostname="127.0.0.1", port=settings.EMAIL_PORT))
        servers[-1].start()

    start()
    yield inbox, servers, start
    servers[-1].stop()


def test_an_email_is_sent_once_however_often_it_is_asked_for(smtp):
    inbox, _servers, _start = smtp
    first = send_email("invite:7:anna", ["anna@example.org"], "Your questionnaire", "Hello Anna")
    again = send_email("invite:7:anna", ["anna@example.org"], "Your questionnaire", "Hello Anna")
    assert first.id == again.id
    run_jobs()
    run_jobs()
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "anna@example.org" and message["Subject"] == "Your questionnaire"
    assert message["Message-ID"] == OutgoingEmail.objects.get().message_id
    assert OutgoingEmail.objects.get().status == "sent"


def test_a_mail_server_that_is_down_gets_the_email_later(smtp):
    inbox, servers, start = smtp
    servers[-1].stop()
    job = send_email("reminder:7:bert", ["bert@example.org"], "Reminder", "Hello Bert")
    job = execute(job.id, "w1")
    assert job.status == Job.Status.RETRYING  # nothing went out; it waits and tries again
    assert OutgoingEmail.objects.get().status == "queued"
    start()
    assert execute(job.id, "w1").status == Job.Status.DONE
    assert len(inbox.messages) == 1


def test_an_email_whose_sender_died_while_sending_is_not_sent_again(smtp):
    inbox, _servers, _start = smtp
    job = send_email("invite:7:carl", ["carl@example.org"], "Your questionnaire", "Hello Carl")
    OutgoingEmail.objects.update(status="sending")  # the worker was killed after the server's OK
    job = execute(job.id, "w2")
    assert job.status == Job.Status.FAILED
    assert OutgoingEmail.objects.get().status == "unknown"
    assert inbox.messages == []
