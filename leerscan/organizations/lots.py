"""The programme's lots as database rows, created from the specification when first needed."""

from leerscan.organizations.models import Lot
from leerscan.organizations.register import LOT_NAMES, LOT_TARGETS


def lot_object(number: int) -> Lot:
    """The lot with this number, created with the specification's name and reach target if new."""
    lot, _ = Lot.objects.get_or_create(
        number=number, defaults={"name": LOT_NAMES[number], "target_organizations": LOT_TARGETS[number]}
    )
    return lot
