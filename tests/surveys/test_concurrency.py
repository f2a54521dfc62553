"""Two tabs or a double click saving the same page at the same moment: one answer per question."""

import threading

import pytest
from django.db import connection

from leerscan.surveys import respond
from leerscan.surveys.models import Answer, Organization, PageSave, ScanRound


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_of_the_same_page():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip(
            "in-memory SQLite cannot run concurrent transactions; covered on PostgreSQL and by "
            "the crash-safety test on a SQLite file"
        )
    organization = Organization.objects.create(name="Parallel")
    scan_round = ScanRound.objects.create(
        organization=organization, instrument_version="1.0.0", status="open"
    )
    response = respond.start_response(scan_round, "nl")
    section = respond.sections_for(scan_round)[3]
    errors = []

    def save(value):
        try:
            values = {q.id: value for q in section.questions if q.type == "likert"}
            respond.save_page(response, section, values)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(1 + i % 5,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    per_question = Answer.objects.filter(response=response).values_list("question_id", flat=True)
    assert sorted(per_question) == sorted(q.id for q in section.questions if q.type == "likert")
    assert PageSave.objects.filter(response=response).count() == 1
    assert len(set(Answer.objects.filter(response=response).values_list("number", flat=True))) == 1
