"""Kinds of job that only the tests use: a file maker, one that fails, one that writes rows."""

from __future__ import annotations

import os
import time

from django.utils.translation import gettext_noop

from leerscan.jobs.registry import JobRefused, Kind, Output, register
from leerscan.organizations.models import Lot

CALLS: list[str] = []


def make_file(job, progress):
    steps = int(job.params.get("steps", 3))
    progress.start(steps)
    for _ in range(steps):
        time.sleep(float(job.params.get("sleep", 0)))
        progress.advance()
    CALLS.append(str(job.id))
    return Output(file_name="numbers.csv", content=b"a,b\n1,2\n")


def flaky(job, progress):
    CALLS.append(str(job.id))
    if job.attempts <= int(job.params.get("fail_times", 1)):
        raise ConnectionError("the mail server did not answer")
    return Output(result={"attempt": job.attempts})


def refuse(job, progress):
    raise JobRefused(gettext_noop("Row %(row)s: the number %(value)s is too large."), row=7, value=120)


def write_lots(job, progress):
    """Creates lots in one transaction, slowly: the job a killed worker must not leave half done."""
    first = int(job.params.get("first", 100))
    count = int(job.params.get("count", 5))
    progress.start(count)
    for number in range(first, first + count):
        Lot.objects.create(number=number, name=f"Lot {number}")
        progress.advance()
        time.sleep(float(job.params.get("sleep", 0)))
        if os.environ.get("LEERSCAN_TEST_JOB_MARK"):
            with open(os.environ["LEERSCAN_TEST_JOB_MARK"], "a") as mark:
                mark.write(f"{job.id} {number}\n")
    return Output(result={"lots": count})


FILE = register(Kind(name="test.file", run=make_file, title=gettext_noop("Report as PDF"), retries=2))
FLAKY = register(Kind(name="test.flaky", run=flaky, title=gettext_noop("Report as PDF"), retries=2))
REFUSE = register(Kind(name="test.refuse", run=refuse, title=gettext_noop("Report as PDF")))
WRITE = register(Kind(name="test.write", run=write_lots, title=gettext_noop("Report as PDF"), atomic=True))
