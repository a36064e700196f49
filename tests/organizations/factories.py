"""Small builders for the organisation tests (unique codes, roster entries)."""

from __future__ import annotations

import itertools
from typing import Any

from pckb.organizations.models import CommitteeMember, Organization

_seq = itertools.count(1)


def next_code(prefix: str = "org") -> str:
    return f"{prefix}-{next(_seq)}"


def make_org(parent: Organization | None, *, kind: str = "agency", name: str = "Sở Tư pháp", **extra: Any) -> Any:
    extra.setdefault("code", next_code())
    return Organization.objects.create(name=name, kind=kind, parent=parent, **extra)


def make_member(committee: Organization, **extra: Any) -> CommitteeMember:
    extra.setdefault("full_name", "Nguyễn Văn An")
    extra.setdefault("committee_role", "member")
    return CommitteeMember.objects.create(organization=committee, **extra)
