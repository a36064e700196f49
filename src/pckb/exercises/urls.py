"""URLs of exercises under /exercises/ (the navigation links to exercises:exercise_list)."""

from django.urls import path

from . import views

app_name = "exercises"
urlpatterns = [
    path("", views.ExerciseListView.as_view(), name="exercise_list"),
    path("add/", views.ExerciseEditView.as_view(), name="exercise_add"),
    path("<int:pk>/", views.ExerciseDetailView.as_view(), name="exercise_detail"),
    path("<int:pk>/edit/", views.ExerciseEditView.as_view(), name="exercise_edit"),
    path("<int:pk>/delete/", views.ExerciseDeleteView.as_view(), name="exercise_delete"),
    path("<int:pk>/transition/", views.ExerciseTransitionView.as_view(), name="exercise_transition"),
    path("<int:pk>/participants/", views.ParticipantView.as_view(), name="participant_edit"),
    path(
        "<int:pk>/participants/<int:organization>/remove/",
        views.ParticipantRemoveView.as_view(),
        name="participant_remove",
    ),
    path("<int:pk>/evaluation/", views.EvaluationView.as_view(), name="exercise_evaluation"),
    path("<int:pk>/improvements/add/", views.ImprovementItemAddView.as_view(), name="improvement_add"),
    path("<int:pk>/report/", views.ExerciseDocumentView.as_view(doc_type="BC"), name="exercise_report"),
    path(
        "<int:pk>/improvement-plan/",
        views.ExerciseDocumentView.as_view(doc_type="KH"),
        name="exercise_improvement_plan",
    ),
]
