"""A small programme: two lots, three organizations, four scan rounds with synthetic answers."""

import functools
from dataclasses import dataclass

import pandas as pd
import pytest

from leerscan.accounts.models import Lot, Role, ServiceProvider
from leerscan.analytics.synthetic import generate_respondents
from leerscan.instrument.loader import get_instrument
from leerscan.surveys.models import Organization, ScanRound
from leerscan.surveys.services import store_submitted_responses
from tests.conftest import make_user

# organization name, lot number, sector, size class, wave, respondents, seed
ROUNDS = [
    ("Bouwbedrijf Alfa", 1, "Bouw", 3, 1, 70, 11),
    ("Metaal Beta", 2, "Metaal", 4, 1, 60, 12),
    ("Metaal Beta", 2, "Metaal", 4, 2, 3, 13),
    ("Bakkerij Gamma", 1, "Voeding", 2, 1, 4, 14),
]


@dataclass
class Programme:
    lots: dict
    organizations: dict
    rounds: list
    answers: pd.DataFrame  # every stored answer, with columns lot, sector, size_class, wave, org
    users: dict

    def select(self, **filters) -> pd.DataFrame:
        """The generated answers whose columns equal the given values (e.g. ``lot=1, wave=1``)."""
        rows = self.answers
        for name, value in filters.items():
            rows = rows[rows[name] == value]
        return rows


@functools.cache
def _generated(n: int, seed: int) -> pd.DataFrame:
    return generate_respondents(get_instrument(), n, 1, seed=seed)


@pytest.fixture
def programme(db):
    instrument = get_instrument()
    lots = {
        1: Lot.objects.create(number=1, name="Bouw en hout"),
        2: Lot.objects.create(number=2, name="Metaal"),
    }
    fund = ServiceProvider.objects.create(name="Fonds 1", lot=lots[1])
    organizations, rounds, frames = {}, [], []
    for name, lot, sector, size, wave, n, seed in ROUNDS:
        if name not in organizations:
            organizations[name] = Organization.objects.create(
                name=name, lot=lots[lot], sector=sector, size_class=size
            )
        scan_round = ScanRound.objects.create(
            organization=organizations[name],
            wave=wave,
            instrument_version=instrument.version,
            status=ScanRound.Status.CLOSED,
        )
        answers = _generated(n, seed).drop(columns=["respondent", "organization"])
        store_submitted_responses(scan_round, answers, "synthetic")
        rounds.append(scan_round)
        frames.append(answers.assign(lot=lot, org=name, wave=wave, size_class_org=size, sector_org=sector))
    users = {
        "admin": make_user("admin", "superuser"),
        "programme": make_user("programme", Role.PROGRAMME),
        "provider": make_user("provider", Role.SERVICE_PROVIDER, service_provider=fund),
        "consultant": make_user("consultant", Role.CONSULTANT, service_provider=fund),
        "contact": make_user("contact", Role.ORGANIZATION, organization=organizations["Bouwbedrijf Alfa"]),
        "no_role": make_user("no_role"),
    }
    organizations["Bouwbedrijf Alfa"].consultants.add(users["consultant"])
    answers = pd.concat(frames, ignore_index=True)
    return Programme(lots, organizations, rounds, answers, users)


@pytest.fixture
def evaluator(programme, client):
    """A logged-in programme user whose browser asks for English (the interface's source language)."""
    client.force_login(programme.users["programme"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
