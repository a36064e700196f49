"""Pages of periodic reports."""

from .compare import IndicatorCompareView
from .rounds import (
    ReportingRoundAddView,
    ReportingRoundDetailView,
    ReportingRoundEditView,
    ReportingRoundListView,
    ReportingRoundTransitionView,
)
from .submissions import (
    ReportSubmissionDetailView,
    ReportSubmissionDocumentView,
    ReportSubmissionListView,
    ReportSubmissionRefreshView,
    ReportSubmissionRollupView,
    ReportSubmissionSaveView,
    ReportSubmissionTransitionView,
    SubmissionDocxView,
    SubmissionXlsxView,
)
from .templates import (
    ReportTemplateDetailView,
    ReportTemplateEditView,
    ReportTemplateListView,
    ReportTemplateTransitionView,
    ReportTemplateVersionView,
)

__all__ = [
    "IndicatorCompareView",
    "ReportSubmissionDetailView",
    "ReportSubmissionDocumentView",
    "ReportSubmissionListView",
    "ReportSubmissionRefreshView",
    "ReportSubmissionRollupView",
    "ReportSubmissionSaveView",
    "ReportSubmissionTransitionView",
    "ReportTemplateDetailView",
    "ReportTemplateEditView",
    "ReportTemplateListView",
    "ReportTemplateTransitionView",
    "ReportTemplateVersionView",
    "ReportingRoundAddView",
    "ReportingRoundDetailView",
    "ReportingRoundEditView",
    "ReportingRoundListView",
    "ReportingRoundTransitionView",
    "SubmissionDocxView",
    "SubmissionXlsxView",
]
