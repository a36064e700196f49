"""Refused requests are one INFO line in the log; server errors keep their traceback."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import path

from pckb.urls import urlpatterns as project_urls


def _denied(request):
    raise PermissionDenied("Không được phép.")


def _missing(request):
    raise Http404("Không tìm thấy.")


def _broken(request):
    raise RuntimeError("hỏng")


# The error pages link to the project's pages: its routes come along.
urlpatterns = [path("denied/", _denied), path("missing/", _missing), path("broken/", _broken), *project_urls]

pytestmark = [pytest.mark.urls(__name__)]


def _request_records(caplog):
    return [r for r in caplog.records if r.name == "django.request"]


@pytest.mark.parametrize(("url", "status"), [("/denied/", 403), ("/missing/", 404)])
def test_it_logs_a_refused_request_as_one_info_line(caplog, url, status):
    caplog.set_level(logging.INFO)
    assert Client().get(url).status_code == status
    [record] = _request_records(caplog)
    assert record.levelno == logging.INFO and record.exc_info is None
    line = logging.Formatter().format(record)
    assert url in line and "\n" not in line and "Traceback" not in caplog.text


def test_it_leaves_refused_requests_out_at_the_default_level(caplog):
    caplog.set_level(logging.WARNING)
    assert Client().get("/denied/").status_code == 403
    assert not _request_records(caplog)


def test_it_keeps_the_traceback_of_a_server_error(caplog):
    caplog.set_level(logging.WARNING)
    assert Client(raise_request_exception=False).get("/broken/").status_code == 500
    [record] = _request_records(caplog)
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert "RuntimeError: hỏng" in logging.Formatter().format(record)
