from django.apps import AppConfig


class TrajectoriesConfig(AppConfig):
    name = "leerscan.trajectories"
    verbose_name = "Trajectories"

    def ready(self):
        from leerscan.organizations.services import lot_changed
        from leerscan.trajectories.services import follow_lot

        def follow(sender, organization, **kwargs):
            return follow_lot(organization)

        lot_changed.connect(follow, dispatch_uid="trajectories.follow_lot", weak=False)

        from leerscan.audit.models import Action
        from leerscan.audit.watch import organization_from_pk, watch

        watch("trajectories:fiche", Action.EXPORT, organization=organization_from_pk)
        watch("trajectories:programme", Action.REPORT_VIEWED)
        watch("trajectories:programme_export", Action.EXPORT)
