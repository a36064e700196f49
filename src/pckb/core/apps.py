from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "pckb.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import schema  # noqa: F401 - registers the OpenAPI extension of the Bearer tokens
