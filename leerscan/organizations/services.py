"""Changes to an organization's register facts: its lot follows its joint committees.

Apps above this one react to a changed lot through the ``lot_changed`` signal (the trajectory moves
to a service provider of the new lot), so this floor never imports them.
"""

from __future__ import annotations

from django.dispatch import Signal

from leerscan.organizations.lots import lot_object
from leerscan.organizations.models import Organization
from leerscan.organizations.register import LotAssignment, lot_for

#: Sent with ``organization`` after its saved lot changed; receivers return a list of the consultants
#: they took off the organization (or nothing).
lot_changed = Signal()


def unlisted_committees(organization: Organization) -> tuple[str, ...]:
    """The organization's joint committees that lots 1-4 do not name (they count for lot 5)."""
    return lot_for(organization.joint_committees).unlisted if organization.joint_committees else ()


def assign_lot(organization: Organization) -> LotAssignment | None:
    """Set the organization's lot from its joint committees and local government care service (not
    saved). With committees in several lots the lot stays open and is marked for the programme to
    decide. None, and no lot, while neither fact is known."""
    if not organization.joint_committees and not organization.local_government_care:
        organization.lot, organization.lot_needs_decision = None, False
        return None
    assignment = lot_for(organization.joint_committees, organization.local_government_care)
    organization.lot_needs_decision = assignment.needs_decision
    organization.lot = lot_object(assignment.lot) if assignment.lot else None
    return assignment


def announce_lot_change(organization: Organization) -> list:
    """Tell the apps above that the organization's lot changed; the consultants they took off."""
    taken_off = []
    for _receiver, result in lot_changed.send(sender=Organization, organization=organization):
        taken_off.extend(result or [])
    return taken_off
