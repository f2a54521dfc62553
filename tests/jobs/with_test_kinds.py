"""Run a leerscan command in a process that also knows the test kinds of job:
``python -m tests.jobs.with_test_kinds worker`` or ``... start test.write '{"count": 6}'``."""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leerscan.settings")
django.setup()

import tests.jobs.kinds  # noqa: E402,F401  (registers the kinds)

if __name__ == "__main__":
    if sys.argv[1] == "start":
        from leerscan.jobs.services import start_job

        print(start_job(sys.argv[2], json.loads(sys.argv[3])).id)
    else:
        from django.core.management import call_command

        call_command(*sys.argv[1:])
