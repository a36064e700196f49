"""/imports/<id>/status/: the progress an import page polls."""

from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("<int:pk>/status/", views.import_job_status, name="job_status"),
]
