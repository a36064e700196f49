"""URLs of the plans app under /plans/ (names used by the navigation: task_assigned, task_issued,
plan_list, program_list, calendar)."""

from django.urls import path

from pckb.core.imports.views import ImportView

from . import views

app_name = "plans"
urlpatterns = [
    path("tasks/assigned/", views.TaskAssignedListView.as_view(), name="task_assigned"),
    path("tasks/issued/", views.TaskIssuedListView.as_view(), name="task_issued"),
    path("tasks/add/", views.TaskEditView.as_view(), name="task_add"),
    path("tasks/assign/", views.TaskAssignManyView.as_view(), name="task_assign_many"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:pk>/edit/", views.TaskEditView.as_view(), name="task_edit"),
    path("tasks/<int:pk>/delete/", views.TaskDeleteView.as_view(), name="task_delete"),
    path("tasks/<int:pk>/progress/", views.TaskProgressView.as_view(), name="task_progress"),
    path("tasks/<int:pk>/transition/", views.TaskTransitionView.as_view(), name="task_transition"),
    path("groups/<int:pk>/", views.TaskGroupDetailView.as_view(), name="taskgroup_detail"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("programs/", views.ProgramListView.as_view(), name="program_list"),
    path("programs/add/", views.ProgramEditView.as_view(), name="program_add"),
    path("programs/<int:pk>/", views.ProgramDetailView.as_view(), name="program_detail"),
    path("programs/<int:pk>/edit/", views.ProgramEditView.as_view(), name="program_edit"),
    path("programs/<int:pk>/delete/", views.ProgramDeleteView.as_view(), name="program_delete"),
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("add/", views.PlanEditView.as_view(), name="plan_add"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path("<int:pk>/delete/", views.PlanDeleteView.as_view(), name="plan_delete"),
    path("<int:pk>/transition/", views.PlanTransitionView.as_view(), name="plan_transition"),
    path("<int:pk>/issue/", views.PlanTransitionView.as_view(to="issued"), name="plan_issue"),
    path("<int:pk>/document/", views.PlanDocumentView.as_view(), name="plan_document"),
    path("<int:pk>/close/", views.PlanTransitionView.as_view(to="closed"), name="plan_close"),
    # core.imports: the page, ?template=xlsx for the template, ?job=<id> for a job (plans/imports.py).
    path("<int:pk>/import/", ImportView.as_view(importer="plans.task"), name="plan_import"),
]
