"""Two-step sign-in, enforced: after the password, a user with an authenticator must give a code, and a
user whose roles require one must set it up, before any other page (see pckb.accounts.mfa)."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cached_property
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .mfa import has_mfa, mfa_required_for

__all__ = ["MFAMiddleware"]

# Pages an unverified session may still open (besides static files, served before this).
ALWAYS_OPEN = ("accounts:mfa_verify", "accounts:logout", "set_language", "healthz", "accounts:login")
OPEN_FOR_SETUP = ("accounts:mfa",)


# A session whose user has no authenticator and no duty to set one up is re-checked this often, not on
# every request: two queries per page otherwise, for the great majority of users.
RECHECK_SECONDS = 300
SESSION_KEY = "pckb_mfa_free_until"


class MFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def open_paths(self) -> tuple[set[str], set[str]]:
        # Resolved on first use: the URLconf is not loaded yet when middleware is built.
        return {reverse(name) for name in ALWAYS_OPEN}, {reverse(name) for name in OPEN_FOR_SETUP}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        session = getattr(request, "session", None)
        now = time.time()
        if session is not None and session.get(SESSION_KEY, 0) > now:
            return self.get_response(request)
        always, setup = self.open_paths
        if request.path in always:
            return self.get_response(request)
        if has_mfa(user):
            target, message = reverse("accounts:mfa_verify"), _("Enter the code of your authenticator app.")
        elif mfa_required_for(user):
            if request.path in setup:
                return self.get_response(request)
            target = reverse("accounts:mfa")
            message = _("Your roles require two-step sign-in: set it up to continue.")
        else:
            if session is not None:
                session[SESSION_KEY] = now + RECHECK_SECONDS
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
