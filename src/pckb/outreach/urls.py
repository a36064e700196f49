"""URLs of trainings, the legal library and dissemination under /outreach/ (the menu links the three lists)."""

from django.urls import path

from pckb.core.imports.views import ImportView

from . import views

app_name = "outreach"
urlpatterns = [
    path("trainings/", views.TrainingEventListView.as_view(), name="trainingevent_list"),
    path("trainings/add/", views.TrainingEventEditView.as_view(), name="trainingevent_add"),
    path("trainings/<int:pk>/", views.TrainingEventDetailView.as_view(), name="trainingevent_detail"),
    path("trainings/<int:pk>/edit/", views.TrainingEventEditView.as_view(), name="trainingevent_edit"),
    path("trainings/<int:pk>/delete/", views.TrainingEventDeleteView.as_view(), name="trainingevent_delete"),
    path("trainings/<int:pk>/participants/", views.ParticipationView.as_view(), name="participation_edit"),
    path(
        "trainings/<int:pk>/participants/<int:organization>/remove/",
        views.ParticipationRemoveView.as_view(),
        name="participation_remove",
    ),
    path("library/", views.LegalDocumentListView.as_view(), name="legaldocument_list"),
    path("library/add/", views.LegalDocumentEditView.as_view(), name="legaldocument_add"),
    # core.imports: `pk` is the organisation whose library receives the rows (outreach/imports.py).
    path(
        "library/import/<int:pk>/",
        ImportView.as_view(importer="outreach.legaldocument"),
        name="legaldocument_import",
    ),
    path("library/<int:pk>/", views.LegalDocumentDetailView.as_view(), name="legaldocument_detail"),
    path("library/<int:pk>/edit/", views.LegalDocumentEditView.as_view(), name="legaldocument_edit"),
    path("library/<int:pk>/delete/", views.LegalDocumentDeleteView.as_view(), name="legaldocument_delete"),
    path("library/<int:pk>/gaps/", views.LegalDocumentGapView.as_view(), name="legaldocument_gaps"),
    path("library/<int:pk>/gaps/tasks/", views.GapTasksView.as_view(), name="legaldocument_gap_tasks"),
    path("disseminations/", views.DisseminationListView.as_view(), name="dissemination_list"),
    path("disseminations/add/", views.DisseminationEditView.as_view(), name="dissemination_add"),
    path("disseminations/<int:pk>/", views.DisseminationDetailView.as_view(), name="dissemination_detail"),
    path("disseminations/<int:pk>/edit/", views.DisseminationEditView.as_view(), name="dissemination_edit"),
    path("disseminations/<int:pk>/delete/", views.DisseminationDeleteView.as_view(), name="dissemination_delete"),
]
