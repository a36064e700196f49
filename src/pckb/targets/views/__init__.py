"""Pages of key targets and their response plans."""

from .map import KeyTargetMapView, KeyTargetPointsView
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
    "PlanScenarioView",
    "ResponsePlanAddView",
    "ResponsePlanDeleteView",
    "ResponsePlanDetailView",
    "ResponsePlanEditView",
    "ResponsePlanTransitionView",
]
