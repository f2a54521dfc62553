"""``{% job_token %}``: a hidden field that makes a form start one job, however often it is sent."""

from django import template
from django.utils.crypto import get_random_string
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def job_token():
    return format_html('<input type="hidden" name="job_token" value="{}">', get_random_string(24))
