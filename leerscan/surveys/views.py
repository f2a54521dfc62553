"""Pages of the scans app."""

from django.shortcuts import render
from django.utils.translation import get_language

from leerscan.instrument.loader import get_instrument
from leerscan.instrument.model import translate
from leerscan.surveys.models import ScanRound
from leerscan.surveys.results import summarize_round


def home(request):
    """Overview of organizations and their scan rounds with scale means (threshold applied).

    A placeholder start page until the organization report exists.
    """
    instrument = get_instrument()
    language = (get_language() or "nl")[:2]
    rounds = []
    for scan_round in ScanRound.objects.select_related("organization"):
        summary = summarize_round(scan_round)
        scales = []
        if summary.shown:
            for scale in instrument.scales:
                mean = summary.means.get(scale.key)
                scales.append(
                    {
                        "label": translate(scale.label, language),
                        "mean": mean,
                        "metric": scale.metric,
                        "group": scale.group,
                    }
                )
        rounds.append({"round": scan_round, "summary": summary, "scales": scales})
    return render(request, "surveys/home.html", {"rounds": rounds})
