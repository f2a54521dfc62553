"""A small programme: two lots, three organizations, five scan rounds with synthetic answers.

Two rounds stay under their anonymity threshold (5): the research workspace leaves them out. Metaal
Beta has a follow-up in wave 3; six of its respondents linked their answers with their own code.
"""

import functools
import io
import zipfile
from dataclasses import dataclass

import pandas as pd
import pytest

from leerscan.accounts.models import Role, ServiceProvider
from leerscan.analytics.synthetic import generate_respondents
from leerscan.instrument.loader import get_instrument
from leerscan.organizations.models import Lot, Organization
from leerscan.surveys.models import ScanRound
from leerscan.surveys.services import store_submitted_responses
from tests.conftest import make_user, run_jobs

# organization name, lot number, sector, size class, wave, respondents, seed
ROUNDS = [
    ("Bouwbedrijf Alfa", 1, "Bouw", 3, 1, 70, 11),
    ("Metaal Beta", 2, "Metaal", 4, 1, 60, 12),
    ("Metaal Beta", 2, "Metaal", 4, 2, 3, 13),
    ("Bakkerij Gamma", 1, "Voeding", 2, 1, 4, 14),
    ("Metaal Beta", 2, "Metaal", 4, 3, 8, 15),
]
THRESHOLD = 5

# (round index in ROUNDS, response number in that round, linking code): codes match within an
# organization, ignoring case and spaces. Six pairs between Metaal Beta's wave 1 and wave 3; "dup" is
# used twice in wave 1 (ambiguous: no pair); Alfa's "c1" belongs to another organization.
LINKS = [
    *[(1, i, f" C{i} ") for i in range(1, 7)],
    *[(4, i - 1, f"c{i}") for i in range(1, 7)],
    (1, 10, "dup"),
    (1, 11, "DUP"),
    (4, 6, "dup"),
    (0, 0, "c1"),
    (4, 7, "alone"),
]


@dataclass
class Programme:
    lots: dict
    organizations: dict
    rounds: list
    answers: pd.DataFrame  # what research sees: answers of rounds with at least THRESHOLD responses,
    # with columns lot, org, wave, size_class_org, sector_org
    left_out: pd.DataFrame  # the answers of the rounds under the threshold (same columns)
    pairs: list  # (row in answers, row in answers): the same person in wave 1 and wave 3
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
        frames.append(
            answers.assign(
                lot=lot, org=name, wave=wave, size_class_org=size, sector_org=sector, round=len(rounds) - 1
            )
        )
    for index, number, code in LINKS:
        response = rounds[index].responses.order_by("id")[number]
        response.linking_code = code
        response.save(update_fields=["linking_code"])
    users = {
        "admin": make_user("admin", "superuser"),
        "programme": make_user("programme", Role.PROGRAMME),
        "provider": make_user("provider", Role.SERVICE_PROVIDER, service_provider=fund),
        "consultant": make_user("consultant", Role.CONSULTANT, service_provider=fund),
        "contact": make_user("contact", Role.ORGANIZATION, organization=organizations["Bouwbedrijf Alfa"]),
        "no_role": make_user("no_role"),
    }
    organizations["Bouwbedrijf Alfa"].consultants.add(users["consultant"])
    everything = pd.concat(frames, ignore_index=True)
    everything["number"] = everything.groupby("round").cumcount()
    big = everything.groupby("round")["round"].transform("size") >= THRESHOLD
    answers = everything[big].reset_index(drop=True)
    row = {(r, n): i for i, (r, n) in enumerate(zip(answers["round"], answers["number"], strict=True))}
    pairs = [(row[(1, i)], row[(4, i - 1)]) for i in range(1, 7)]
    return Programme(
        lots, organizations, rounds, answers, everything[~big].reset_index(drop=True), pairs, users
    )


@pytest.fixture
def evaluator(programme, client):
    """A logged-in programme user whose browser asks for English (the interface's source language)."""
    client.force_login(programme.users["programme"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def visit(client, query: str = ""):
    """Open the workspace as a person does: when the page starts the analysis, let a worker make it
    (its progress bar then reloads the page) and open the page again."""
    response = client.get("/research/" + query)
    if response.context is not None and response.context.get("job") is not None:
        run_jobs()
        response = client.get("/research/" + query)
    return response


def analysed_get(client, url: str):
    """GET a download of the workspace (tables, the HTML report) after the page made its analysis."""
    query = url.partition("?")[2]
    visit(client, f"?{query}" if query else "")
    return client.get(url)


def export_file(client, **data):
    """Ask for an export as a person does (the form starts a job), let a worker make it, and fetch the
    file from the job's page; returns the download response."""
    started = client.post("/research/export/", data)
    assert started.status_code == 302 and "/jobs/" in started["Location"], started
    run_jobs()
    return client.get(started["Location"].split("?")[0] + "file/")


def analysis_tables(client, query: str = "") -> dict[str, pd.DataFrame]:
    """The workspace's CSV tables (raw numbers) of a selection, as downloaded in one zip file."""
    response = analysed_get(client, f"/research/tables/all.zip{query}")
    assert response.status_code == 200, response
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {
        name.removesuffix(".csv"): pd.read_csv(io.BytesIO(archive.read(name)), encoding="utf-8-sig")
        for name in archive.namelist()
    }
