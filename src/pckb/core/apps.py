from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "pckb.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Each app declares its importers in <app>/imports.py (core.imports.importers.register).
        from django.utils.module_loading import autodiscover_modules

        from . import schema  # noqa: F401 - registers the OpenAPI extension of the Bearer tokens
        from .register import services  # noqa: F401 - registers the outgoing documents' workflow

        autodiscover_modules("imports")
        # Each app that issues documents registers its sources and context builders in <app>/exports.py.
        autodiscover_modules("exports")
        # Each app declares what periodic reports can count in <app>/indicators.py (core.indicators).
        autodiscover_modules("indicators")
