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
