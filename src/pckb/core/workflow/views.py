"""Pages of the state machine: the confirmation page of a step and the detail page's buttons.

    # <app>/views.py
    class TaskTransitionView(TransitionView):
        workflow = TASK_WORKFLOW                    # GET ?to=done: what happens, comment box; POST: do it

    class TaskDetailView(TransitionsMixin, ScopedDetailView):
        transition_url_name = "plans:task_transition"   # context: transitions, transition_url

    {% include "core/_transitions.html" %}          # in the detail template: the allowed steps' buttons
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..forms import add_service_errors
from ..validators import validate_document_file
from ..views import ConfirmedActionView
from .machine import NONE, REQUIRED, Transition, Workflow

__all__ = ["TransitionForm", "TransitionView", "TransitionsMixin", "transition_context"]


class TransitionForm(forms.Form):
    """The comment (and document) a step asks for; required where the table says so."""

    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    attachment = forms.FileField(
        label=gettext_lazy("Document"),
        required=False,
        validators=[validate_document_file],
        help_text=gettext_lazy("PDF, Word, Excel, OpenDocument or an image."),
    )

    def __init__(self, *args: Any, workflow: Workflow, transition: Transition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        option = workflow.option(transition)
        if transition.comment == NONE:
            del self.fields["comment"]
        else:
            comment = self.fields["comment"]
            comment.label = option.comment_label
            comment.required = transition.comment == REQUIRED
            comment.error_messages["required"] = transition.comment_error or _("This step needs a comment.")
        if transition.document == NONE:
            del self.fields["attachment"]
        else:
            if transition.document_label:
                self.fields["attachment"].label = transition.document_label
            self.fields["attachment"].required = transition.document == REQUIRED
            self.fields["attachment"].error_messages["required"] = _("Attach the document this step needs.")


class TransitionView(ConfirmedActionView):
    """GET: what the step will do, with its comment box; POST: `workflow.do`, then back to the record.

    The target comes from the URL (`?to=`, or the `to` attribute for an alias such as /issue/) or the
    POST. Outsiders get 404, a role too low 403, a step not in the table or a missing comment 400 with
    the translated reason on the page; nothing changes when refused.
    """

    workflow: Workflow
    to = ""
    template_name = "core/confirm.html"

    def get_object(self) -> Any:
        return self.workflow.fetch(self.request.user, self.kwargs["pk"])

    def target(self) -> str:
        return self.to or self.request.POST.get("to") or self.request.GET.get("to", "")

    def success_url(self, obj: Any) -> str:
        return self.cancel_url(obj)

    def success_message(self, obj: Any, transition: Transition) -> str:
        return _("“{object}” is now “{state}”.").format(object=obj, state=self.workflow.label_of(transition.target))

    def render_page(
        self, obj: Any, transition: Transition | None, form: Any = None, errors: Any = (), status: int = 200
    ) -> HttpResponse:
        context: dict[str, Any] = {"object": obj, "cancel_url": self.cancel_url(obj), "errors": errors}
        if transition is None:
            context.update(title=_("This step is not possible"), refused=True, danger=True)
        else:
            option = self.workflow.option(transition)
            context.update(
                title=option.title,
                message=self.workflow.message_for(obj, transition),
                confirm_label=option.label,
                danger=option.destructive,
                form=form,
                to="" if self.to else transition.target,
            )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        try:
            transition = self.workflow.check(obj, self.target(), request.user)
        except ValidationError as err:
            return self.render_page(obj, None, errors=err.messages, status=400)
        return self.render_page(obj, transition, TransitionForm(workflow=self.workflow, transition=transition))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        try:
            transition = self.workflow.check(obj, self.target(), request.user)
        except ValidationError as err:
            return self.render_page(obj, None, errors=err.messages, status=400)
        form = TransitionForm(request.POST, request.FILES, workflow=self.workflow, transition=transition)
        if form.is_valid():
            try:
                obj = self.workflow.do(
                    obj,
                    transition.target,
                    actor=request.user,
                    comment=form.cleaned_data.get("comment", ""),
                    attachment=form.cleaned_data.get("attachment"),
                )
            except ValidationError as err:
                add_service_errors(form, err)
            else:
                messages.success(request, self.success_message(obj, transition))
                return HttpResponseRedirect(self.success_url(obj))
        return self.render_page(obj, transition, form, status=400)


def transition_context(obj: Any, user: Any, url: str) -> dict[str, Any]:
    """What core/_transitions.html needs: the allowed steps and the confirmation page's URL."""
    from .machine import workflow_for

    return {"transitions": workflow_for(obj).allowed(obj, user), "transition_url": url}


class TransitionsMixin:
    """For a detail view: `transitions` and `transition_url` in the context (core/_transitions.html)."""

    transition_url_name = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)  # type: ignore[misc]
        obj = ctx["object"]
        url = reverse(self.transition_url_name, args=[obj.pk])
        ctx.update(transition_context(obj, self.request.user, url))  # type: ignore[attr-defined]
        return ctx
