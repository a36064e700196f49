from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "pckb.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from pckb.core.sources import register_source_type
        from pckb.core.views_site import register_home_widget

        from .models import Plan, Task

        register_home_widget("plans/_home_widget.html")
        # The records a task may follow up (the allow-list of core.sources).
        register_source_type(Plan)
        register_source_type(Task)
