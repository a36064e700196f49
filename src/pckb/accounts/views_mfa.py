"""Two-step sign-in pages: set up, confirm, recovery codes, turn off; the code step after the password;
an administrator's reset of a lost authenticator."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_otp import login as otp_login

from pckb.core.forms import add_service_errors

from . import mfa
from .access import get_user_for_admin

__all__ = ["CodeForm", "MFASettingsView", "MFAVerifyView", "MFAResetView"]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=gettext_lazy("The 6 digits shown by your authenticator app, or one of your recovery codes."),
    )


def _qr_data_uri(text: str) -> str:
    svg = segno.make(text, error="m").svg_inline(scale=5, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _secret(device: Any) -> str:
    return base64.b32encode(device.bin_key).decode()


class MFASettingsView(LoginRequiredMixin, View):
    """One page, several steps: POST `step` = start | confirm | recovery | disable."""

    template_name = "accounts/mfa.html"

    def render_page(self, request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
        user = request.user
        device = mfa.pending_device(user)
        context = {
            "enabled": mfa.has_mfa(user),
            "required": mfa.mfa_required_for(user),
            "pending": device,
            "form": extra.pop("form", None) or CodeForm(),
            **extra,
        }
        if device is not None and not context["enabled"]:
            context["qr"] = _qr_data_uri(device.config_url)
            context["secret"] = _secret(device)
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        step = request.POST.get("step", "")
        user = request.user
        try:
            if step == "start":
                mfa.do_start_totp(user, actor=user)
                return self.render_page(request)
            if step == "confirm":
                form = CodeForm(request.POST)
                if not form.is_valid():
                    return self.render_page(request, status=400, form=form)
                try:
                    codes = mfa.do_confirm_totp(user, form.cleaned_data["code"], actor=user)
                except ValidationError as err:
                    add_service_errors(form, err)
                    return self.render_page(request, status=400, form=form)
                device = user.totpdevice_set.filter(confirmed=True).first()
                otp_login(request, device)  # this session has just proven the second factor
                messages.success(request, _("Two-step sign-in is on."))
                return self.render_page(request, recovery_codes=codes)
            if step == "recovery":
                codes = mfa.do_regenerate_recovery_codes(user, actor=user)
                return self.render_page(request, recovery_codes=codes)
            if step == "disable":
                mfa.do_disable_mfa(user, actor=user)
                messages.success(request, _("Two-step sign-in is off."))
                return HttpResponseRedirect(reverse("accounts:mfa"))
        except ValidationError as err:
            for message in err.messages:
                messages.error(request, message)
            return self.render_page(request, status=400)
        return self.render_page(request, status=400)


class MFAVerifyView(LoginRequiredMixin, View):
    """The second step of signing in; wrong codes are throttled by django-otp (1, 2, 4… seconds)."""

    template_name = "accounts/mfa_verify.html"

    def next_url(self, request: HttpRequest) -> str:
        target = request.POST.get("next") or request.GET.get("next") or reverse("home")
        safe = url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        if safe and not target.startswith(reverse("accounts:mfa_verify")):
            return target
        return reverse("home")

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_verified() or not mfa.has_mfa(request.user):
            return HttpResponseRedirect(self.next_url(request))
        return render(request, self.template_name, {"form": CodeForm(), "next": self.next_url(request)})

    def post(self, request: HttpRequest) -> HttpResponse:
        if request.POST.get("cancel"):
            logout(request)
            return HttpResponseRedirect(reverse("accounts:login"))
        form = CodeForm(request.POST)
        if form.is_valid():
            device = mfa.verify_code(request.user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                return HttpResponseRedirect(self.next_url(request))
            form.add_error("code", mfa.WRONG_CODE)
        return render(request, self.template_name, {"form": form, "next": self.next_url(request)}, status=400)


class MFAResetView(LoginRequiredMixin, View):
    """An administrator of the whole account removes the user's authenticator (confirmation first)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = get_user_for_admin(request.user, pk, account=True)
        context = {
            "object": user,
            "title": _("Reset two-step sign-in"),
            "message": _(
                "The user's authenticator and recovery codes are removed; they set up a new one at their next "
                "sign-in. Do this only after checking who is asking, e.g. for a lost phone."
            ),
            "confirm_label": _("Reset"),
            "danger": True,
            "cancel_url": reverse("accounts:user_detail", args=[user.pk]),
        }
        return render(request, "core/confirm.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = get_user_for_admin(request.user, pk, account=True)
        try:
            mfa.do_reset_mfa(user, actor=request.user)
        except ValidationError as err:
            for message in err.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Two-step sign-in of {user} was reset.").format(user=user))
        return HttpResponseRedirect(reverse("accounts:user_detail", args=[user.pk]))
