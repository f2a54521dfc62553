"""Which pages leave a trace when someone opens them: reports, PDFs, exports, imports.

Apps register their pages in ``AppConfig.ready`` with :func:`watch` (as they register their kinds of
job), so this app never imports them; :class:`AuditMiddleware` records every request to a watched page
that a logged-in person made and that was not refused (status below 400).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from leerscan.audit.models import Action
from leerscan.audit.services import record

#: Request parameters worth keeping with an export (filters and formats; never free text).
KEPT_PARAMETERS = (
    "format",
    "fmt",
    "level",
    "language",
    "benchmark",
    "lot",
    "sector",
    "size_class",
    "role",
    "wave",
    "with_names",
)


@dataclass(frozen=True)
class Watched:
    action: str
    methods: tuple[str, ...]
    organization: Callable[[dict], int | None] | None  # the organization's id from the URL's values
    target: Callable[[dict], str]


_WATCHED: dict[str, Watched] = {}


def watch(view_name: str, action: str, *, methods=("GET",), organization=None, target=None) -> None:
    """Record ``action`` whenever the page named ``view_name`` ("reports:page") is opened.

    ``organization(kwargs)`` gives the organization's id (else none is recorded); ``target(kwargs)``
    a short name of the thing (default: the page's name and its numbers, "reports:page pk=12")."""
    if action not in Action.values:
        raise ValueError(f"unknown audit action {action!r}")

    def default_target(kwargs):
        numbers = " ".join(f"{key}={value}" for key, value in kwargs.items() if key != "token")
        return f"{view_name} {numbers}".strip()

    _WATCHED[view_name] = Watched(action, tuple(methods), organization, target or default_target)


def watched() -> dict[str, Watched]:
    return dict(_WATCHED)


def organization_from_pk(kwargs) -> int | None:
    """For pages under ``organizations/<pk>/``."""
    return kwargs.get("pk")


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        entry = _WATCHED.get(match.view_name) if match is not None else None
        user = getattr(request, "user", None)
        if (
            entry is not None
            and request.method in entry.methods
            and response.status_code < 400
            and user is not None
            and user.is_authenticated
        ):
            kwargs = {key: value for key, value in match.kwargs.items() if key != "token"}
            source = request.POST if request.method == "POST" else request.GET
            parameters = {key: source.get(key) for key in KEPT_PARAMETERS if source.get(key)}
            organization_id = entry.organization(kwargs) if entry.organization else None
            record(
                entry.action,
                actor=user,
                organization=_organization(organization_id),
                target=entry.target(kwargs),
                **parameters,
            )
        return response


def _organization(pk):
    if pk is None:
        return None
    from leerscan.organizations.models import Organization

    return Organization.objects.filter(pk=pk).first()
