"""The ``leerscan`` command: leerscan's own subcommands and every Django management command.

Examples: ``leerscan instrument validate FILE``, ``leerscan score IN.csv --out OUT.csv``,
``leerscan synth --respondents 500 --organizations 20 --out demo.csv``, ``leerscan demo``,
``leerscan migrate``, ``leerscan runserver``.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leerscan.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["leerscan", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
