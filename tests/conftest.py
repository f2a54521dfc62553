"""Test-wide set-up: database tests are marked so they can also run against PostgreSQL."""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "django_db" in item.keywords or {"db", "transactional_db"} & set(
            getattr(item, "fixturenames", ())
        ):
            item.add_marker(pytest.mark.database)
