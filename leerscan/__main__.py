"""``python -m leerscan`` is the same as the ``leerscan`` command."""

from leerscan.cli import main

main()
