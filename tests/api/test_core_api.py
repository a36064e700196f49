"""The API base (pckb.core.api): Django errors as field messages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from rest_framework.test import APIRequestFactory

from pckb.core.api import exception_handler


def test_django_errors_without_a_field_become_non_field_errors(db) -> None:
    request = APIRequestFactory().get("/")
    response = exception_handler(ValidationError({"__all__": ["Sai."], "name": ["Thiếu."]}), {"request": request})
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Sai."], "name": ["Thiếu."]}
    plain = exception_handler(ValidationError("Không được."), {"request": request})
    assert plain.data == {"non_field_errors": ["Không được."]}
