"""What every staff page of the competence matrix shares: the organization in the context, the
generic form and confirmation pages, and the language for documents.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils import translation


def language_code() -> str:
    """The two-letter code of the active language (for exports and PDFs)."""
    return (translation.get_language() or "nl")[:2]


def page(request, template, organization, **context):
    """A staff page of an organization."""
    return render(request, template, {"organization": organization, **context})


def form_page(request, organization, form, title, back):
    """The generic page with one form."""
    return render(
        request,
        "competences/form.html",
        {"organization": organization, "form": form, "title": title, "back": back},
    )


def confirm_page(request, organization, question: str, back: str):
    """The generic page asking to confirm a deletion."""
    return render(
        request,
        "competences/confirm.html",
        {"organization": organization, "question": question, "back": back},
    )
