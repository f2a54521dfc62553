"""Respondents who keep saving pages while a backup is taken: ``python -m tests.backups.savers LOG STOP``.

20 threads each start a response in an open round and save its pages one after another (new
responses when a questionnaire is done), through the same function as the questionnaire's page.
After every save the database acknowledged, one line ``time response_id question_id`` per answer goes
to LOG (flushed), so the test knows which answers were acknowledged before the backup began. Stops when
the file STOP exists.
"""

from __future__ import annotations

import os
import sys
import threading
import time

import django

RESPONDENTS = 20


def _value(question):
    if question.type == "text":
        return "saved while backing up"
    if question.type == "single_choice" and question.options:
        return question.options[0].code
    return 3


def main(log_path: str, stop_path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leerscan.settings")
    django.setup()
    from django.db import connection

    from leerscan.instrument.loader import get_instrument
    from leerscan.organizations.models import Organization
    from leerscan.surveys.models import ScanRound
    from leerscan.surveys.respond import asked_questions, save_page, sections_for, start_response

    organization, _ = Organization.objects.get_or_create(name="Saving during the backup")
    scan_round, _ = ScanRound.objects.get_or_create(
        organization=organization,
        wave=1,
        defaults={"instrument_version": get_instrument().version, "status": ScanRound.Status.OPEN},
    )
    lock, log = threading.Lock(), open(log_path, "a", encoding="utf-8")  # noqa: SIM115

    def respondent() -> None:
        try:
            while not os.path.exists(stop_path):
                response = start_response(scan_round, "nl")
                for section in sections_for(scan_round):
                    values = {q.id: _value(q) for q in asked_questions(scan_round, section)}
                    if not save_page(response, section, values).saved:
                        raise SystemExit("a page save was refused")
                    acknowledged = time.time()
                    with lock:
                        log.writelines(f"{acknowledged} {response.pk} {q}\n" for q in values)
                        log.flush()
                    if os.path.exists(stop_path):
                        return
        finally:
            connection.close()

    threads = [threading.Thread(target=respondent) for _ in range(RESPONDENTS)]
    for thread in threads:
        thread.start()
    print("saving", flush=True)
    for thread in threads:
        thread.join()
    log.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
