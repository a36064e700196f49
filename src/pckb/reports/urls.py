"""URLs of periodic reports under /reports/ (the navigation links to reports:round_list)."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportingRoundListView.as_view(), name="round_list"),
    path("rounds/add/", views.ReportingRoundAddView.as_view(), name="round_add"),
    path("rounds/<int:pk>/", views.ReportingRoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/edit/", views.ReportingRoundEditView.as_view(), name="round_edit"),
    path("rounds/<int:pk>/transition/", views.ReportingRoundTransitionView.as_view(), name="round_transition"),
    path("submissions/", views.ReportSubmissionListView.as_view(), name="submission_list"),
    path("submissions/<int:pk>/", views.ReportSubmissionDetailView.as_view(), name="submission_detail"),
    path("submissions/<int:pk>/save/", views.ReportSubmissionSaveView.as_view(), name="submission_save"),
    path(
        "submissions/<int:pk>/transition/",
        views.ReportSubmissionTransitionView.as_view(),
        name="submission_transition",
    ),
    path("submissions/<int:pk>/rollup/", views.ReportSubmissionRollupView.as_view(), name="submission_rollup"),
    path("submissions/<int:pk>/refresh/", views.ReportSubmissionRefreshView.as_view(), name="submission_refresh"),
    path("submissions/<int:pk>/document/", views.ReportSubmissionDocumentView.as_view(), name="submission_document"),
    path("submissions/<int:pk>/export.docx", views.SubmissionDocxView.as_view(), name="submission_docx"),
    path("submissions/<int:pk>/export.xlsx", views.SubmissionXlsxView.as_view(), name="submission_xlsx"),
    path("compare/", views.IndicatorCompareView.as_view(), name="indicator_compare"),
    path("templates/", views.ReportTemplateListView.as_view(), name="template_list"),
    path("templates/add/", views.ReportTemplateEditView.as_view(), name="template_add"),
    path("templates/<int:pk>/", views.ReportTemplateDetailView.as_view(), name="template_detail"),
    path("templates/<int:pk>/edit/", views.ReportTemplateEditView.as_view(), name="template_edit"),
    path("templates/<int:pk>/new-version/", views.ReportTemplateVersionView.as_view(), name="template_version"),
    path("templates/<int:pk>/transition/", views.ReportTemplateTransitionView.as_view(), name="template_transition"),
]
