"""The programme view's figures and tables, read from the database for the lots a user may see.

The arithmetic is in ``reach`` (plain Python); this module selects the trajectories, adds the
communication actions and success stories, and turns the figures into charts and export tables.
"""

from __future__ import annotations

from django.db.models import Count, Sum
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from leerscan.accounts.models import Role, ServiceProvider
from leerscan.core.charts import as_image, count_chart
from leerscan.core.downloads import table_download
from leerscan.maturity.content import get_profile_content
from leerscan.maturity.scoring import LADDER
from leerscan.organizations.models import Lot
from leerscan.organizations.register import LOT_TARGETS, format_enterprise_number
from leerscan.trajectories import services
from leerscan.trajectories.charts import reach_chart
from leerscan.trajectories.models import CommunicationAction, Status, SuccessStory, TimeEntry, Trajectory
from leerscan.trajectories.reach import profile_counts, reach_by_lot, status_counts

TABLES = ("lots", "organizations", "providers", "communication", "stories")


def in_scope(queryset, lot: str, allowed: list[int] | None, chosen: str | None):
    """Rows of ``queryset`` in the lots in scope; ``lot`` is the path to their lot (``organization__lot``)."""
    if allowed is not None:
        queryset = queryset.filter(**{f"{lot}_id__in": allowed})
    if chosen:
        queryset = queryset.filter(**{f"{lot}__number": int(chosen)})
    return queryset


def _targets(allowed: list[int] | None, chosen: str | None) -> dict[int, int]:
    """Reach targets of the lots in scope (the lot's own target when set, else the specification's)."""
    own = {lot.number: lot.target_organizations for lot in Lot.objects.all()}
    targets = {number: own.get(number) or target for number, target in LOT_TARGETS.items()}
    if allowed is not None:
        numbers = set(Lot.objects.filter(pk__in=allowed).values_list("number", flat=True))
        targets = {number: target for number, target in targets.items() if number in numbers}
    if chosen:
        targets = {number: target for number, target in targets.items() if number == int(chosen)}
    return targets


def trajectories_in_scope(allowed: list[int] | None, chosen: str | None):
    return services.with_figures(in_scope(Trajectory.objects.all(), "organization__lot", allowed, chosen))


def _lot_label(lot) -> str:
    if lot == "total":
        return _("Total")
    if lot is None:
        return _("Lot to be decided")
    return _("Lot %(number)s") % {"number": lot}


def lot_rows(records, allowed, chosen):
    """Reach per lot (and the total) of these trajectory records, each row with its label."""
    rows = reach_by_lot(records, _targets(allowed, chosen))
    for row in rows:
        row.label = _lot_label(row.lot)
    return rows


def figures(allowed: list[int] | None, chosen: str | None) -> dict:
    """Everything the programme page shows, for the lots in scope."""
    trajectories = list(trajectories_in_scope(allowed, chosen))
    records = [services.record_of(trajectory) for trajectory in trajectories]
    rows = lot_rows(records, allowed, chosen)
    lots = [row for row in rows if row.lot != "total"]
    language = (get_language() or "nl")[:2]
    content = get_profile_content()
    profiles = profile_counts(records)
    profile_rows = [(content.label(key, language), profiles.get(key, 0)) for key in LADDER]
    with_profile = sum(1 for record in records if record.profiles)
    communication = _communication_rows(allowed, chosen)
    return {
        "rows": rows,
        "total": rows[-1],
        "reach_chart": as_image(
            reach_chart(
                [(row.label, row.started, row.completed, row.target) for row in lots],
                started_label=pgettext("programme", "Started"),
                completed_label=pgettext("programme", "Completed"),
                target_label=_("target"),
            ),
            _(
                "Organizations started and completed per lot, against the target. "
                "The table below has the same numbers."
            ),
        ),
        "statuses": [(Status(status).label, count) for status, count in status_counts(records).items()],
        "profiles": profile_rows,
        "with_profile": with_profile,
        "profile_chart": as_image(
            count_chart(profile_rows),
            _("Organizations per L&D profile; the same numbers are in the table."),
        )
        if with_profile
        else "",
        "communication": communication,
        "communication_total": {
            "actions": sum(row["actions"] for row in communication),
            "reached": sum(row["reached"] for row in communication),
            "reached_small": sum(row["reached_small"] for row in communication),
        },
        "providers": provider_rows(allowed, chosen),
        "stories": SuccessStory.objects.filter(trajectory__in=[t.pk for t in trajectories]).count(),
    }


def provider_rows(allowed, chosen) -> list[dict]:
    """Service providers in scope with their coordinator flag, consultants, subcontractors, and the hours
    their consultants recorded (the specification asks for each subcontractor's billable work)."""
    providers = in_scope(
        ServiceProvider.objects.select_related("lot").order_by("lot__number", "-is_coordinator", "name"),
        "lot",
        allowed,
        chosen,
    )
    hours = {
        (row["consultant__profile__service_provider"], row["consultant__profile__subcontractor"]): row[
            "hours"
        ]
        for row in TimeEntry.objects.values(
            "consultant__profile__service_provider", "consultant__profile__subcontractor"
        ).annotate(hours=Sum("hours"))
    }
    rows = []
    for provider in providers:
        consultants = provider.members.filter(role=Role.CONSULTANT)
        rows.append(
            {
                "provider": provider,
                "subcontractor": None,
                "consultants": consultants.filter(subcontractor__isnull=True).count(),
                "hours": float(hours.get((provider.pk, None)) or 0),
            }
        )
        for subcontractor in provider.subcontractors.all():
            rows.append(
                {
                    "provider": provider,
                    "subcontractor": subcontractor,
                    "enterprise_number": format_enterprise_number(subcontractor.enterprise_number),
                    "consultants": consultants.filter(subcontractor=subcontractor).count(),
                    "hours": float(hours.get((provider.pk, subcontractor.pk)) or 0),
                }
            )
    return rows


def _communication_rows(allowed, chosen) -> list[dict]:
    actions = in_scope(CommunicationAction.objects.all(), "service_provider__lot", allowed, chosen)
    grouped = (
        actions.values("service_provider__lot__number")
        .annotate(actions=Count("id"), reached=Sum("reached"), reached_small=Sum("reached_small"))
        .order_by("service_provider__lot__number")
    )
    return [
        {
            "label": _lot_label(row["service_provider__lot__number"]),
            "actions": row["actions"],
            "reached": row["reached"] or 0,
            "reached_small": row["reached_small"] or 0,
            "small_percent": round(100 * (row["reached_small"] or 0) / row["reached"])
            if row["reached"]
            else None,
        }
        for row in grouped
    ]


def stories(allowed, chosen):
    return (
        SuccessStory.objects.filter(trajectory__in=trajectories_in_scope(allowed, chosen))
        .select_related("trajectory__organization__lot")
        .order_by("trajectory__organization__name", "-created_at")
    )


def _number(value: float) -> float:
    return round(value, 2)


def table(name: str, allowed, chosen) -> tuple[list[str], list[list]]:
    """(headers, rows) of an export table."""
    if name == "lots":
        headers = [
            _("Lot"),
            _("Target"),
            pgettext("programme", "Registered"),
            pgettext("programme", "Approved"),
            pgettext("programme", "Started"),
            _("Started, percent of target"),
            pgettext("programme", "Completed"),
            pgettext("programme", "Stopped"),
            _("Started with fewer than 50 employees, %"),
            _("Planned hours"),
            _("Spent hours"),
        ]
        rows = [
            [
                _lot_label(row.lot),
                row.target,
                row.registered,
                row.approved,
                row.started,
                None if row.reach_percent is None else round(row.reach_percent, 1),
                row.completed,
                row.stopped,
                None if row.small_percent is None else round(row.small_percent, 1),
                _number(row.planned_hours),
                _number(row.spent_hours),
            ]
            for row in lot_rows(
                [services.record_of(t) for t in trajectories_in_scope(allowed, chosen)], allowed, chosen
            )
        ]
        return headers, rows
    if name == "organizations":
        headers = [
            _("Enterprise number"),
            _("Organization"),
            _("Municipality"),
            _("Lot"),
            _("Joint committees"),
            _("Local government care service"),
            _("Employees"),
            _("Service provider"),
            _("Status"),
            _("Furthest step"),
            _("Registered on"),
            _("Planned hours"),
            _("Spent hours"),
            _("Planned cost (EUR)"),
            _("L&D profiles"),
        ]
        rows = []
        content, language = get_profile_content(), (get_language() or "nl")[:2]
        for trajectory in trajectories_in_scope(allowed, chosen):
            organization = trajectory.organization
            record = services.record_of(trajectory)
            rows.append(
                [
                    format_enterprise_number(organization.enterprise_number)
                    if organization.enterprise_number
                    else "",
                    organization.name,
                    organization.municipality,
                    record.lot,
                    ", ".join(organization.joint_committees),
                    organization.get_local_government_care_display(),
                    organization.employees,
                    str(trajectory.service_provider or ""),
                    trajectory.get_status_display(),
                    Status(record.furthest).label,
                    trajectory.created_at.date().isoformat(),
                    _number(record.planned_hours),
                    _number(record.spent_hours),
                    float(trajectory.planned_cost),
                    ", ".join(content.label(key, language) for key in organization.maturity_profiles or []),
                ]
            )
        return headers, rows
    if name == "providers":
        headers = [
            _("Lot"),
            _("Service provider"),
            _("Coordinator"),
            _("Subcontractor"),
            _("Enterprise number"),
            _("Consultants"),
            _("Hours recorded"),
        ]
        rows = [
            [
                row["provider"].lot.number,
                row["provider"].name,
                _("yes") if row["provider"].is_coordinator else _("no"),
                row["subcontractor"].name if row["subcontractor"] else "",
                row.get("enterprise_number", ""),
                row["consultants"],
                _number(row["hours"]),
            ]
            for row in provider_rows(allowed, chosen)
        ]
        return headers, rows
    if name == "communication":
        actions = in_scope(
            CommunicationAction.objects.select_related("service_provider__lot"),
            "service_provider__lot",
            allowed,
            chosen,
        )
        headers = [
            _("Date"),
            _("Lot"),
            _("Service provider"),
            _("What"),
            _("Channel"),
            _("Material used"),
            _("Organizations reached"),
            _("Of which with fewer than 50 employees"),
        ]
        rows = [
            [
                action.held_on.isoformat(),
                action.service_provider.lot.number,
                action.service_provider.name,
                action.title,
                action.get_channel_display(),
                action.material,
                action.reached,
                action.reached_small,
            ]
            for action in actions
        ]
        return headers, rows
    headers = [_("Organization"), _("Lot"), _("Title"), _("Story"), _("May be published"), _("Date")]
    rows = [
        [
            story.trajectory.organization.name,
            story.trajectory.organization.lot.number if story.trajectory.organization.lot_id else "",
            story.title,
            story.story,
            _("yes") if story.may_publish else _("no"),
            story.created_at.date().isoformat(),
        ]
        for story in stories(allowed, chosen)
    ]
    return headers, rows


def table_response(name: str, allowed, chosen, file_format: str):
    headers, rows = table(name, allowed, chosen)
    suffix = f"-lot-{chosen}" if chosen else ""
    return table_download(headers, rows, file_format, f"leerscan-programme-{name}{suffix}", title=name)
