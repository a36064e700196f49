"""Pages of key targets and their response plans."""

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
