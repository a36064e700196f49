"""Pages of key targets and their response plans."""

from .map import KeyTargetMapView, KeyTargetPointsView
from .options import commune_options, organization_options, owner_options
from .plans import (
    PlanScenarioRemoveView,
    PlanScenarioView,
    ResponsePlanAddView,
    ResponsePlanDeleteView,
    ResponsePlanDetailView,
    ResponsePlanEditView,
    ResponsePlanTransitionView,
)
from .targets import (
    KeyTargetDetailView,
    KeyTargetEditView,
    KeyTargetListView,
    KeyTargetSheetView,
    KeyTargetTransitionView,
)

__all__ = [
    "KeyTargetDetailView",
    "KeyTargetEditView",
    "KeyTargetListView",
    "KeyTargetMapView",
    "KeyTargetPointsView",
    "KeyTargetSheetView",
    "KeyTargetTransitionView",
    "PlanScenarioRemoveView",
    "commune_options",
    "organization_options",
    "owner_options",
    "PlanScenarioView",
    "ResponsePlanAddView",
    "ResponsePlanDeleteView",
    "ResponsePlanDetailView",
    "ResponsePlanEditView",
    "ResponsePlanTransitionView",
]
