"""The audit log: /audit/ ..."""

from django.urls import path

from . import views_audit

app_name = "audit"
urlpatterns = [
    path("", views_audit.AuditEntryListView.as_view(), name="entry_list"),
    path("<int:pk>/", views_audit.AuditEntryDetailView.as_view(), name="entry_detail"),
]
