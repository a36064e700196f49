"""URLs of key targets under /targets/ (the navigation links to targets:keytarget_list)."""

from django.urls import path

from pckb.core.imports.views import ImportView

from . import views

app_name = "targets"
urlpatterns = [
    path("", views.KeyTargetListView.as_view(), name="keytarget_list"),
    path("add/", views.KeyTargetEditView.as_view(), name="keytarget_add"),
    path("map/", views.KeyTargetMapView.as_view(), name="keytarget_map"),
    # The target form's search boxes (views/options.py).
    path("options/communes/", views.commune_options, name="commune_options"),
    path("options/owners/", views.owner_options, name="owner_options"),
    path("options/organizations/", views.organization_options, name="organization_options"),
    path("map/points/", views.KeyTargetPointsView.as_view(), name="keytarget_points"),
    path("<int:pk>/", views.KeyTargetDetailView.as_view(), name="keytarget_detail"),
    path("<int:pk>/edit/", views.KeyTargetEditView.as_view(), name="keytarget_edit"),
    path("<int:pk>/sheet/", views.KeyTargetSheetView.as_view(), name="keytarget_sheet"),
    path("<int:pk>/transition/", views.KeyTargetTransitionView.as_view(), name="keytarget_transition"),
    path("<int:pk>/plans/add/", views.ResponsePlanAddView.as_view(), name="responseplan_add"),
    # core.imports: `pk` is the organisation whose list is imported (targets/imports.py).
    path("import/<int:pk>/", ImportView.as_view(importer="targets.keytarget"), name="keytarget_import"),
    path("plans/<int:pk>/", views.ResponsePlanDetailView.as_view(), name="responseplan_detail"),
    path("plans/<int:pk>/edit/", views.ResponsePlanEditView.as_view(), name="responseplan_edit"),
    path("plans/<int:pk>/delete/", views.ResponsePlanDeleteView.as_view(), name="responseplan_delete"),
    path("plans/<int:pk>/transition/", views.ResponsePlanTransitionView.as_view(), name="responseplan_transition"),
    path(
        "plans/<int:pk>/approve/", views.ResponsePlanTransitionView.as_view(to="approved"), name="responseplan_approve"
    ),
    path("plans/<int:pk>/scenarios/", views.PlanScenarioView.as_view(), name="planscenario_edit"),
    path(
        "plans/<int:pk>/scenarios/<int:scenario>/remove/",
        views.PlanScenarioRemoveView.as_view(),
        name="planscenario_remove",
    ),
]
