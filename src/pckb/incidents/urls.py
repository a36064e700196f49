"""URLs of incidents under /incidents/ (the navigation links to incidents:incident_list)."""

from django.urls import path

from . import views

app_name = "incidents"
urlpatterns = [
    path("", views.IncidentListView.as_view(), name="incident_list"),
    path("board/", views.BoardView.as_view(), name="board"),
    path("board/live/", views.BoardLiveView.as_view(), name="board_live"),
    path("add/", views.IncidentEditView.as_view(), name="incident_add"),
    path("map/", views.IncidentMapView.as_view(), name="incident_map"),
    path("map/points/", views.IncidentPointsView.as_view(), name="incident_points"),
    path("<int:pk>/", views.IncidentDetailView.as_view(), name="incident_detail"),
    path("<int:pk>/live/", views.IncidentLiveView.as_view(), name="incident_live"),
    path("<int:pk>/edit/", views.IncidentEditView.as_view(), name="incident_edit"),
    path("<int:pk>/transition/", views.IncidentTransitionView.as_view(), name="incident_transition"),
    path("<int:pk>/steps/<int:step>/", views.StepCheckView.as_view(), name="checkliststep_check"),
    path("<int:pk>/notes/add/", views.NoteAddView.as_view(), name="note_add"),
    path("<int:pk>/lessons/add/", views.LessonTaskView.as_view(), name="lesson_add"),
    path("<int:pk>/document/", views.IncidentDocumentView.as_view(), name="incident_document"),
    path("alerts/", views.AlertListView.as_view(), name="alert_list"),
    path("alerts/<int:pk>/acknowledge/", views.AlertAcknowledgeView.as_view(), name="alert_acknowledge"),
    path("webhooks/<int:pk>/", views.AlertWebhookView.as_view(), name="alertwebhook_edit"),
]
