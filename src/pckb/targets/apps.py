from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "pckb.targets"
    label = "targets"
    verbose_name = _("Key targets")

    def ready(self) -> None:
        from pckb.core.sources import register_source_type

        from .models import KeyTarget, ResponsePlan

        # Follow-up tasks may name a target or a plan as their source (shown on the target's page).
        register_source_type(KeyTarget)
        register_source_type(ResponsePlan)
