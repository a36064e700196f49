from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "pckb.reports"
    label = "reports"
    verbose_name = _("Periodic reports")

    def ready(self) -> None:
        from pckb.core.sources import register_source_type

        from .models import ReportingRound

        # A follow-up task may name a round as its source (e.g. "chase the late reports").
        register_source_type(ReportingRound)
