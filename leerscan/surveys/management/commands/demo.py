"""``leerscan demo``: a demo organization with an open round and synthetic answers (idempotent)."""

from django.core.management.base import BaseCommand

from leerscan.analytics.synthetic import generate_respondents
from leerscan.instrument.loader import get_instrument
from leerscan.surveys.models import Organization, Response, ScanRound, SizeClass
from leerscan.surveys.services import store_submitted_responses

DEMO_NAME = "De Leerfabriek (demo)"
DEMO_RESPONDENTS = 27


class Command(BaseCommand):
    help = "Create the demo organization with an open scan round and synthetic answers (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--respondents", type=int, default=DEMO_RESPONDENTS)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, **options):
        instrument = get_instrument()
        organization, created = Organization.objects.get_or_create(
            name=DEMO_NAME,
            defaults={"sector": "Metaal en technologie", "size_class": SizeClass.FROM_20, "language": "nl"},
        )
        scan_round, _ = ScanRound.objects.get_or_create(
            organization=organization,
            wave=1,
            defaults={
                "instrument_id": instrument.id,
                "instrument_version": instrument.version,
                "status": ScanRound.Status.OPEN,
                "expected_respondents": 34,
            },
        )
        if not Response.objects.filter(scan_round=scan_round).exists():
            answers = generate_respondents(instrument, options["respondents"], 1, seed=options["seed"])
            answers = answers.drop(columns=["respondent", "organization"])
            stored = store_submitted_responses(scan_round, answers, Response.Source.SYNTHETIC)
            self.stdout.write(f"Created '{organization}' with {stored} synthetic responses.")
        else:
            self.stdout.write(f"'{organization}' already exists; nothing changed.")
