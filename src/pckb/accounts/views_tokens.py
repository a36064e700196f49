"""API token pages: a user's own tokens (create: the key is shown once; revoke), and an administrator's
view of the tokens of a user they manage (`?user=<id>`: list and revoke)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from pckb.core.forms import add_service_errors
from pckb.core.scoping import NOT_FOUND_MESSAGE

from .access import get_user_for_admin
from .models import ApiToken
from .tokens import DEFAULT_DAYS, can_manage_tokens_of, do_create_token, do_revoke_token

__all__ = ["TokenForm", "TokenListView", "TokenRevokeView"]

VALIDITY_CHOICES = [(30, gettext_lazy("30 days")), (90, gettext_lazy("90 days")), (180, gettext_lazy("180 days")),
                    (365, gettext_lazy("1 year"))]  # fmt: skip


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("Where the token will be used, e.g. “reporting script of the standing office”."),
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Valid for"), choices=VALIDITY_CHOICES, coerce=int, initial=DEFAULT_DAYS
    )
    read_only = forms.BooleanField(
        label=gettext_lazy("Read only"),
        required=False,
        help_text=gettext_lazy("The token can read but never change anything."),
    )


def _owner(request: HttpRequest) -> Any:
    """The user whose tokens the page shows: oneself, or (`?user=`) a user the requester administers."""
    user_id = request.GET.get("user")
    if not user_id or str(user_id) == str(request.user.pk):
        return request.user
    return get_user_for_admin(request.user, user_id, account=True)


class TokenListView(LoginRequiredMixin, View):
    template_name = "accounts/tokens.html"

    def render_page(
        self, request: HttpRequest, owner: Any, form: Any, status: int = 200, key: str = ""
    ) -> HttpResponse:
        tokens = ApiToken.objects.filter(user=owner).order_by("-created_at", "-id")
        context = {"owner": owner, "own": owner.pk == request.user.pk, "tokens": tokens, "form": form, "key": key}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        owner = _owner(request)
        return self.render_page(request, owner, TokenForm() if owner.pk == request.user.pk else None)

    def post(self, request: HttpRequest) -> HttpResponse:
        owner = _owner(request)
        if owner.pk != request.user.pk:
            raise PermissionDenied(_("Only the user can create their own API token."))
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                token, key = do_create_token(owner, actor=request.user, **form.cleaned_data)
            except ValidationError as err:
                add_service_errors(form, err)
            else:
                # Shown on this answer only, never stored: no redirect, so a reload cannot show it again.
                messages.success(request, _("Token “{name}” created.").format(name=token.name))
                return self.render_page(request, owner, TokenForm(), key=key)
        return self.render_page(request, owner, form, status=400)


class TokenRevokeView(LoginRequiredMixin, View):
    """GET asks for confirmation, POST revokes; outsiders get 404, like for any record they cannot see."""

    def get_token(self, request: HttpRequest, pk: int) -> ApiToken:
        token = ApiToken.objects.select_related("user").filter(pk=pk).first()
        if token is None or token.user_id == request.user.pk:
            if token is None:
                raise Http404(NOT_FOUND_MESSAGE)
            return token
        # Like the user's own page: 404 for whoever may not see the user, 403 for those who may only see.
        get_user_for_admin(request.user, token.user_id, account=True)
        if not can_manage_tokens_of(request.user, token.user):
            raise Http404(NOT_FOUND_MESSAGE)
        return token

    def back(self, request: HttpRequest, token: ApiToken) -> str:
        url = reverse("accounts:token_list")
        return url if token.user_id == request.user.pk else f"{url}?user={token.user_id}"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = self.get_token(request, pk)
        context = {
            "object": token,
            "title": _("Revoke API token"),
            "message": _("Programs using this token will be refused from now on. This cannot be undone."),
            "confirm_label": _("Revoke"),
            "danger": True,
            "cancel_url": self.back(request, token),
        }
        return render(request, "core/confirm.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = self.get_token(request, pk)
        do_revoke_token(token, actor=request.user)
        messages.success(request, _("Token “{name}” revoked.").format(name=token.name))
        return HttpResponseRedirect(self.back(request, token))
