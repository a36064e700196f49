from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "pckb.plans"
    label = "plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        from pckb.core.views_site import register_home_widget

        register_home_widget("plans/_home_widget.html")
