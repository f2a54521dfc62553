"""``leerscan org add|list``: the organization register from the command line."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import translation

from leerscan.organizations.models import Organization, SizeClass
from leerscan.organizations.register import (
    LOCAL_GOVERNMENT_CARE,
    LOT_NAMES,
    RegisterError,
    eligibility,
    format_enterprise_number,
    lot_for,
    parse_enterprise_number,
    parse_joint_committee,
)
from leerscan.organizations.services import assign_lot
from leerscan.trajectories.services import TrajectoryError, register_trajectory

ELIGIBILITY_TEXT = {
    "focus": "eligible (fewer than 50 employees: the programme's focus group)",
    "eligible": "eligible (fewer than 250 employees)",
    "too_large": "not eligible: the programme is for organizations with fewer than 250 employees",
    "unknown": "unknown (number of employees not given)",
}


class Command(BaseCommand):
    help = (
        "The organization register: 'org add' registers an organization and prints its lot and "
        "eligibility; 'org list' shows the register."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="register an organization")
        add.add_argument("--name", required=True)
        add.add_argument("--enterprise-number", required=True, help="KBO/BCE number, e.g. 0123.456.749")
        add.add_argument(
            "--joint-committee",
            action="append",
            default=[],
            metavar="PC",
            help="joint committee (paritair comité), e.g. 124 or 149.01; repeat for several",
        )
        add.add_argument(
            "--local-government-care",
            choices=LOCAL_GOVERNMENT_CARE,
            default="",
            help="a municipality's or OCMW's childcare, home care or elderly care: lot 4, "
            "also without a joint committee",
        )
        add.add_argument("--employees", type=int, required=True)
        add.add_argument("--municipality", default="")
        add.add_argument("--sector", default="")
        add.add_argument("--language", default="nl", choices=("nl", "en", "fr", "de"))
        sub.add_parser("list", help="show the register")

    def handle(self, *args, **options):
        if options["action"] == "list":
            return self.list()
        try:
            number = parse_enterprise_number(options["enterprise_number"])
            committees = sorted({parse_joint_committee(c) for c in options["joint_committee"]})
            assignment = lot_for(committees, options["local_government_care"])
            status = eligibility(options["employees"])
        except RegisterError as error:
            raise CommandError(str(error)) from None
        if Organization.objects.filter(enterprise_number=number).exists():
            raise CommandError(f"{format_enterprise_number(number)} is already registered.")
        try:
            with transaction.atomic():
                organization = Organization(
                    name=options["name"],
                    enterprise_number=number,
                    joint_committees=committees,
                    local_government_care=options["local_government_care"],
                    employees=options["employees"],
                    size_class=SizeClass.for_employees(options["employees"]),
                    municipality=options["municipality"],
                    sector=options["sector"],
                    language=options["language"],
                )
                assign_lot(organization)
                organization.save()
        except IntegrityError:
            raise CommandError(f"An organization called '{options['name']}' is already registered.") from None
        self.stdout.write(f"Registered {organization.name} ({format_enterprise_number(number)}).")
        if assignment.lot:
            self.stdout.write(f"Lot: {assignment.lot} ({LOT_NAMES[assignment.lot]})")
        else:
            lots = ", ".join(str(lot) for lot in assignment.lots)
            facts = (
                "the joint committees and the care service"
                if options["local_government_care"]
                else "the joint committees"
            )
            self.stdout.write(f"Lot: to be decided - {facts} belong to lots {lots}.")
        if assignment.unlisted:
            self.stdout.write(
                f"Note: joint committee(s) {', '.join(assignment.unlisted)} are not named in lots 1-4, "
                "so they count for lot 5 (other sectors)."
            )
        self.stdout.write(f"Eligibility: {ELIGIBILITY_TEXT[status]}")
        try:
            register_trajectory(organization)
        except TrajectoryError:
            self.stdout.write("Trajectory: not opened, because the organization is not eligible.")
        else:
            self.stdout.write(
                "Trajectory: registered. The programme approves eligibility before the coaching starts."
            )

    @translation.override("en")  # the command speaks English, like its other output
    def list(self):
        rows = Organization.objects.select_related("lot", "trajectory").order_by("lot__number", "name")
        self.stdout.write(
            f"{'enterprise number':<18} {'lot':<4} {'employees':>9}  {'joint committees':<20} "
            f"{'step':<12} name"
        )
        for organization in rows:
            number = (
                format_enterprise_number(organization.enterprise_number)
                if organization.enterprise_number
                else "-"
            )
            lot = (
                str(organization.lot.number)
                if organization.lot
                else ("?" if organization.lot_needs_decision else "-")
            )
            employees = "" if organization.employees is None else str(organization.employees)
            committees = organization.committees_text
            trajectory = getattr(organization, "trajectory", None)
            step = trajectory.status if trajectory else "-"
            self.stdout.write(
                f"{number:<18} {lot:<4} {employees:>9}  {committees:<20} {step:<12} {organization.name}"
            )
