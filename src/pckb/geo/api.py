"""/api/v1/admin-units/: read-only reference data for every authenticated client."""

from __future__ import annotations

from rest_framework import serializers, viewsets

from .filters import AdminUnitFilterSet
from .models import AdminUnit

__all__ = ["AdminUnitSerializer", "AdminUnitViewSet", "ROUTES"]


class AdminUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdminUnit
        fields = ["id", "code", "name", "level", "parent", "valid_from", "valid_to"]
        read_only_fields = fields


class AdminUnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Provinces, districts (before 1 July 2025) and communes, with their period of validity.

    Filters: `level`, `current=true|false`, `parent` (id), `province` (id), `q` (accents optional).
    """

    queryset = AdminUnit.objects.order_by("code", "id")
    serializer_class = AdminUnitSerializer
    filterset_class = AdminUnitFilterSet


ROUTES = [("admin-units", AdminUnitViewSet, "adminunit")]
