from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "pckb.incidents"
    label = "incidents"
    verbose_name = _("Incidents")

    def ready(self) -> None:
        from pckb.core.sources import register_source_type

        from .models import Incident

        # Lessons of an incident become plans tasks whose source is the incident.
        register_source_type(Incident)
