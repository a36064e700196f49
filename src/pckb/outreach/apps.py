from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "pckb.outreach"
    label = "outreach"
    verbose_name = _("Trainings and dissemination")

    def ready(self) -> None:
        from pckb.core.calendar import register_calendar_source
        from pckb.core.sources import register_source_type

        from .agenda import training_entries
        from .models import LegalDocument, TrainingEvent

        # A conclusion of a conference becomes a task whose source is the event; a dissemination
        # gap becomes tasks whose source is the document to disseminate.
        register_source_type(TrainingEvent)
        register_source_type(LegalDocument)
        register_calendar_source("trainings", _("Trainings and conferences"), training_entries)
