from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExercisesConfig(AppConfig):
    name = "pckb.exercises"
    label = "exercises"
    verbose_name = _("Exercises")

    def ready(self) -> None:
        from pckb.core.calendar import register_calendar_source
        from pckb.core.sources import register_source_type
        from pckb.targets.readiness import register_readiness_source

        from .models import Exercise
        from .services import calendar_entries, last_drill_dates
        from .services.queries import drilled_target_ids

        # Improvement items are tasks whose source is the exercise (plans.Task.source).
        register_source_type(Exercise)
        register_readiness_source("drill", _("Drilled within 12 months"), last_drill_dates, drilled_target_ids)
        register_calendar_source("exercises", _("Exercises"), calendar_entries)
