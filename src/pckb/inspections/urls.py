"""URLs of inspections under /inspections/ (the navigation links to inspection_list and checklist_list)."""

from django.urls import path

from pckb.core.documents import DocumentType
from pckb.core.imports.views import ImportView

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.InspectionListView.as_view(), name="inspection_list"),
    path("add/", views.InspectionEditView.as_view(), name="inspection_add"),
    path("<int:pk>/", views.InspectionDetailView.as_view(), name="inspection_detail"),
    path("<int:pk>/edit/", views.InspectionEditView.as_view(), name="inspection_edit"),
    path("<int:pk>/delete/", views.InspectionDeleteView.as_view(), name="inspection_delete"),
    path("<int:pk>/transition/", views.InspectionTransitionView.as_view(), name="inspection_transition"),
    path(
        "<int:pk>/decision-document/",
        views.InspectionDocumentView.as_view(doc_type=DocumentType.DECISION),
        name="inspection_decision_document",
    ),
    path(
        "<int:pk>/conclusion-document/",
        views.InspectionDocumentView.as_view(doc_type=DocumentType.NOTICE),
        name="inspection_conclusion_document",
    ),
    path("<int:pk>/assessments.xlsx", views.assessments_xlsx, name="inspection_assessments_xlsx"),
    path("<int:pk>/findings/add/", views.FindingAddView.as_view(), name="finding_add"),
    path("assessments/<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment_detail"),
    path("assessments/<int:pk>/edit/", views.AssessmentEditView.as_view(), name="assessment_edit"),
    path("assessments/<int:pk>/answers/", views.AssessmentAnswersView.as_view(), name="assessment_answers"),
    path("answers/<int:pk>/evidence/", views.AnswerEvidenceView.as_view(), name="answer_detail"),
    path("findings/<int:pk>/", views.FindingDetailView.as_view(), name="finding_detail"),
    path("findings/<int:pk>/edit/", views.FindingEditView.as_view(), name="finding_edit"),
    path("findings/<int:pk>/delete/", views.FindingDeleteView.as_view(), name="finding_delete"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/add/", views.CampaignAddView.as_view(), name="campaign_add"),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("self-assessments/<int:pk>/", views.SelfAssessmentDetailView.as_view(), name="selfassessment_detail"),
    path("self-assessments/<int:pk>/answers/", views.SelfAssessmentAnswersView.as_view(),
         name="selfassessment_answers"),
    path("self-assessments/<int:pk>/transition/", views.SelfAssessmentTransitionView.as_view(),
         name="selfassessment_transition"),
    path("checklists/", views.ChecklistListView.as_view(), name="checklist_list"),
    path("checklists/add/", views.ChecklistEditView.as_view(), name="checklist_add"),
    path("checklists/<int:pk>/", views.ChecklistDetailView.as_view(), name="checklist_detail"),
    path("checklists/<int:pk>/edit/", views.ChecklistEditView.as_view(), name="checklist_edit"),
    path("checklists/<int:pk>/delete/", views.ChecklistDeleteView.as_view(), name="checklist_delete"),
    path("checklists/<int:pk>/transition/", views.ChecklistTransitionView.as_view(), name="checklist_transition"),
    path("checklists/<int:pk>/new-version/", views.ChecklistNewVersionView.as_view(), name="checklist_new_version"),
    path("checklists/<int:pk>/export.xlsx", views.checklist_xlsx, name="checklist_export"),
    # core.imports: `pk` is the draft checklist the criteria are added to (inspections/imports.py).
    path("checklists/<int:pk>/import/", ImportView.as_view(importer="inspections.criterion"), name="checklist_import"),
    path("checklists/<int:pk>/criteria/add/", views.CriterionEditView.as_view(), name="criterion_add"),
    path("checklists/<int:pk>/criteria/<int:criterion>/edit/", views.CriterionEditView.as_view(),
         name="criterion_edit"),
    path("checklists/<int:pk>/criteria/<int:criterion>/delete/", views.CriterionDeleteView.as_view(),
         name="criterion_delete"),
]
