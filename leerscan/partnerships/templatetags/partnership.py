"""``decimal``: a figure with the language's decimal mark, or a dash when there is none."""

from django import template

from leerscan.core.typography import number

register = template.Library()


@register.filter
def decimal(value, decimals=2):
    return "—" if value is None else number(value, int(decimals))
