"""The document register under /documents/."""

from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.DocumentListView.as_view(), name="document_list"),
    path("add/", views.DocumentEditView.as_view(), name="document_add"),
    path("<int:pk>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path("<int:pk>/edit/", views.DocumentEditView.as_view(), name="document_edit"),
    path("<int:pk>/delete/", views.DocumentDeleteView.as_view(), name="document_delete"),
    path("<int:pk>/transition/", views.DocumentTransitionView.as_view(), name="document_transition"),
    path("<int:pk>/issue/", views.DocumentTransitionView.as_view(to="issued"), name="document_issue"),
    path("<int:pk>/correct/", views.DocumentCorrectView.as_view(), name="document_correct"),
    path("<int:pk>/file/", views.document_file, name="document_file"),
    path("bodies/<int:pk>/header/", views.HeaderSettingsView.as_view(), name="header_edit"),
    path("bodies/<int:pk>/templates/", views.TemplateUploadView.as_view(), name="template_upload"),
    path("templates/<int:pk>/file/", views.template_file, name="template_file"),
    path("templates/default/<str:doc_type>/", views.default_template_file, name="default_template"),
]
