from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "pckb.inspections"
    label = "inspections"
    verbose_name = _("Inspections")

    def ready(self) -> None:
        from pckb.core.sources import register_source_type
        from pckb.targets.readiness import register_readiness_source

        from .models import Finding, Inspection
        from .services.queries import last_visit_dates, visited_target_ids

        # A corrective task names its finding as its source (shown on the task's page and the follow-up board).
        register_source_type(Finding)
        register_source_type(Inspection)
        # A key target's "inspected within 12 months" check reads the missions that visited it.
        register_readiness_source(
            "inspection", _("Inspected within 12 months"), last_visit_dates, visited_target_ids
        )
