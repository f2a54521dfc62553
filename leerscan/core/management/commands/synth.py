"""``leerscan synth --respondents N --organizations K --seed S --out FILE.csv``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from leerscan.analytics.synthetic import generate_respondents
from leerscan.instrument.loader import get_instrument


class Command(BaseCommand):
    help = (
        "Generate realistic synthetic item-level answers (same columns as 'leerscan score' "
        "reads) that follow the published reference means, SDs and correlations."
    )

    def add_arguments(self, parser):
        parser.add_argument("--respondents", type=int, required=True)
        parser.add_argument("--organizations", type=int, default=1)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--out", required=True, metavar="FILE.csv")
        parser.add_argument("--instrument", default="employee")

    def handle(self, *args, **options):
        try:
            frame = generate_respondents(
                get_instrument(options["instrument"]),
                options["respondents"],
                options["organizations"],
                seed=options["seed"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        out = Path(options["out"])
        frame.to_csv(out, index=False, float_format="%g")
        self.stdout.write(
            f"Wrote {len(frame)} respondents in {options['organizations']} organization(s) -> {out}"
        )
