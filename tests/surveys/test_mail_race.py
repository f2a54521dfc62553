"""Two ``leerscan remind`` runs started at the same moment, each in its own thread and database
connection: every reminder leaves once (PostgreSQL; pytest-django's in-memory SQLite cannot hold
two writers, and the same interleaving is tested step by step in test_mail_invitations)."""

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from leerscan.organizations.models import Organization
from leerscan.surveys import mailing
from leerscan.surveys.models import Invitation, ScanRound


@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_at_once_send_each_reminder_once(mailbox):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("in-memory SQLite's shared cache fails a second writer at once ('table is locked')")
    organization = Organization.objects.create(name="Parallel")
    scan_round = ScanRound.objects.create(
        organization=organization, instrument_version="1.0.0", status="open"
    )
    mailing.add_addressees(scan_round, [(f"p{i}@example.org", "") for i in range(30)])
    mailing.send_invitations(scan_round)
    Invitation.objects.filter(pk__in=Invitation.objects.order_by("pk").values("pk")[:12]).update(
        started=True, completed=True
    )
    outputs, errors, barrier = [], [], threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            out = StringIO()
            call_command("remind", "--round", str(scan_round.pk), stdout=out)
            outputs.append(out.getvalue())
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # The invitations wait for a worker (none runs here); the reminders went out from the runs.
    assert len(mailbox.messages) == 18, outputs
    assert len({m["To"] for m in mailbox.messages}) == 18
    assert sum(int(out.split()[1].rstrip(",")) for out in outputs) == 18  # "sent N, skipped M, ..."
