"""``leerscan synth --respondents N --organizations K --seed S --out FILE.csv [--waves 2]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from leerscan.analytics.synthetic import LINKED_SHARE, WAVE_EFFECT, generate_respondents, generate_waves
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
        parser.add_argument(
            "--waves",
            type=int,
            choices=(1, 2),
            default=1,
            help="2: a baseline and a follow-up (FILE-wave1.csv, FILE-wave2.csv) with a known effect on "
            "the learning climate and linking codes for a share of the respondents",
        )
        parser.add_argument("--linked", type=float, default=LINKED_SHARE, help="share answering both waves")
        parser.add_argument(
            "--effect", type=float, default=WAVE_EFFECT, help="chance a climate answer moves one option up"
        )

    def handle(self, *args, **options):
        if options["waves"] == 2:
            return self._waves(options)
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

    def _waves(self, options) -> None:
        try:
            frames = generate_waves(
                get_instrument(options["instrument"]),
                options["respondents"],
                options["organizations"],
                seed=options["seed"],
                effect=options["effect"],
                linked=options["linked"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        out = Path(options["out"])
        for number, frame in enumerate(frames, start=1):
            path = out.with_name(f"{out.stem}-wave{number}{out.suffix or '.csv'}")
            frame.to_csv(path, index=False, float_format="%g")
            self.stdout.write(f"Wrote wave {number}: {len(frame)} respondents -> {path}")
        linked = int(frames[0]["linking_code"].notna().sum())
        self.stdout.write(
            f"{linked} respondents answer both waves with a linking code; in wave 2 every learning-climate "
            f"answer below the top moved one option up with probability {options['effect']}."
        )
