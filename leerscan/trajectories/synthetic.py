"""A synthetic programme: organizations with register facts and trajectories at every step, for the
demo, the tests of the programme figures, and trying things out.

Plain Python (no Django). The lots are drawn in proportion to their reach targets, sizes follow the
programme's small-business focus (about three in four under 50 employees), and the joint committees
are real ones of each lot (lot 5: retail, hospitality and other committees that lots 1-4 do not list).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from leerscan.organizations.register import (
    LOCAL_GOVERNMENT_CARE,
    LOCAL_GOVERNMENT_LOT,
    LOT_COMMITTEES,
    LOT_TARGETS,
)
from leerscan.trajectories.workflow import ORDER

#: Joint committees of lot 5 used by the generator (retail, hospitality, services, ...).
OTHER_COMMITTEES = ("200", "201", "202", "302", "311", "119", "140.03", "145", "218", "317")
#: Sectors per lot, in each language of the demo (the programme's organizations are written in the
#: language the demo is made in, so their sectors never read as a gap in the translation).
SECTORS = {
    "nl": {
        1: ("Bouw", "Hout", "Elektriciteit", "Auto"),
        2: ("Voeding", "Metaal", "Chemie", "Textiel", "Grafisch"),
        3: ("Vrije beroepen", "Vastgoed", "Podiumkunsten", "Audiovisueel"),
        4: ("Kinderopvang", "Thuiszorg", "Ouderenzorg", "Social profit"),
        5: ("Retail", "Horeca", "Diensten"),
    },
    "en": {
        1: ("Construction", "Wood", "Electrical", "Car trade"),
        2: ("Food", "Metal", "Chemicals", "Textiles", "Printing"),
        3: ("Liberal professions", "Real estate", "Performing arts", "Audiovisual"),
        4: ("Childcare", "Home care", "Elderly care", "Social profit"),
        5: ("Retail", "Hospitality", "Services"),
    },
    "fr": {
        1: ("Construction", "Bois", "Électricité", "Automobile"),
        2: ("Alimentation", "Métal", "Chimie", "Textile", "Imprimerie"),
        3: ("Professions libérales", "Immobilier", "Arts de la scène", "Audiovisuel"),
        4: ("Petite enfance", "Aide à domicile", "Soins aux aînés", "Non-marchand"),
        5: ("Commerce de détail", "Horeca", "Services"),
    },
    "de": {
        1: ("Bau", "Holz", "Elektro", "Kfz-Gewerbe"),
        2: ("Lebensmittel", "Metall", "Chemie", "Textil", "Druck"),
        3: ("Freie Berufe", "Immobilien", "Darstellende Künste", "Audiovisuelle Medien"),
        4: ("Kinderbetreuung", "Häusliche Pflege", "Altenpflege", "Sozialwirtschaft"),
        5: ("Einzelhandel", "Gastgewerbe", "Dienstleistungen"),
    },
}
#: A municipality's own care service, and the word for a plan action, in each language.
LOCAL_GOVERNMENT = {"nl": "Lokaal bestuur", "en": "Local government", "fr": "Pouvoir local", "de": "Gemeinde"}
ACTION = {"nl": "Actie", "en": "Action", "fr": "Action", "de": "Maßnahme"}
MUNICIPALITIES = ("Gent", "Antwerpen", "Brugge", "Leuven", "Hasselt", "Kortrijk", "Mechelen", "Aalst", "Genk")
#: Share of trajectories per current status.
STATUS_WEIGHTS = {
    "registered": 0.07,
    "approved": 0.06,
    "intake": 0.10,
    "plan_agreed": 0.09,
    "running": 0.26,
    "completed": 0.34,
    "stopped": 0.08,
}
THEMES = (
    "job_profiles",
    "competence_matrix",
    "training_plan",
    "development_talks",
    "recruitment_onboarding",
    "leadership",
    "mission_vision",
    "future_competences",
    "feedback",
)
PROFILES = ("no_policy", "ambition", "basis", "employee_journey", "growth", "learning_organization")


@dataclass
class SyntheticOrganization:
    """One organization of the synthetic programme with its trajectory."""

    name: str
    enterprise_number: str
    lot: int
    joint_committees: list[str]
    employees: int
    sector: str
    municipality: str
    status: str
    furthest: str  # equals status unless stopped
    themes: list[str] = field(default_factory=list)
    actions: list[tuple[str, float, float]] = field(default_factory=list)  # (title, hours, cost)
    spent_hours: float = 0.0
    profiles: list[str] = field(default_factory=list)
    local_government_care: str = ""  # a municipality's childcare, home or elderly care (lot 4)
    language: str = "nl"  # of its texts


def enterprise_number(rng: random.Random) -> str:
    """A number that passes the mod-97 check (not looked up in the KBO)."""
    base = rng.randrange(2_000_000, 19_999_999)
    return f"{base:08d}{97 - base % 97:02d}"


def _employees(rng: random.Random) -> int:
    band = rng.random()
    if band < 0.45:
        return rng.randint(2, 19)
    if band < 0.76:
        return rng.randint(20, 49)
    if band < 0.95:
        return rng.randint(50, 99)
    return rng.randint(100, 249)


def generate_programme(
    organizations: int, seed: int = 1, language: str = "nl"
) -> list[SyntheticOrganization]:
    """``organizations`` synthetic organizations with trajectories (the same seed, the same programme),
    their sectors and names in ``language``."""
    language = language if language in SECTORS else "nl"
    rng = random.Random(seed)
    lots = list(LOT_TARGETS)
    statuses = list(STATUS_WEIGHTS)
    numbers: set[str] = set()
    result = []
    for index in range(1, organizations + 1):
        lot = rng.choices(lots, weights=[LOT_TARGETS[lot] for lot in lots])[0]
        committees = LOT_COMMITTEES.get(lot, OTHER_COMMITTEES)
        number = enterprise_number(rng)
        while number in numbers:
            number = enterprise_number(rng)
        numbers.add(number)
        status = rng.choices(statuses, weights=[STATUS_WEIGHTS[s] for s in statuses])[0]
        furthest = rng.choice(ORDER[:5]) if status == "stopped" else status
        sector = rng.choice(SECTORS[language][lot])
        organization = SyntheticOrganization(
            name=f"{sector} {index:03d} (demo)",
            enterprise_number=number,
            lot=lot,
            joint_committees=[rng.choice(committees)],
            employees=_employees(rng),
            sector=sector,
            municipality=rng.choice(MUNICIPALITIES),
            status=status,
            furthest=furthest,
            language=language,
        )
        if lot == LOCAL_GOVERNMENT_LOT and index % 5 == 0:  # some lot-4 care is a local government's
            organization.local_government_care = LOCAL_GOVERNMENT_CARE[index % len(LOCAL_GOVERNMENT_CARE)]
            organization.joint_committees = []
            organization.sector = LOCAL_GOVERNMENT[language]
            organization.name = f"{LOCAL_GOVERNMENT[language]} {index:03d} (demo)"
        reached = ORDER.index(furthest)
        if reached >= ORDER.index("intake"):
            organization.themes = rng.sample(THEMES, rng.randint(1, 3))
        if reached >= ORDER.index("plan_agreed"):
            for number_of_action in range(rng.randint(2, 4)):
                hours = rng.choice((4, 6, 8, 10, 12, 16))
                title = f"{ACTION[language]} {number_of_action + 1}"
                organization.actions.append((title, hours, hours * 95.0))
            planned = sum(hours for _title, hours, _cost in organization.actions)
            share = {
                "plan_agreed": 0.1,
                "running": rng.uniform(0.3, 0.9),
                "completed": rng.uniform(0.85, 1.15),
            }
            organization.spent_hours = round(planned * share.get(furthest, 0.4) * 4) / 4
        if reached >= ORDER.index("intake") and rng.random() < 0.7:
            weights = (0.05, 0.45, 0.45, 0.12, 0.08, 0.04)  # chapter 5.3: mostly ambition and/or basis
            organization.profiles = sorted(
                {profile for profile, weight in zip(PROFILES, weights, strict=True) if rng.random() < weight}
                or {"basis"}
            )
        result.append(organization)
    return result
