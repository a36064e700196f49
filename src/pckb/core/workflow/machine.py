"""The one state machine: a declarative table of transitions per model, one service entry point.

A module declares who may move a record from one state to another and what the step requires; this
module checks it, changes the state, runs the step's effects and writes one audit entry, in one
transaction with the row locked. Pages (`core.workflow.views`) and the API (`core.workflow.api`) call
`do_transition` and `allowed_transitions`; nothing else changes a state (docs/conventions.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import audit
from ..choices import ROLE_FOR_ACTION, Role
from ..models import AuditAction
from ..scoping import can, get_object_for_user

__all__ = [
    "NONE",
    "OPTIONAL",
    "REQUIRED",
    "Transition",
    "Step",
    "Option",
    "Workflow",
    "register",
    "workflow_for",
    "do_transition",
    "allowed_transitions",
]

# What a step asks for, for its comment and for its document.
NONE, OPTIONAL, REQUIRED = "none", "optional", "required"
_ASKS = (NONE, OPTIONAL, REQUIRED)

Hook = Callable[["Step"], None]


@dataclass(frozen=True)
class Transition:
    """One row of a table: from `source` (a state or a tuple of states) to `target`.

    Who: a role of at least `action` (core.choices.ROLE_FOR_ACTION: "change" = editor, "manage" =
    manager, "admin") in the organisation of the record's `side`: the name of an attribute holding an
    organisation ("organization" the owner, "assignee", ...), "self" when the record is an organisation,
    or a function of the record. What: `comment` and `document` are NONE, OPTIONAL or REQUIRED.
    Hooks: `guards` may refuse with a ValidationError (after the rights are checked); `effects` run once
    the state is set, before the row is saved (they set fields and name them with `step.touch`); `after`
    run after the save and the audit entry (timeline entries, new records, notifications on commit).
    """

    source: str | tuple[str, ...]
    target: str
    side: str | Callable[[Any], Any] = "organization"
    action: str = "change"
    label: Any = ""  # the button; default: the target state's label
    title: Any = ""  # the confirmation page's heading; default: the label
    message: Any = ""  # what will happen, on the confirmation page: text, or a function of the record
    comment: str = OPTIONAL
    comment_label: Any = ""
    comment_error: Any = ""  # the message when a required comment is missing
    document: str = NONE
    document_label: Any = ""
    confirm: bool = True  # False: the detail page's button acts at once
    destructive: bool = False  # final or hard to undo: the confirmation is red
    denied: Any = ""  # the 403 message; default: the role and organisation needed
    event: str = ""  # the audit event's last part; default: the target
    icon: str = ""  # a Bootstrap Icons class, e.g. "bi-check2-square"
    style: str = ""  # the button's Bootstrap style; default: outline-danger when destructive, else outline-primary
    guards: tuple[Hook, ...] = ()
    effects: tuple[Hook, ...] = ()
    after: tuple[Hook, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.source,) if isinstance(self.source, str) else tuple(self.source)


@dataclass
class Step:
    """One transition in progress, handed to the hooks."""

    workflow: Workflow
    transition: Transition
    obj: Any
    source: str
    target: str
    actor: Any
    comment: str = ""
    attachment: Any = None
    now: Any = field(default_factory=timezone.now)
    fields: set[str] = field(default_factory=set)

    def touch(self, *names: str) -> None:
        """Name the fields an effect changed (saved with the state)."""
        self.fields.update(names)


@dataclass(frozen=True)
class Option:
    """A next state a user may take now: what the detail page and the API's `allowed_transitions` show."""

    to: str
    label: str
    title: str
    comment: str
    comment_label: str
    document: str
    confirm: bool
    destructive: bool
    icon: str
    style: str

    @property
    def comment_required(self) -> bool:
        return self.comment == REQUIRED

    def as_dict(self) -> dict[str, Any]:
        return {
            "to": self.to,
            "label": self.label,
            "comment": self.comment,
            "comment_required": self.comment_required,
            "document": self.document,
            "confirm": self.confirm,
            "destructive": self.destructive,
        }


class Workflow:
    """The table of one model's states, and the one way through it.

    `field` holds the state; `states` gives the states' names and labels (a TextChoices class or
    (name, label) pairs); `values` maps a state's name to what the field stores when they differ
    (e.g. {"active": True, "inactive": False} on `is_active`). Subclass to reach records that are not
    organisation-scoped (`fetch`, `check_actor`) or to file the audit entry elsewhere (`audit_organization`).
    """

    def __init__(
        self,
        model: type[models.Model],
        transitions: Iterable[Transition],
        *,
        field: str = "status",
        states: Any = None,
        values: dict[str, Any] | None = None,
    ) -> None:
        self.model = model
        self.field = field
        self.transitions = tuple(transitions)
        self.labels: dict[str, Any] = dict(states.choices if hasattr(states, "choices") else states or ())
        self.values = dict(values or {})
        self._stored_to_state = {v: k for k, v in self.values.items()}
        self.table: dict[tuple[str, str], Transition] = {}
        for t in self.transitions:
            for source in t.sources:
                self._check_row(source, t)
                self.table[(source, t.target)] = t

    def _check_row(self, source: str, t: Transition) -> None:
        name = self.model._meta.label
        if (source, t.target) in self.table:
            raise ImproperlyConfigured(f"{name}: {source} → {t.target} is declared twice")
        unknown = {source, t.target} - set(self.labels)
        if unknown:
            raise ImproperlyConfigured(f"{name}: unknown states {sorted(unknown)}")
        if t.comment not in _ASKS or t.document not in _ASKS or t.action not in ROLE_FOR_ACTION:
            raise ImproperlyConfigured(f"{name}: bad comment, document or action in {source} → {t.target}")

    @property
    def event_prefix(self) -> str:
        return audit.object_type_of(self.model)

    # --- states ----------------------------------------------------------------------------------

    def state_of(self, obj: Any) -> str:
        value = getattr(obj, self.field)
        return self._stored_to_state.get(value, value)

    def label_of(self, state: str) -> str:
        return str(self.labels.get(state, state))

    def _store(self, obj: Any, state: str) -> None:
        setattr(obj, self.field, self.values.get(state, state))

    def _stored(self, obj: Any) -> Any:
        return getattr(obj, self.field)

    # --- who may ---------------------------------------------------------------------------------

    def fetch(self, actor: Any, pk: Any, *, lock: bool = False) -> Any:
        """The record as the actor may see it (404 otherwise), locked for the transaction when `lock`."""
        qs = self.model._default_manager.all()
        if lock:
            qs = qs.select_for_update(of=("self",))
        return get_object_for_user(actor, qs, pk, "view")

    def side_of(self, obj: Any, t: Transition) -> Any:
        if callable(t.side):
            return t.side(obj)
        return obj if t.side == "self" else getattr(obj, t.side)

    def check_actor(self, obj: Any, actor: Any, t: Transition) -> None:
        """PermissionDenied (403) unless the actor holds the step's role on the step's side."""
        side = self.side_of(obj, t)
        if can(actor, t.action, side):
            return
        if t.denied:
            raise PermissionDenied(t.denied)
        raise PermissionDenied(
            _("You need the {role} role in {organization} to do this.").format(
                role=Role(ROLE_FOR_ACTION[t.action]).label.lower(), organization=side or "—"
            )
        )

    def audit_organization(self, obj: Any, actor: Any) -> Any:
        """The organisation the audit entry is filed under; None: the record's own (core.audit)."""
        return None

    # --- the table -------------------------------------------------------------------------------

    def find(self, obj: Any, to: Any) -> Transition:
        """The row from the record's current state to `to`; a translated ValidationError on `to` otherwise."""
        to = str(to or "")
        if to not in self.labels:
            raise ValidationError({"to": [_("Unknown state “{state}”.").format(state=to)]})
        current = self.state_of(obj)
        t = self.table.get((current, to))
        if t is None:
            raise ValidationError(
                {
                    "to": [
                        _("This {model} is “{current}”: it cannot be moved to “{target}”.").format(
                            model=self.model._meta.verbose_name,
                            current=self.label_of(current),
                            target=self.label_of(to),
                        )
                    ]
                }
            )
        return t

    def check(self, obj: Any, to: Any, actor: Any) -> Transition:
        """The row if the actor may take it now (400 not in the table, 403 too low a role); nothing changes."""
        t = self.find(obj, to)
        self.check_actor(obj, actor, t)
        return t

    def allowed(self, obj: Any, user: Any) -> list[Option]:
        """The next states this user may take from the record's current state, in table order."""
        current = self.state_of(obj)
        options = []
        for t in self.transitions:
            if current not in t.sources:
                continue
            try:
                self.check_actor(obj, user, t)
            except (PermissionDenied, Http404):
                continue
            options.append(self.option(t))
        return options

    def option(self, t: Transition) -> Option:
        label = str(t.label or self.label_of(t.target))
        return Option(
            to=t.target,
            label=label,
            title=str(t.title or label),
            comment=t.comment,
            comment_label=str(t.comment_label or _("Comment")),
            document=t.document,
            confirm=t.confirm,
            destructive=t.destructive,
            icon=t.icon,
            style=t.style or ("outline-danger" if t.destructive else "outline-primary"),
        )

    def event_label(self, event: str) -> str | None:
        """The label of the state an audit event (`<app>.<model>.<event>`) moved a record to."""
        for t in self.transitions:
            if (t.event or t.target) == event:
                return self.label_of(t.target)
        return None

    def message_for(self, obj: Any, t: Transition) -> str:
        return str(t.message(obj) if callable(t.message) else t.message)

    # --- the one way to change a state -----------------------------------------------------------

    @transaction.atomic
    def do(self, obj: Any, to: Any, *, actor: Any, comment: str = "", attachment: Any = None) -> Any:
        """Move `obj` to `to`: locked, checked, effects run, saved, audited once; returns the fresh row."""
        obj = self.fetch(actor, obj.pk, lock=True)
        t = self.check(obj, to, actor)
        comment = (comment or "").strip()
        if t.comment == REQUIRED and not comment:
            raise ValidationError({"comment": [t.comment_error or _("This step needs a comment.")]})
        if t.document == REQUIRED and not attachment:
            raise ValidationError({"attachment": [_("Attach the document this step needs.")]})
        step = Step(self, t, obj, self.state_of(obj), t.target, actor, comment, attachment)
        for guard in t.guards:
            guard(step)
        before = {self.field: self._stored(obj)}
        self._store(obj, t.target)
        step.touch(self.field)
        if hasattr(obj, "updated_by_id") and getattr(actor, "is_authenticated", False):
            obj.updated_by = actor
            step.touch("updated_by")
        for effect in t.effects:
            effect(step)
        if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
            step.touch("updated_at")
        obj.save(update_fields=sorted(step.fields))
        audit.record(
            AuditAction.TRANSITION,
            obj,
            actor=actor,
            before=before,
            after={self.field: self._stored(obj)},
            event_type=f"{self.event_prefix}.{t.event or t.target}",
            message=comment,
            organization=self.audit_organization(obj, actor),
        )
        for hook in t.after:
            hook(step)
        return obj


_REGISTRY: dict[str, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    """Make `workflow` the table of its model (done where the app declares it, in its services)."""
    _REGISTRY[workflow.model._meta.label_lower] = workflow
    return workflow


def workflow_for(obj_or_model: Any) -> Workflow:
    """The registered table of a record's model; importing the app's services registers it."""
    label = obj_or_model._meta.label_lower
    if label not in _REGISTRY:
        app = apps.get_app_config(obj_or_model._meta.app_label)
        try:
            import_module(f"{app.name}.services")
        except ModuleNotFoundError as err:
            if err.name != f"{app.name}.services":
                raise
    try:
        return _REGISTRY[label]
    except KeyError:
        raise ImproperlyConfigured(f"No workflow is registered for {label}") from None


def do_transition(obj: Any, to: Any, *, actor: Any, comment: str = "", attachment: Any = None) -> Any:
    """The service entry point of every state change: see Workflow.do."""
    return workflow_for(obj).do(obj, to, actor=actor, comment=comment, attachment=attachment)


def allowed_transitions(obj: Any, user: Any) -> list[Option]:
    """The next states `user` may take on `obj` now (buttons of the detail page, API field)."""
    return workflow_for(obj).allowed(obj, user)
