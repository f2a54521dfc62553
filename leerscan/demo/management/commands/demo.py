"""``leerscan demo``: a demo organization with a closed baseline round, an open follow-up round and
synthetic answers (idempotent)."""

import secrets
from datetime import date, timedelta

import numpy as np
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand

from leerscan.accounts.models import Profile, Role
from leerscan.analytics.synthetic import generate_respondents
from leerscan.competences.demo import create_demo as create_demo_matrix
from leerscan.instrument.loader import get_instrument
from leerscan.maturity.services import save_assessment
from leerscan.organizations.models import Organization, SizeClass
from leerscan.partnerships.demo import create_demo_partnerships
from leerscan.surveys.models import Response, ScanRound
from leerscan.surveys.services import store_submitted_responses
from leerscan.trajectories.demo import create_demo_trajectories, demo_provider

DEMO_NAME = "De Leerfabriek (demo)"
DEMO_USERS = (
    ("demo-eigenaar", Role.ORGANIZATION, "the owner: sees only the demo organization"),
    ("demo-consulent", Role.CONSULTANT, "the consultant assigned to it"),
    ("demo-fonds", Role.SERVICE_PROVIDER, "the service provider of lot 2"),
    ("demo-programma", Role.PROGRAMME, "the programme: approvals, programme view, research"),
)
#: The demo organization's sector, in the language the demo is made in.
DEMO_SECTOR = {
    "nl": "Metaal en technologie",
    "en": "Metal and technology",
    "fr": "Métal et technologie",
    "de": "Metall und Technik",
}
DEMO_RESPONDENTS = 27
BASELINE_RESPONDENTS = 24


# The owner's maturity scan of the demo: a company with its basics in place (roles, functions, a
# training plan being drawn up), some ambition, and little time for learning.
DEMO_MATURITY_ANSWERS = {
    "employees": 34,
    "training_plan": 2,
    **{f"ambition_{row}": 3 for row in ("what", "why", "actions", "plans", "lead")},
    **{f"basis_{row}": 4 for row in ("what", "why", "actions", "plans")},
    "basis_lead": 3,
    **{
        f"{profile}_{row}": 2
        for profile in ("employee_journey", "growth")
        for row in ("what", "why", "actions", "plans", "lead")
    },
    **{f"learning_organization_{row}": 1 for row in ("what", "why", "actions", "plans", "lead")},
    **{f"no_policy_{item}": 2 for item in ("mandatory_only", "informal_unaware", "no_plan", "no_investment")},
    "awareness_importance": 4,
    "awareness_shared": 3,
    "co_creation_involve": 2,
    "co_creation_ideas": 3,
    "long_breath_years": 3,
    "long_breath_follow_up": 3,
    "goals_needs_link": 3,
    "goals_needs_skills": 3,
    "time_planned": 2,
    "time_protected": 1,
}


def _answers_only(frame):
    return frame.drop(columns=["respondent", "organization"])


def _demo_round(organization, instrument, wave: int, status: str, opens: int, closes: int) -> ScanRound:
    """The demo's round of this wave (created once), open from/to these many days from today."""
    scan_round, _ = ScanRound.objects.get_or_create(
        organization=organization,
        wave=wave,
        defaults={
            "instrument_id": instrument.id,
            "instrument_version": instrument.version,
            "status": status,
            "expected_respondents": 34,
            "opens_on": date.today() + timedelta(days=opens),
            "closes_on": date.today() + timedelta(days=closes),
        },
    )
    return scan_round


class Command(BaseCommand):
    help = "Create the demo organization with two scan rounds and synthetic answers (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--respondents", type=int, default=DEMO_RESPONDENTS)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument(
            "--language",
            choices=sorted(DEMO_SECTOR),
            default="nl",
            help="the demo organization's language: its report and everything it wrote itself (its "
            "sector, trajectory, competence matrix) are in it; used when the demo is first created",
        )
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="where the server will run (for the printed links)",
        )

    def handle(self, *args, **options):
        instrument = get_instrument()
        organization, created = Organization.objects.get_or_create(
            name=DEMO_NAME,
            defaults={
                "sector": DEMO_SECTOR[options["language"]],
                "size_class": SizeClass.FROM_20,
                "language": options["language"],
            },
        )
        closed, open_ = ScanRound.Status.CLOSED, ScanRound.Status.OPEN
        baseline = _demo_round(organization, instrument, 1, closed, -200, -180)
        scan_round = _demo_round(organization, instrument, 2, closed, -30, -2)  # figures once closed
        # A third round takes answers now: the questionnaire link of the demo (no figures while open).
        current = _demo_round(organization, instrument, 3, open_, -1, 28)
        if not Response.objects.filter(scan_round__organization=organization).exists():
            # The baseline: 24 synthetic answers. Six months later, after coaching on learning
            # leadership, some employees rate their manager one step higher.
            everyone = generate_respondents(
                instrument, BASELINE_RESPONDENTS + options["respondents"], 1, seed=options["seed"]
            )
            # In the demo everyone gives their role, so the manager/employee comparison can be shown.
            everyone["role"] = everyone["role"].fillna(1)
            first = everyone.iloc[:BASELINE_RESPONDENTS].reset_index(drop=True)
            later = everyone.iloc[BASELINE_RESPONDENTS:].reset_index(drop=True)
            store_submitted_responses(baseline, _answers_only(first), Response.Source.SYNTHETIC)
            rng = np.random.default_rng(options["seed"])
            for item in ("ll_1", "ll_2", "ll_3"):
                lifted = rng.random(len(later)) < 0.5
                later.loc[lifted, item] = np.minimum(later.loc[lifted, item] + 1, 5)
            stored = store_submitted_responses(scan_round, _answers_only(later), Response.Source.SYNTHETIC)
            self.stdout.write(
                f"Created '{organization}': round 1 (closed) with {BASELINE_RESPONDENTS}, "
                f"round 2 (closed) with {stored} synthetic responses, and round 3 (open)."
            )
        else:
            self.stdout.write(f"'{organization}' already exists; nothing changed.")
        if not organization.maturity_assessments.exists():
            save_assessment(organization, "owner", DEMO_MATURITY_ANSWERS, None, submit=True)
        provider = demo_provider()
        logins, users = [], {}
        for username, role, description in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            password = secrets.token_urlsafe(9)  # a fresh password on every run, printed once
            user.set_password(password)
            user.save()
            Profile.objects.update_or_create(
                user=user,
                defaults={
                    "role": role,
                    "two_factor_exempt": True,  # demo accounts only; the demo's output says so
                    "organization": organization if role == Role.ORGANIZATION else None,
                    "service_provider": provider
                    if role in (Role.CONSULTANT, Role.SERVICE_PROVIDER)
                    else None,
                },
            )
            if role == Role.CONSULTANT:
                organization.consultants.add(user)
            logins.append((username, password, description))
            users[role] = user
        create_demo_trajectories(organization, users[Role.CONSULTANT], users[Role.PROGRAMME])
        create_demo_matrix(organization)
        partnership_rounds = create_demo_partnerships(
            provider, users[Role.SERVICE_PROVIDER], users[Role.CONSULTANT]
        )
        base = options["base_url"].rstrip("/")
        self.stdout.write("")
        self.stdout.write(
            f"Questionnaire (open it on your phone or in a browser): {base}/s/{current.public_token}/"
        )
        self.stdout.write(f"Report of the demo organization: {base}/manage/rounds/{scan_round.pk}/report/")
        self.stdout.write(
            f"Partnership scan ({len(partnership_rounds)} rounds, lots 2 and 4): {base}/manage/partnerships/"
        )
        self.stdout.write(f"Log in at {base}/accounts/login/ with")
        for username, password, description in logins:
            self.stdout.write(f"    {username:<16} password: {password:<14} ({description})")
        self.stdout.write("(demo passwords change every time 'leerscan demo' runs)")
        self.stdout.write(
            "(demo users are exempt from two-factor login; real administrator, programme and "
            "service-provider accounts must set it up at their first login)"
        )
