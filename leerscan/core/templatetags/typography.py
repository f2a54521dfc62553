"""Template filters and tags for numbers and punctuation in the page's language
(:mod:`leerscan.core.typography`): ``{{ rate|percent }}`` gives "79 %" in French and "79%" in
English; ``{% translate "Step" %}{% colon %}`` gives "Étape :" in French."""

from django import template

from leerscan.core import typography

register = template.Library()


@register.filter
def percent(value, decimals=0):
    """``{{ 79|percent }}`` -> "79 %" (fr, de) or "79%" (en, nl); ``{{ 12.5|percent:1 }}`` -> "12,5 %"."""
    if value is None or value == "":
        return ""
    return typography.percent(value, int(decimals))


@register.filter
def share_percent(value, decimals=0):
    """``{{ 0.79|share_percent }}``: a share between 0 and 1 as a percentage."""
    if value is None or value == "":
        return ""
    return typography.share_percent(value, int(decimals))


@register.simple_tag
def colon():
    """ ":" after a label, with a non-breaking space before it in French."""
    return typography.punctuation(":")


@register.simple_tag
def semicolon():
    """ ";" between items of a list, with a non-breaking space before it in French."""
    return typography.punctuation(";")
