from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "pckb.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from .kinds import register_kind

        # Each app declares the kinds it sends in its own notification_kinds.py.
        autodiscover_modules("notification_kinds")
        register_kind(
            "general",
            _("General"),
            icon="bi-bell",
            recipients=_("Whoever the sending code names (announcements by the administrators)"),
        )
