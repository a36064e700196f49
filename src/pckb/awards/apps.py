from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "pckb.awards"
    label = "awards"
    verbose_name = _("Commendations")

    def ready(self) -> None:
        from pckb.core.sources import register_source_type

        from .models import Commendation

        register_source_type(Commendation)
