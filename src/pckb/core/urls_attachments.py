"""/attachments/: download, delete and upload of the files attached to any record."""

from django.urls import path

from . import views_attachments as views

app_name = "attachments"
urlpatterns = [
    path("<int:pk>/download/", views.attachment_download, name="download"),
    path("<int:pk>/delete/", views.AttachmentDeleteView.as_view(), name="delete"),
    path("add/<str:owner_type>/<int:owner_id>/", views.AttachmentAddView.as_view(), name="add"),
]
