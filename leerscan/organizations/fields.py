"""Form fields for the register's facts, with messages in the user's language."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from leerscan.organizations.register import RegisterError, parse_enterprise_number, parse_joint_committee

REGISTER_MESSAGES = {
    "format": _("This is not an enterprise number. Use 10 digits, like 0123.456.749."),
    "length": _("An enterprise number has 10 digits, like 0123.456.749."),
    "first_digit": _("An enterprise number starts with 0 or 1, like 0123.456.749."),
    "check_digits": _(
        "This enterprise number does not exist: the last two digits do not match. Check for a typing error."
    ),
    "committee": _("Use joint committee numbers like 124, 149.01 or 322.01, separated by commas."),
}


class EnterpriseNumberField(forms.CharField):
    """A Belgian enterprise number in any usual notation; cleans to its ten digits (or None)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Enterprise number"))
        kwargs.setdefault("help_text", "0123.456.749")
        super().__init__(**kwargs)

    def clean(self, value):
        value = (super().clean(value) or "").strip()
        if not value:
            return None
        try:
            return parse_enterprise_number(value)
        except RegisterError as error:
            raise forms.ValidationError(REGISTER_MESSAGES[error.code]) from None


class JointCommitteesField(forms.CharField):
    """Joint committee numbers separated by commas, semicolons or spaces ("PC 124, 149.01")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Joint committees"))
        kwargs.setdefault("help_text", _("For example: 124, 149.01"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def has_changed(self, initial, data):
        try:
            return self.clean(data) != sorted(initial or [])
        except forms.ValidationError:
            return True

    def clean(self, value):
        text = re.sub(r"(?i)\b(PSC|SCP|PC|CP|PK|JC|SC)\s*", "", super().clean(value) or "")
        parts = [part for part in re.split(r"[;\s]+|,(?!\d{1,2}\b)", text) if part]
        try:
            return sorted({parse_joint_committee(part) for part in parts})
        except RegisterError as error:
            raise forms.ValidationError(REGISTER_MESSAGES[error.code]) from None
