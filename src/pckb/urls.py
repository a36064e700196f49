from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from pckb.core import views_calendar, views_site

urlpatterns = [
    path("", views_site.home, name="home"),
    path("healthz", views_site.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("pckb.accounts.urls")),
    path("organizations/", include("pckb.organizations.urls")),
    path("geo/", include("pckb.geo.urls")),
    path("audit/", include("pckb.core.urls")),
    path("imports/", include("pckb.core.imports.urls")),
    path("plans/", include("pckb.plans.urls")),
    path("targets/", include("pckb.targets.urls")),
    path("outreach/", include("pckb.outreach.urls")),
    path("incidents/", include("pckb.incidents.urls")),
    path("exercises/", include("pckb.exercises.urls")),
    path("commendations/", include("pckb.awards.urls")),
    path("calendar/", views_calendar.ActivityCalendarView.as_view(), name="activity_calendar"),
    path("reports/", include("pckb.reports.urls")),
    path("inspections/", include("pckb.inspections.urls")),
    path("attachments/", include("pckb.core.urls_attachments")),
    path("documents/", include("pckb.core.register.urls")),
    path("notifications/", include("pckb.notifications.urls")),
    path("api/v1/", include("pckb.api_urls")),
]
handler404 = "pckb.core.views_site.page_not_found"
if settings.DJANGO_ADMIN:  # off by default (PCKB_DJANGO_ADMIN); superusers only when on
    urlpatterns.append(path("django-admin/", admin.site.urls))
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
