"""Template context shared by every page."""

from django.utils.translation import get_language

from leerscan.instrument.loader import get_instrument
from leerscan.instrument.model import translate


def instrument_notice(request):
    """The questionnaire's attribution notice for the page footer, in the page's language."""
    instrument = get_instrument()
    language = (get_language() or "nl")[:2]
    return {
        "instrument_attribution": translate(instrument.attribution, language),
        "instrument_version": f"{instrument.id} {instrument.version}",
    }
