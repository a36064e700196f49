"""The state machine of every module (docs/architecture.md, "Transitions").

`machine` holds the tables and the service entry point; `views` the confirmation page and the
detail-page buttons; `api` the `POST …/{id}/transition` action and the `allowed_transitions` field.
"""

from .machine import (
    NONE,
    OPTIONAL,
    REQUIRED,
    Option,
    Step,
    Transition,
    Workflow,
    allowed_transitions,
    do_transition,
    register,
    workflow_for,
)

__all__ = [
    "NONE",
    "OPTIONAL",
    "REQUIRED",
    "Option",
    "Step",
    "Transition",
    "Workflow",
    "allowed_transitions",
    "do_transition",
    "register",
    "workflow_for",
]
