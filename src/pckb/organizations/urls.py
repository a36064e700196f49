from django.urls import path

from . import document_views, views, views_lifecycle

app_name = "organizations"
urlpatterns = [
    path("", views.OrganizationListView.as_view(), name="organization_list"),
    path("add/", views.OrganizationCreateView.as_view(), name="organization_add"),
    path("options/", views.organization_options, name="organization_options"),
    path("<int:pk>/", views.OrganizationDetailView.as_view(), name="organization_detail"),
    path("<int:pk>/children/", views.organization_children, name="organization_children"),
    path("<int:pk>/edit/", views.OrganizationEditView.as_view(), name="organization_edit"),
    path("<int:pk>/move/", views.OrganizationMoveView.as_view(), name="organization_move"),
    path("<int:pk>/delete/", views.OrganizationDeleteView.as_view(), name="organization_delete"),
    path("<int:pk>/transition/", views.OrganizationStatusView.as_view(), name="organization_transition"),
    path("<int:pk>/deactivate/", views.OrganizationStatusView.as_view(to="inactive"), name="organization_deactivate"),
    path("<int:pk>/reactivate/", views.OrganizationStatusView.as_view(to="active"), name="organization_reactivate"),
    path("<int:pk>/roster-document/", document_views.RosterDocumentView.as_view(), name="roster_document"),
    path("<int:pk>/rename/", views_lifecycle.OrganizationRenameView.as_view(), name="organization_rename"),
    path("<int:pk>/merge/", views_lifecycle.OrganizationMergeView.as_view(), name="organization_merge"),
    path("<int:pk>/dissolve/", views_lifecycle.OrganizationDissolveView.as_view(), name="organization_dissolve"),
    path("roster/add/", views.CommitteeMemberCreateView.as_view(), name="committeemember_add"),
    path("roster/<int:pk>/edit/", views.CommitteeMemberEditView.as_view(), name="committeemember_edit"),
    path("roster/<int:pk>/delete/", views.CommitteeMemberDeleteView.as_view(), name="committeemember_delete"),
]
