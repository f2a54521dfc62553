"""A lot with four providers (one coordinator, one inactive), their people, and other roles."""

from dataclasses import dataclass

import pytest

from leerscan.accounts.models import Role, ServiceProvider, Subcontractor
from leerscan.organizations.models import Lot, Organization
from leerscan.partnerships import services
from tests.conftest import make_user


@dataclass
class Partnership:
    lot: Lot
    other_lot: Lot
    providers: dict
    users: dict


@pytest.fixture
def partnership(db):
    lot = Lot.objects.create(number=4, name="Zorg")
    other_lot = Lot.objects.create(number=5, name="Handel")
    providers = {
        "coord": ServiceProvider.objects.create(name="Vivo", lot=lot, is_coordinator=True),
        "p2": ServiceProvider.objects.create(name="Diverscity", lot=lot),
        "p3": ServiceProvider.objects.create(name="Fonds 318", lot=lot),
        "inactive": ServiceProvider.objects.create(name="Fonds 320", lot=lot),
        "elsewhere": ServiceProvider.objects.create(name="Unizo", lot=other_lot, is_coordinator=True),
    }
    sub = Subcontractor.objects.create(
        name="Coach BV", enterprise_number="0417497106", service_provider=providers["p2"]
    )
    org = Organization.objects.create(name="Kapsalon C", lot=lot, language="nl")
    users = {
        "admin": make_user("admin", "superuser"),
        "programme": make_user("programme", Role.PROGRAMME),
        "coord_staff": make_user("coord_staff", Role.SERVICE_PROVIDER, service_provider=providers["coord"]),
        "p2_staff": make_user("p2_staff", Role.SERVICE_PROVIDER, service_provider=providers["p2"]),
        "coord_consultant": make_user(
            "coord_consultant", Role.CONSULTANT, service_provider=providers["coord"]
        ),
        "p2_consultant": make_user("p2_consultant", Role.CONSULTANT, service_provider=providers["p2"]),
        "p3_staff": make_user("p3_staff", Role.SERVICE_PROVIDER, service_provider=providers["p3"]),
        "p3_consultant": make_user("p3_consultant", Role.CONSULTANT, service_provider=providers["p3"]),
        "inactive_consultant": make_user(
            "inactive_consultant", Role.CONSULTANT, service_provider=providers["inactive"]
        ),
        "sub_consultant": make_user(
            "sub_consultant", Role.CONSULTANT, service_provider=providers["p2"], subcontractor=sub
        ),
        "other_lot_staff": make_user(
            "other_lot_staff", Role.SERVICE_PROVIDER, service_provider=providers["elsewhere"]
        ),
        "contact": make_user("contact", Role.ORGANIZATION, organization=org),
        "no_role": make_user("no_role"),
    }
    return Partnership(lot, other_lot, providers, users)


def new_round(partnership, mode="confidential", opened=True):
    """A round of the lot with Fonds 320 inactive; open mode gets every active partner's agreement."""
    round = services.create_round(partnership.lot, mode, inactive=[partnership.providers["inactive"]])
    if mode == "open":
        for key, who in [("coord", "coord_staff"), ("p2", "p2_staff"), ("p3", "p3_staff")]:
            services.record_agreement(round, partnership.users[who], partnership.providers[key])
    if opened:
        services.open_round(round)
    return round


def answer_data(partnership, alters_forms: dict, likert: int = 4, action: str = "submit") -> dict:
    """A posted answer page: the forms per alter key (e.g. {"p2": ["f1", "f2"]}) and every likert item."""
    from leerscan.partnerships.instrument import get_instrument

    data = {"action": action}
    for key, forms in alters_forms.items():
        pk = partnership.providers[key].pk
        for form in forms:
            data[f"tie-{pk}-{form}"] = "on"
            data[f"tie-{pk}-c-{form}"] = "3"
        if "f2" in forms:
            data[f"tie-{pk}-dir"] = "give"
    for q in get_instrument().questions:
        if q.type == "likert":
            data[q.id] = str(likert)
    data["e1"] = "Samen leren werkt."
    data["e4"] = ["1", "3"]
    return data
