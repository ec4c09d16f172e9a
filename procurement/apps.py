from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = "Procurement"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from procurement.roles import sync_role_permissions

        # Later migrations add models (and so permissions); keep the roles' grants complete.
        post_migrate.connect(sync_role_permissions, dispatch_uid="procurement.sync_roles")
