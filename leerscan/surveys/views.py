"""The start page."""

from django.shortcuts import redirect, render


def home(request):
    """Welcome page; logged-in users go straight to their organizations."""
    if request.user.is_authenticated:
        return redirect("manage:dashboard")
    return render(request, "surveys/home.html")
