"""URLs of commendations under /commendations/ (the navigation links to awards:commendation_list)."""

from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    path("", views.CommendationListView.as_view(), name="commendation_list"),
    path("add/", views.CommendationEditView.as_view(), name="commendation_add"),
    path("<int:pk>/", views.CommendationDetailView.as_view(), name="commendation_detail"),
    path("<int:pk>/edit/", views.CommendationEditView.as_view(), name="commendation_edit"),
    path("<int:pk>/delete/", views.CommendationDeleteView.as_view(), name="commendation_delete"),
    path("<int:pk>/transition/", views.CommendationTransitionView.as_view(), name="commendation_transition"),
    path("<int:pk>/achievements/add/", views.AchievementAddView.as_view(), name="achievement_add"),
    path("<int:pk>/achievements/<int:link>/remove/", views.AchievementRemoveView.as_view(), name="achievement_remove"),
    path("batches/", views.CommendationBatchListView.as_view(), name="commendationbatch_list"),
    path("batches/add/", views.CommendationBatchAddView.as_view(), name="commendationbatch_add"),
    path("batches/<int:pk>/", views.CommendationBatchDetailView.as_view(), name="commendationbatch_detail"),
    path(
        "batches/<int:pk>/decision/",
        views.CommendationBatchDocumentView.as_view(),
        name="commendationbatch_document",
    ),
]
